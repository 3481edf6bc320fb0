"""Tells a Hevy or a Strong export from any other CSV by the column names on its first line."""

from __future__ import annotations

import csv

from runlift_liftcsv.table import split_header

# Columns every Hevy export has, whatever its weight and distance units.
HEVY_COLUMNS = frozenset(
    {"title", "start_time", "end_time", "exercise_title", "set_index", "set_type"}
)
# Columns every Strong export has, in all its layouts ("Weight" or "Weight (kg)", ...).
STRONG_COLUMNS = frozenset({"date", "workout name", "exercise name", "set order"})


def header_names(head: bytes) -> frozenset[str]:
    """The lower-case column names on the first line of `head`, without a BOM or a unit in brackets."""
    if b"\0" in head:  # binary (a FIT file, a zip): not a CSV, and csv would choke on it
        return frozenset()
    # The head may end inside a multi-byte character; only the first line matters.
    text = head.decode("utf-8", errors="replace")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    try:
        return frozenset(base_name(name) for name in split_header(first_line))
    except csv.Error:
        return frozenset()


def base_name(column: str) -> str:
    """A column's name in lower case without a trailing unit: "Weight (kg)" -> "weight"."""
    name = column.strip().lower()
    if name.endswith(")") and " (" in name:
        name = name[: name.rindex(" (")]
    return name


def hevy_confidence(head: bytes) -> float:
    return 1.0 if header_names(head) >= HEVY_COLUMNS else 0.0


def strong_confidence(head: bytes) -> float:
    return 1.0 if header_names(head) >= STRONG_COLUMNS else 0.0

"""Reads one record of the payload field by field: a missing optional field is a gap, a wrong type a
rejection naming the record and the field."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from typing import Any

from runlift.importers import Unimportable


class Notes:
    """What a decode left out, counted by kind, with the first example of each (Decoded.notes)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def add(self, what: str, example: str) -> None:
        self.counts[what] += 1
        self.examples.setdefault(what, example)

    def lines(self) -> tuple[str, ...]:
        return tuple(
            f"left out {what}: {count} (the first: {self.examples[what]})"
            for what, count in self.counts.items()
        )


def describe(value: object) -> str:
    """A JSON value as a rejection names it: its JSON type and, for a short one, the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, list):
        return "an array"
    return "an object"


class Record:
    """One JSON object of the payload, known to the user as `where` ("sleep[2]")."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise Unimportable(f"{where} is {describe(value)}, not a JSON object")
        self.data: dict[str, Any] = value
        self.where = where

    def _missing(self, key: str, required: bool) -> None:
        if required:
            raise Unimportable(f"{self.where} has no {key!r}")

    def number(self, key: str, *, required: bool = False) -> float | None:
        """A finite JSON number (an integer or not); null or absent is a gap."""
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Unimportable(f"{self.where}.{key} is {describe(value)}, not a number")
        if not math.isfinite(value):
            raise Unimportable(f"{self.where}.{key} is {value!r}, not a finite number")
        return float(value)

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if not isinstance(value, str):
            raise Unimportable(f"{self.where}.{key} is {describe(value)}, not a string")
        return value

    def instant(self, key: str) -> datetime:
        """A required ISO-8601 instant with its UTC offset ("2026-05-09T12:34:56.789Z", as Java's
        Instant.toString writes it)."""
        value = self.text(key, required=True)
        assert value is not None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or "T" not in value or moment.tzinfo is None:
            raise Unimportable(
                f"{self.where}.{key} is {describe(value)}, not an ISO-8601 instant such as "
                "2026-05-09T12:34:56.789Z"
            )
        return moment

    def array(self, key: str) -> list[Any]:
        """A JSON array; null or absent is empty."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise Unimportable(f"{self.where}.{key} is {describe(value)}, not an array")
        return value

    def record(self, key: str) -> Record | None:
        value = self.data.get(key)
        if value is None:
            return None
        return Record(value, f"{self.where}.{key}")

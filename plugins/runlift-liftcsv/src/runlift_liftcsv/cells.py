"""Reads one cell as a number, count, RPE or duration, or says which line, column and value are wrong."""

from __future__ import annotations

import math
import re

from runlift.importers import Unimportable

LB_KG = 0.45359237
# The values' limit on names and titles; longer ones are cut rather than losing the whole file.
MAX_TEXT = 200

_DURATION = re.compile(
    r"\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?\s*", re.IGNORECASE
)


def bad_value(line: int, column: str, value: str, problem: str) -> Unimportable:
    """The rejection for one bad cell, naming where it is and what it holds."""
    return Unimportable(f"line {line}, column {column!r}: {value!r} {problem}")


def number(value: str, line: int, column: str, *, decimal_comma: bool = False) -> float | None:
    """A finite, non-negative number; None for an empty cell."""
    text = value.strip()
    if not text:
        return None
    if decimal_comma and "," in text and "." not in text:
        # Semicolon-separated exports come from locales that write 62,5 for 62.5.
        text = text.replace(",", ".")
    try:
        parsed = float(text)
    except ValueError:
        raise bad_value(line, column, value, "is not a number") from None
    if not math.isfinite(parsed):
        raise bad_value(line, column, value, "is not a finite number")
    if parsed < 0:
        raise bad_value(line, column, value, "is negative")
    return parsed


def count(value: str, line: int, column: str, *, decimal_comma: bool = False) -> int | None:
    """A whole, non-negative number (Strong writes reps as 5.0); None for an empty cell."""
    parsed = number(value, line, column, decimal_comma=decimal_comma)
    if parsed is None:
        return None
    if not parsed.is_integer():
        raise bad_value(line, column, value, "is not a whole number")
    return int(parsed)


def rpe(value: str, line: int, column: str, *, decimal_comma: bool = False) -> float | None:
    """A rating of perceived exertion from 0 to 10; None for an empty cell."""
    parsed = number(value, line, column, decimal_comma=decimal_comma)
    if parsed is not None and parsed > 10:
        raise bad_value(line, column, value, "is not an RPE from 0 to 10")
    return parsed


def duration_s(value: str, line: int, column: str) -> float | None:
    """Seconds from "4114", "1h 5m", "35m" or "90s"; None for an empty cell."""
    text = value.strip()
    if not text:
        return None
    if text[0].isdigit() and text.replace(".", "", 1).isdigit():
        seconds = float(text)
        if not math.isfinite(seconds):  # 400 digits read as infinity
            raise bad_value(line, column, value, "is not a finite number of seconds")
        return seconds
    match = _DURATION.fullmatch(text)
    if match is None or not any(match.groups()):
        raise bad_value(line, column, value, "is not a duration such as 1h 5m or 3900")
    try:
        hours, minutes, seconds = (int(match[part] or 0) for part in ("h", "m", "s"))
        return float(hours * 3600 + minutes * 60 + seconds)
    except (OverflowError, ValueError):  # hundreds (or thousands) of digits
        raise bad_value(line, column, value, "is not a finite number of seconds") from None


def kilograms(weight: float, to_kg: float) -> float:
    """A weight in kg, given the factor from the file's unit; rounded to the gram, so 135 lb reads
    61.235 kg and not 61.23496995."""
    return weight if to_kg == 1.0 else round(weight * to_kg, 3)


def label(value: str) -> str | None:
    """A name or title as the values accept it: blanks trimmed, None when empty, cut to the limit."""
    text = value.strip()
    return text[:MAX_TEXT] if text else None

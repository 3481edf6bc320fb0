"""Reads one record of the export field by field: a missing optional field is a gap, a wrong type a
rejection naming the record and the field; and the app's dates, which state their UTC offset."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from runlift.importers import Unimportable

# "yyyy-MM-dd HH:mm:ss Z" (help.healthyapps.dev, "Date Format"); iOS may write a 12-hour clock with
# "AM"/"PM" after a space, a no-break space or a narrow no-break space, as the phone's region sets it.
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:[ \u00a0\u202f]?([AaPp])\.?[Mm]\.?)?"
    r" ?(?:(Z)|([+-])(\d{2}):?(\d{2}))"
)


@dataclass(frozen=True)
class Moment:
    """An instant and the UTC offset (seconds) of the clock that wrote it."""

    utc: datetime
    offset_s: int


def parse_moment(text: str) -> Moment | None:
    """A date with its UTC offset, or None when `text` is not one."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, half, zulu, sign, off_h, off_m = match.groups()
    hour_of_day = int(hour)
    if half is not None:
        if not 1 <= hour_of_day <= 12:
            return None
        hour_of_day = hour_of_day % 12 + (12 if half in "Pp" else 0)
    offset_s = 0 if zulu else (int(off_h) * 3600 + int(off_m) * 60) * (-1 if sign == "-" else 1)
    if abs(offset_s) > 14 * 3600:
        return None
    try:
        local = datetime(
            int(year),
            int(month),
            int(day),
            hour_of_day,
            int(minute),
            int(second or 0),
            tzinfo=timezone(timedelta(seconds=offset_s)),
        )
    except ValueError:
        return None
    return Moment(local.astimezone(UTC), offset_s)


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
    """One JSON object of the export, known to the user as `where` ("workouts[2] (Running)")."""

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

    def moment(self, key: str) -> Moment:
        """A required date as the app writes it, "2024-01-02 07:30:00 +0100" (also with a 12-hour clock,
        "7:30:00 AM +0100", as iOS writes it when the phone is set so)."""
        value = self.text(key, required=True)
        assert value is not None
        moment = parse_moment(value)
        if moment is None:
            raise Unimportable(
                f"{self.where}.{key} is {describe(value)}, not a date such as 2024-01-02 07:30:00 +0100"
            )
        return moment

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def quantity(self, key: str) -> tuple[float, str] | None:
        """A `{"qty": number, "units": text}` object as (qty, units); absent or null is a gap."""
        inner = self.record(key)
        if inner is None:
            return None
        qty = inner.number("qty", required=True)
        assert qty is not None
        return qty, inner.text("units") or ""

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

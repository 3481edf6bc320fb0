"""The export's own fields, beside runlift.importers.json's: Garmin's timestamps without a zone, calendar
days, and the UTC offset that puts a reading on the day Garmin dated it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from runlift.importers import Unimportable
from runlift.importers.json import Record as JsonRecord
from runlift.importers.json import describe

# "2024-01-02T03:47:00.0" (also ".784", or no fraction): the export writes every timestamp so, its zone
# said only by the field's name (`...GMT`, `...Gmt`, `...UTC`, `...Local`).
_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
MAX_OFFSET_S = 14 * 3600
# Epoch milliseconds before this are not a time of the watch era (some parsers saw numbers where the
# export has strings: both are read).
_EPOCH_MS_MIN = 946_684_800_000  # 2000-01-01


def parse_stamp(text: str) -> datetime | None:
    """A zone-less timestamp as a naive datetime, or None when `text` is not one."""
    match = _STAMP.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )
    except ValueError:
        return None


def plausible_offset(seconds: float) -> int | None:
    """A UTC offset read off two clocks, if it is one (within 14 h, in quarter hours), else None."""
    if abs(seconds) > MAX_OFFSET_S or seconds % 900:
        return None
    return int(seconds)


def offset_on(instant_utc: datetime, day: date, zone: ZoneInfo) -> int | None:
    """The UTC offset (s) that puts `instant_utc` on `day`: the athlete's zone's own at that instant when it
    does; else the whole-hour offset nearest to it that does (the watch was in another zone: Garmin dated
    the record by the watch's clock); None when no offset within 14 h does."""
    local = instant_utc.astimezone(zone).utcoffset()
    base = int(local.total_seconds()) if local is not None else 0
    for step in range(0, 29):
        for candidate in (base + step * 3600, base - step * 3600):
            shifted = instant_utc + timedelta(seconds=candidate)
            if abs(candidate) <= MAX_OFFSET_S and shifted.date() == day:
                return candidate
    return None


def start_of(day: date, zone: ZoneInfo) -> datetime:
    """The instant (UTC) the athlete's zone starts `day`."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


class Record(JsonRecord):
    """One JSON object of an export file, known to the user as `where` ("night of 2024-01-02"), with
    Garmin's timestamps and calendar days."""

    def stamp(self, key: str, *, required: bool = False) -> datetime | None:
        """A timestamp as the export writes it, "2024-01-02T03:47:00.0" (or epoch milliseconds), as a
        naive datetime on the clock the field's name says; absent or null is a gap."""
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value < _EPOCH_MS_MIN:
                raise Unimportable(f"{self.where}.{key} is {describe(value)}, not a time")
            return datetime.fromtimestamp(value / 1000, UTC).replace(tzinfo=None)
        if isinstance(value, str):
            stamp = parse_stamp(value)
            if stamp is not None:
                return stamp
        raise Unimportable(
            f"{self.where}.{key} is {describe(value)}, not a time such as 2024-01-02T03:47:00.0"
        )

    def gmt(self, key: str, *, required: bool = False) -> datetime | None:
        """A timestamp the export writes in UTC (fields named ...GMT, ...Gmt, ...UTC), as an aware instant."""
        stamp = self.stamp(key, required=required)
        return None if stamp is None else stamp.replace(tzinfo=UTC)

    def day(self, key: str = "calendarDate") -> date:
        """A required calendar day: "2024-01-02" (a timestamp's date part, or {year, monthValue,
        dayOfMonth} as some files write it)."""
        value = self.data.get(key)
        if value is None:
            self._missing(key, True)
        if isinstance(value, dict):
            parts = (value.get("year"), value.get("monthValue"), value.get("dayOfMonth"))
            if all(isinstance(p, int) and not isinstance(p, bool) for p in parts):
                try:
                    return date(*parts)  # type: ignore[arg-type]
                except ValueError:
                    pass
        elif isinstance(value, str):
            match = _DAY.fullmatch(value.strip())
            if match is not None:
                try:
                    return date(*(int(g) for g in match.groups()))
                except ValueError:
                    pass
        raise Unimportable(f"{self.where}.{key} is {describe(value)}, not a day such as 2024-01-02")

    def positive(self, key: str) -> float | None:
        """A number above zero, or a gap: the export writes 0 (and -1, -2) where nothing was measured."""
        value = self.number(key)
        return value if value is not None and value > 0 else None

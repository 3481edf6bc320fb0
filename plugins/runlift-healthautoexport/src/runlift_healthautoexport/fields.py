"""The export's own fields, beside runlift.importers.json's: the app's dates, which state their UTC offset,
and its `{"qty", "units"}` quantities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from runlift.importers import Unimportable
from runlift.importers.json import Record as JsonRecord
from runlift.importers.json import describe

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


class Record(JsonRecord):
    """One JSON object of the export, known to the user as `where` ("workouts[2] (Running)"), with the
    app's dates and quantities."""

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

    def quantity(self, key: str) -> tuple[float, str] | None:
        """A `{"qty": number, "units": text}` object as (qty, units); absent or null is a gap."""
        inner = self.record(key)
        if inner is None:
            return None
        qty = inner.number("qty", required=True)
        assert qty is not None
        return qty, inner.text("units") or ""

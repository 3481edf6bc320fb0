"""The export's dates: "2024-01-02 07:30:00 +0100", local time with the UTC offset the phone wrote."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
MAX_OFFSET_S = 14 * 3600


@dataclass(frozen=True)
class Moment:
    """An instant and the UTC offset (seconds) it was written with."""

    utc: datetime
    offset_s: int


@functools.lru_cache(maxsize=65_536)
def parse_moment(text: str) -> Moment | None:
    """A date as the export writes it, or None when `text` is not one. Records share their dates (a
    night's stages, a workout's statistics): each is parsed once while it is recent."""
    return _parse(text)


def _parse(text: str) -> Moment | None:
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    offset_s = (int(off_h) * 3600 + int(off_m) * 60) * (-1 if sign == "-" else 1)
    if abs(offset_s) > MAX_OFFSET_S:
        return None
    try:
        local = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(timedelta(seconds=offset_s)),
        )
    except ValueError:
        return None
    return Moment(local.astimezone(UTC), offset_s)

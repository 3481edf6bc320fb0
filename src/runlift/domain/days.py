"""Local calendar days: the one function every event and projection uses to put an instant on a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_day(instant_utc: datetime, utc_offset_s: int | None, zone: ZoneInfo) -> date:
    """The athlete's calendar day of an instant.

    The device's own offset (FIT local_timestamp) wins when the file has one; otherwise the configured zone
    at that instant, so daylight saving is respected.
    """
    if utc_offset_s is not None:
        return (instant_utc + timedelta(seconds=utc_offset_s)).date()
    return instant_utc.astimezone(zone).date()

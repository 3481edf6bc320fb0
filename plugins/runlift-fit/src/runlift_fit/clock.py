"""FIT times: raw date_time counts to UTC instants, and the offset of the device's local clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from runlift_fit.reading import ACTIVITY, MONITORING_INFO, TIMESTAMP_CORRELATION, FitFile

# FIT counts seconds from 1989-12-31T00:00:00Z; that instant is a whole number of days after the Unix epoch.
FIT_EPOCH_UNIX_S = 631_065_600
# Values below this count seconds from the device's power-on, not from the FIT epoch (FIT profile, date_time).
_SYSTEM_TIME_LIMIT = 0x10000000
_MAX_OFFSET_S = 14 * 3600
# Real time zones are whole quarter hours; any other difference between local and UTC stamps is a clock glitch.
_ZONE_STEP_S = 15 * 60


@dataclass(frozen=True)
class Clock:
    """Turns one FIT file's raw date_time values into seconds from the FIT epoch and into UTC instants.

    A device whose clock was not yet set (an action camera before its GPS fix) writes times counted from
    power-on. By default they are read as every FIT decoder reads them, as if counted from the FIT epoch;
    with `power_on_fit_s` (from a timestamp_correlation message, on request) they are placed in real time.
    """

    power_on_fit_s: int | None = None

    def seconds(self, value: Any) -> int | None:
        """A raw date_time as whole seconds from the FIT epoch, or None when it is not a time."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return None
        if value < _SYSTEM_TIME_LIMIT and self.power_on_fit_s is not None:
            return value + self.power_on_fit_s
        return value

    def counts_from_power_on(self, value: Any) -> bool:
        """Whether `value` is a power-on count this clock cannot correct (it is read as FIT-epoch time)."""
        is_count = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return is_count and value < _SYSTEM_TIME_LIMIT and self.power_on_fit_s is None

    def utc(self, value: Any) -> datetime | None:
        """A raw date_time as an aware UTC datetime, or None when it is not a time."""
        seconds = self.seconds(value)
        return None if seconds is None else to_utc(seconds)


def to_utc(fit_seconds: float) -> datetime:
    """Seconds from the FIT epoch as an aware UTC datetime."""
    return datetime.fromtimestamp(FIT_EPOCH_UNIX_S + fit_seconds, UTC)


def reads_as_power_on(moment: datetime) -> bool:
    """Whether an instant lies where power-on counts read as FIT-epoch time (1989-12-31 to mid-1998):
    most likely a clock that was never set."""
    return moment < _POWER_ON_END


_POWER_ON_END = to_utc(_SYSTEM_TIME_LIMIT)


def clock_of(file: FitFile, *, correlate: bool = False) -> Clock:
    """The clock of a file; with `correlate`, corrected by its first usable timestamp_correlation."""
    if not correlate:
        return Clock()
    for correlation in file.all(TIMESTAMP_CORRELATION):
        real, system = correlation.get("timestamp"), correlation.get("system_timestamp")
        if not (isinstance(real, int) and isinstance(system, int)):
            continue
        if real >= _SYSTEM_TIME_LIMIT and 0 <= system < _SYSTEM_TIME_LIMIT:
            return Clock(real - system)
    return Clock()


def utc_offset_of(file: FitFile) -> int | None:
    """The device's UTC offset (local - UTC) from activity, timestamp_correlation or monitoring_info."""
    for mesg_num in (ACTIVITY, TIMESTAMP_CORRELATION, MONITORING_INFO):
        for message in file.all(mesg_num):
            local, utc = message.get("local_timestamp"), message.get("timestamp")
            if not (isinstance(local, int) and isinstance(utc, int)):
                continue
            offset = local - utc
            if abs(offset) <= _MAX_OFFSET_S and offset % _ZONE_STEP_S == 0:
                return offset
    return None

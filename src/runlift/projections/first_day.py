"""Where the athlete's history starts: facts dated before it stay in the log but feed no read model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# FIT times count seconds from 1989-12-31T00:00:00Z. The FIT SDK's profile says a date_time below
# 0x10000000 is not an absolute time but seconds since the device powered on: a clock never set (an action
# camera before its GPS fix) writes such counts, which every FIT decoder reads as dates from 1989-12-31
# to 1998-07-03. No fact dated before the end of that range, 1998-07-03T21:24:16Z, is a real date.
FIT_EPOCH_UTC = datetime(1989, 12, 31, tzinfo=UTC)
FIT_SYSTEM_TIME_LIMIT = 0x10000000
FIRST_PLAUSIBLE_UTC = FIT_EPOCH_UTC + timedelta(seconds=FIT_SYSTEM_TIME_LIMIT)


@dataclass(frozen=True)
class HistoryStart:
    """The athlete's first day (`[athlete] first_day`), or, unset, the first plausible instant.

    A fact is left out when the athlete's first day is set and the fact's local day comes before it, or,
    unset, when the clock that dated the fact reads before FIRST_PLAUSIBLE_UTC (a fact no clock dated,
    None, when its local day comes before that instant's day).
    """

    first_day: date | None = None

    def leaves_out(self, at_utc: datetime | None, local_day: date) -> bool:
        """Whether a fact dated `at_utc` (the instant it began), on `local_day`, comes before the history."""
        if self.first_day is not None:
            return local_day < self.first_day
        if at_utc is None:
            return local_day < FIRST_PLAUSIBLE_UTC.date()
        return at_utc < FIRST_PLAUSIBLE_UTC

    @property
    def before(self) -> date:
        """The day the history starts on, as shown: the first day, or the day of the first plausible instant."""
        return self.first_day if self.first_day is not None else FIRST_PLAUSIBLE_UTC.date()

    @property
    def rule(self) -> str:
        """Which rule leaves facts out: "first_day" (the athlete's setting) or "fit_power_on" (the default)."""
        return "first_day" if self.first_day is not None else "fit_power_on"

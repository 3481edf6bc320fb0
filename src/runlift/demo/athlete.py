"""The athlete and their week: time zone, which days hold what, and the seeds, clocks and trends every file draws on."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import numpy as np

TIME_ZONE = "Europe/Berlin"
ZONE = ZoneInfo(TIME_ZONE)
DEFAULT_START = date(2015, 1, 5)
RUN, LIFT, SLEEP, HRV, WEIGHT, MONITOR = "run", "lift", "sleep", "hrv", "weight", "monitor"
NIGHT, HRV_GAP, TERRAIN = "night", "hrv_gap", "terrain"
# Each kind seeds its own generator, so adding draws to one kind never changes another's files.
STREAMS = {
    RUN: 1,
    LIFT: 2,
    SLEEP: 3,
    HRV: 4,
    WEIGHT: 5,
    NIGHT: 6,
    HRV_GAP: 7,
    TERRAIN: 8,
    MONITOR: 9,
}
RUN_DAYS = {0: "easy", 1: "quality", 3: "easy", 4: "easy", 6: "long"}  # by weekday, Monday = 0
LIFT_DAYS = (0, 2, 4)
WEIGH_DAY = 6


def rng_for(seed: int, day: date, stream: str) -> np.random.Generator:
    """The generator of one file (or one aspect of a day), independent of every other's."""
    return np.random.default_rng([seed, day.toordinal(), STREAMS[stream]])


def local(day: date, hours: float) -> datetime:
    """The UTC instant, in whole seconds, `hours` of wall-clock time after local midnight of `day`."""
    midnight = datetime.combine(day, clock_time(), ZONE)
    return (midnight + timedelta(seconds=round(hours * 3600))).astimezone(UTC)


def fitness(start: date, day: date) -> float:
    """0 at the start of the history, rising towards 1 over the first few years."""
    return 1 - math.exp(-(day - start).days / 365.25 / 3)


def season(day: date) -> float:
    """-1 in midwinter, +1 in midsummer."""
    return -math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)


def week_number(day: date) -> int:
    """Weeks (Monday to Sunday) since the calendar began: the same for a day whatever the history's start."""
    return (day.toordinal() - 1) // 7

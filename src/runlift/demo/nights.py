"""Nights: bedtime and waking, sleep stages and score, whether the watch measured HRV, the morning's resting HR."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import numpy as np

from runlift.demo.athlete import HRV_GAP, MONITOR, NIGHT, RUN_DAYS, fitness, local, rng_for

HRV_MISSING = 1 / 12
AWAKE, LIGHT, DEEP, REM = 1, 2, 3, 4


def night(seed: int, day: date) -> tuple[datetime, datetime]:
    """Bedtime on the evening of `day` and waking up the next morning, to the minute; later at weekends."""
    rng = rng_for(seed, day, NIGHT)
    weekend = day.weekday() in (4, 5)
    bed = local(day, 22.6 + 0.6 * weekend + rng.normal(0, 0.35))
    wake = local(day + timedelta(days=1), 6.4 + 1.0 * weekend + rng.normal(0, 0.3))
    return bed - timedelta(seconds=bed.second), wake - timedelta(seconds=wake.second)


def sleep_stages(rng: np.random.Generator, bed: int, wake: int) -> list[tuple[int, int]]:
    """(start, sleep level) of each stage from bed to wake: about 90-minute cycles of light, deep, light
    and REM sleep, deep sleep early in the night and REM late, now and then a few minutes awake."""
    stages = [(bed, AWAKE)]
    at = bed + 60 * int(rng.integers(5, 20))
    cycle = 0
    while at < wake:
        deep = max(5.0, 35 - 8 * cycle + rng.normal(0, 5))
        rem = min(40.0, 10 + 8 * cycle + rng.normal(0, 4))
        cycle_plan = [
            (LIGHT, rng.uniform(15, 30)),
            (DEEP, deep),
            (LIGHT, rng.uniform(5, 15)),
            (REM, rem),
        ]
        if rng.random() < 0.3:
            cycle_plan.append((AWAKE, rng.uniform(2, 8)))
        for level, minutes in cycle_plan:
            stages.append((at, level))
            at += 60 * max(1, round(minutes))
        cycle += 1
    return [(at, level) for at, level in stages if at < wake]


def sleep_score(rng: np.random.Generator, stages: list[tuple[int, int]], wake: int) -> int:
    """The watch's overall score: more sleep and more deep sleep score higher."""
    spans = [(level, end - at) for (at, level), (end, _) in pairwise([*stages, (wake, 0)])]
    asleep = sum(seconds for level, seconds in spans if level != AWAKE)
    deep = sum(seconds for level, seconds in spans if level == DEEP)
    score = 50 + 7 * (asleep / 3600 - 5.5) + 100 * (deep / max(asleep, 1) - 0.15) + rng.normal(0, 4)
    return int(np.clip(round(score), 20, 99))


def hrv_measured(seed: int, day: date) -> bool:
    """Whether the watch recorded HRV on the night of `day` (not when it was charging)."""
    return bool(rng_for(seed, day, HRV_GAP).random() >= HRV_MISSING)


def resting_hr(seed: int, start: date, day: date) -> int:
    """The watch's resting heart rate of the morning after the night of `day` (bpm): lower as fitness
    grows, a beat or two higher after a hard day (the long run, the tempo or interval session)."""
    rng = rng_for(seed, day, MONITOR)  # its first draw: the monitoring file draws on after it
    hard = RUN_DAYS.get(day.weekday()) in ("long", "quality")
    return round(56 - 9 * fitness(start, day) + 2 * hard + rng.normal(0, 1.2))

"""Runs second by second: the week's run plan, pace, heart rate, cadence and a loop through home over hilly ground."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from runlift.demo.athlete import (
    DEFAULT_START,
    RUN,
    RUN_DAYS,
    TERRAIN,
    fitness,
    local,
    rng_for,
    season,
)

HOME_LAT, HOME_LON = 52.5145, 13.3501  # the Tiergarten
SEMICIRCLES_PER_DEG = 2**31 / 180
M_PER_DEG_LAT = 111_320.0
WARM_UP_S = 900
MAX_HR = 188


@dataclass(frozen=True)
class Track:
    """A run second by second, as its FIT records hold it (index i is i seconds after the start)."""

    kind: str
    start: datetime
    speed: np.ndarray  # m/s
    distance: np.ndarray  # m
    heart_rate: np.ndarray  # bpm
    cadence: np.ndarray  # strides per minute, as FIT counts running cadence
    altitude: np.ndarray  # m
    lat: np.ndarray  # semicircles
    lon: np.ndarray

    @property
    def elapsed_s(self) -> int:
        return len(self.speed) - 1

    @property
    def distance_m(self) -> float:
        return float(self.distance[-1])


def run_kind(day: date) -> str:
    kind = RUN_DAYS[day.weekday()]
    if kind == "quality":
        return "tempo" if day.isocalendar().week % 2 else "intervals"
    return kind


def segments(kind: str, rng: np.random.Generator) -> list[tuple[int, float]]:
    """The planned run as (seconds, pace factor against easy pace) pieces."""
    if kind == "tempo":
        block, cool = (int(rng.uniform(a, b) * 60) for a, b in ((20, 30), (8, 15)))
        return [(WARM_UP_S, 1.0), (block, 1.18), (cool, 0.95)]
    if kind == "intervals":
        reps, cool = int(rng.integers(5, 8)), int(rng.uniform(8, 15) * 60)
        return [(WARM_UP_S, 1.0), *[(180, 1.32), (120, 0.8)] * reps, (cool, 0.95)]
    low, high = (75, 120) if kind == "long" else (30, 60)
    return [(int(rng.uniform(low, high) * 60), 0.97 if kind == "long" else 1.0)]


def smooth_noise(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    """Unit-variance noise that changes over about `width` samples."""
    white = rng.normal(size=n + width - 1)
    return np.convolve(white, np.ones(width) / math.sqrt(width), mode="valid")


def run_track(seed: int, start: date, day: date) -> Track:
    """The run of `day` (one of the five run days), as the watch recorded it."""
    rng = rng_for(seed, day, RUN)
    kind = run_kind(day)
    pieces = segments(kind, rng)
    form = fitness(start, day)
    easy = 2.75 + 0.35 * form + 0.05 * season(day) + rng.normal(0, 0.05)
    speed = speeds(rng, pieces, easy)
    n = len(speed)
    distance = np.round(np.cumsum(speed), 2)
    x, y = route(rng, distance)
    easy_hr = 146 - 7 * form + 2 * season(day) + rng.normal(0, 2.5)
    effort = np.maximum(speed / easy, 0.7)
    drift = rng.uniform(0.05, 0.12) * np.arange(n) / 60
    cadence = 79 + 8 * (speed - easy) + rng.normal(0, 1, n)
    return Track(
        kind=kind,
        start=local(day, (8.5 if kind == "long" else 7.1) + rng.uniform(0, 0.4)),
        speed=speed,
        distance=distance,
        heart_rate=heart_rate(rng, easy_hr * effort**0.75 + drift),
        cadence=np.where(speed > 0.5, np.clip(np.rint(cadence), 60, 100), 0).astype(int),
        altitude=np.round(terrain(seed, x, y) * 5) / 5,
        lat=np.rint((HOME_LAT + y / M_PER_DEG_LAT) * SEMICIRCLES_PER_DEG).astype(int),
        lon=np.rint((HOME_LON + x / east_m_per_deg()) * SEMICIRCLES_PER_DEG).astype(int),
    )


def speeds(rng: np.random.Generator, pieces: list[tuple[int, float]], easy: float) -> np.ndarray:
    """Speed (m/s) at each second: standing at the start, the planned pace within a few seconds, then
    wandering a few per cent around it."""
    plan = np.concatenate([[0.0], np.repeat([f for _, f in pieces], [s for s, _ in pieces])])
    n = len(plan)
    ramp = np.minimum(np.arange(n) / 8, 1.0)
    wander = 1 + 0.035 * smooth_noise(rng, n, 60) + 0.01 * rng.normal(size=n)
    rounded: np.ndarray = np.round(np.clip(easy * plan * ramp * wander, 0, None), 3)
    return rounded


def heart_rate(rng: np.random.Generator, target: np.ndarray) -> np.ndarray:
    """Heart rate following the effort's target with a lag of about 25 s, plus sensor noise."""
    level = 95 + rng.uniform(0, 10)
    lagged = []
    for goal in target.tolist():
        level += (goal - level) / 25
        lagged.append(level)
    noisy = np.array(lagged) + rng.normal(0, 1.5, len(lagged))
    return np.clip(np.rint(noisy), 60, MAX_HR).astype(int)


def route(rng: np.random.Generator, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Metres east and north of home along a wobbly loop through home as long as the run."""
    phi = np.linspace(0, 2 * math.pi, 721)
    radius = np.ones_like(phi)
    for k in (2, 3, 5):
        radius += rng.uniform(0, 0.4 / k) * np.cos(k * phi + rng.uniform(0, 2 * math.pi))
    turn = rng.uniform(0, 2 * math.pi)
    xs, ys = radius * np.cos(phi + turn), radius * np.sin(phi + turn)
    xs, ys = xs - xs[0], ys - ys[0]
    along = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    scale = max(distance[-1], 1.0) / along[-1]
    jitter = rng.normal(0, 1.5, (2, len(distance)))
    x = np.interp(distance, along * scale, xs * scale) + jitter[0]
    y = np.interp(distance, along * scale, ys * scale) + jitter[1]
    return x, y


def east_m_per_deg() -> float:
    return M_PER_DEG_LAT * math.cos(math.radians(HOME_LAT))


def terrain(seed: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Height above sea level (m) of the athlete's neighbourhood: one per seed, the same for every run."""
    a, b, c = rng_for(seed, DEFAULT_START, TERRAIN).uniform(0, 2 * math.pi, 3)
    hills = 9 * np.sin(x / 900 + a) + 6 * np.cos(y / 650 + b) + 3 * np.sin((x + y) / 300 + c)
    heights: np.ndarray = 38 + hills
    return heights

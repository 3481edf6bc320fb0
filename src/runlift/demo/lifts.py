"""Strength sessions: workouts A and B in turn, loads rising slowly, and every set with its reps, load and rest."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from runlift.demo.athlete import LIFT, LIFT_DAYS, fitness, local, rng_for, week_number


@dataclass(frozen=True)
class Lift:
    """An exercise as Hevy names it and as the FIT profile numbers it, and how its load starts and grows."""

    hevy: str
    category: str
    subtype: int
    start_kg: float
    step_kg: float
    reps: int


WORKOUTS: dict[str, tuple[Lift, ...]] = {
    "Strength A": (
        Lift("Goblet Squat", "squat", 37, 16, 2, 10),
        Lift("Romanian Deadlift (Barbell)", "deadlift", 23, 50, 2.5, 8),
        Lift("Bench Press (Barbell)", "bench_press", 1, 45, 2.5, 8),
        Lift("Dumbbell Row", "row", 2, 20, 2, 10),
    ),
    "Strength B": (
        Lift("Split Squat (Dumbbell)", "squat", 28, 12, 2, 8),
        Lift("Overhead Press (Barbell)", "shoulder_press", 14, 30, 2.5, 6),
        Lift("Hip Thrust (Barbell)", "hip_raise", 1, 60, 5, 10),
        Lift("Bent Over Row (Barbell)", "row", 46, 40, 2.5, 8),
    ),
}
WORKING_SETS = 3


@dataclass(frozen=True)
class LiftSet:
    """One set of a workout; times in seconds after the workout's start."""

    lift: Lift
    index: int  # within its exercise, warm-ups included, as Hevy numbers sets
    warmup: bool
    reps: int
    weight_kg: float
    start_s: int
    duration_s: float
    rpe: float | None


@dataclass(frozen=True)
class Workout:
    """A strength session: the watch's recording of it, and what the athlete logged in Hevy."""

    title: str
    start: datetime
    elapsed_s: int
    sets: tuple[LiftSet, ...]
    avg_hr_bpm: int
    max_hr_bpm: int


def lift_load(lift: Lift, start: date, day: date) -> float:
    """The working load of a lift on a day: about half as much again after a decade, a lighter week in eight."""
    load = lift.start_kg * (1 + 0.5 * fitness(start, day))
    if week_number(day) % 8 == 7:
        load *= 0.9
    return math.floor(load / lift.step_kg) * lift.step_kg


def set_plan(lift: Lift, load: float, warm_up: bool) -> list[tuple[bool, float, float | None]]:
    """(warm-up?, kg, RPE) of each set of a lift: a warm-up at half the load if asked, then the working
    sets, each a little harder than the one before."""
    half = math.floor(load / 2 / lift.step_kg) * lift.step_kg
    warm_ups = [(True, half, None)] if warm_up else []
    return warm_ups + [(False, load, 7.5 + 0.5 * n) for n in range(WORKING_SETS)]


def workout(seed: int, start: date, day: date) -> Workout:
    """The strength session of `day` (a lifting day): A and B in turn, a warm-up set before the first lift,
    a rep or two missed now and then on a last set, 1.5-2.5 min rests."""
    rng = rng_for(seed, day, LIFT)
    titles = list(WORKOUTS)
    title = titles[(week_number(day) * 3 + LIFT_DAYS.index(day.weekday())) % len(titles)]
    at = int(rng.integers(60, 180))
    sets: list[LiftSet] = []
    for order, lift in enumerate(WORKOUTS[title]):
        plan = set_plan(lift, lift_load(lift, start, day), warm_up=order == 0)
        for index, (warmup, weight, rpe) in enumerate(plan):
            reps = lift.reps
            if index == len(plan) - 1 and rng.random() < 0.25:
                reps -= int(rng.integers(1, 3))
            duration = round(reps * rng.uniform(2.6, 3.4), 1)
            sets.append(LiftSet(lift, index, warmup, reps, weight, at, duration, rpe))
            at += math.ceil(duration) + int(rng.integers(90, 150))
        at += int(rng.integers(30, 90))
    begin = local(day, 18 + rng.uniform(0, 0.5))
    avg_hr = int(rng.integers(100, 120))
    elapsed = at + int(rng.integers(60, 180))
    return Workout(title, begin, elapsed, tuple(sets), avg_hr, avg_hr + int(rng.integers(25, 45)))

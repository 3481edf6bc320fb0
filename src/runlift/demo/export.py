"""A runner who lifts, as real exports: FIT runs, lifts, sleep, HRV, resting HR, weigh-ins, a Hevy CSV of the lifts.

The athlete lives in Berlin (Europe/Berlin) and, every week, runs five times (easy runs of 30-60 min on
Monday, Thursday and Friday, a tempo or interval run on Tuesday, a long run of 75-120 min on Sunday),
lifts three evenings (Monday, Wednesday, Friday; workouts A and B in turn, loads rising slowly over the
years), sleeps every night (the watch's HRV file is missing on about one night in twelve; its monitoring
file of each night holds the morning's resting heart rate) and steps on the scale on Sunday mornings. Runs
hold a record every second (heart rate, speed, distance, cadence, altitude, position on a loop through
home); the lifts are logged twice, by the watch and in Hevy.

Deterministic from a seed: each file draws from its own generator, seeded by (seed, day, kind), so the
same seed gives byte-identical files whatever `jobs` is. `runlift demo` and bench/make_history.py write
with it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from runlift.demo.athlete import (
    DEFAULT_START,
    HRV,
    LIFT,
    LIFT_DAYS,
    MONITOR,
    RUN,
    RUN_DAYS,
    SLEEP,
    TIME_ZONE,
    WEIGH_DAY,
    WEIGHT,
)
from runlift.demo.fitfiles import hrv_fit, lift_fit, monitoring_fit, run_fit, sleep_fit, weight_fit
from runlift.demo.hevy import hevy_csv
from runlift.demo.lifts import workout
from runlift.demo.nights import hrv_measured
from runlift.demo.runs import run_kind, run_track

FOLDERS = {
    RUN: "activities",
    LIFT: "activities",
    SLEEP: "sleep",
    HRV: "hrv",
    MONITOR: "monitor",
    WEIGHT: "weight",
}


@dataclass(frozen=True)
class Job:
    """One file to write: what it holds, for which day, where."""

    kind: str
    day: date
    path: Path
    seed: int
    start: date


@dataclass(frozen=True)
class Summary:
    """What make_history wrote: files and bytes, how long it took, and how many of each thing."""

    out: Path
    files: int
    bytes: int
    seconds: float
    runs: int
    lifts: int
    sets: int
    nights: int
    hrv_nights: int
    resting_hr_mornings: int
    weigh_ins: int
    time_zone: str = TIME_ZONE

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6


def plan(out: Path, seed: int, start: date, days: int, first: date | None = None) -> list[Job]:
    """Every file of the history, day by day (from `first` on, when given: the athlete's history still
    begins at `start`, which sets their fitness and loads)."""
    jobs = []
    for n in range(days):
        day = start + timedelta(days=n)
        if first is not None and day < first:
            continue
        weekday = day.weekday()
        wanted = {
            RUN: weekday in RUN_DAYS,
            LIFT: weekday in LIFT_DAYS,
            SLEEP: True,
            HRV: hrv_measured(seed, day),
            MONITOR: True,
            WEIGHT: weekday == WEIGH_DAY,
        }
        jobs += [
            Job(kind, day, out / file_name(kind, day), seed, start)
            for kind in wanted
            if wanted[kind]
        ]
    return jobs


def file_name(kind: str, day: date) -> str:
    """activities/2015-01-05-run-easy.fit, activities/2015-01-05-strength.fit, sleep/2015-01-05-sleep.fit."""
    label = f"run-{run_kind(day)}" if kind == RUN else "strength" if kind == LIFT else kind
    return f"{FOLDERS[kind]}/{day.isoformat()}-{label}.fit"


def file_bytes(job: Job) -> bytes:
    if job.kind == RUN:
        return run_fit(run_track(job.seed, job.start, job.day))
    if job.kind == LIFT:
        return lift_fit(workout(job.seed, job.start, job.day))
    if job.kind == SLEEP:
        return sleep_fit(job.seed, job.day)
    if job.kind == HRV:
        return hrv_fit(job.seed, job.start, job.day)
    if job.kind == MONITOR:
        return monitoring_fit(job.seed, job.start, job.day)
    return weight_fit(job.seed, job.start, job.day)


def write_file(job: Job) -> int:
    """Write one file; its size in bytes."""
    data = file_bytes(job)
    job.path.write_bytes(data)
    return len(data)


def write_all(write: Callable[[Job], int], todo: Sequence[Job], jobs: int) -> list[int]:
    """Write every file, in `jobs` worker processes (or in this one): which one writes a file does not matter."""
    if jobs <= 1:
        return [write(job) for job in todo]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(write, todo, chunksize=8))


def make_history(
    out: Path,
    years: float = 10.0,
    seed: int = 1,
    start: date = DEFAULT_START,
    jobs: int | None = None,
    first: date | None = None,
    days: int | None = None,
) -> Summary:
    """Write `years` (or `days`) of exports from `start` into `out` (jobs: worker processes, default one
    per CPU; `first`: write only the days from then on)."""
    began = time.perf_counter()
    todo = plan(out, seed, start, round(years * 365.25) if days is None else days, first)
    for folder in sorted({job.path.parent for job in todo} | {out}):
        folder.mkdir(parents=True, exist_ok=True)
    sizes = write_all(write_file, todo, jobs or os.cpu_count() or 1)
    sessions = [workout(seed, start, job.day) for job in todo if job.kind == LIFT]
    hevy = hevy_csv(sessions).encode()
    (out / "hevy_workouts.csv").write_bytes(hevy)
    kinds = [job.kind for job in todo]
    return Summary(
        out=out,
        files=len(todo) + 1,
        bytes=sum(sizes) + len(hevy),
        seconds=time.perf_counter() - began,
        runs=kinds.count(RUN),
        lifts=kinds.count(LIFT),
        sets=sum(len(session.sets) for session in sessions),
        nights=kinds.count(SLEEP),
        hrv_nights=kinds.count(HRV),
        resting_hr_mornings=kinds.count(MONITOR),
        weigh_ins=kinds.count(WEIGHT),
    )


def report(summary: Summary) -> str:
    return (
        f"wrote {summary.files} files, {summary.megabytes:.1f} MB in {summary.seconds:.1f} s "
        f"to {summary.out}: {summary.runs} runs, {summary.lifts} strength sessions "
        f"({summary.sets} sets, also in hevy_workouts.csv), {summary.nights} nights of sleep, "
        f"{summary.hrv_nights} of HRV, {summary.resting_hr_mornings} mornings of resting heart rate, "
        f"{summary.weigh_ins} weigh-ins"
    )

"""Synthetic training history as stored facts (no files): runs with per-second streams, lifting sessions, nights,
wellness and check-ins, deterministic from a seed. Used by the projection tests and bench/."""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from runlift.domain import events as ev
from runlift.domain.checkins import Report
from runlift.domain.events import Source
from runlift.ingest.history import History
from runlift.journal import Journal

Fact = tuple[type[ev.FileEvent], dict[str, Any]]
EXERCISES = (
    "Squat (Barbell)",
    "Deadlift (Barbell)",
    "Bench Press (Barbell)",
    "Bent Over Row (Barbell)",
)


@dataclass(frozen=True)
class File:
    """One synthetic export: a name (its bytes' stand-in) and the facts it yields."""

    name: str
    facts: list[Fact]


def run(
    rng: random.Random,
    day: date,
    *,
    minutes: float = 45,
    hr: bool = True,
    samples: bool = True,
    rpe: float | None = None,
    step_s: float = 1.0,
    clock_shift_s: float = 0,
    base_hr: float | None = None,
    speed_mps: float | None = None,
) -> list[Fact]:
    """An easy-to-steady run at 07:00 UTC; heart rate drifts up a little, cadence around 170. `base_hr`
    (e.g. 170 for a tempo) and `speed_mps` fix what is otherwise drawn at random."""
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC) + timedelta(seconds=clock_shift_s)
    n = int(minutes * 60 / step_s)
    speed = speed_mps if speed_mps is not None else 2.8 + rng.random() * 0.6
    base_hr = base_hr if base_hr is not None else 135 + rng.random() * 15
    t = [i * step_s for i in range(n)]
    heart = [round(base_hr + 8 * i / n + rng.random() * 3, 1) for i in range(n)] if hr else None
    speeds = [round(speed + rng.random() * 0.2, 3) for _ in range(n)]
    cadence = [round(168 + rng.random() * 6, 1) for _ in range(n)]
    distance = sum(speeds) * step_s
    facts: list[Fact] = [
        (
            ev.RunCompleted,
            dict(
                activity_index=0,
                sport="running",
                sub_sport=None,
                start_utc=start,
                local_day=day,
                utc_offset_s=0,
                elapsed_s=minutes * 60,
                moving_s=minutes * 60,
                distance_m=round(distance, 1),
                avg_hr_bpm=None if heart is None else sum(heart) / n,
                max_hr_bpm=None if heart is None else max(heart),
                hr_zone_s=None,
                hr_zone_bounds_bpm=None,
                avg_cadence_spm=170.0,
                max_cadence_spm=174.0,
                avg_speed_mps=distance / (minutes * 60),
                elevation_gain_m=None,
                elevation_loss_m=None,
                calories_kcal=None,
                rpe=rpe,
                title=None,
                laps=[],
                has_samples=samples,
                salvaged=None,
            ),
        )
    ]
    if samples:
        facts.append(
            (
                ev.ActivitySamplesRecorded,
                dict(
                    activity_index=0,
                    start_utc=start,
                    t_s=t,
                    heart_rate_bpm=heart,
                    speed_mps=speeds,
                    cadence_spm=cadence,
                    altitude_m=None,
                    distance_m=None,
                    latitude_deg=None,
                    longitude_deg=None,
                ),
            )
        )
    return facts


def lifting(
    rng: random.Random, day: date, *, week: int = 0, rpe: float | None = None, sets_each: int = 3
) -> list[Fact]:
    """A barbell session at 18:00 UTC: each lift's load rises 2.5 kg every third week."""
    sets = [
        (name, 5 + (s == 0 and rng.random() < 0.3), 60 + 20 * e + 2.5 * (week // 3))
        for e, name in enumerate(EXERCISES)
        for s in range(sets_each)
    ]
    return sets_session(day, sets, rpe=rpe)


def sets_session(
    day: date, sets: list[tuple[str, int, float]], *, rpe: float | None = None
) -> list[Fact]:
    """A lifting session at 18:00 UTC of the given working sets (exercise, reps, kg), in order."""
    start = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    logged: list[Fact] = [
        (
            ev.SetLogged,
            dict(
                session_index=0,
                set_index=i,
                start_utc=start + timedelta(minutes=3 * i),
                local_day=day,
                duration_s=40.0,
                reps=reps,
                weight_kg=kg,
                set_type="working",
                exercise_name=name,
                exercise_category=None,
                rpe=None,
                rest_after_s=120.0,
                distance_m=None,
                note=None,
            ),
        )
        for i, (name, reps, kg) in enumerate(sets)
    ]
    session: Fact = (
        ev.StrengthSessionCompleted,
        dict(
            session_index=0,
            start_utc=start,
            local_day=day,
            utc_offset_s=0,
            elapsed_s=3 * 60.0 * len(sets),
            active_s=None,
            avg_hr_bpm=None,
            max_hr_bpm=None,
            calories_kcal=None,
            rpe=rpe,
            title="Strength",
            note=None,
            n_sets=len(sets),
        ),
    )
    return [session, *logged]


def night(
    rng: random.Random,
    day: date,
    *,
    hours: float | None = None,
    resting_hr: float | None = None,
    rmssd_ms: float | None = None,
) -> list[Fact]:
    """The night ending on `day` and the morning's resting HR and HRV (drawn unless given)."""
    hours = hours if hours is not None else 6.5 + rng.random() * 2
    bedtime = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC) - timedelta(hours=hours)
    end = bedtime + timedelta(hours=hours)
    return [
        (
            ev.SleepRecorded,
            dict(
                start_utc=bedtime,
                end_utc=end,
                local_day=day,
                duration_s=hours * 3600,
                deep_min=None,
                light_min=None,
                rem_min=None,
                awake_min=None,
                score=None,
            ),
        ),
        (
            ev.WellnessRecorded,
            dict(
                measured_utc=end,
                local_day=day,
                resting_hr_bpm=resting_hr
                if resting_hr is not None
                else float(round(48 + rng.random() * 6)),
                hrv_rmssd_ms=rmssd_ms
                if rmssd_ms is not None
                else round(math.exp(4 + rng.random() * 0.4), 1),
                stress=None,
            ),
        ),
    ]


def history(seed: int, start: date, days: int, *, step_s: float = 1.0) -> Iterator[File]:
    """A training history: runs Mon/Wed/Thu/Sat/Sun, lifting Mon/Wed/Fri, a night every day."""
    rng = random.Random(seed)
    for k in range(days):
        day = start + timedelta(days=k)
        weekday = day.weekday()
        if weekday in (0, 2, 3, 5, 6):
            minutes = 90 if weekday == 5 else 40 + rng.random() * 20
            yield File(f"run-{day}", run(rng, day, minutes=minutes, step_s=step_s))
        if weekday in (0, 2, 4):
            yield File(f"lift-{day}", lifting(rng, day, week=k // 7))
        yield File(f"night-{day}", night(rng, day))


def record(history: History, file: File, *, size_bytes: int = 1000) -> None:
    """Store a synthetic file as an import would (one transaction, duplicate links included)."""
    sha = hashlib.sha256(f"{history.athlete_id}:{file.name}".encode()).hexdigest()
    history.record_import(
        source=Source(sha256=sha, filename=file.name, plugin="synthetic", plugin_version="1"),
        size_bytes=size_bytes,
        format="synthetic",
        archive=None,
        salvaged=None,
        facts=file.facts,
    )


def check_in(journal: Journal, day: date, **scales: Any) -> None:
    """A check-in recorded at 08:00 UTC of `day`."""
    now = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    journal.check_in(day, Report(**scales), now=now)

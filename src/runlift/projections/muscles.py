"""Fatigue per muscle group: each session's hard sets, volume and running as units that decay, day by day.

A primary session's contributions (what it put on each group: muscle_units.py) go into
view_muscle_contribution; view_muscle_day (muscle_days.py) holds, per group and local day, that day's hard
sets and volume and the fatigue at the day's end (24:00 in the athlete's zone): remaining(t) = the sum of
units x 0.5^((t - end) / half_life) over the contributions that ended by t, fatigue % = min(100,
pct_per_unit x remaining). The state at the start of a day is the figure of the day before. `fatigue_at`
answers for any instant (the planner reads it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, delete, func, select

from runlift.coaching.exercises import MUSCLES, catalogue
from runlift.projections.facts import session_ratings
from runlift.projections.muscle_days import (
    Contribution,
    State,
    contribution_rows,
    day_end,
    day_of,
    ended_after,
    latest_states,
    read_contributions,
    refresh_days,
    utc,
)
from runlift.projections.muscle_units import (
    LEGS,
    RUN_MUSCLES,
    Lifted,
    decay,
    fatigue_pct,
    lift_label,
    lift_shares,
    run_hrr,
    run_label,
    run_units,
)
from runlift.projections.rows import insert_rows
from runlift.settings import MusclesConfig

__all__ = ["LEGS", "MuscleFatigue", "day_end", "fatigue_at", "fatigue_pct", "refresh"]

# Sessions are read in start order, their local days by each file's own offset: up to this far apart.
_SLACK = timedelta(days=2)
_REACH = timedelta(days=3)


@dataclass(frozen=True)
class MuscleFatigue:
    """One muscle group's fatigue at an instant, and the contribution that left the most of it."""

    muscle: str
    fatigue_pct: float
    units: float
    cause: str | None  # e.g. "Tuesday's back squats"


def fatigue_at(
    conn: Connection, athlete_id: str, moment: datetime, config: MusclesConfig
) -> dict[str, MuscleFatigue]:
    """Every muscle group's fatigue at `moment` (an aware datetime; naive is read as UTC), from the
    sessions that ended by then: each group's last day figure before it, decayed to `moment`, plus what
    ended since. At a day's end it is that day's figure exactly; the state at the start of a day is the
    figure of the day before. Groups without any are at 0 %."""
    moment = utc(moment)
    # A row ending by `moment` is of its day or the day before (a zone is at most 14 h off UTC).
    found = latest_states(conn, athlete_id, before=moment.date() + timedelta(days=2), until=moment)
    states = {muscle: state for muscle, (_, state) in found.items()}
    rows = sorted(
        read_contributions(conn, ended_after(athlete_id, found, until=moment)),
        key=lambda c: (c.end_utc, c.session),
    )
    ended: dict[str, list[Contribution]] = defaultdict(list)
    for row in rows:
        ended[row.muscle].append(row)
    out: dict[str, MuscleFatigue] = {}
    for muscle in sorted(MUSCLES | set(states) | set(ended)):
        state = states.get(muscle) or State(moment, 0.0, None, 0.0)
        left = decay((moment - state.at).total_seconds(), config)
        units, cause, cause_units = state.units * left, state.cause, state.cause_units * left
        for row in ended.get(muscle, ()):
            share = row.units * decay((moment - row.end_utc).total_seconds(), config)
            units += share
            if share > cause_units:
                cause, cause_units = row.label, share
        out[muscle] = MuscleFatigue(muscle, fatigue_pct(units, config), units, cause)
    return out


def refresh(
    conn: Connection, athlete_id: str, from_day: date, config: MusclesConfig, zone: ZoneInfo
) -> None:
    """Recompute the contributions of the primary sessions from `from_day` on, then the day rows from the
    first day they (or the ones they replace) reach."""
    mc = rm.muscle_contribution.c
    mine = (mc.athlete_id == athlete_id) & (mc.local_day >= from_day)
    # Only a session of the first days can end on a day before `from_day` (a local day is at most a day
    # off the athlete's zone): the earliest end of the contributions replaced is among theirs.
    first_days = mine & (mc.local_day < from_day + _REACH)
    ends = [conn.execute(select(func.min(mc.end_utc)).where(first_days)).scalar_one_or_none()]
    conn.execute(delete(rm.muscle_contribution).where(mine))
    made = contributions(conn, athlete_id, from_day, config)
    insert_rows(conn, rm.muscle_contribution, contribution_rows(conn, athlete_id, made))
    ends.extend(c.end_utc for c in made)
    first = min((utc(end) for end in ends if end is not None), default=None)
    start = from_day if first is None else min(from_day, day_of(first, zone))
    refresh_days(conn, athlete_id, start, from_day, made, config, zone)


def contributions(
    conn: Connection, athlete_id: str, from_day: date, config: MusclesConfig
) -> list[Contribution]:
    """The contributions of the primary sessions from `from_day` on: runs from their facts, lifts from
    the strength view's work sets (each set's RPE as strength knows it) against the lift's best e1RM of
    the `e1rm_window_days` up to the session."""
    s = rm.session.c
    ratings = session_ratings(conn, athlete_id, from_day)
    out: list[Contribution] = []
    sessions = conn.execute(
        select(
            s.session,
            s.kind,
            s.local_day,
            s.start_utc,
            s.elapsed_s,
            s.moving_s,
            s.mean_hrr,
            s.rpe,
            s.elevation_loss_m,
        )
        .where(
            s.athlete_id == athlete_id,
            s.local_day >= from_day,
            s.primary_session == s.session,
            s.kind.in_(("run", "strength")),
        )
        .order_by(s.local_day, s.session)
    ).all()
    lifts = _lifted(conn, athlete_id, from_day, config)
    for row in sessions:
        end = utc(row.start_utc) + timedelta(seconds=row.elapsed_s)
        day = row.local_day
        if row.kind == "run":
            minutes = (row.moving_s or row.elapsed_s) / 60
            rating = ratings.get(row.session)
            hrr = run_hrr(row.mean_hrr, rating if rating is not None else row.rpe)
            units = run_units(minutes, hrr, row.elevation_loss_m, config)
            if units > 0:
                label = run_label(day, minutes, hrr, config)
                out.extend(
                    Contribution(row.session, m, "run", day, end, units, 0.0, 0.0, label)
                    for m in sorted(RUN_MUSCLES)
                )
            continue
        for muscle, share in sorted(lift_shares(lifts.get(row.session, []), config).items()):
            if share.units > 0 or share.hard_sets > 0 or share.volume_kg > 0:
                out.append(
                    Contribution(
                        row.session,
                        muscle,
                        "lift",
                        day,
                        end,
                        share.units,
                        share.hard_sets,
                        share.volume_kg,
                        lift_label(day, share),
                    )
                )
    return out


def _lifted(
    conn: Connection, athlete_id: str, from_day: date, config: MusclesConfig
) -> dict[str, list[Lifted]]:
    """Per lifting session from `from_day` on, its exercises (catalogue identities with muscles) with
    their work sets and the best e1RM of that exercise over the window up to it (the session included)."""
    ls, s = rm.lift_session.c, rm.session.c
    window = timedelta(days=config.e1rm_window_days)
    rows = conn.execute(
        select(ls.exercise, ls.session, ls.local_day, ls.e1rm_epley_kg, ls.sets)
        .join_from(
            rm.lift_session,
            rm.session,
            (s.athlete_id == ls.athlete_id) & (s.session == ls.session),
        )
        .where(ls.athlete_id == athlete_id, ls.local_day > from_day - window)
        .order_by(ls.exercise, s.start_utc, ls.session)
    ).all()
    by_exercise: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_exercise[row.exercise].append(row)
    out: dict[str, list[Lifted]] = defaultdict(list)
    for key, done in sorted(by_exercise.items()):
        exercise = catalogue().get(key)
        if exercise is None or not (exercise.primary or exercise.secondary):
            continue
        days = [row.local_day for row in done]
        e1rms = [row.e1rm_epley_kg for row in done]
        for k, row in enumerate(done):
            if row.local_day >= from_day:
                out[row.session].append(Lifted(exercise, row.sets, _best(days, e1rms, k, window)))
    return out


def _best(days: list[date], e1rms: list[float | None], k: int, window: timedelta) -> float | None:
    """The best e1RM among an exercise's sessions (in start order) up to the k-th, within `window` of its
    day."""
    since = days[k] - window
    stop = since - _SLACK  # in start order, a local day may be off by a file's offset
    best: float | None = None
    for j in range(k, -1, -1):
        day = days[j]
        if day <= stop:
            break
        e1rm = e1rms[j]
        if e1rm is not None and day > since and (best is None or e1rm > best):
            best = e1rm
    return best

"""Reading the muscle projection: each group's fatigue, hard sets and volume on a day, its days and its weeks."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, or_, select

from runlift.projections.driver import ProjectionSettings
from runlift.projections.load import week_start
from runlift.projections.muscles import day_end, fatigue_at
from runlift.settings import MusclesConfig

# What a day row of `history muscles` holds (the rest of view_muscle_day is the decay's own state).
DAY_COLUMNS = ("day", "muscle", "hard_sets", "volume_kg", "fatigue_pct", "units", "cause")


def formula(c: MusclesConfig) -> str:
    """How a group's fatigue is computed, in one line (status and the dashboard show it)."""
    return (
        f"min(100, {c.pct_per_unit:g} x units left), each unit halving every {c.half_life_h:g} h; "
        f"a hard set (RPE >= {c.hard_rpe:g}, or <= {c.hard_rir:g} reps in reserve by the e1RM) "
        f"{c.primary_units:g} unit to a primary muscle, {c.secondary_units:g} to a secondary; a run "
        f"minutes/{c.run_minutes_per_unit:g} to the legs and calves (x {c.fast_run_factor:g} at "
        f"HRR >= {c.fast_run_hrr:g}, x (1 + descent m/{c.descent_m_per_unit:g}))"
    )


def muscles_on(conn: Connection, s: ProjectionSettings, as_of: date) -> list[dict[str, Any]]:
    """Each muscle group with a figure in the `window_days` up to `as_of`: its fatigue at the end of
    `as_of` (24:00 in the athlete's zone), the hard sets and volume of the window, what left the most of
    it; most fatigued first."""
    c = s.muscles
    first = as_of - timedelta(days=c.window_days - 1)
    mc = rm.muscle_contribution.c
    window: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for row in conn.execute(
        select(mc.muscle, mc.hard_sets, mc.volume_kg)
        .where(mc.athlete_id == s.athlete_id, mc.local_day >= first, mc.local_day <= as_of)
        .order_by(mc.end_utc, mc.session, mc.muscle)
    ):
        totals = window[row.muscle]
        totals[0] += row.hard_sets
        totals[1] += row.volume_kg
        totals[2] += 1
    now = fatigue_at(conn, s.athlete_id, day_end(as_of, ZoneInfo(s.time_zone)), c)
    out = []
    for muscle, state in now.items():
        hard_sets, volume, inputs = window.get(muscle, (0.0, 0.0, 0))
        pct = round(state.fatigue_pct, 1)
        if not inputs and not pct:
            continue
        out.append(
            {
                "muscle": muscle,
                "fatigue_pct": pct,
                "hard_sets_7d": round(hard_sets, 2),
                "volume_kg_7d": round(volume, 1),
                "cause": state.cause if pct else None,
                "formula": formula(c),
                "inputs": int(inputs),
                "window_days": c.window_days,
            }
        )
    return sorted(out, key=lambda m: (-m["fatigue_pct"], -m["hard_sets_7d"], m["muscle"]))


def muscle_series(
    conn: Connection,
    athlete_id: str,
    start: date | None,
    end: date | None,
    muscle: str | None = None,
) -> list[dict[str, Any]]:
    """Day rows of the muscle projection, oldest first, groups in name order within a day."""
    md = rm.muscle_day.c
    query = select(*(md[name] for name in DAY_COLUMNS)).where(md.athlete_id == athlete_id)
    if muscle:
        query = query.where(md.muscle == muscle)
    if start:
        query = query.where(md.day >= start)
    if end:
        query = query.where(md.day <= end)
    return [
        {k: v.isoformat() if isinstance(v, date) else v for k, v in row._mapping.items()}
        for row in conn.execute(query.order_by(md.day, md.muscle))
    ]


def muscle_weeks(
    conn: Connection, athlete_id: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    """Per Monday-Sunday week and muscle group that lifted in it (hard sets or volume): its hard sets and
    volume, from the Monday of `start`'s week up to `end` (the last week counts its days up to `end`)."""
    md = rm.muscle_day.c
    query = select(md.day, md.muscle, md.hard_sets, md.volume_kg).where(
        md.athlete_id == athlete_id, or_(md.hard_sets > 0, md.volume_kg > 0)
    )
    if start:
        query = query.where(md.day >= week_start(start))
    if end:
        query = query.where(md.day <= end)
    weeks: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in conn.execute(query.order_by(md.day, md.muscle)):
        totals = weeks[(week_start(row.day), row.muscle)]
        totals[0] += row.hard_sets
        totals[1] += row.volume_kg
    return [
        {
            "week_start": monday.isoformat(),
            "muscle": muscle,
            "hard_sets": round(hard_sets, 2),
            "volume_kg": round(volume, 1),
        }
        for (monday, muscle), (hard_sets, volume) in sorted(weeks.items())
    ]

"""Strength progression: per exercise and session, the best estimated 1RM, top load, volume and completion."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, delete, select

from runlift.coaching import formulas as f
from runlift.coaching.exercises import identify_mapped
from runlift.projections.duplicates import pair_sets, unnamed
from runlift.projections.facts import session_ratings
from runlift.settings import StrengthConfig


@dataclass
class _Set:
    exercise_name: str
    exercise_category: str | None
    reps: int | None
    weight_kg: float | None
    set_type: str
    rpe: float | None


def refresh(conn: Connection, athlete_id: str, from_day: date, config: StrengthConfig) -> None:
    """Recompute the per-exercise session rows of every strength session from `from_day` on. A work set
    that logged no RPE (nor took one from a linked record's set) takes the athlete's session RPE, when the
    athlete rated the session, so that autoregulation hears it."""
    s, t, ls = rm.session.c, rm.set_.c, rm.lift_session.c
    conn.execute(
        delete(rm.lift_session).where(ls.athlete_id == athlete_id, ls.local_day >= from_day)
    )
    sessions = conn.execute(
        select(s.session, s.primary_session, s.local_day).where(
            s.athlete_id == athlete_id, s.kind == "strength", s.local_day >= from_day
        )
    ).all()
    members: dict[str, list[str]] = defaultdict(list)
    days: dict[str, date] = {}
    for session, primary, day in sessions:
        members[primary].append(session)
        if session == primary:
            days[session] = day
    sets: dict[str, list[_Set]] = defaultdict(list)
    for row in conn.execute(
        select(
            t.session, t.exercise_name, t.exercise_category, t.reps, t.weight_kg, t.set_type, t.rpe
        )
        .where(t.athlete_id == athlete_id, t.local_day >= from_day, t.set_type != "warmup")
        .order_by(t.session, t.set_index)
    ):
        sets[row.session].append(
            _Set(
                row.exercise_name,
                row.exercise_category,
                row.reps,
                row.weight_kg,
                row.set_type,
                row.rpe,
            )
        )
    mapped = mappings(conn, athlete_id)
    ratings = session_ratings(conn, athlete_id, from_day)
    rows = []
    for primary, day in sorted(days.items()):
        own = _named(primary, sorted(members[primary]), sets)
        rating = ratings.get(primary)
        if rating is not None:
            for one in own:
                if one.rpe is None:
                    one.rpe = rating
        # One row per exercise identity: the watch's and the app's names of a lift are one exercise.
        by_exercise: dict[str, list[_Set]] = defaultdict(list)
        names: dict[str, str] = {}
        for one in own:
            if not unnamed(one.exercise_name):
                exercise, _ = identify_mapped(one.exercise_name, one.exercise_category, mapped)
                by_exercise[exercise.id].append(one)
                names[exercise.id] = exercise.name
        for key, done in sorted(by_exercise.items()):
            rows.append(_row(athlete_id, key, names[key], primary, day, done, config))
    if rows:
        conn.execute(rm.lift_session.insert(), rows)


def mappings(conn: Connection, athlete_id: str) -> dict[str, str]:
    """The athlete's exercise mappings: folded name -> exercise id (view_exercise_map)."""
    m = rm.exercise_map.c
    return {
        row.name_key: row.exercise_id
        for row in conn.execute(select(m.name_key, m.exercise_id).where(m.athlete_id == athlete_id))
    }


def _named(primary: str, group: list[str], sets: dict[str, list[_Set]]) -> list[_Set]:
    """The primary's sets, an unnamed one taking the name (and a set without RPE the RPE) of the set it
    pairs with in another record."""
    own = [
        _Set(x.exercise_name, x.exercise_category, x.reps, x.weight_kg, x.set_type, x.rpe)
        for x in sets.get(primary, [])
    ]
    for other in group:
        if other == primary:
            continue
        for position, theirs in pair_sets(own, sets.get(other, [])).items():
            if unnamed(own[position].exercise_name) and not unnamed(theirs.exercise_name):
                own[position].exercise_name = theirs.exercise_name
                own[position].exercise_category = theirs.exercise_category
            if own[position].rpe is None:  # the lifting app's RPE for the watch's set
                own[position].rpe = theirs.rpe
    return own


def _row(
    athlete_id: str,
    key: str,
    name: str,
    session: str,
    day: date,
    sets: list[_Set],
    config: StrengthConfig,
) -> dict[str, Any]:
    rated = [
        (f.epley(x.weight_kg, x.reps), x)
        for x in sets
        if x.reps is not None and 1 <= x.reps <= config.max_reps and x.weight_kg and x.weight_kg > 0
    ]
    best = max(rated, key=lambda pair: pair[0], default=None)
    weights = [x.weight_kg for x in sets if x.weight_kg]
    return {
        "athlete_id": athlete_id,
        "exercise": key,
        "session": session,
        "name": name,
        "local_day": day,
        "e1rm_epley_kg": best[0] if best else None,
        "e1rm_brzycki_kg": f.brzycki(best[1].weight_kg, best[1].reps) if best else None,  # type: ignore[arg-type]
        "best_reps": best[1].reps if best else None,
        "best_weight_kg": best[1].weight_kg if best else None,
        "top_weight_kg": max(weights) if weights else None,
        "volume_kg": f.volume_load([(x.reps, x.weight_kg) for x in sets]),
        "work_sets": len(sets),
        # Until a plan prescribes targets (the planner's issue), a work set is done when it logged a rep.
        "completed": all(x.reps is not None and x.reps >= 1 for x in sets),
        "rpe_max": max((x.rpe for x in sets if x.rpe is not None), default=None),
        "rpe_sets": sum(1 for x in sets if x.rpe is not None),
        "top_reps": max(
            (x.reps for x in sets if x.weight_kg == max(weights) and x.reps is not None),
            default=None,
        )
        if weights
        else None,
        "sets": [[x.reps, x.weight_kg, x.rpe] for x in sets],
    }

"""The exercises the athlete's files hold: each identity with the names apps and watches wrote for it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, func, select

from runlift.coaching.exercises import catalogue, exercise_key, identify_mapped
from runlift.projections.strength import mappings


def seen(conn: Connection, athlete_id: str) -> list[dict[str, Any]]:
    """Every exercise with logged sets: its id and display name, how it was matched (`catalogue`, `mapped`
    by the athlete, or `unmatched`: kept under its own name), the names written for it with their sets,
    and its sessions (a workout recorded by several apps counts once). Most sessions first."""
    t, s = rm.set_.c, rm.session.c
    mapped = mappings(conn, athlete_id)
    rows = conn.execute(
        select(
            t.exercise_name,
            t.exercise_category,
            func.count().label("sets"),
            s.primary_session,
        )
        .join(rm.session, (s.athlete_id == t.athlete_id) & (s.session == t.session))
        .where(t.athlete_id == athlete_id)
        .group_by(t.exercise_name, t.exercise_category, s.primary_session)
    ).all()
    entries: dict[str, dict[str, Any]] = {}
    sessions: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        exercise, by_map = identify_mapped(row.exercise_name, row.exercise_category, mapped)
        match = "mapped" if by_map else "catalogue" if exercise.known else "unmatched"
        entry = entries.setdefault(
            exercise.id,
            {
                "id": exercise.id,
                "name": exercise.name,
                "kind": exercise.kind,
                "match": match,
                "names": {},
            },
        )
        if match == "mapped":
            entry["match"] = "mapped"
        written = entry["names"].setdefault(
            (row.exercise_name, row.exercise_category),
            {"name": row.exercise_name, "category": row.exercise_category, "sets": 0},
        )
        written["sets"] += row.sets
        sessions[exercise.id].add(row.primary_session)
    out = []
    for exercise_id, entry in entries.items():
        names = sorted(entry.pop("names").values(), key=lambda n: (-n["sets"], n["name"]))
        out.append(
            {
                **entry,
                "sessions": len(sessions[exercise_id]),
                "sets": sum(n["sets"] for n in names),
                "names": names,
            }
        )
    return sorted(out, key=lambda e: (-e["sessions"], e["name"]))


def search(text: str) -> list[dict[str, Any]]:
    """Catalogue exercises whose id, name or an alias contains `text` (folded), for choosing a mapping."""
    key = exercise_key(text)
    found = []
    for exercise in catalogue():
        keys = [exercise_key(n) for n in (exercise.id, exercise.name, *exercise.aliases)]
        if any(key in k for k in keys):
            found.append(
                {
                    "id": exercise.id,
                    "name": exercise.name,
                    "pattern": exercise.pattern,
                    "kind": exercise.kind,
                    "equipment": exercise.equipment,
                }
            )
    return found

"""Rule 1, placement (docs/coaching.md): where a resistance session may go around the week's hard runs.

`hard_runs`, `lift_allowed` and `move_lift` are shared with the leg-fatigue rules (coaching/legs.py), which
move sessions by the same constraints.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from runlift.coaching.model import Adjustment, PlannedSession, State, Week
from runlift.coaching.plan_config import PlanConfig
from runlift.coaching.safety import ahead


def hard_runs(week: Week, state: State, config: PlanConfig) -> dict[date, str]:
    """Day -> run type of every hard run: done (imported) or still planned."""
    hard = {d: t for d, t in state.hard_runs_done.items() if t in config.rules.hard_runs}
    for s in week.sessions:
        if s.kind == "run" and s.type in config.rules.hard_runs and s.day >= state.today:
            hard.setdefault(s.day, s.type)
    return hard


def lift_allowed(
    session: PlannedSession,
    day: date,
    state: State,
    config: PlanConfig,
    hard: dict[date, str],
) -> str | None:
    """Why `session` on `day` would break rule 1, or None; `hard` is `hard_runs` of the week."""
    before = day - timedelta(days=1)
    if before in hard:
        return (
            f"{hard[before]} run on {before.isoformat()} (resistance waits 24 h after a hard run)"
        )
    done_hard = state.hard_runs_done.get(day) in config.rules.hard_runs
    if day in hard and (session.order != "before" or done_hard):
        return f"{hard[day]} run the same day before it (resistance waits 24 h after a hard run)"
    after = day + timedelta(days=1)
    quality = {d for d, t in hard.items() if t in config.rules.quality_runs}
    if "lower" in session.regions and after in quality:
        return f"{hard[after]} run on {after.isoformat()} (no lower-body session the day before a quality run)"
    return None


def move_lift(
    rule: str,
    lift: PlannedSession,
    to: date,
    why: str,
    figures: dict[str, Any],
    taken: set[date],
) -> Adjustment:
    """The adjustment moving `lift` to `to`, a day no other lift of the week takes (`taken` is updated)."""
    taken.discard(lift.day)
    taken.add(to)
    return Adjustment(
        rule,
        lift.key,
        {"action": "move", "to": to.isoformat()},
        f"{lift.title} moved from {lift.day:%a} to {to:%a}: {why}",
        figures,
    )


def placement(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 1: resistance on light days or after easy runs; never within 24 h after a hard run; no
    lower-body session the day before a quality run. A session that breaks it moves to the nearest day of
    the week that does not (later first), or is dropped when none does."""
    hard = hard_runs(week, state, config)
    out = []
    taken = {s.day for s in week.sessions if s.kind == "lift"}
    for lift in ahead(week, state, "lift"):
        why = lift_allowed(lift, lift.day, state, config, hard)
        if why is None:
            continue
        candidates = sorted(
            (d for d in week.days if d >= state.today and d != lift.day and d not in taken),
            key=lambda d: (abs((d - lift.day).days), d < lift.day),
        )
        free = [
            d
            for d in candidates
            if lift_allowed(replace(lift, order="after"), d, state, config, hard) is None
        ]
        figures = {"planned_day": lift.day.isoformat(), "conflict": why}
        if free:
            out.append(move_lift("placement", lift, free[0], why, figures, taken))
        else:
            out.append(
                Adjustment(
                    "placement",
                    lift.key,
                    {"action": "drop"},
                    f"{lift.title} dropped this week: {why}, and no other day is free of it",
                    figures,
                )
            )
    return out

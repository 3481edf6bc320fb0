"""The legs' fatigue in the plan (docs/coaching.md, "Fatigue per muscle group"): with the quadriceps, hamstrings or
glutes at `legs_threshold_pct` or more at the start of a day, that day takes neither quality running nor a
heavy lower-body session.

Both rules read `State.legs`, each leg muscle's fatigue at the start of each day from today on, computed
from the sessions done: planned sessions add nothing, so a later day is never more fatigued than an
earlier one and a session waiting for its legs looks later in the week, never earlier.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from runlift.coaching.adjust import apply
from runlift.coaching.model import Adjustment, MuscleState, PlannedSession, State, Week
from runlift.coaching.placement import hard_runs, lift_allowed, move_lift
from runlift.coaching.plan_config import PlanConfig
from runlift.coaching.safety import ahead
from runlift.coaching.wording import shown


def fatigued_legs(state: State, day: date) -> list[MuscleState]:
    """The leg muscles at or over the threshold at the start of `day`, most fatigued first (none when the
    day has no figures)."""
    legs = state.legs.get(day, {}).values()
    return sorted(
        (m for m in legs if m.fatigue_pct >= state.legs_threshold_pct),
        key=lambda m: (-m.fatigue_pct, m.muscle),
    )


def said(fatigued: list[MuscleState], threshold: float) -> str:
    """The muscles with their figures and causes: "quadriceps 78 % fatigued, hamstrings 64 % (after
    Tuesday's squats)"; muscles of one cause together, each cause once."""
    by_cause: dict[str | None, list[MuscleState]] = {}
    for muscle in fatigued:
        by_cause.setdefault(muscle.cause, []).append(muscle)
    parts: list[str] = []
    for cause, muscles in by_cause.items():
        figures = ", ".join(
            f"{m.muscle} {shown(m.fatigue_pct, threshold, 0)} %"
            + (" fatigued" if not parts and k == 0 else "")
            for k, m in enumerate(muscles)
        )
        parts.append(figures + (f" (after {cause})" if cause else ""))
    return ", ".join(parts)


def _figures(state: State, day: date) -> dict[str, Any]:
    """What the adjustment was decided from: every leg muscle at the start of `day`, and the threshold."""
    return {
        "day": day.isoformat(),
        "threshold_pct": state.legs_threshold_pct,
        "legs": {
            m.muscle: {"fatigue_pct": m.fatigue_pct, "cause": m.cause}
            for m in state.legs.get(day, {}).values()
        },
    }


def _free_for_quality(day: date, week: Week, state: State, config: PlanConfig) -> bool:
    """Whether a quality run may move to `day` (a day of the week after its own, the run taken out of
    `week`): nothing is planned that day (a rest day stays rest), the legs are under the threshold at its
    start, no hard run is the day before or after (hard days are not put back to back), and rule 1 still
    holds for the lifts around it (no lift the day after, no lower-body lift the day before)."""
    if week.on(day) or fatigued_legs(state, day):
        return False
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    hard = hard_runs(week, state, config)
    if before in hard or after in hard:
        return False
    if any(s.kind == "lift" for s in week.on(after)):
        return False
    return not any(s.kind == "lift" and "lower" in s.regions for s in week.on(before))


def leg_fatigue_run(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """A quality run (tempo, intervals, race: [rules] quality_runs) on a day whose start finds a leg muscle
    at legs_threshold_pct or more moves to the next day of the week that is free for it with the legs
    under the threshold, else becomes an easy run of the same minutes: quality running wants fresh legs,
    and a heavy leg day (or a long run) before it turns it into a slog at a higher risk of injury."""
    threshold = state.legs_threshold_pct
    out = []
    for run in ahead(week, state, "run"):
        if run.type not in config.rules.quality_runs:
            continue
        fatigued = fatigued_legs(state, run.day)
        if not fatigued:
            continue
        why = f"{said(fatigued, threshold)}; legs under {threshold:g} % before quality running"
        without = week.replace_session(run.key, None)
        free = [
            d for d in week.days if d > run.day and _free_for_quality(d, without, state, config)
        ]
        figures = _figures(state, run.day)
        if free:
            adjustment = Adjustment(
                "leg_fatigue_run",
                run.key,
                {"action": "move", "to": free[0].isoformat()},
                f"{run.type} run moved from {run.day:%a} to {free[0]:%a}: {why}",
                {**figures, "to_legs": _figures(state, free[0])["legs"]},
            )
        else:
            adjustment = Adjustment(
                "leg_fatigue_run",
                run.key,
                {"action": "run", "type": "easy", "minutes": run.minutes},
                f"{run.type} run made easy: {why}",
                figures,
            )
        out.append(adjustment)
        week = apply(week, adjustment, config)  # a later quality run finds this one where it went
    return out


def _heavy_lower(session: PlannedSession) -> bool:
    """A lift with loaded lower-body work (a session of holds or body-weight work only is not heavy)."""
    return session.kind == "lift" and any(
        e.region == "lower" and e.load_kg for e in session.exercises
    )


def leg_fatigue_lift(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """A heavy lower-body session on a day whose start finds a leg muscle at legs_threshold_pct or more
    moves to the next day of the week with the legs under the threshold, no other lift, and rule 1 kept;
    with no such day its lower-body exercises lose [rules] legs_set_cut sets each, same loads: heavy
    lower-body work on legs still recovering (after a long run, a hard leg day) adds strain without the
    quality that makes it worth doing."""
    threshold = state.legs_threshold_pct
    cut = config.rules.legs_set_cut
    hard = hard_runs(week, state, config)
    taken = {s.day for s in week.sessions if s.kind == "lift"}
    out = []
    for lift in ahead(week, state, "lift"):
        if not _heavy_lower(lift):
            continue
        fatigued = fatigued_legs(state, lift.day)
        if not fatigued:
            continue
        why = (
            f"{said(fatigued, threshold)}; no heavy lower-body session while the legs are at "
            f"{threshold:g} % or more"
        )
        free = [
            d
            for d in week.days
            if d > lift.day
            and d not in taken
            and not fatigued_legs(state, d)
            and lift_allowed(replace(lift, order="after"), d, state, config, hard) is None
        ]
        figures = _figures(state, lift.day)
        if free:
            to_legs = {"to_legs": _figures(state, free[0])["legs"]}
            out.append(
                move_lift("leg_fatigue_lift", lift, free[0], why, {**figures, **to_legs}, taken)
            )
        else:
            out.append(
                Adjustment(
                    "leg_fatigue_lift",
                    lift.key,
                    {"action": "cut_sets", "by": cut, "region": "lower"},
                    f"{lift.title}: {cut} set fewer per lower-body exercise, same load: {why}, and "
                    "no later day this week is free with them under it",
                    figures,
                )
            )
    return out

"""docs/coaching.md's rules 1-11 and the leg-fatigue rules as named pure functions: (week, state, config) ->
adjustments with reasons.

`plan` applies them in the stated order, safety first (injury, readiness, sleep, legs before quality
running, mileage spike), then placement, legs before heavy lower-body work, and energy, then progression and
plateau, then reassessment, periodisation and prompts; each rule sees the week as the rules before it left
it. A rule never touches a day before `state.today`. Placement lives in coaching/placement.py, the leg
rules in coaching/legs.py, the other safety rules in coaching/safety.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from runlift.coaching.adjust import apply
from runlift.coaching.completion import reset_load
from runlift.coaching.exercises import identify
from runlift.coaching.legs import fatigued_legs, leg_fatigue_lift, leg_fatigue_run, said
from runlift.coaching.model import (
    Adjustment,
    LiftState,
    PlannedSession,
    Prescription,
    State,
    Week,
)
from runlift.coaching.placement import placement
from runlift.coaching.plan_config import PlanConfig
from runlift.coaching.safety import (
    HOLDS,
    REGION_OF_PART,
    ahead,
    injury_mode,
    mileage_spike,
    readiness,
    sleep,
    spiking,
)
from runlift.coaching.template import block_of, round_to
from runlift.coaching.wording import shown

Rule = Callable[[Week, State, PlanConfig], list[Adjustment]]


def energy_demanding_week(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 3: in a long-run build or a race week, drop the accessory lifts to protect the key runs."""
    longs = [s.minutes or 0 for s in week.sessions if s.kind == "run" and s.type == "long"]
    build = config.rules.long_run_build_pct
    last = state.last_long_run_min
    building = bool(longs) and last is not None and max(longs) > last * (1 + build / 100)
    if not (building or state.race_week):
        return []
    why = (
        "race week"
        if state.race_week
        else (
            f"long run {max(longs):.0f} min, over {build:g} % longer than last week's {last:.0f} min"
        )
    )
    return [
        Adjustment(
            "energy_demanding_week",
            s.key,
            {"action": "drop_accessories"},
            f"{s.title}: accessory lifts dropped: {why}",
            {
                "long_run_min": max(longs, default=None),
                "last_long_run_min": last,
                "race_week": state.race_week,
            },
        )
        for s in ahead(week, state, "lift")
        if any(e.accessory for e in s.exercises)
    ]


def progression(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 4: +progression_pct on a lift whose sets were all completed for 3-4 weeks since its last
    increase (the projection's "due") while readiness is green; never faster. Autoregulated by the sets'
    RPE where the source logs it: every work set of the last two sessions at easy_rpe or under takes the
    upper step (+progression_upper_pct); a work set of the last session at hold_rpe or over holds the load,
    saying so."""
    if state.readiness_band != "green" or spiking(state) is not None:
        return []  # a spiking week keeps its loads (rule 2: fewer sets, same intensity)
    r = config.rules
    out = []
    for s in ahead(week, state, "lift"):
        for e in s.exercises:
            lift = state.lifts.get(identify(e.name).id)
            if lift is None or not lift.due or not e.load_kg:
                continue
            held = _held(lift, r.hold_rpe) or _legs_hold(e, s, state)
            if held is not None:
                why, figures = held
                out.append(
                    Adjustment(
                        "progression",
                        s.key,
                        {"action": "note", "text": f"{e.name}: load held"},
                        f"{e.name}: held at {e.load_kg:g} kg although due: {why}",
                        figures,
                    )
                )
                continue
            easy = lift.last_two_rpe_max is not None and lift.last_two_rpe_max <= r.easy_rpe
            pct = r.progression_upper_pct if easy else r.progression_pct
            step = config.loads.round_to_kg
            new = round_to(e.load_kg * (1 + pct / 100), step)
            if (
                new > e.load_kg * 1.05 + 1e-9
            ):  # the upper step rounded past +5 %: the plate below it
                new = round_to(math.floor(e.load_kg * 1.05 / step + 1e-9) * step, step)
            if new <= e.load_kg:  # the step rounds away: one plate step, if that stays within +5 %
                new = e.load_kg + step
            if new > e.load_kg * 1.05 + 1e-9:
                continue  # never faster than +5 % (docs/coaching.md rule 4): wait for a load that allows it
            since = lift.last_increase.isoformat() if lift.last_increase else "the first session"
            out.append(
                Adjustment(
                    "progression",
                    s.key,
                    {"action": "load", "exercise": e.name, "from": e.load_kg, "to": new},
                    f"{e.name}: {e.load_kg:g} -> {new:g} kg (+{pct:g} %): every set done since "
                    f"{since}, readiness green"
                    + (
                        f", the last two sessions easy (every set RPE <= {r.easy_rpe:g})"
                        if easy
                        else ""
                    ),
                    {"last_increase": since, "pct": pct},
                )
            )
    return out


def _legs_hold(
    exercise: Prescription, session: PlannedSession, state: State
) -> tuple[str, dict[str, Any]] | None:
    """Why a lower-body exercise keeps its load on a day whose start finds the legs still fatigued (the
    day leg_fatigue_lift cut its sets, no free day being left): more load would undo that rule."""
    fatigued = fatigued_legs(state, session.day) if exercise.region == "lower" else []
    if not fatigued:
        return None
    return (
        f"{said(fatigued, state.legs_threshold_pct)} on {session.day:%a}",
        {"legs": {m.muscle: m.fatigue_pct for m in fatigued}},
    )


def _held(lift: LiftState, hold_rpe: float) -> tuple[str, dict[str, Any]] | None:
    """Why a due lift keeps its load (reps missed against the last session's prescription, or a work set
    of it at hold_rpe or harder), with the figure; None when it may progress."""
    last = lift.completions[0] if lift.completions else None
    if last is not None and not last.met:
        why = f"{last.missed_reps} rep(s) missed in the last session ({last.said()})"
        return why, {"missed_reps": last.missed_reps}
    if lift.last_rpe_max is not None and lift.last_rpe_max >= hold_rpe:
        why = f"a work set of the last session at RPE {lift.last_rpe_max:g} (>= {hold_rpe:g})"
        return why, {"rpe": lift.last_rpe_max}
    return None


def reset(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 4, autoregulated: reps missed in each of a lift's last two prescribed sessions, each with a work
    set at reset_rpe or harder, -> reset_pct lighter (a reset of 5-10 %, on a plate step), explained.
    Whatever readiness says: a load the athlete cannot complete is lightened."""
    r = config.rules
    out = []
    for s in ahead(week, state, "lift"):
        for e in s.exercises:
            lift = state.lifts.get(identify(e.name).id)
            if lift is None or not e.load_kg or len(lift.completions) < 2:
                continue
            last_two = lift.completions[:2]
            if not all(
                c is not None
                and not c.met
                and c.hardest_rpe is not None
                and c.hardest_rpe >= r.reset_rpe
                for c in last_two
            ):
                continue
            new = reset_load(e.load_kg, r.reset_pct, config.loads.round_to_kg)
            if new >= e.load_kg:
                continue
            said = "; ".join(
                f"{c.said()}, RPE {c.hardest_rpe:g}" for c in last_two if c is not None
            )
            out.append(
                Adjustment(
                    "reset",
                    s.key,
                    {"action": "load", "exercise": e.name, "from": e.load_kg, "to": new},
                    f"{e.name}: {e.load_kg:g} -> {new:g} kg "
                    f"(-{(1 - new / e.load_kg) * 100:.1f} %, a reset): reps missed at RPE >= "
                    f"{r.reset_rpe:g} in each of the last two sessions ({said})",
                    {
                        "missed_reps": [c.missed_reps for c in last_two if c is not None],
                        "rpe": [c.hardest_rpe for c in last_two if c is not None],
                        "pct": r.reset_pct,
                    },
                )
            )
    return out


def plateau(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 5: a lift whose e1RM has not improved for 3-4 training weeks (and is not simply due for its
    next increase) changes its set-rep range (the same sets of plateau_reps at the load with the same e1RM)
    instead of forcing load."""
    reps = config.rules.plateau_reps
    out = []
    for s in ahead(week, state, "lift"):
        for e in s.exercises:
            lift = state.lifts.get(identify(e.name).id)
            # A lift due for progression has not been offered more load yet: rule 4 is its answer.
            if lift is None or not lift.plateau or lift.due or e.reps == reps or not e.load_kg:
                continue
            load = round_to(
                e.load_kg * (1 + e.reps / 30) / (1 + reps / 30), config.loads.round_to_kg
            )
            out.append(
                Adjustment(
                    "plateau",
                    s.key,
                    {
                        "action": "set_rep_range",
                        "exercise": e.name,
                        "sets": e.sets,
                        "reps": reps,
                        "load_kg": load,
                    },
                    f"{e.name}: {e.sets}x{e.reps} -> {e.sets}x{reps} at {load:g} kg: no e1RM gain "
                    "in the last training weeks, so a new stimulus instead of more load",
                    {"e1rm_kg": lift.e1rm_kg},
                )
            )
    return out


def reassessment(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 9: every reassess_weeks weeks, short tests that do not exhaust, on the week's first light day:
    no lift, no hard run, and the legs under legs_threshold_pct (a time trial or a 3-5RM on tired legs
    measures the fatigue, not the athlete)."""
    due = config.rules.reassess_weeks
    since = state.weeks_since_reassessment
    if (since is not None and since < due) or state.injuries:
        return []  # no time trial or 3-5RM test while injured
    light = [
        d
        for d in week.days
        if d >= state.today
        and not any(
            s.kind == "lift" or (s.kind == "run" and s.type in config.rules.hard_runs)
            for s in week.on(d)
        )
        and not fatigued_legs(state, d)
    ]
    if not light:
        return []
    day = light[0]
    why = "no reassessment yet" if since is None else f"{since} weeks since the last reassessment"
    return [
        Adjustment(
            "reassessment",
            f"{day.isoformat()}:test",
            {"action": "test", "day": day.isoformat()},
            f"reassessment on {day:%a}: bodyweight squats, a loaded carry, a 3-5RM estimate, a "
            f"running time trial, and a weigh-in: {why}",
            {"weeks_since": since},
        )
    ]


def periodisation(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 10: when the current block has run its weeks, the next block of the cycle starts."""
    current = block_of(config, state.block)
    if state.block_week <= current.weeks:
        return []
    names = [b.name for b in config.blocks]
    following = config.blocks[(names.index(current.name) + 1) % len(names)]
    return [
        Adjustment(
            "periodisation",
            f"{week.start.isoformat()}:block",
            {"action": "block", "to": following.name},
            f"{following.name} block starts: {current.name} block's {current.weeks} weeks are done",
            {"from": current.name, "weeks": current.weeks},
        )
    ]


def prompts(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 11: a protein reminder after each resistance session; calcium, vitamin D and hydration on a
    high-mileage or spiking week. Prompts, not prescriptions."""
    out = [
        Adjustment(
            "prompts",
            s.key,
            {"action": "note", "text": "protein-rich meal within 1-2 h after"},
            f"{s.title}: protein-rich meal within 1-2 h after",
            {},
        )
        for s in ahead(week, state, "lift")
    ]
    km, change = state.week_km, state.week_km_change_pct
    spike = change is not None and change > state.spike_pct
    if km > config.rules.high_mileage_km or spike:
        runs = ahead(week, state, "run")
        why = (
            f"{shown(km, config.rules.high_mileage_km, 0)} km this week "
            f"(over {config.rules.high_mileage_km:g})"
            if km > config.rules.high_mileage_km
            else spiking(state) or ""
        )
        if runs:
            text = "calcium, vitamin D and hydration"
            out.append(
                Adjustment(
                    "prompts",
                    runs[0].key,
                    {"action": "note", "text": f"high-mileage week: {text}"},
                    f"mind {text}: {why}",
                    {"week_km": km, "km_change_pct": change},
                )
            )
    return out


# The order conflicts resolve in: safety, then placement and energy, then progression, then the rest. The
# legs' quality-run rule sits with the other rules that ease a hard run, before placement so that placement
# sees the runs where they end up; the legs' lift rule follows placement, which decides where a lift may go
# at all, and only ever moves a lift to a day that keeps it.
RULES: tuple[Rule, ...] = (
    injury_mode,
    readiness,
    sleep,
    leg_fatigue_run,
    mileage_spike,
    placement,
    leg_fatigue_lift,
    energy_demanding_week,
    progression,
    reset,
    plateau,
    reassessment,
    periodisation,
    prompts,
)


# What the nightly re-plan runs: periodisation acts when a week is generated (its block is the week's).
NIGHTLY: tuple[Rule, ...] = tuple(rule for rule in RULES if rule is not periodisation)


def plan(
    week: Week, state: State, config: PlanConfig, rules: tuple[Rule, ...] = RULES
) -> tuple[Week, list[Adjustment]]:
    """The rules in order, each on the week the earlier ones left; the adjusted week and the adjustments."""
    adjustments: list[Adjustment] = []
    for rule in rules:
        for adjustment in rule(week, state, config):
            adjustments.append(adjustment)
            week = apply(week, adjustment, config)
    return week, adjustments


__all__ = [
    "HOLDS",
    "NIGHTLY",
    "REGION_OF_PART",
    "RULES",
    "apply",
    "energy_demanding_week",
    "injury_mode",
    "leg_fatigue_lift",
    "leg_fatigue_run",
    "mileage_spike",
    "periodisation",
    "placement",
    "plan",
    "plateau",
    "progression",
    "prompts",
    "readiness",
    "reassessment",
    "reset",
    "sleep",
]

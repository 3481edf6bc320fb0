"""A week from the template: runs sized to the athlete's recent running, lifts loaded from their e1RMs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from runlift.coaching import formulas as f
from runlift.coaching.exercises import Exercise, catalogue, identify
from runlift.coaching.model import (
    LoadBasis,
    PlannedSession,
    Prescription,
    RunningHistory,
    Trained,
    Week,
)
from runlift.coaching.plan_config import DAYS, Block, ExerciseSpec, PlanConfig


def block_of(config: PlanConfig, name: str) -> Block:
    """The block called `name` (the first block if none is)."""
    return next((b for b in config.blocks if b.name == name), config.blocks[0])


def round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 3)


def start_load(
    spec_load: float | None, reps: int, basis: LoadBasis | None, config: PlanConfig
) -> tuple[float | None, str | None]:
    """The load to prescribe and where it came from: `start_pct_of_e1rm` of what the lift's best recent
    e1RM predicts for the reps (`break_pct` of that after a break), else the template's load."""
    if spec_load is None:
        return None, None
    c = config.loads
    if basis is None:
        return spec_load, f"{spec_load:g} kg: the template's (no recent sets of it)"
    predicted = f.weight_for_reps(basis.e1rm_kg, reps)
    pct = c.start_pct_of_e1rm * (c.break_pct / 100 if basis.after_break else 1)
    load = round_to(predicted * pct / 100, c.round_to_kg)
    when = "after a break: " if basis.after_break else ""
    return load, (
        f"{load:g} kg = {when}{pct:g} % of the {predicted:.1f} kg an e1RM of {basis.e1rm_kg:.1f} kg predicts "
        f"for {reps} reps (best set {basis.weight_kg:g} kg x {basis.reps} on {basis.day.isoformat()})"
    )


def run_minutes(
    config: PlanConfig, block: Block, running: RunningHistory | None
) -> tuple[dict[str, float], str]:
    """Each template day's run minutes for this athlete, and the note saying where they came from.

    The template gives the shape (which day is easy, quality or long, and each run's share); the athlete's
    recent weeks give the volume: their mean weekly minutes, the long run the median of their weekly
    longest runs. Quality runs then take the block's factor; the week stays within max_growth_pct of the
    mean. Without recent runs, the template's minutes.
    """
    slots = {day: slot.run for day, slot in config.template.items() if slot.run is not None}
    v = config.volume
    if running is None or running.weekly_minutes <= 0:
        minutes = {day: run.minutes for day, run in slots.items()}
        note = f"no runs in your last {v.history_weeks} weeks: the template's minutes"
    else:
        longs = [day for day, run in slots.items() if run.type == "long"]
        long_total = running.long_run_minutes * len(longs)
        rest_template = sum(run.minutes for day, run in slots.items() if day not in longs)
        rest_total = max(0.0, running.weekly_minutes - long_total)
        minutes = {
            day: running.long_run_minutes
            if day in longs
            else run.minutes * rest_total / rest_template
            if rest_template
            else 0.0
            for day, run in slots.items()
        }
        note = (
            f"sized to your last {running.weeks} week{'s' if running.weeks != 1 else ''}: "
            f"{running.weekly_minutes:.0f} min a week, long runs {running.long_run_minutes:.0f} min"
        )
    for day, run in slots.items():
        if run.type in config.rules.quality_runs:
            minutes[day] *= block.quality_minutes_factor
        minutes[day] = max(v.min_run_minutes, minutes[day])
    if running is not None and running.weekly_minutes > 0:
        ceiling = running.weekly_minutes * (1 + v.max_growth_pct / 100)
        total = sum(minutes.values())
        if total > ceiling:
            minutes = {day: m * ceiling / total for day, m in minutes.items()}
    return {day: float(round(m)) for day, m in minutes.items()}, note


def generate_week(
    week_start: date,
    config: PlanConfig,
    block: str,
    loads: dict[str, LoadBasis],
    running: RunningHistory | None = None,
    trained: Sequence[Trained] = (),
) -> Week:
    """The template's week starting `week_start` (a Monday) in `block`, fitted to the athlete."""
    current = block_of(config, block)
    minutes_of, volume_note = run_minutes(config, current, running)
    sessions: list[PlannedSession] = []
    for k, name in enumerate(DAYS):
        slot = config.template.get(name)
        if slot is None:
            continue
        day = week_start + timedelta(days=k)
        if slot.lift is not None and slot.lift.order == "before":
            sessions.append(
                _lift(day, slot.lift.session, slot.lift.order, config, current, loads, trained)
            )
        if slot.run is not None:
            sessions.append(
                PlannedSession(
                    day,
                    "run",
                    slot.run.type,
                    f"{slot.run.type} run",
                    minutes=minutes_of[name],
                    # Said once a week, on its first run.
                    notes=() if any(s.kind == "run" for s in sessions) else (volume_note,),
                )
            )
        if slot.lift is not None and slot.lift.order == "after":
            sessions.append(
                _lift(day, slot.lift.session, slot.lift.order, config, current, loads, trained)
            )
        if slot.rest is not None:
            sessions.append(PlannedSession(day, "rest", "rest", slot.rest))
    return Week(week_start, current.name, tuple(sessions))


def _lift(
    day: date,
    name: str,
    order: str,
    config: PlanConfig,
    block: Block,
    loads: dict[str, LoadBasis],
    trained: Sequence[Trained],
) -> PlannedSession:
    spec = config.sessions[name]
    taken: set[str] = set()
    exercises = []
    for e in spec.exercises:
        exercise, chosen = _fill(e, trained, taken)
        taken.add(exercise.id)
        load, basis = start_load(
            e.load_kg if exercise.loaded else None, e.reps, loads.get(exercise.id), config
        )
        exercises.append(
            Prescription(
                name=exercise.name if chosen else e.name,
                sets=max(1, e.sets + block.set_change),
                reps=e.reps,
                load_kg=load,
                hold_s=e.hold_s,
                region=e.region,
                accessory=e.accessory,
                basis="; ".join(filter(None, (chosen, basis))) or None,
            )
        )
    return PlannedSession(day, "lift", name, spec.title, order=order, exercises=tuple(exercises))


def _fill(
    spec: ExerciseSpec, trained: Sequence[Trained], taken: set[str]
) -> tuple[Exercise, str | None]:
    """A slot's exercise: the one of its pattern and kind the athlete trained in most sessions lately
    (ties: the latest), else the template's; an exercise without a pattern is the template's."""
    default = identify(spec.name)
    if spec.pattern is None:
        return default, None
    kind = "timed" if spec.hold_s else default.kind
    candidates = [
        (t, exercise)
        for t in trained
        if t.exercise_id not in taken
        and (exercise := catalogue().get(t.exercise_id)) is not None
        and exercise.pattern == spec.pattern
        and exercise.kind == kind
    ]
    if not candidates:
        return default, None
    best, exercise = max(candidates, key=lambda c: (c[0].sessions, c[0].last_day))
    return exercise, (
        f"your most trained {spec.pattern.replace('_', ' ')} lately "
        f"({best.sessions} sessions, the last on {best.last_day.isoformat()})"
    )

"""A week from the template: runs and resistance sessions, loads from the athlete's estimated 1RMs."""

from __future__ import annotations

from datetime import date, timedelta

from runlift.coaching import formulas as f
from runlift.coaching.exercises import exercise_key
from runlift.coaching.model import LiftState, PlannedSession, Prescription, Week
from runlift.coaching.plan_config import DAYS, Block, PlanConfig


def block_of(config: PlanConfig, name: str) -> Block:
    """The block called `name` (the first block if none is)."""
    return next((b for b in config.blocks if b.name == name), config.blocks[0])


def round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 3)


def start_load(
    spec_load: float | None, reps: int, lift: LiftState | None, config: PlanConfig
) -> float | None:
    """The load to prescribe: `start_pct_of_e1rm` of what the lift's e1RM predicts for the reps, else the
    template's conservative default (None for bodyweight work)."""
    if spec_load is None:
        return None
    if lift is None or lift.e1rm_kg is None:
        return spec_load
    load = f.weight_for_reps(lift.e1rm_kg, reps) * config.loads.start_pct_of_e1rm / 100
    return round_to(load, config.loads.round_to_kg)


def generate_week(
    week_start: date, config: PlanConfig, block: str, lifts: dict[str, LiftState]
) -> Week:
    """The template's week starting `week_start` (a Monday) in `block`."""
    current = block_of(config, block)
    sessions: list[PlannedSession] = []
    for k, name in enumerate(DAYS):
        slot = config.template.get(name)
        if slot is None:
            continue
        day = week_start + timedelta(days=k)
        if slot.lift is not None and slot.lift.order == "before":
            sessions.append(_lift(day, slot.lift.session, slot.lift.order, config, current, lifts))
        if slot.run is not None:
            minutes = slot.run.minutes
            if slot.run.type in config.rules.quality_runs:
                minutes = round(minutes * current.quality_minutes_factor)
            sessions.append(
                PlannedSession(day, "run", slot.run.type, f"{slot.run.type} run", minutes=minutes)
            )
        if slot.lift is not None and slot.lift.order == "after":
            sessions.append(_lift(day, slot.lift.session, slot.lift.order, config, current, lifts))
        if slot.rest is not None:
            sessions.append(PlannedSession(day, "rest", "rest", slot.rest))
    return Week(week_start, current.name, tuple(sessions))


def _lift(
    day: date,
    name: str,
    order: str,
    config: PlanConfig,
    block: Block,
    lifts: dict[str, LiftState],
) -> PlannedSession:
    spec = config.sessions[name]
    exercises = tuple(
        Prescription(
            name=e.name,
            sets=max(1, e.sets + block.set_change),
            reps=e.reps,
            load_kg=start_load(e.load_kg, e.reps, lifts.get(exercise_key(e.name)), config),
            hold_s=e.hold_s,
            region=e.region,
            accessory=e.accessory,
        )
        for e in spec.exercises
    )
    return PlannedSession(day, "lift", name, spec.title, order=order, exercises=exercises)

"""What one session puts on each muscle group: its hard sets, volume and run time as fatigue units, and a label."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from runlift.coaching import formulas as f
from runlift.coaching.exercises import Exercise
from runlift.settings import MusclesConfig

# The leg muscles the plan watches, and the groups a run loads.
LEGS = ("quadriceps", "hamstrings", "glutes")
RUN_MUSCLES = (*LEGS, "calves")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Reps in reserve are compared with this much slack: 30 x (100 / 75 - 1) is 9.999999999999998, not 10.
RIR_SLACK = 1e-9
# Leading words of a catalogue name that say the equipment, left out of a label ("back squats").
_EQUIPMENT = frozenset({"barbell", "dumbbell", "kettlebell", "cable", "machine", "band", "smith"})
# The last word of a label made plural ("Tuesday's back squats"); any other name stays as it is.
_PLURAL = {
    "squat": "squats",
    "lunge": "lunges",
    "deadlift": "deadlifts",
    "press": "presses",
    "row": "rows",
    "curl": "curls",
    "raise": "raises",
    "crunch": "crunches",
    "extension": "extensions",
    "thrust": "thrusts",
    "swing": "swings",
    "dip": "dips",
    "up": "ups",
    "pull-up": "pull-ups",
    "push-up": "push-ups",
    "chin-up": "chin-ups",
    "step-up": "step-ups",
    "fly": "flies",
    "flye": "flyes",
    "shrug": "shrugs",
    "jump": "jumps",
    "bridge": "bridges",
    "clean": "cleans",
    "snatch": "snatches",
    "carry": "carries",
    "kick": "kicks",
    "pulldown": "pulldowns",
    "pullover": "pullovers",
    "rollout": "rollouts",
    "morning": "mornings",
    "plank": "planks",
    "sit": "sits",
    "hyperextension": "hyperextensions",
}


def fatigue_pct(units: float, config: MusclesConfig) -> float:
    """Fatigue % = min(100, pct_per_unit x units left)."""
    return min(100.0, config.pct_per_unit * units)


def decay(seconds: float, config: MusclesConfig) -> float:
    """The share of a unit left after `seconds`: 0.5^(hours / half_life_h)."""
    return float(0.5 ** (seconds / 3600 / config.half_life_h))


def is_hard(
    reps: int | None,
    weight_kg: float | None,
    rpe: float | None,
    e1rm_kg: float | None,
    config: MusclesConfig,
) -> bool:
    """Whether a work set was near failure: its RPE at `hard_rpe` or more; without an RPE, reps that leave
    at most `hard_rir` in reserve by the lift's e1RM (reps possible = 30 x (e1RM / load - 1), Epley
    inverted); with neither (no RPE, and no e1RM, load or reps to compare), it counts as hard."""
    if rpe is not None:
        return rpe >= config.hard_rpe
    if e1rm_kg and weight_kg and weight_kg > 0 and reps is not None:
        return reps_possible(e1rm_kg, weight_kg) - reps <= config.hard_rir + RIR_SLACK
    return True


def reps_possible(e1rm_kg: float, weight_kg: float) -> float:
    """How many reps a load allows by an e1RM: Epley inverted, 30 x (e1RM / load - 1)."""
    return 30 * (e1rm_kg / weight_kg - 1)


def run_hrr(mean_hrr: float | None, rpe: float | None) -> float | None:
    """A run's intensity as heart-rate reserve: its samples' mean, else what its RPE stands for (the
    athlete's rating first, then the file's: 0.45 + 0.05 x RPE, as the load reads it), else unknown."""
    if mean_hrr is not None:
        return mean_hrr
    return None if rpe is None else f.rpe_to_hrr(rpe)


def fast(hrr: float | None, config: MusclesConfig) -> bool:
    return hrr is not None and hrr >= config.fast_run_hrr


def run_units(
    minutes: float, hrr: float | None, descent_m: float | None, config: MusclesConfig
) -> float:
    """A run's units on each of quadriceps, hamstrings, glutes and calves: minutes / run_minutes_per_unit,
    x fast_run_factor at a mean heart-rate reserve of fast_run_hrr or more, x (1 + descent /
    descent_m_per_unit)."""
    units = minutes / config.run_minutes_per_unit
    if fast(hrr, config):
        units *= config.fast_run_factor
    return units * (1 + max(descent_m or 0.0, 0.0) / config.descent_m_per_unit)


@dataclass
class Share:
    """What one session put on one muscle group, and what gave it most (for the label)."""

    units: float = 0.0
    hard_sets: float = 0.0
    volume_kg: float = 0.0
    top: tuple[float, float, str] = (
        -1.0,
        -1.0,
        "",
    )  # (units, volume, label word) of the main exercise


@dataclass(frozen=True)
class Lifted:
    """One exercise of a lifting session: its work sets ([reps, kg, RPE] each) and its e1RM then."""

    exercise: Exercise
    sets: Sequence[Sequence[float | int | None]]
    e1rm_kg: float | None


def lift_shares(exercises: Iterable[Lifted], config: MusclesConfig) -> dict[str, Share]:
    """Per muscle group, a lifting session's units (a hard set: `primary_units` to each primary muscle,
    `secondary_units` to each secondary), hard sets and volume (reps x kg of its work sets), a secondary
    muscle counting the same share of both (secondary_units / primary_units)."""
    shares: dict[str, Share] = {}
    fraction = config.secondary_units / config.primary_units
    for lifted in exercises:
        hard = sum(
            1
            for reps, kg, rpe in lifted.sets
            if is_hard(_int(reps), _float(kg), _float(rpe), lifted.e1rm_kg, config)
        )
        volume = f.volume_load([(_int(reps), _float(kg)) for reps, kg, _ in lifted.sets])
        word = short_name(lifted.exercise.name)
        roles = _roles(lifted.exercise, config.primary_units, config.secondary_units, fraction)
        for muscle, units, share in roles:
            given = shares.setdefault(muscle, Share())
            given.units += hard * units
            given.hard_sets += hard * share
            given.volume_kg += volume * share
            given.top = max(given.top, (hard * units, volume * share, word))
    return shares


@functools.lru_cache(maxsize=4096)
def _roles(
    exercise: Exercise, primary_units: float, secondary_units: float, fraction: float
) -> tuple[tuple[str, float, float], ...]:
    """(muscle, units a hard set gives it, its share of a set and of the volume) of each of an exercise's
    muscle groups; a group named both primary and secondary is primary."""
    roles = {m: (secondary_units, fraction) for m in exercise.secondary}
    roles.update({m: (primary_units, 1.0) for m in exercise.primary})
    return tuple((m, units, share) for m, (units, share) in roles.items())


def _int(value: float | int | None) -> int | None:
    return None if value is None else int(value)


def _float(value: float | int | None) -> float | None:
    return None if value is None else float(value)


@functools.lru_cache(maxsize=4096)
def short_name(name: str) -> str:
    """An exercise as a label says it: lower case, without the equipment, plural ("back squats")."""
    words = name.lower().split()
    while len(words) > 1 and words[0] in _EQUIPMENT:
        words = words[1:]
    if words:
        words[-1] = _PLURAL.get(words[-1], words[-1])
    return " ".join(words)


def lift_label(day: date, share: Share) -> str:
    """ "Tuesday's back squats": the session's weekday and the exercise that gave the muscle most."""
    return f"{WEEKDAYS[day.weekday()]}'s {share.top[2]}"


def run_label(day: date, minutes: float, hrr: float | None, config: MusclesConfig) -> str:
    """ "Sunday's 110-min run", "Tuesday's 45-min fast run"."""
    pace = "fast " if fast(hrr, config) else ""
    return f"{WEEKDAYS[day.weekday()]}'s {round(minutes)}-min {pace}run"

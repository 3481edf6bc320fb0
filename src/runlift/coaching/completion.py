"""Whether a lift session met its prescription (sets x reps at the load), and how far it fell short."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A logged set counts as "at the load" within this share of it: an app that stores pounds writes
# 135 lb as 61.23 kg against a prescribed 61.25 kg.
LOAD_TOLERANCE = 0.01


@dataclass(frozen=True)
class Logged:
    """One logged work set of the lift."""

    reps: int | None
    weight_kg: float | None
    rpe: float | None = None


@dataclass(frozen=True)
class Completion:
    """A session against its prescription: `met` when at least `sets` work sets reached `reps` at (at
    least) the load; `missed_reps` the reps short of sets x reps among the best sets at the load (a set
    not done at the load misses all its reps); `hardest_rpe` the highest RPE of its work sets, if logged."""

    sets: int
    reps: int
    load_kg: float
    logged: tuple[Logged, ...]
    missed_reps: int
    hardest_rpe: float | None

    @property
    def met(self) -> bool:
        return self.missed_reps == 0

    def said(self) -> str:
        """ "3x8 @ 60 kg prescribed: 8, 8, 6 logged at the load"."""
        at_load = [str(x.reps) for x in self.logged if _at_load(x, self.load_kg)]
        done = ", ".join(at_load) if at_load else "none"
        return (
            f"{self.sets}x{self.reps} @ {self.load_kg:g} kg prescribed: {done} logged at the load"
        )


def completion(sets: int, reps: int, load_kg: float, logged: Sequence[Logged]) -> Completion:
    """How a session's work sets of one lift compare with `sets` x `reps` at `load_kg`."""
    at_load = sorted(
        (min(x.reps or 0, reps) for x in logged if _at_load(x, load_kg)), reverse=True
    )[:sets]
    missed = sets * reps - sum(at_load)
    rpes = [x.rpe for x in logged if x.rpe is not None]
    return Completion(sets, reps, load_kg, tuple(logged), missed, max(rpes, default=None))


def _at_load(logged: Logged, load_kg: float) -> bool:
    return logged.weight_kg is not None and logged.weight_kg >= load_kg * (1 - LOAD_TOLERANCE)


def reset_load(load_kg: float, pct: float, step_kg: float) -> float:
    """`load_kg` lightened by `pct` %, on a plate step, never by less than 5 % nor by more than 10 % when
    a step allows it (a light load whose steps are too coarse drops one step)."""
    target = load_kg * (1 - pct / 100)
    candidates: list[float] = [
        k * step_kg
        for k in range(int(load_kg // step_kg) + 1)
        if load_kg * 0.90 - 1e-9 <= k * step_kg <= load_kg * 0.95 + 1e-9
    ]
    if candidates:
        nearest = min(candidates, key=lambda w: (abs(w - target), -w))
        return round(nearest, 6)
    below = (round(load_kg / step_kg) - 1) * step_kg
    return round(max(below, 0.0), 6)

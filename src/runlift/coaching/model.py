"""The plan's values: prescribed sessions, a week of them, the state the rules read, and adjustments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from runlift.coaching.completion import Completion


@dataclass(frozen=True)
class Prescription:
    """One exercise as prescribed: sets x reps at a load (or a hold of `hold_s`)."""

    name: str
    sets: int
    reps: int
    load_kg: float | None
    hold_s: float | None
    region: str
    accessory: bool = False
    basis: str | None = None  # where the exercise and its load came from, in words


@dataclass(frozen=True)
class PlannedSession:
    """A session of the plan. `kind` is run, lift, rest, mobility or test; `type` the run type (easy,
    strides, tempo, intervals, long, race) or the lift session's name."""

    day: date
    kind: str
    type: str
    title: str
    minutes: float | None = None
    order: str | None = None
    exercises: tuple[Prescription, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable within a week: "2025-03-05:lift"."""
        return f"{self.day.isoformat()}:{self.kind}"

    @property
    def regions(self) -> set[str]:
        return {e.region for e in self.exercises if e.load_kg or e.hold_s}

    def with_note(self, note: str) -> PlannedSession:
        return replace(self, notes=(*self.notes, note))

    def to_dict(self) -> dict[str, Any]:
        """JSON-native fields, as stored in PlanWeekGenerated."""
        return {
            "day": self.day.isoformat(),
            "kind": self.kind,
            "type": self.type,
            "title": self.title,
            "minutes": self.minutes,
            "order": self.order,
            "exercises": [asdict(e) for e in self.exercises],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlannedSession:
        return cls(
            day=date.fromisoformat(data["day"]),
            kind=data["kind"],
            type=data["type"],
            title=data["title"],
            minutes=data["minutes"],
            order=data["order"],
            exercises=tuple(Prescription(**e) for e in data["exercises"]),
            notes=tuple(data["notes"]),
        )


@dataclass(frozen=True)
class Week:
    """Monday to Sunday of the plan, sessions in day order."""

    start: date
    block: str
    sessions: tuple[PlannedSession, ...]

    def on(self, day: date) -> list[PlannedSession]:
        return [s for s in self.sessions if s.day == day]

    def find(self, key: str) -> PlannedSession | None:
        return next((s for s in self.sessions if s.key == key), None)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=k) for k in range(7)]

    def replace_session(self, key: str, new: PlannedSession | None) -> Week:
        """The week with one session replaced (or removed when `new` is None), kept in day order."""
        kept = [s for s in self.sessions if s.key != key]
        if new is not None:
            kept.append(new)
        order = {"lift_before": 0, "run": 1, "lift": 2, "mobility": 3, "test": 4, "rest": 5}
        kept.sort(key=lambda s: (s.day, order.get(_slot(s), 9)))
        return replace(self, sessions=tuple(kept))


def _slot(session: PlannedSession) -> str:
    return "lift_before" if session.kind == "lift" and session.order == "before" else session.kind


@dataclass(frozen=True)
class LoadBasis:
    """What a lift's start load is computed from: its best e1RM and the set that gave it."""

    e1rm_kg: float
    weight_kg: float
    reps: int
    day: date
    after_break: bool  # the best set is older than [loads] recent_weeks


@dataclass(frozen=True)
class Trained:
    """An exercise the athlete trained recently: how many sessions, and the last one."""

    exercise_id: str
    sessions: int
    last_day: date


@dataclass(frozen=True)
class RunningHistory:
    """The athlete's recent running, which the week's run minutes follow (the template gives the shape)."""

    weeks: int  # complete weeks looked at (at most [volume] history_weeks; fewer for a new athlete)
    weekly_minutes: float  # mean running minutes of those weeks
    long_run_minutes: float  # median of each of those weeks' longest run


@dataclass(frozen=True)
class LiftState:
    """What the strength projection says of one exercise."""

    e1rm_kg: float | None
    due: bool
    plateau: bool
    last_increase: date | None
    last_rpe_max: float | None = None  # the hardest work set of the last session (CR-10 RPE)
    last_two_rpe_max: float | None = (
        None  # of the last two, when every work set of both logged an RPE
    )
    # The last two sessions against the plan's prescription for them (None: not prescribed), latest first.
    completions: tuple[Completion | None, ...] = ()


@dataclass(frozen=True)
class MuscleState:
    """What the muscle projection says of one muscle group at an instant: its fatigue (0-100 %) and what
    caused most of it, in words ("Tuesday's squats"; None when nothing recent did)."""

    muscle: str
    fatigue_pct: float
    cause: str | None = None


@dataclass(frozen=True)
class State:
    """The projections' snapshot the rules decide from (all figures as of `today`)."""

    today: date
    readiness_band: str | None = None
    readiness_score: float | None = None
    short_nights: int = 0
    short_nights_window: int = 5
    short_nights_limit: int = 3
    bedtime_sd_min: float | None = None
    bedtime_sd_limit: float = 60
    running_acwr: float | None = None
    acwr_upper: float = 1.3
    week_km_change_pct: float | None = None
    spike_pct: float = 10
    week_km: float = 0.0
    last_long_run_min: float | None = None
    race_week: bool = False
    hard_runs_done: dict[date, str] = field(default_factory=dict)
    lifts: dict[str, LiftState] = field(default_factory=dict)
    injuries: tuple[str, ...] = ()
    block: str = "base"
    block_week: int = 1
    weeks_since_reassessment: int | None = None
    # The leg muscles (quadriceps, hamstrings, glutes) at the start (local 00:00) of each day from today to
    # the week's end, from the sessions done (planned ones are not counted), and the [muscles]
    # legs_threshold_pct at which they keep quality running and heavy lower-body work off that day.
    legs: dict[date, dict[str, MuscleState]] = field(default_factory=dict)
    legs_threshold_pct: float = 60.0


@dataclass(frozen=True)
class Adjustment:
    """One change a rule makes: to which session, what, why in words, and the figures that triggered it."""

    rule: str
    session: str
    change: dict[str, Any]
    reason: str
    figures: dict[str, Any]

    @property
    def id(self) -> str:
        """The same rule changing the same session the same way is the same adjustment (idempotent)."""
        return f"{self.rule}:{self.session}:{sorted(self.change.items())}"

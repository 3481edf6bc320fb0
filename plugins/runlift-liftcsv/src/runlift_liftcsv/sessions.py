"""What both apps' rows become: sets (cardio rows included) grouped into sessions, built once complete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from runlift.importers import Decoded, Device, StrengthSession, StrengthSet

# StrengthSet.set_type's values; runlift.importers does not export the alias itself.
SetType = Literal["working", "warmup", "dropset", "failure"]


@dataclass
class SetDraft:
    """A set while its session is read; Strong's rest rows still add `rest_after_s` to it."""

    exercise_name: str
    set_type: SetType
    reps: int | None
    weight_kg: float | None
    duration_s: float | None
    rpe: float | None
    rest_after_s: float | None = None

    def build(self) -> StrengthSet:
        return StrengthSet(
            exercise_name=self.exercise_name,
            set_type=self.set_type,
            reps=self.reps,
            weight_kg=self.weight_kg,
            duration_s=self.duration_s,
            rpe=self.rpe,
            rest_after_s=self.rest_after_s,
        )


def set_draft(
    exercise_name: str,
    set_type: SetType,
    *,
    reps: int | None,
    weight_kg: float | None,
    seconds: float | None,
    distance: float | None,
    rpe: float | None,
) -> SetDraft:
    """A set from one row's figures, as the apps write them.

    Both apps write 0 for "not measured" in the seconds and distance columns, so 0 becomes None there.
    A cardio row (time or distance, but no reps and no load) keeps its time and drops the zero reps and
    weight Strong fills in, so it does not read as a set of 0 reps at 0 kg. Its distance has no field
    in StrengthSet and is not kept.
    """
    duration = seconds or None
    if not reps and not weight_kg and (duration or distance):
        reps, weight_kg = None, None
    return SetDraft(exercise_name, set_type, reps, weight_kg, duration, rpe)


@dataclass
class SessionDraft:
    """A workout while its rows are read."""

    start_utc: datetime
    utc_offset_s: int
    elapsed_s: float
    title: str | None
    sets: list[SetDraft] = field(default_factory=list)

    def build(self) -> StrengthSession:
        return StrengthSession(
            start_utc=self.start_utc,
            utc_offset_s=self.utc_offset_s,
            elapsed_s=self.elapsed_s,
            title=self.title,
            sets=tuple(draft.build() for draft in self.sets),
        )


def build_sessions(drafts: list[SessionDraft]) -> tuple[StrengthSession, ...]:
    """The sessions in the order they started (the apps list the newest first)."""
    return tuple(draft.build() for draft in sorted(drafts, key=lambda d: d.start_utc))


class RowReader(Protocol):
    """Reads one row of an export into the session (workout) it belongs to."""

    def read(self, row: Any, sessions: dict[tuple[str, str], SessionDraft]) -> None: ...


def decoded_sessions(rows: Iterable[Any], reader: RowReader, format: str, app: str) -> Decoded:
    """Every row read into its workout, the workouts in the order they started, as one Decoded."""
    sessions: dict[tuple[str, str], SessionDraft] = {}
    for row in rows:
        reader.read(row, sessions)
    return Decoded(
        format=format,
        strength_sessions=build_sessions(list(sessions.values())),
        device=Device(manufacturer=app),
    )

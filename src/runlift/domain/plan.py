"""The plan's aggregates: a week of the plan with its adjustments, and the athlete's program."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from runlift.domain.errors import Refused
from runlift.domain.events import (
    BlockChanged,
    InjuryCleared,
    InjuryFlagged,
    PlanAdjusted,
    PlanWeekGenerated,
    ProgramStarted,
    SessionCompleted,
    SessionMissed,
)
from runlift.domain.ids import plan_week_id, program_id


class NotInjured(Refused):
    """Only a flagged body part can be cleared."""

    def __init__(self, part: str, flagged: list[str]) -> None:
        self.part = part
        listed = ", ".join(flagged) or "none"
        super().__init__(f"{part!r} is not flagged (flagged: {listed})")


class PlanWeek(Aggregate):
    """One week of the plan: the prescriptions generated for it and every adjustment since, in order."""

    def __init__(
        self,
        athlete_id: str,
        week_start: date,
        block: str,
        sessions: list[dict[str, Any]],
        generated_on: date | None,
    ) -> None:
        self.athlete_id = athlete_id
        self.week_start = week_start
        self.block = block
        self.sessions = sessions
        self.generated_on = generated_on
        self.adjustments: list[PlanAdjusted] = []
        self.completed: dict[str, str] = {}
        self.missed: set[str] = set()

    @classmethod
    def generate(
        cls,
        athlete_id: str,
        week_start: date,
        block: str,
        sessions: list[dict[str, Any]],
        generated_on: date,
    ) -> PlanWeek:
        """The week as generated on the athlete's day `generated_on` (its days before then were never
        planned ahead, so they are not "missed")."""
        return cls._create(
            PlanWeekGenerated,
            id=plan_week_id(athlete_id, week_start),
            athlete_id=athlete_id,
            week_start=week_start,
            block=block,
            sessions=sessions,
            generated_on=generated_on,
        )

    @property
    def adjustment_ids(self) -> set[str]:
        return {a.adjustment_id for a in self.adjustments}

    def adjust(self, adjustment_id: str, **fields: Any) -> bool:
        """Record an adjustment unless the same one is already recorded; whether it was new."""
        if adjustment_id in self.adjustment_ids:
            return False
        self.trigger_event(
            PlanAdjusted, athlete_id=self.athlete_id, adjustment_id=adjustment_id, **fields
        )
        return True

    def complete(self, session: str, matched: str) -> None:
        if session not in self.completed and session not in self.missed:
            self.trigger_event(
                SessionCompleted, athlete_id=self.athlete_id, session=session, matched=matched
            )

    def miss(self, session: str) -> None:
        if session not in self.completed and session not in self.missed:
            self.trigger_event(SessionMissed, athlete_id=self.athlete_id, session=session)

    def when(self, event: object) -> None:
        if isinstance(event, PlanAdjusted):
            self.adjustments.append(event)
        elif isinstance(event, SessionCompleted):
            self.completed[event.session] = event.matched
        elif isinstance(event, SessionMissed):
            self.missed.add(event.session)


class Program(Aggregate):
    """The athlete's program: the current block (and when it began) and the flagged injuries."""

    def __init__(self, athlete_id: str, block: str, week_start: date) -> None:
        self.athlete_id = athlete_id
        self.block = block
        self.block_start = week_start
        self.injuries: dict[str, date] = {}

    @classmethod
    def start(cls, athlete_id: str, block: str, week_start: date) -> Program:
        return cls._create(
            ProgramStarted,
            id=program_id(athlete_id),
            athlete_id=athlete_id,
            block=block,
            week_start=week_start,
        )

    def change_block(self, block: str, week_start: date, reason: str) -> None:
        if block != self.block or week_start != self.block_start:
            self.trigger_event(
                BlockChanged,
                athlete_id=self.athlete_id,
                block=block,
                week_start=week_start,
                reason=reason,
            )

    def flag(self, part: str, day: date, note: str | None) -> None:
        self.trigger_event(
            InjuryFlagged, athlete_id=self.athlete_id, part=part, local_day=day, note=note
        )

    def clear(self, part: str, day: date) -> None:
        self.check_flagged(part)
        self.trigger_event(InjuryCleared, athlete_id=self.athlete_id, part=part, local_day=day)

    def check_flagged(self, part: str) -> None:
        if part not in self.injuries:
            raise NotInjured(part, sorted(self.injuries))

    def when(self, event: object) -> None:
        if isinstance(event, BlockChanged):
            self.block = event.block
            self.block_start = event.week_start
        elif isinstance(event, InjuryFlagged):
            self.injuries[event.part] = event.local_day
        elif isinstance(event, InjuryCleared):
            self.injuries.pop(event.part, None)

"""The plan's store: one aggregate per week of the plan, and the athlete's program."""

from __future__ import annotations

from datetime import date

from eventsourcing.application import AggregateNotFoundError

from runlift.domain.ids import plan_week_id, program_id
from runlift.domain.plan import PlanWeek, Program
from runlift.storage.application import RunliftApplication


class Planner(RunliftApplication):
    """Stores the plan's weeks (generated prescriptions and adjustments) and the program."""

    name = "Plan"

    def week(self, week_start: date) -> PlanWeek | None:
        """The plan of the week starting `week_start`, if generated."""
        try:
            week: PlanWeek = self.repository.get(plan_week_id(self.athlete_id, week_start))
        except AggregateNotFoundError:
            return None
        return week

    def program(self) -> Program | None:
        try:
            program: Program = self.repository.get(program_id(self.athlete_id))
        except AggregateNotFoundError:
            return None
        return program

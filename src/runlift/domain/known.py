"""The identities of the facts stored in each UTC month: what a later file's copy of a fact is checked against."""

from __future__ import annotations

import copy

from eventsourcing.domain import Aggregate

from runlift.domain.events import FactMonthStarted, FactsNoted
from runlift.domain.ids import fact_month_id


class FactMonth(Aggregate):
    """Every fact identity stored for one UTC month ("2026-03") of an athlete, and nothing else."""

    def __init__(self, athlete_id: str, month: str) -> None:
        self.athlete_id = athlete_id
        self.month = month
        self.identities: set[str] = set()

    @classmethod
    def start(cls, athlete_id: str, month: str) -> FactMonth:
        """Open the index of a month; its id is derived from the athlete and the month."""
        return cls._create(
            FactMonthStarted,
            id=fact_month_id(athlete_id, month),
            athlete_id=athlete_id,
            month=month,
        )

    def copy(self) -> FactMonth:
        """A copy to note identities in, at this version, sharing nothing that noting changes (cheaper
        than copy.deepcopy, which visits every identity)."""
        clone = copy.copy(self)
        clone.identities = set(self.identities)
        clone._pending_events = []
        return clone

    def note(self, file_sha256: str, identities: list[str]) -> None:
        """Record the identities of the facts a file stores in this month."""
        self.trigger_event(
            FactsNoted, athlete_id=self.athlete_id, file_sha256=file_sha256, identities=identities
        )

    def when(self, event: object) -> None:
        """Evolve the index by one of its events (called by FactsNoted.apply)."""
        if isinstance(event, FactsNoted):
            self.identities.update(event.identities)

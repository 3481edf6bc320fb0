"""The athlete's journal: check-ins recorded by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from runlift.domain.checkins import CheckIn, Report
from runlift.storage.application import RunliftApplication


class Journal(RunliftApplication):
    """Stores check-ins (mood, energy, soreness, joint pain, a note) per local day."""

    name = "Journal"

    def check_in(self, local_day: date, report: Report, *, now: datetime | None = None) -> UUID:
        """Record a check-in for a day and return its id."""
        checkin = CheckIn.record(
            athlete_id=self.athlete_id,
            local_day=local_day,
            recorded_utc=now or datetime.now(UTC),
            report=report,
        )
        self.save(checkin)
        return checkin.id

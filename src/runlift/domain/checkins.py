"""The athlete's daily check-in: subjective signals recorded by hand."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from uuid import uuid4

from eventsourcing.domain import Aggregate

from runlift.domain.errors import Refused
from runlift.domain.events import CheckInRecorded

SCALE = range(1, 6)


class ScaleOutOfRange(Refused):
    """Check-in scales run from 1 to 5."""

    def __init__(self, name: str, value: int) -> None:
        self.name = name
        self.value = value
        super().__init__(f"{name} must be between 1 and 5, got {value}")


@dataclass(frozen=True)
class Report:
    """What the athlete says about a day: four 1-5 scales, where it hurts, and a note (any may be left out).

    The one definition of a check-in's answers: the command line builds one, the journal records it, the
    event (CheckInRecorded) carries its fields.
    """

    mood: int | None = None
    energy: int | None = None
    soreness: int | None = None
    joint_pain: int | None = None
    pain_site: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        for name in ("mood", "energy", "soreness", "joint_pain"):
            value = getattr(self, name)
            if value is not None and value not in SCALE:
                raise ScaleOutOfRange(name, value)

    @property
    def empty(self) -> bool:
        return all(value is None for value in asdict(self).values())


class CheckIn(Aggregate):
    """One check-in; corrections are new check-ins, the latest of a day wins."""

    # eventsourcing calls this with CheckInRecorded's fields, which it requires to be named one by one.
    def __init__(
        self,
        athlete_id: str,
        local_day: date,
        recorded_utc: datetime,
        mood: int | None,
        energy: int | None,
        soreness: int | None,
        joint_pain: int | None,
        pain_site: str | None,
        note: str | None,
    ) -> None:
        self.athlete_id = athlete_id
        self.local_day = local_day
        self.recorded_utc = recorded_utc
        self.report = Report(mood, energy, soreness, joint_pain, pain_site, note)

    @classmethod
    def record(
        cls, *, athlete_id: str, local_day: date, recorded_utc: datetime, report: Report
    ) -> CheckIn:
        """Record a check-in (its scales were checked when the report was made)."""
        return cls._create(
            CheckInRecorded,
            id=uuid4(),
            athlete_id=athlete_id,
            local_day=local_day,
            recorded_utc=recorded_utc,
            **asdict(report),
        )

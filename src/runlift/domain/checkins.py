"""The athlete's daily check-in: subjective signals recorded by hand."""

from __future__ import annotations

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


class CheckIn(Aggregate):
    """One check-in; corrections are new check-ins, the latest of a day wins."""

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
        self.mood = mood
        self.energy = energy
        self.soreness = soreness
        self.joint_pain = joint_pain
        self.pain_site = pain_site
        self.note = note

    @classmethod
    def record(
        cls,
        *,
        athlete_id: str,
        local_day: date,
        recorded_utc: datetime,
        mood: int | None = None,
        energy: int | None = None,
        soreness: int | None = None,
        joint_pain: int | None = None,
        pain_site: str | None = None,
        note: str | None = None,
    ) -> CheckIn:
        """Record a check-in after checking every scale is 1-5."""
        for name, value in (
            ("mood", mood),
            ("energy", energy),
            ("soreness", soreness),
            ("joint_pain", joint_pain),
        ):
            check_scale(name, value)
        return cls._create(
            CheckInRecorded,
            id=uuid4(),
            athlete_id=athlete_id,
            local_day=local_day,
            recorded_utc=recorded_utc,
            mood=mood,
            energy=energy,
            soreness=soreness,
            joint_pain=joint_pain,
            pain_site=pain_site,
            note=note,
        )


def check_scale(name: str, value: int | None) -> None:
    if value is not None and value not in SCALE:
        raise ScaleOutOfRange(name, value)

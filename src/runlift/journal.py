"""The athlete's journal: what the athlete records by hand (check-ins, session RPE, exercise identity)."""

from __future__ import annotations

import difflib
from datetime import UTC, date, datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from runlift.coaching.exercises import CUSTOM, catalogue, exercise_key
from runlift.domain.checkins import CheckIn, Report
from runlift.domain.errors import Refused
from runlift.domain.exercises import ExerciseNames, NotMapped
from runlift.domain.ids import exercise_names_id
from runlift.domain.ratings import SessionRating
from runlift.storage.application import RunliftApplication


class UnknownExercise(Refused):
    """A mapping must name an exercise of the catalogue (or a `custom:` one)."""

    def __init__(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        close = difflib.get_close_matches(exercise_id, list(catalogue().by_id), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        super().__init__(
            f"no exercise {exercise_id!r} in the catalogue{hint} (`runlift exercises find TEXT` lists them)"
        )


class Journal(RunliftApplication):
    """Stores check-ins (mood, energy, soreness, joint pain, a note) per local day, the athlete's session
    RPE for done sessions, and the athlete's mappings of exercise names to catalogue exercises."""

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

    def rate_session(
        self, session: str, local_day: date, rpe: float, *, now: datetime | None = None
    ) -> UUID:
        """Record the athlete's session RPE (CR-10, 0-10) for a done session and return the rating's id.

        `session` is the session's key (view_session.session: "<file id>:a0" or ":s0"), `local_day` its
        local day. A correction is a new rating: the latest wins. Raises RpeOutOfRange (a bool, NaN,
        infinite or outside 0-10) or NotASessionKey, storing nothing.
        """
        rating = SessionRating.record(
            athlete_id=self.athlete_id,
            session=session,
            local_day=local_day,
            rpe=rpe,
            recorded_utc=now or datetime.now(UTC),
        )
        self.save(rating)
        return rating.id

    def exercise_names(self) -> ExerciseNames | None:
        """The athlete's mappings (None before the first)."""
        try:
            names: ExerciseNames = self.repository.get(exercise_names_id(self.athlete_id))
        except AggregateNotFoundError:
            return None
        return names

    def map_exercise(self, name: str, exercise_id: str) -> None:
        """Record that `name`, as an app or watch writes it, is the exercise `exercise_id`."""
        if not exercise_id.startswith(CUSTOM) and exercise_id not in catalogue().by_id:
            raise UnknownExercise(exercise_id)
        names = self.exercise_names() or ExerciseNames.start(self.athlete_id)
        written = self._mapped_as(names, name) or name
        names.map(written, exercise_id)
        self.save(names)

    def unmap_exercise(self, name: str) -> None:
        """Withdraw the mapping of `name` (as mapped, in any case or punctuation)."""
        names = self.exercise_names()
        if names is None:
            raise NotMapped(name, [])
        names.unmap(self._mapped_as(names, name) or name)
        self.save(names)

    @staticmethod
    def _mapped_as(names: ExerciseNames, name: str) -> str | None:
        key = exercise_key(name)
        return next((mapped for mapped in names.mapped if exercise_key(mapped) == key), None)

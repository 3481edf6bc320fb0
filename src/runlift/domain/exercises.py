"""The athlete's corrections of exercise identity: which exercise a name written by an app or watch is."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from runlift.domain.errors import Refused
from runlift.domain.events import ExerciseMapped, ExerciseNamesStarted, ExerciseUnmapped
from runlift.domain.ids import exercise_names_id


class NotMapped(Refused):
    """Only a mapped name can be unmapped."""

    def __init__(self, name: str, mapped: list[str]) -> None:
        self.name = name
        listed = ", ".join(repr(n) for n in mapped) or "none"
        super().__init__(f"{name!r} is not mapped (mapped: {listed})")


class ExerciseNames(Aggregate):
    """One per athlete: the names the athlete mapped to a catalogue exercise (the latest mapping wins)."""

    def __init__(self, athlete_id: str) -> None:
        self.athlete_id = athlete_id
        self.mapped: dict[str, str] = {}

    @classmethod
    def start(cls, athlete_id: str) -> ExerciseNames:
        return cls._create(
            ExerciseNamesStarted, id=exercise_names_id(athlete_id), athlete_id=athlete_id
        )

    def map(self, name: str, exercise_id: str) -> None:
        """`name` (as the app wrote it) is the exercise `exercise_id`."""
        if self.mapped.get(name) != exercise_id:
            self.trigger_event(
                ExerciseMapped, athlete_id=self.athlete_id, name=name, exercise_id=exercise_id
            )

    def unmap(self, name: str) -> None:
        """The catalogue matches `name` again."""
        if name not in self.mapped:
            raise NotMapped(name, sorted(self.mapped))
        self.trigger_event(ExerciseUnmapped, athlete_id=self.athlete_id, name=name)

    def when(self, event: object) -> None:
        if isinstance(event, ExerciseMapped):
            self.mapped[event.name] = event.exercise_id
        elif isinstance(event, ExerciseUnmapped):
            self.mapped.pop(event.name, None)

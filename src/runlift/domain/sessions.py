"""The index of each UTC day's sessions: what later files are compared with, and the duplicate links."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from runlift.domain.errors import Refused
from runlift.domain.events import (
    ActivityEvent,
    ActivitySamplesRecorded,
    DuplicateLinked,
    DuplicateUnlinked,
    SessionDayStarted,
    SessionIndexed,
    SetLogged,
    StrengthSessionCompleted,
)
from runlift.domain.ids import link_id, session_day_id


def session_ref(file_id: object, kind: str, index: int) -> str:
    """The id of one session of an imported file: "<file aggregate id>:a0" (activity) or ":s0" (strength)."""
    return f"{file_id}:{'s' if kind == 'strength' else 'a'}{index}"


# Sports a file states when it does not know the sport: they match any sport, and a record that states one
# stands for the workout before a record that does not.
UNKNOWN_SPORTS = frozenset({"generic", "unknown", "all", "other"})


def session_of(event: object) -> str | None:
    """The session a training fact belongs to (None for facts that are not part of a session)."""
    if isinstance(event, ActivityEvent | ActivitySamplesRecorded):
        return session_ref(event.originator_id, "endurance", event.activity_index)
    if isinstance(event, StrengthSessionCompleted | SetLogged):
        return session_ref(event.originator_id, "strength", event.session_index)
    return None


class UnknownLink(Refused):
    """No active duplicate link has this id."""

    def __init__(self, link: str) -> None:
        self.link = link
        super().__init__(f"no active duplicate link {link!r} (see `runlift duplicates`)")


class SessionDay(Aggregate):
    """The sessions that started on one UTC day, and the duplicate links made when they arrived."""

    def __init__(self, athlete_id: str, utc_day: date) -> None:
        self.athlete_id = athlete_id
        self.utc_day = utc_day
        self.sessions: list[SessionIndexed] = []
        self.links: dict[str, DuplicateLinked] = {}

    @classmethod
    def start(cls, athlete_id: str, utc_day: date) -> SessionDay:
        """Open the index of a day; its id is derived from the athlete and the day."""
        return cls._create(
            SessionDayStarted,
            id=session_day_id(athlete_id, utc_day),
            athlete_id=athlete_id,
            utc_day=utc_day,
        )

    def index(self, **fields: Any) -> None:
        """Enter a session in the day's index."""
        self.trigger_event(SessionIndexed, athlete_id=self.athlete_id, **fields)

    def link(self, session: str, duplicate_of: str, reasons: dict[str, Any], summary: str) -> str:
        """Record that `session` repeats `duplicate_of`; returns the link's id."""
        link = link_id(session, duplicate_of)
        self.trigger_event(
            DuplicateLinked,
            athlete_id=self.athlete_id,
            link_id=link,
            session=session,
            duplicate_of=duplicate_of,
            reasons=reasons,
            summary=summary,
        )
        return link

    def unlink(self, link: str, reason: str) -> None:
        """Split a link the athlete says is wrong; the link stays in history."""
        if link not in self.links:
            raise UnknownLink(link)
        self.trigger_event(
            DuplicateUnlinked, athlete_id=self.athlete_id, link_id=link, reason=reason
        )

    def when(self, event: object) -> None:
        """Evolve the index by one of its events (called by DayEvent.apply)."""
        if isinstance(event, SessionIndexed):
            self.sessions.append(event)
        elif isinstance(event, DuplicateLinked):
            self.links[event.link_id] = event
        elif isinstance(event, DuplicateUnlinked):
            self.links.pop(event.link_id, None)

"""The athlete's session RPE: how hard a done session was (CR-10), given by the athlete after it."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from uuid import uuid4

from eventsourcing.domain import Aggregate

from runlift.domain.errors import Refused
from runlift.domain.events import SessionRated

# Borg's CR-10 scale: 0 rest, 10 maximal.
RPE_MIN = 0.0
RPE_MAX = 10.0
# A session's key as the facts keep it (domain.sessions.session_ref): "<file aggregate id>:a0" or ":s0".
SESSION_KEY = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}:[as][0-9]{1,6}")


class RpeOutOfRange(Refused):
    """A session RPE is a finite number on the CR-10 scale, from 0 to 10."""

    def __init__(self, value: object, field: str = "rpe") -> None:
        self.field = field
        self.value = value
        super().__init__(
            f"{field} must be a number from {RPE_MIN:g} to {RPE_MAX:g} (CR-10), got {value!r}"
        )


class NotASessionKey(Refused):
    """A rating names its session by the key the facts keep for it ("<file id>:a0" or "<file id>:s0")."""

    def __init__(self, session: object) -> None:
        self.session = session
        super().__init__(
            f"session must be a session key such as '<file id>:a0' (a run or other activity) or "
            f"'<file id>:s0' (a strength session), got {session!r}"
        )


def check_rpe(value: object, field: str = "rpe") -> float:
    """The RPE as a float, or RpeOutOfRange (not a number, NaN, infinite, or outside 0-10)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RpeOutOfRange(value, field)
    rpe = float(value)
    if not math.isfinite(rpe) or not RPE_MIN <= rpe <= RPE_MAX:
        raise RpeOutOfRange(value, field)
    return rpe


def check_session(session: object) -> str:
    """The session key, or NotASessionKey."""
    if not isinstance(session, str) or SESSION_KEY.fullmatch(session) is None:
        raise NotASessionKey(session)
    return session


class SessionRating(Aggregate):
    """One rating of one session; a correction is a new rating, the latest recorded wins."""

    # eventsourcing calls this with SessionRated's fields, named one by one.
    def __init__(
        self, athlete_id: str, session: str, local_day: date, rpe: float, recorded_utc: datetime
    ) -> None:
        self.athlete_id = athlete_id
        self.session = session
        self.local_day = local_day
        self.rpe = rpe
        self.recorded_utc = recorded_utc

    @classmethod
    def record(
        cls,
        *,
        athlete_id: str,
        session: str,
        local_day: date,
        rpe: float,
        recorded_utc: datetime,
    ) -> SessionRating:
        """Record a rating, after checking the RPE's range and the session key's shape."""
        return cls._create(
            SessionRated,
            id=uuid4(),
            athlete_id=athlete_id,
            session=check_session(session),
            local_day=local_day,
            rpe=check_rpe(rpe),
            recorded_utc=recorded_utc,
        )

"""The sessions of a FIT file: where each sits in time and which sport it is, and the records as a timeline."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import itemgetter

from runlift_fit.clean import non_negative, text
from runlift_fit.clock import Clock
from runlift_fit.reading import SESSION, TIMESTAMP, FitFile, Message, Row

# Sports whose FIT cadence counts strides (one foot): runlift stores steps, twice as many.
_FOOT_SPORTS = frozenset({"running", "walking", "hiking", "mountaineering", "snowshoeing"})
_FOOT_SUB_SPORTS = frozenset({"treadmill", "indoor_running", "indoor_walking"})


@dataclass(frozen=True)
class Span:
    """A stretch of time in FIT-epoch seconds, from a whole-second start."""

    start: int
    end: float

    @property
    def elapsed(self) -> float:
        return self.end - self.start

    def begins(self, seconds: float) -> bool:
        """Whether something starting at `seconds` starts within this span; starting right at its end
        is starting the next one (a multisport leg's first lap starts when the previous leg ends)."""
        return self.start <= seconds < self.end or seconds == self.start


@dataclass(frozen=True)
class Session:
    """One session message placed in time, with its sport names as the FIT profile spells them."""

    message: Message
    span: Span
    sport: str
    sub_sport: str | None

    @property
    def is_transition(self) -> bool:
        """A multisport transition leg (changing from swim to bike, ...), which is not training."""
        return self.sport == "transition"

    @property
    def counts_steps(self) -> bool:
        return counts_steps(self.sport, self.sub_sport)


def counts_steps(sport: str, sub_sport: str | None) -> bool:
    """Whether FIT's cadence for this sport counts strides, so that steps per minute are twice the value."""
    return sport in _FOOT_SPORTS or sub_sport in _FOOT_SUB_SPORTS


class Timeline:
    """A file's timed record rows in time order, their timestamps resolved to FIT-epoch seconds (a row
    whose time the clock corrects is a copy; the others are shared with the file, never changed)."""

    def __init__(self, rows: list[Row], clock: Clock) -> None:
        timed: list[Row] = []
        for row in rows:
            raw = row[TIMESTAMP]
            seconds = clock.seconds(raw)
            if seconds is None:
                continue
            if seconds != raw:
                row = row.copy()
                row[TIMESTAMP] = seconds
            timed.append(row)
        # Files are written in time order; sorting costs next to nothing then and guards the bisects if not.
        timed.sort(key=itemgetter(TIMESTAMP))
        self.rows = timed
        self._times = [row[TIMESTAMP] for row in timed]

    def within(self, span: Span) -> list[Row]:
        """The rows whose timestamp lies within `span`."""
        return self.rows[bisect_left(self._times, span.start) : bisect_right(self._times, span.end)]

    def span(self) -> Span | None:
        """From the first to the last timestamped record, if there are any."""
        if not self.rows:
            return None
        return Span(self._times[0], self._times[-1])


def sport_name(value: object) -> str | None:
    """A FIT sport or sub_sport as a profile name; numbers the profile does not name stay numbers."""
    return text(value)


def sessions_of(file: FitFile, clock: Clock, timeline: Timeline) -> list[Session]:
    """The file's session messages that can be placed in time, in time order."""
    messages = file.all(SESSION)
    placed: list[Session] = []
    for message in messages:
        span = _span(message, clock, timeline if len(messages) == 1 else None)
        if span is None:
            continue
        sport = sport_name(message.get("sport")) or "generic"
        placed.append(Session(message, span, sport, sport_name(message.get("sub_sport"))))
    placed.sort(key=lambda session: session.span.start)
    return placed


def _span(message: Message, clock: Clock, timeline: Timeline | None) -> Span | None:
    """Start and end of a session: start_time plus total_elapsed_time, as the device measured them.

    The session's own timestamp is only a fallback for the end: files that write their summary first
    stamp every session with the activity's start. A lone session missing its times takes its records'.
    """
    start = clock.seconds(message.get("start_time"))
    stamp = clock.seconds(message.get("timestamp"))
    elapsed = non_negative(message.get("total_elapsed_time"))
    if start is None and stamp is not None and elapsed is not None:
        start = round(stamp - elapsed)
    records = timeline.span() if timeline is not None else None
    if start is None:
        if records is None:
            return None
        start = records.start
    if elapsed is None:
        if stamp is not None and stamp >= start:
            elapsed = float(stamp - start)
        elif records is not None and records.end >= start:
            elapsed = records.end - start
        else:
            return None
    return Span(start, start + elapsed)


@dataclass(frozen=True)
class FileView:
    """One FIT file with what every builder needs: its clock, records timeline, sessions and UTC offset."""

    file: FitFile
    clock: Clock
    timeline: Timeline
    sessions: list[Session]
    utc_offset_s: int | None

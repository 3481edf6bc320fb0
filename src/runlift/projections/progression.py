"""An exercise's progression state, fed its sessions oldest first: status and the dashboard use one rule set."""

from __future__ import annotations

from collections import deque
from datetime import date, timedelta
from typing import Any

from runlift.projections.load import week_start
from runlift.settings import StrengthConfig

# The rules in words, as status and the dashboard state them (`.format(c=StrengthConfig)`).
DUE_RULE = (
    "at least {c.progression_days} days since the last load increase (a top load above the best of the "
    "{c.increase_window_days} days before it for reps within {c.comparable_reps}) with every work set "
    "done; never for body-weight or timed exercises"
)
PLATEAU_RULE = (
    "no weekly best e1RM beat the first of the last {c.plateau_weeks} training weeks "
    "by more than {c.plateau_gain_pct:g} %"
)


class Progression:
    """The last load increase, whether every work set since was done, and the weekly best e1RMs, kept up
    to date one session at a time (so a marker per session costs one pass, not one pass per session)."""

    def __init__(self, config: StrengthConfig, *, loaded: bool = True) -> None:
        self.config = config
        self.loaded = loaded  # a body-weight or timed exercise is never due for more load
        self.sessions: list[Any] = []
        self.rated: list[Any] = []  # sessions with an e1RM
        self.increase: Any = None  # the latest session whose top load beat the loaded one before it
        self.previous_load: float | None = None  # the top load that increase beat
        self._last_load: float | None = None
        # (day, top load, its reps) within the increase window
        self._tops: deque[tuple[date, float, int | None]] = deque()
        self._day: date | None = None
        self._day_done = True
        self._done_since = True  # every session from the increase's day (or the first) on completed
        self._weeks: list[tuple[date, float]] = []  # (monday, best e1RM of the week), oldest first

    def add(self, session: Any) -> None:
        """The next session (rows of view_lift_session, oldest first)."""
        self.sessions.append(session)
        if session.local_day != self._day:
            self._day, self._day_done = session.local_day, bool(session.completed)
        else:
            self._day_done = self._day_done and bool(session.completed)
        self._done_since = self._done_since and bool(session.completed)
        if session.top_weight_kg:  # a session without a load says nothing of it
            # An increase beats the best top load of the window before it for comparable reps: going
            # back up after a dip (78 -> 76 -> 78 kg) is not one, nor a heavy single after fives.
            window = session.local_day - timedelta(days=self.config.increase_window_days)
            while self._tops and self._tops[0][0] < window:
                self._tops.popleft()
            reps = getattr(session, "top_reps", None)
            best = max(
                (top for _day, top, r in self._tops if self._comparable(reps, r)), default=None
            )
            if best is not None and session.top_weight_kg > best:
                self.increase, self.previous_load = session, best
                self._done_since = (
                    self._day_done
                )  # the increase's day counts from its first session
            self._tops.append((session.local_day, session.top_weight_kg, reps))
            self._last_load = session.top_weight_kg
        if session.e1rm_epley_kg is not None:
            self.rated.append(session)
            monday = week_start(session.local_day)
            if self._weeks and self._weeks[-1][0] == monday:
                best = max(self._weeks[-1][1], session.e1rm_epley_kg)
                self._weeks[-1] = (monday, best)
            else:
                self._weeks.append((monday, session.e1rm_epley_kg))

    def _comparable(self, reps: int | None, other: int | None) -> bool:
        """Sets within comparable_reps of each other (a set whose reps are unknown compares with any)."""
        return reps is None or other is None or abs(reps - other) <= self.config.comparable_reps

    @property
    def since(self) -> date:
        """The day progression is counted from: the last load increase, else the first session."""
        day: date = self.increase.local_day if self.increase else self.sessions[0].local_day
        return day

    def due(self, as_of: date) -> bool:
        """At least progression_days since the last load increase with every work set done."""
        return (
            self.loaded
            and self._last_load is not None
            and (as_of - self.since).days >= self.config.progression_days
            and self._done_since
        )

    def recent_weeks(self) -> list[float]:
        """The best e1RM of each of the last plateau_weeks training weeks, oldest first."""
        return [best for _monday, best in self._weeks[-self.config.plateau_weeks :]]

    def plateau(self) -> bool:
        """No weekly best of the last plateau_weeks beat the first of them by more than plateau_gain_pct."""
        recent = self.recent_weeks()
        return len(recent) == self.config.plateau_weeks and max(recent[1:]) <= recent[0] * (
            1 + self.config.plateau_gain_pct / 100
        )

"""The plan as an iCalendar feed: one event per session, with its prescription and why it changed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from runlift.coaching.model import PlannedSession, Prescription

if TYPE_CHECKING:  # planning stays free of the services at run time
    from runlift.domain.events import PlanAdjusted
    from runlift.plans.service import WeekView

KINDS = ("run", "lift", "mobility", "test")  # rest days are left out: a calendar of sessions
SET_MINUTES = 2.5  # a set and its rest, to size a lift's event


def summary(session: PlannedSession) -> str:
    """The event's title: a run's type and minutes ("Tempo run 35 min"), else the session's title."""
    if session.kind == "run":
        return f"{session.type.capitalize()} run {session.minutes or 0:g} min"
    return session.title


def minutes(session: PlannedSession) -> float:
    """How long the session's event lasts: a run's minutes; a lift's sets at 2.5 min each, in 5 min."""
    if session.kind == "lift":
        sets = sum(e.sets for e in session.exercises)
        return max(15.0, math.ceil(sets * SET_MINUTES / 5) * 5)
    return session.minutes or 30.0


def prescription(e: Prescription) -> str:
    load = f" @ {e.load_kg:g} kg" if e.load_kg else ""
    work = f"{e.hold_s:g} s hold" if e.hold_s else f"{e.reps}"
    return f"{e.name}: {e.sets} x {work}{load}"


def origins(adjustments: Sequence[PlanAdjusted]) -> dict[str, str]:
    """Each session key an adjustment created -> the key the session was generated with: a moved lift
    ("move") and a lift turned mobility keep the identity (and the calendar event) they started with."""
    origin: dict[str, str] = {}
    for a in adjustments:
        first = origin.get(a.session, a.session)
        day, _, kind = a.session.partition(":")
        if a.change.get("action") == "move":
            origin[f"{a.change['to']}:{kind}"] = first
        elif a.change.get("action") == "mobility":
            origin[f"{day}:mobility"] = first
    return origin


def _description(view: WeekView, session: PlannedSession, changes: list[PlanAdjusted]) -> str:
    lines = [f"{summary(session)} ({view.week.block} block)"]
    lines += [prescription(e) for e in session.exercises]
    if session.key in view.completed:
        lines.append("Done.")
    elif session.key in view.missed:
        lines.append("Missed.")
    if session.notes:
        lines += ["", "Notes:", *(f"- {n}" for n in session.notes)]
    reasons = [
        f"- [{a.rule}] {a.reason}"
        for a in changes
        if a.change.get("action") != "note" and a.reason not in session.notes
    ]
    if reasons:
        lines += ["", "Changed by the plan:", *reasons]
    return "\n".join(lines)


def _times(
    sessions: list[PlannedSession], zone: ZoneInfo, run_at: time
) -> list[tuple[datetime, datetime]]:
    """A day's sessions back to back in their order, the run starting at `run_at` (lifts "before" it end
    as it starts); with no run, the first session starts then."""
    lengths = [timedelta(minutes=minutes(s)) for s in sessions]
    first_run = next((k for k, s in enumerate(sessions) if s.kind == "run"), 0)
    start = datetime.combine(sessions[0].day, run_at, zone) - sum(lengths[:first_run], timedelta())
    spans = []
    for length in lengths:
        spans.append((start, start + length))
        start += length
    return spans


def weeks_ics(
    views: Sequence[WeekView],
    zone: ZoneInfo,
    *,
    run_at: time = time(7, 0),
    calendar_id: str = "plan",
    stamp: datetime | None = None,
) -> bytes:
    """An iCalendar feed of the weeks' runs, lifts, mobility and tests. Each event's UID is the key its
    session was generated with (and `calendar_id`), so a re-export updates the events it exported before;
    its SEQUENCE counts the adjustments made to it."""
    cal = Calendar()
    cal.add("prodid", "-//runlift//plan export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "runlift plan")
    cal.add("x-wr-timezone", zone.key)
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    now = stamp or datetime.now(UTC)
    for view in views:
        origin = origins(view.adjustments)
        changes: dict[str, list[PlanAdjusted]] = {}
        for a in view.adjustments:
            changes.setdefault(origin.get(a.session, a.session), []).append(a)
        for day in view.week.days:
            sessions = [s for s in view.week.on(day) if s.kind in KINDS]
            if not sessions:
                continue
            for session, (start, end) in zip(sessions, _times(sessions, zone, run_at), strict=True):
                key = origin.get(session.key, session.key)
                event = Event()
                event.add("uid", f"{key}/{calendar_id}@runlift")
                event.add("dtstamp", now)
                event.add("dtstart", start)
                event.add("dtend", end)
                event.add("summary", summary(session))
                event.add("description", _description(view, session, changes.get(key, [])))
                event.add("categories", [session.kind])
                event.add("sequence", len(changes.get(key, [])))
                event.add("transp", "OPAQUE")
                cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data

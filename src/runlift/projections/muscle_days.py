"""The muscle projection's day rows: each group's units left at each day's end, continued from the day before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, Select, delete, select, union_all

from runlift.coaching.exercises import MUSCLES
from runlift.projections.muscle_units import decay
from runlift.projections.rows import Stored, insert_rows
from runlift.settings import MusclesConfig

# A muscle's day rows stop once its figure is below this; units below NEGLIGIBLE are none at all (the
# decay stops: 1e-6 units is 1e-5 % at 10 % a unit).
MIN_PCT = 0.5
NEGLIGIBLE = 1e-6
_DAY = timedelta(days=1)
_GROUPS = tuple(sorted(MUSCLES))
_EVER = datetime(1, 1, 2, tzinfo=UTC)  # before any instant a view holds


def day_end(day: date, zone: ZoneInfo) -> datetime:
    """The instant a local day's figure is taken at: its end, 24:00 in the zone (as UTC)."""
    return datetime.combine(day + _DAY, time(), tzinfo=zone).astimezone(UTC)


def day_of(instant: datetime, zone: ZoneInfo) -> date:
    """The local day whose end is the first at or after `instant` (an end at 24:00 belongs to that day)."""
    return (instant - timedelta(microseconds=1)).astimezone(zone).date()


def utc(instant: datetime) -> datetime:
    """An instant read back from the views as aware UTC (SQLite keeps UTC without its zone)."""
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


@dataclass
class State:
    """A muscle group's units left at an instant, and its cause with the units that one left."""

    at: datetime
    units: float
    cause: str | None
    cause_units: float


class Contribution(NamedTuple):
    """What one primary session put on one muscle group (a row of view_muscle_contribution)."""

    session: str
    muscle: str
    kind: str  # run | lift
    local_day: date
    end_utc: datetime  # aware UTC
    units: float
    hard_sets: float
    volume_kg: float
    label: str


_FIELDS = Contribution._fields


def latest_states(
    conn: Connection, athlete_id: str, *, before: date, until: datetime | None = None
) -> dict[str, tuple[date, State]]:
    """Each muscle group's last day row before `before` (and ending by `until`), as the state it leaves:
    one indexed look-up per group of the vocabulary (a GROUP BY would read every row of the history)."""
    md = rm.muscle_day.c
    columns = (md.muscle, md.day, md.end_utc, md.units, md.cause, md.cause_units)
    lookups = []
    for muscle in _GROUPS:
        query = select(*columns).where(
            md.athlete_id == athlete_id, md.muscle == muscle, md.day < before
        )
        if until is not None:
            query = query.where(md.end_utc <= until)
        lookups.append(select(query.order_by(md.day.desc()).limit(1).subquery()))
    return {
        row.muscle: (row.day, State(utc(row.end_utc), row.units, row.cause, row.cause_units))
        for row in conn.execute(union_all(*lookups))
    }


def ended_after(
    athlete_id: str,
    states: dict[str, tuple[date, State]],
    *,
    until: datetime | None = None,
    groups: Iterable[str] = _GROUPS,
) -> list[Select[Any]]:
    """Per muscle group of `groups`, its contributions that ended after its state (all, for a group without
    one) and by `until`: each a range of the (athlete, muscle, end) index."""
    mc = rm.muscle_contribution.c
    queries = []
    for muscle in groups:
        query = select(*(mc[name] for name in _FIELDS)).where(
            mc.athlete_id == athlete_id, mc.muscle == muscle
        )
        # A lower bound even for a group without a state: SQLite's planner then takes this index.
        query = query.where(mc.end_utc > (states[muscle][1].at if muscle in states else _EVER))
        if until is not None:
            query = query.where(mc.end_utc <= until)
        queries.append(query)
    return queries


def read_contributions(conn: Connection, queries: Iterable[Select[Any]]) -> list[Contribution]:
    """The contributions the queries (of _FIELDS each) find, each once, instants as aware UTC."""
    found: dict[tuple[str, str], Contribution] = {}
    for row in conn.execute(union_all(*queries)):
        if (row.session, row.muscle) not in found:
            found[(row.session, row.muscle)] = Contribution(
                row.session,
                row.muscle,
                row.kind,
                row.local_day,
                utc(row.end_utc),
                row.units,
                row.hard_sets,
                row.volume_kg,
                row.label,
            )
    return list(found.values())


def refresh_days(
    conn: Connection,
    athlete_id: str,
    start: date,
    from_day: date,
    made: list[Contribution],
    config: MusclesConfig,
    zone: ZoneInfo,
) -> None:
    """Recompute the day rows from `start`: each muscle group continues from its last row before it. `made`
    are the contributions just recomputed (those of `from_day` on); the older ones are read back."""
    md, mc = rm.muscle_day.c, rm.muscle_contribution.c
    conn.execute(
        delete(rm.muscle_day).where(
            md.athlete_id == athlete_id, md.muscle.in_(_GROUPS), md.day >= start
        )
    )
    resumed = latest_states(conn, athlete_id, before=start)
    # Of the older ones: what was done from `start` on, and what ended after each group's last row (a
    # local day bound in SQL would make SQLite's planner scan the history by day). A group without a row
    # before `start` has no contribution of a day before it.
    found = read_contributions(
        conn,
        [
            select(*(mc[name] for name in _FIELDS)).where(
                mc.athlete_id == athlete_id, mc.local_day >= start, mc.local_day < from_day
            ),
            *ended_after(athlete_id, resumed, groups=sorted(resumed)),
        ],
    )
    by_muscle: dict[str, list[Contribution]] = {}
    for c in (*(c for c in found if c.local_day < from_day), *made):
        by_muscle.setdefault(c.muscle, []).append(c)
    days = _Days(zone, config, Stored(conn))
    rows: list[tuple[Any, ...]] = []
    for muscle in sorted(
        set(by_muscle) | set(resumed)
    ):  # a group's decay goes on without new sessions
        found = sorted(by_muscle.get(muscle, ()), key=lambda c: (c.end_utc, c.session))
        _muscle_days(rows, athlete_id, muscle, found, resumed.get(muscle), start, days)
    insert_rows(conn, rm.muscle_day, rows)


def contribution_rows(
    conn: Connection, athlete_id: str, made: list[Contribution]
) -> list[tuple[Any, ...]]:
    """view_muscle_contribution's rows of the contributions, columns in order, values as stored."""
    form = Stored(conn)
    return [
        (
            athlete_id,
            c.session,
            c.muscle,
            c.kind,
            form.day(c.local_day),
            form.instant(c.end_utc),
            c.units,
            c.hard_sets,
            c.volume_kg,
            c.label,
        )
        for c in made
    ]


class _Days:
    """Per local day (by ordinal): its end, the decay from the day before's end, and both as stored."""

    def __init__(self, zone: ZoneInfo, config: MusclesConfig, form: Stored) -> None:
        self.zone = zone
        self.config = config
        self.form = form
        self._ends: dict[int, datetime] = {}
        self.decays: dict[int, float] = {}
        self.days: dict[datetime, int] = {}
        self.rows: dict[int, tuple[Any, Any]] = {}

    def end(self, day: int) -> datetime:
        found = self._ends.get(day)
        if found is None:
            found = self._ends[day] = day_end(date.fromordinal(day), self.zone)
        return found

    def decay(self, day: int) -> float:
        """The share of the units at the end of the day before left at the end of `day`."""
        found = self.decays.get(day)
        if found is None:
            seconds = (self.end(day) - self.end(day - 1)).total_seconds()
            found = self.decays[day] = decay(seconds, self.config)
        return found

    def of(self, instant: datetime) -> int:
        """day_of(instant) as an ordinal, from the day ends around its UTC date (a zone is at most 14 h off
        UTC)."""
        found = self.days.get(instant)
        if found is None:
            utc_day = instant.toordinal()
            for day in (utc_day - 1, utc_day, utc_day + 1):
                if self.end(day - 1) < instant <= self.end(day):
                    found = day
                    break
            else:
                found = day_of(instant, self.zone).toordinal()
            self.days[instant] = found
        return found

    def stored(self, day: int) -> tuple[Any, Any]:
        """The day and its end as a row stores them."""
        found = self.rows.get(day)
        if found is None:
            found = self.rows[day] = (
                self.form.day(date.fromordinal(day)),
                self.form.instant(self.end(day)),
            )
        return found


def _muscle_days(
    rows: list[tuple[Any, ...]],
    athlete_id: str,
    muscle: str,
    found: list[Contribution],
    last: tuple[date, State] | None,
    start: date,
    days: _Days,
) -> None:
    """One muscle group's rows from `start` (view_muscle_day's columns, in order), added to `rows`: day by
    day from its state at the end of `last` (or nothing), each day's units the day before's decayed plus
    what ended that day. Days with nothing left are skipped to the next that ends a contribution; a row is
    written for a day with a contribution or a figure of at least MIN_PCT."""
    config = days.config
    per_unit, half_life_h = config.pct_per_unit, config.half_life_h
    ended: dict[int, list[Contribution]] = {}
    done: dict[int, list[float]] = {}
    after = None if last is None else last[1].at
    first = start.toordinal()
    ended_on = days.days
    for c in found:
        if after is None or c.end_utc > after:  # what ended by `last` is in its units already
            ended.setdefault(ended_on.get(c.end_utc) or days.of(c.end_utc), []).append(c)
        if c.local_day >= start:
            totals = done.setdefault(c.local_day.toordinal(), [0.0, 0.0])
            totals[0] += c.hard_sets
            totals[1] += c.volume_kg
    events = sorted(set(ended) | set(done))
    if last is None:
        if not events:
            return
        day, units, cause, cause_units = events[0] - 1, 0.0, None, 0.0
    else:
        day, state = last[0].toordinal(), last[1]
        units, cause, cause_units = state.units, state.cause, state.cause_units
    final = events[-1] if events else day
    decays, stored, stored_rows = days.decays, days.stored, days.rows
    upcoming = iter(events)
    following = next(upcoming, None)
    while True:
        if units == 0.0:  # nothing left: the next day that ends a contribution or holds one
            while following is not None and following <= day:
                following = next(upcoming, None)
            if following is None:
                return
            day = following - 1
        day += 1
        left = decays.get(day) or days.decay(day)
        units, cause_units = units * left, cause_units * left
        today = ended.get(day)
        if today:
            end = days.end(day)
            for c in today:
                share = c.units * 0.5 ** ((end - c.end_utc).total_seconds() / 3600 / half_life_h)
                units += share
                if share > cause_units:
                    cause, cause_units = c.label, share
        if units < NEGLIGIBLE:
            units, cause, cause_units = 0.0, None, 0.0
        pct = per_unit * units
        if pct > 100.0:
            pct = 100.0
        sums = done.get(day)
        if day >= first and (sums is not None or pct >= MIN_PCT):
            stored_day, stored_end = stored_rows.get(day) or stored(day)
            hard_sets, volume_kg = sums if sums is not None else (0.0, 0.0)
            rows.append(
                (
                    athlete_id,
                    muscle,
                    stored_day,
                    stored_end,
                    hard_sets,
                    volume_kg,
                    pct,
                    units,
                    cause,
                    cause_units,
                )
            )
        if pct < MIN_PCT and day >= final:
            return

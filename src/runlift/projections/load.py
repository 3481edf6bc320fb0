"""Training load per local day and week: running, lifting and combined channels, PMC and acute:chronic ratio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, delete, func, select

from runlift.coaching import formulas as f
from runlift.projections.facts import session_ratings
from runlift.projections.rows import CHUNK
from runlift.settings import LoadConfig

CHANNELS = ("running", "lifting", "combined")
# Heart rate must cover at least this share of a session for its TRIMP to stand for the session.
MIN_HR_COVERAGE = 0.5


@dataclass(frozen=True)
class SessionLoad:
    """One session's load in TRIMP units (combined channel), its Foster load (lifting), and the method."""

    trimp: float
    method: str
    srpe: float | None = None
    srpe_method: str | None = None


def session_load(
    row: Any,
    sex: str,
    config: LoadConfig,
    working_sets: int,
    set_rpe: float | None,
    rating: float | None = None,
) -> SessionLoad:
    """Score a session by the first method that applies (config/runlift.toml [load] explains the order).

    `rating` is the athlete's own session RPE (view_session_rating): it comes ahead of the file's RPE and
    of any default, and the method says so (`session_rpe_athlete`); heart rate still scores the combined
    channel when it covers the session."""
    minutes = (row.moving_s or row.elapsed_s) / 60
    has_hr = row.hr_trimp is not None and row.hr_minutes >= MIN_HR_COVERAGE * minutes
    if row.kind == "strength":
        rpe: float | None = rating
        if rating is not None:
            method = "session_rpe_athlete"
        else:
            rpe = row.rpe if row.rpe is not None else set_rpe
            method = "session_rpe" if rpe is not None else "default_rpe_from_volume"
        lifting_rpe = rpe if rpe is not None else f.default_lifting_rpe(working_sets)
        if minutes <= 0:  # a session logged with a date but no times: its sets say how long it took
            minutes = max(1, working_sets) * config.minutes_per_set
            method += "+duration_from_sets"
        srpe = f.session_rpe_load(lifting_rpe, minutes)
        if has_hr:
            return SessionLoad(row.hr_trimp, "banister_trimp", srpe, method)
        trimp = f.banister_minutes(f.rpe_to_hrr(lifting_rpe), minutes, sex)
        return SessionLoad(trimp, method, srpe, method)
    if has_hr:
        return SessionLoad(row.hr_trimp, "banister_trimp")
    if rating is not None:
        trimp = f.banister_minutes(f.rpe_to_hrr(rating), minutes, sex)
        return SessionLoad(trimp, "session_rpe_athlete")
    if row.rpe is not None:
        return SessionLoad(f.banister_minutes(f.rpe_to_hrr(row.rpe), minutes, sex), "session_rpe")
    if row.kind == "run" and row.distance_m:
        speed = row.distance_m / (row.moving_s or row.elapsed_s)
        threshold = 1000 / config.threshold_pace_s_per_km
        hrr = f.pace_to_hrr(speed, threshold)
        return SessionLoad(f.banister_minutes(hrr, minutes, sex), "pace_estimate")
    hrr = f.rpe_to_hrr(config.default_rpe)
    return SessionLoad(f.banister_minutes(hrr, minutes, sex), "default_rpe")


@dataclass
class _Day:
    load: float = 0.0
    sessions: int = 0
    distance_m: float = 0.0
    volume_kg: float = 0.0

    def __post_init__(self) -> None:
        self.methods: dict[str, int] = {}


def refresh(
    conn: Connection, athlete_id: str, from_day: date | None, sex: str, config: LoadConfig
) -> date | None:
    """Recompute the day rows from `from_day` (None: from the first) and the weeks they fall in; returns
    the first day recomputed (earlier than `from_day` when days between the last row and it were due)."""
    s = rm.session.c
    first_day, last_day = conn.execute(
        select(func.min(s.local_day), func.max(s.local_day)).where(s.athlete_id == athlete_id)
    ).one()
    d = rm.load_day.c
    if first_day is None:
        conn.execute(delete(rm.load_day).where(d.athlete_id == athlete_id))
        conn.execute(delete(rm.load_week).where(rm.load_week.c.athlete_id == athlete_id))
        return None
    stored_last = conn.execute(
        select(func.max(d.day)).where(d.athlete_id == athlete_id)
    ).scalar_one()
    start: date = first_day if from_day is None or stored_last is None else max(from_day, first_day)
    if stored_last is not None and stored_last < start - timedelta(days=1):
        start = stored_last + timedelta(days=1)
    days = _day_loads(conn, athlete_id, start, sex, config)
    previous = {
        row.channel: f.Pmc(row.ctl, row.atl, row.acute, row.chronic)
        for row in conn.execute(
            select(d.channel, d.ctl, d.atl, d.acute, d.chronic).where(
                d.athlete_id == athlete_id, d.day == start - timedelta(days=1)
            )
        )
    }
    conn.execute(delete(rm.load_day).where(d.athlete_id == athlete_id, d.day >= start))
    rows = []
    for channel in CHANNELS:
        pmc = previous.get(channel, f.ZERO)
        day = start
        while day <= last_day:
            totals = days.get((channel, day)) or _Day()
            tsb = f.form(pmc)
            pmc = f.pmc_step(
                pmc,
                totals.load,
                ctl_days=config.ctl_days,
                atl_days=config.atl_days,
                acute_days=config.acute_days,
                chronic_days=config.chronic_days,
            )
            rows.append(
                {
                    "athlete_id": athlete_id,
                    "channel": channel,
                    "day": day,
                    "load": totals.load,
                    "sessions": totals.sessions,
                    "distance_m": totals.distance_m,
                    "volume_kg": totals.volume_kg,
                    "methods": totals.methods,
                    "ctl": pmc.ctl,
                    "atl": pmc.atl,
                    "tsb": tsb,
                    "acute": pmc.acute,
                    "chronic": pmc.chronic,
                    # Cold start: the ratio means nothing before the chronic window holds enough days.
                    "acwr": f.acwr(pmc)
                    if (day - first_day).days + 1 >= config.acwr_min_days
                    else None,
                }
            )
            day += timedelta(days=1)
            if len(rows) >= CHUNK:  # bounded memory over decades of days
                conn.execute(rm.load_day.insert(), rows)
                rows = []
    if rows:
        conn.execute(rm.load_day.insert(), rows)
    _refresh_weeks(conn, athlete_id, start, config.spike_norm_weeks)
    return start


def _day_loads(
    conn: Connection, athlete_id: str, start: date, sex: str, config: LoadConfig
) -> dict[tuple[str, date], _Day]:
    """Each channel's totals per day from `start`, over primary sessions only, in session order."""
    s, t = rm.session.c, rm.set_.c
    sets: dict[str, tuple[int, float, float | None]] = {}
    for row in conn.execute(
        select(
            t.session,
            func.count(),
            func.sum(func.coalesce(t.reps, 0) * func.coalesce(t.weight_kg, 0.0)),
            func.avg(t.rpe),
        )
        .where(t.athlete_id == athlete_id, t.local_day >= start, t.set_type != "warmup")
        .group_by(t.session)
    ):
        sets[row[0]] = (int(row[1]), float(row[2] or 0.0), row[3])
    ratings = session_ratings(conn, athlete_id, start)
    days: dict[tuple[str, date], _Day] = {}
    sessions = conn.execute(
        select(rm.session)
        .where(s.athlete_id == athlete_id, s.local_day >= start, s.primary_session == s.session)
        .order_by(s.local_day, s.session)
    )
    for row in sessions:
        working, volume, set_rpe = sets.get(row.session, (0, 0.0, None))
        scored = session_load(row, sex, config, working, set_rpe, ratings.get(row.session))
        _add(days, "combined", row.local_day, scored.trimp, scored.method, row, volume)
        if row.kind == "run":
            _add(days, "running", row.local_day, scored.trimp, scored.method, row, 0.0)
        elif row.kind == "strength":
            assert scored.srpe is not None
            assert scored.srpe_method is not None
            _add(days, "lifting", row.local_day, scored.srpe, scored.srpe_method, row, volume)
    return days


def _add(
    days: dict[tuple[str, date], _Day],
    channel: str,
    day: date,
    load: float,
    method: str,
    row: Any,
    volume_kg: float,
) -> None:
    totals = days.setdefault((channel, day), _Day())
    totals.load += load
    totals.sessions += 1
    if row.kind == "run" and row.distance_m:
        totals.distance_m += row.distance_m
    totals.volume_kg += volume_kg
    totals.methods[method] = totals.methods.get(method, 0) + 1


def week_start(day: date) -> date:
    """The Monday of a day's week (weeks run Monday to Sunday, as the plan's do)."""
    return day - timedelta(days=day.weekday())


def _refresh_weeks(conn: Connection, athlete_id: str, start: date, norm_weeks: int) -> None:
    """Recompute the weeks from the one holding `start`: load, running distance and its change against the
    mean of the `norm_weeks` weeks before (the recent norm, not one noisy week), monotony and strain over
    the week's 7 days (a day without a row is a rest day: 0) and lifting volume."""
    first_week = week_start(start)
    d, w = rm.load_day.c, rm.load_week.c
    conn.execute(delete(rm.load_week).where(w.athlete_id == athlete_id, w.week_start >= first_week))
    before: dict[str, list[float]] = {}
    for row in conn.execute(
        select(w.channel, w.distance_m)
        .where(
            w.athlete_id == athlete_id,
            w.week_start >= first_week - timedelta(weeks=norm_weeks),
            w.week_start < first_week,
        )
        .order_by(w.week_start)
    ):
        before.setdefault(row.channel, []).append(row.distance_m)
    weeks: dict[tuple[str, date], list[Any]] = {}
    for row in conn.execute(
        select(d.channel, d.day, d.load, d.distance_m, d.volume_kg)
        .where(d.athlete_id == athlete_id, d.day >= first_week)
        .order_by(d.channel, d.day)
    ):
        weeks.setdefault((row.channel, week_start(row.day)), []).append(row)
    rows = []
    for (channel, monday), days in sorted(weeks.items()):
        loads = [r.load for r in days] + [0.0] * (7 - len(days))
        monotony, strain = f.monotony_strain(loads)
        distance = sum(r.distance_m for r in days)
        previous = before.setdefault(channel, [])[-norm_weeks:]
        norm = sum(previous) / len(previous) if previous else None
        change = (distance - norm) / norm * 100 if norm else None
        rows.append(
            {
                "athlete_id": athlete_id,
                "channel": channel,
                "week_start": monday,
                "load": sum(r.load for r in days),
                "distance_m": distance,
                "distance_norm_m": norm,
                "distance_change_pct": change,
                "monotony": monotony,
                "strain": strain,
                "volume_kg": sum(r.volume_kg for r in days),
            }
        )
        before[channel].append(distance)
    if rows:
        conn.execute(rm.load_week.insert(), rows)

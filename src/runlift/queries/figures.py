"""Reading the read models: today's figures (each saying how it was computed) and time series."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, func, select

from runlift.coaching import formulas as f
from runlift.coaching.exercises import loaded, resolve
from runlift.projections import readiness as r
from runlift.projections.driver import ProjectionSettings
from runlift.projections.load import CHANNELS, week_start
from runlift.projections.progression import DUE_RULE, PLATEAU_RULE, Progression
from runlift.queries.muscles import muscles_on


def figure(value: Any, formula: str, inputs: int, window_days: int | None) -> dict[str, Any]:
    """A number and how it was computed: formula, how many inputs it used, over which window."""
    if isinstance(value, float):
        value = round(value, 3)
    return {"value": value, "formula": formula, "inputs": inputs, "window_days": window_days}


def load_today(conn: Connection, s: ProjectionSettings, as_of: date) -> dict[str, Any]:
    """Fitness, fatigue, form and ratio per channel on `as_of` (decayed with zero load past the last
    day with data), and this week's running distance against the mean of the weeks before."""
    d, w = rm.load_day.c, rm.load_week.c
    c = s.load
    out: dict[str, Any] = {"as_of": as_of.isoformat(), "channels": {}}
    for channel in CHANNELS:
        row = conn.execute(
            select(rm.load_day)
            .where(d.athlete_id == s.athlete_id, d.channel == channel, d.day <= as_of)
            .order_by(d.day.desc())
            .limit(1)
        ).one_or_none()
        if row is None:
            continue
        n = conn.execute(
            select(func.count()).where(
                d.athlete_id == s.athlete_id, d.channel == channel, d.day <= as_of
            )
        ).scalar_one()
        pmc = f.Pmc(row.ctl, row.atl, row.acute, row.chronic)
        tsb = row.tsb
        day = row.day
        while day < as_of:  # rest days since the last data: load 0
            tsb = f.form(pmc)
            pmc = f.pmc_step(
                pmc,
                0.0,
                ctl_days=c.ctl_days,
                atl_days=c.atl_days,
                acute_days=c.acute_days,
                chronic_days=c.chronic_days,
            )
            day += timedelta(days=1)
        unit = "session RPE (AU)" if channel == "lifting" else "TRIMP (AU)"
        history_days = n + (as_of - row.day).days
        # Cold start: no ratio until the chronic window holds acwr_min_days of history.
        ratio = f.acwr(pmc) if history_days >= c.acwr_min_days else None
        out["channels"][channel] = {
            "unit": unit,
            "last_data_day": row.day.isoformat(),
            "load_today": figure(row.load if row.day == as_of else 0.0, _methods(row), 1, 1),
            "fitness_ctl": figure(
                pmc.ctl, f"CTL_t = CTL_t-1 + (L_t - CTL_t-1)/{c.ctl_days}", n, c.ctl_days
            ),
            "fatigue_atl": figure(
                pmc.atl, f"ATL_t = ATL_t-1 + (L_t - ATL_t-1)/{c.atl_days}", n, c.atl_days
            ),
            "form_tsb": figure(tsb, "TSB_t = CTL_t-1 - ATL_t-1", n, c.ctl_days),
            "acwr": figure(
                ratio,
                f"EWMA acute/chronic, lambda = 2/(N+1), N = {c.acute_days}/{c.chronic_days} "
                f"(Williams 2017); none before {c.acwr_min_days} days of history",
                n,
                c.chronic_days,
            ),
            "spike": ratio is not None and ratio > c.acwr_upper,
        }
    monday = week_start(as_of)
    this = conn.execute(
        select(rm.load_week).where(
            w.athlete_id == s.athlete_id, w.channel == "running", w.week_start == monday
        )
    ).one_or_none()
    km = this.distance_m / 1000 if this else 0.0
    norm_km = this.distance_norm_m / 1000 if this and this.distance_norm_m is not None else None
    change = this.distance_change_pct if this else None
    norm_days = 7 * c.spike_norm_weeks
    out["running_week"] = {
        "week_start": monday.isoformat(),
        "km": figure(km, "sum of primary runs' distance, Monday to Sunday", 7, 7),
        "previous_km": figure(
            norm_km,
            f"mean weekly km of the {c.spike_norm_weeks} weeks before",
            norm_days,
            norm_days,
        ),
        "change_pct": figure(
            change,
            f"(this week - the mean of the {c.spike_norm_weeks} weeks before) / that mean x 100",
            c.spike_norm_weeks + 1,
            norm_days + 7,
        ),
        "spike": change is not None and change > c.spike_pct,
    }
    combined = conn.execute(
        select(rm.load_week).where(
            w.athlete_id == s.athlete_id, w.channel == "combined", w.week_start == monday
        )
    ).one_or_none()
    out["week"] = {
        "monotony": figure(
            combined.monotony if combined else None,
            "mean / SD of the week's daily combined load (Foster)",
            7,
            7,
        ),
        "strain": figure(
            combined.strain if combined else None, "weekly combined load x monotony", 7, 7
        ),
    }
    return out


def _methods(row: Any) -> str:
    methods = row.methods or {}
    return ", ".join(f"{name} x{count}" for name, count in sorted(methods.items())) or "rest day"


def readiness_on(conn: Connection, s: ProjectionSettings, day: date) -> dict[str, Any]:
    """The day's readiness: the stored row, or computed from the facts the same way for a day past them."""
    rd = rm.readiness_day.c
    row = conn.execute(
        select(rm.readiness_day).where(rd.athlete_id == s.athlete_id, rd.day == day)
    ).one_or_none()
    if row is not None:
        result = {
            k: row._mapping[k] for k in ("score", "band", "confidence", "components", "reasons")
        }
    else:
        inputs = r.read_inputs(
            conn, s.athlete_id, day - timedelta(days=s.readiness.baseline_days + 7), s.readiness
        )
        inputs.acwr_upper, inputs.acwr_min_days = s.load.acwr_upper, s.load.acwr_min_days
        result = r.readiness(day, inputs, s.readiness, ZoneInfo(s.time_zone))
    result["day"] = day.isoformat()
    result["formula"] = (
        "weighted mean of component scores (weights: "
        + ", ".join(f"{k} {v:g}" for k, v in r.WEIGHTS.items())
        + f"); green >= {s.readiness.green:g}, red <= {s.readiness.red:g}"
    )
    return result


# `status` lists the lifts trained in this many days before its day.
ACTIVE_DAYS = 56


def lifts(
    conn: Connection, s: ProjectionSettings, as_of: date, active_days: int = ACTIVE_DAYS
) -> list[dict[str, Any]]:
    """Per exercise trained in the `active_days` before `as_of`: latest and best e1RM, 3-5RM estimate, this
    week's volume, last load increase, whether it is due for progression and whether it has plateaued."""
    ls = rm.lift_session.c
    active = select(ls.exercise).where(
        ls.athlete_id == s.athlete_id,
        ls.local_day <= as_of,
        ls.local_day > as_of - timedelta(days=active_days),
    )
    rows = conn.execute(
        select(rm.lift_session)
        .where(ls.athlete_id == s.athlete_id, ls.local_day <= as_of, ls.exercise.in_(active))
        .order_by(ls.exercise, ls.local_day, ls.session)
    ).all()
    by_exercise: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_exercise[row.exercise].append(row)
    return [progress(sessions, s, as_of) for _key, sessions in sorted(by_exercise.items())]


def progress(sessions: list[Any], s: ProjectionSettings, as_of: date) -> dict[str, Any]:
    """One exercise's progression state from its sessions (oldest first)."""
    state = Progression(s.strength, loaded=loaded(sessions[0].exercise))
    for session in sessions:
        state.add(session)
    return progress_of(state, s, as_of)


def progress_of(state: Progression, s: ProjectionSettings, as_of: date) -> dict[str, Any]:
    """The progression figures of an exercise's state on `as_of` (status's `lifts`)."""
    c = s.strength
    sessions, rated, increase = state.sessions, state.rated, state.increase
    latest = rated[-1] if rated else None
    due = state.due(as_of)
    recent = state.recent_weeks()
    plateau = state.plateau()
    this_week = week_start(as_of)
    volume = sum(x.volume_kg for x in sessions if week_start(x.local_day) == this_week)
    e1rm = latest.e1rm_epley_kg if latest else None
    return {
        "exercise": sessions[-1].name,
        "key": sessions[-1].exercise,
        "sessions": len(sessions),
        "last_session": sessions[-1].local_day.isoformat(),
        "e1rm_kg": figure(
            e1rm,
            f"Epley w x (1 + r/30), best work set of <= {c.max_reps} reps, latest session",
            len(rated),
            None,
        ),
        "e1rm_brzycki_kg": figure(
            latest.e1rm_brzycki_kg if latest else None,
            "Brzycki w x 36/(37 - r), same set",
            len(rated),
            None,
        ),
        "best_e1rm_kg": figure(
            max((x.e1rm_epley_kg for x in rated), default=None),
            "Epley, best of all sessions",
            len(rated),
            None,
        ),
        "rm_3_to_5_kg": figure(
            None
            if e1rm is None
            else [round(f.weight_for_reps(e1rm, 5), 1), round(f.weight_for_reps(e1rm, 3), 1)],
            "Epley inverted at 5 and 3 reps from the latest e1RM",
            1,
            None,
        ),
        "volume_this_week_kg": figure(
            volume, "sum of reps x kg of work sets, Monday to Sunday", len(sessions), 7
        ),
        "last_load_increase": increase.local_day.isoformat() if increase else None,
        "due_for_progression": {
            "value": due,
            "rule": DUE_RULE.format(c=c),
            "days_since": (as_of - state.since).days,
        },
        "plateau": {
            "value": plateau,
            "rule": PLATEAU_RULE.format(c=c),
            "weeks": len(recent),
        },
        "rpe": _rpe(sessions),
    }


def _rpe(sessions: list[Any]) -> dict[str, Any]:
    """How hard the lift's latest sessions were, from the RPE of their work sets (when the source logs it):
    the hardest set of the last session, and of the last two when every work set of both logged one."""
    last = sessions[-1]
    two = sessions[-2:]
    rated = len(two) == 2 and all(
        getattr(x, "rpe_sets", 0) == x.work_sets and x.work_sets for x in two
    )
    return {
        "last_session_max": getattr(last, "rpe_max", None),
        "last_two_sessions_max": max(x.rpe_max for x in two) if rated else None,
    }


def load_series(
    conn: Connection, athlete_id: str, start: date | None, end: date | None, channel: str | None
) -> list[dict[str, Any]]:
    """Day rows of the load model, oldest first."""
    d = rm.load_day.c
    query = select(rm.load_day).where(d.athlete_id == athlete_id)
    if channel:
        query = query.where(d.channel == channel)
    if start:
        query = query.where(d.day >= start)
    if end:
        query = query.where(d.day <= end)
    return [
        plain(row, skip=("athlete_id",)) for row in conn.execute(query.order_by(d.day, d.channel))
    ]


def readiness_series(
    conn: Connection, athlete_id: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    rd = rm.readiness_day.c
    query = select(rm.readiness_day).where(rd.athlete_id == athlete_id, rd.score.is_not(None))
    if start:
        query = query.where(rd.day >= start)
    if end:
        query = query.where(rd.day <= end)
    return [
        plain(row, skip=("athlete_id", "components"))
        for row in conn.execute(query.order_by(rd.day))
    ]


def lift_series(
    conn: Connection, athlete_id: str, name: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    ls = rm.lift_session.c
    query = select(rm.lift_session).where(ls.athlete_id == athlete_id, ls.exercise == resolve(name))
    if start:
        query = query.where(ls.local_day >= start)
    if end:
        query = query.where(ls.local_day <= end)
    return [
        plain(row, skip=("athlete_id", "exercise"))
        for row in conn.execute(query.order_by(ls.local_day, ls.session))
    ]


def exercises(conn: Connection, athlete_id: str) -> list[str]:
    """The exercises with progression rows (their keys)."""
    ls = rm.lift_session.c
    return sorted(
        {row[0] for row in conn.execute(select(ls.exercise).where(ls.athlete_id == athlete_id))}
    )


def plain(row: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for key, value in row._mapping.items():
        if key in skip:
            continue
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out


def last_data_day(conn: Connection, s: ProjectionSettings) -> date | None:
    """The last local day with any of the athlete's data: a session, a night, a measurement, a check-in."""
    days = [
        conn.execute(
            select(func.max(table.c.local_day)).where(table.c.athlete_id == s.athlete_id)
        ).scalar_one_or_none()
        for table in (rm.session, rm.sleep, rm.wellness, rm.checkin)
    ]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def left_out(conn: Connection, s: ProjectionSettings) -> dict[str, int]:
    """How many facts of each kind (view_left_out's) the read models leave out: dated before the history."""
    lo = rm.left_out.c
    rows = conn.execute(
        select(lo.kind, func.count()).where(lo.athlete_id == s.athlete_id).group_by(lo.kind)
    )
    return {kind: count for kind, count in rows}


def snapshot(conn: Connection, s: ProjectionSettings, as_of: date) -> dict[str, Any]:
    """Everything `runlift status` shows about training on `as_of`."""
    return {
        "as_of": as_of.isoformat(),
        "load": load_today(conn, s, as_of),
        "readiness": readiness_on(conn, s, as_of),
        "lifts": lifts(conn, s, as_of),
        "muscles": muscles_on(conn, s, as_of),
    }


def changes(before: Any, after: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Every value that differs between two snapshots, by path (e.g. "load.channels.running.acwr")."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in sorted(set(before) | set(after), key=str):
            out.extend(
                changes(before.get(key), after.get(key), f"{path}.{key}" if path else str(key))
            )
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        out = []
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            label = b.get("key", b.get("muscle", i)) if isinstance(b, dict) else i
            out.extend(changes(b, a, f"{path}[{label}]"))
        return out
    return [] if before == after else [(path, before, after)]

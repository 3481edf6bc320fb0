"""Series the dashboard draws: data spans, weekly km, nights with stages, recovery against baseline, lifts."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import ColumnElement, Connection, Table, func, select, true

from runlift.coaching.exercises import loaded, resolve
from runlift.projections.driver import ProjectionSettings
from runlift.projections.load import week_start
from runlift.projections.progression import DUE_RULE, PLATEAU_RULE, Progression
from runlift.projections.readiness import night_records
from runlift.queries import figures


def spans(conn: Connection, athlete_id: str) -> dict[str, dict[str, str] | None]:
    """The first and last day with data of each kind (None: no data), so a page can open on its data."""
    d = rm.load_day.c
    rd = rm.readiness_day.c
    kinds: dict[str, tuple[Table, ColumnElement[Any], ColumnElement[bool]]] = {
        "training": (rm.load_day, d.day, d.sessions > 0),
        "readiness": (rm.readiness_day, rd.day, rd.score.is_not(None)),
        "sleep": (rm.sleep, rm.sleep.c.local_day, true()),
        "wellness": (rm.wellness, rm.wellness.c.local_day, true()),
        "lifts": (rm.lift_session, rm.lift_session.c.local_day, true()),
    }
    out: dict[str, dict[str, str] | None] = {}
    for kind, (table, day, having) in kinds.items():
        first, last = conn.execute(
            select(func.min(day), func.max(day)).where(table.c.athlete_id == athlete_id, having)
        ).one()
        out[kind] = (
            None if first is None else {"first": first.isoformat(), "last": last.isoformat()}
        )
    return out


def weeks(
    conn: Connection, s: ProjectionSettings, start: date | None, end: date | None, channel: str
) -> list[dict[str, Any]]:
    """Weekly load, km, the mean km of the weeks before (the norm) and the change against it, flagged
    above `spike_pct`."""
    w = rm.load_week.c
    query = select(rm.load_week).where(w.athlete_id == s.athlete_id, w.channel == channel)
    if start:
        query = query.where(w.week_start >= week_start(start))
    if end:
        query = query.where(w.week_start <= end)
    rows = []
    for row in conn.execute(query.order_by(w.week_start)):
        change = row.distance_change_pct
        rows.append(
            {
                "week_start": row.week_start.isoformat(),
                "load": row.load,
                "km": round(row.distance_m / 1000, 3),
                "norm_km": None
                if row.distance_norm_m is None
                else round(row.distance_norm_m / 1000, 3),
                "km_change_pct": change,
                "spike": change is not None and change > s.load.spike_pct,
                "monotony": row.monotony,
                "strain": row.strain,
                "volume_kg": row.volume_kg,
            }
        )
    return rows


def nights(
    conn: Connection, athlete_id: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    """Per day woken up: hours slept as readiness counts them and the hours in each stage (None when
    the records of that day have no stages)."""
    sl = rm.sleep.c
    query = select(rm.sleep).where(sl.athlete_id == athlete_id)
    if start:
        query = query.where(sl.local_day >= start)
    if end:
        query = query.where(sl.local_day <= end)
    by_day: dict[date, list[Any]] = defaultdict(list)
    for row in conn.execute(query.order_by(sl.start_utc, sl.record)):
        by_day[row.local_day].append(row)
    out = []
    for day, records in sorted(by_day.items()):
        counted = night_records(records)
        night: dict[str, Any] = {
            "day": day.isoformat(),
            "hours": round(sum(r.duration_s for r in counted) / 3600, 3),
            "records": len(records),
        }
        for stage in ("deep", "light", "rem", "awake"):
            minutes = [getattr(r, f"{stage}_min") for r in counted]
            known = [m for m in minutes if m is not None]
            night[f"{stage}_h"] = round(sum(known) / 60, 3) if known else None
        out.append(night)
    return out


def recovery(
    conn: Connection, athlete_id: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    """Per day with a reading: resting HR and HRV as readiness reads them, with the baseline and z-score
    readiness compared them against. HRV comes in two metrics that are never mixed, RMSSD
    (`hrv_rmssd_ms`...) and SDNN (`hrv_sdnn_ms`...); `hrv_metric` says which one readiness scored that
    day, and only that one has a baseline and a z-score."""
    w = rm.wellness.c
    query = select(w.local_day, w.resting_hr_bpm, w.hrv_rmssd_ms, w.hrv_sdnn_ms).where(
        w.athlete_id == athlete_id
    )
    if start:
        query = query.where(w.local_day >= start)
    if end:
        query = query.where(w.local_day <= end)
    rhr: dict[date, list[float]] = defaultdict(list)
    hrv: dict[str, dict[date, list[float]]] = {
        "rmssd": defaultdict(list),
        "sdnn": defaultdict(list),
    }
    for row in conn.execute(query.order_by(w.measured_utc)):
        if row.resting_hr_bpm:
            rhr[row.local_day].append(row.resting_hr_bpm)
        for metric, value in (("rmssd", row.hrv_rmssd_ms), ("sdnn", row.hrv_sdnn_ms)):
            if value and value > 0:
                hrv[metric][row.local_day].append(math.log(value))
    days = sorted(set(rhr) | set(hrv["rmssd"]) | set(hrv["sdnn"]))
    if not days:
        return []
    rd = rm.readiness_day.c
    components = {
        row.day: row.components
        for row in conn.execute(
            select(rd.day, rd.components).where(
                rd.athlete_id == athlete_id, rd.day >= days[0], rd.day <= days[-1]
            )
        )
    }
    out = []
    for day in days:
        parts = components.get(day) or {}
        heart, variability = parts.get("resting_hr", {}), parts.get("hrv", {})
        scored = variability.get("metric")  # the HRV metric readiness scored the day in
        rmssd = variability if scored == "rmssd" else {}
        sdnn = variability if scored == "sdnn" else {}
        out.append(
            {
                "day": day.isoformat(),
                # readiness's reading of a day: the lowest resting HR, the mean ln of each HRV metric
                "resting_hr_bpm": min(rhr[day]) if day in rhr else None,
                "resting_hr_baseline_bpm": heart.get("baseline_bpm"),
                "resting_hr_z": heart.get("z"),
                "hrv_rmssd_ms": _mean_of_logs(hrv["rmssd"].get(day)),
                "hrv_baseline_rmssd_ms": rmssd.get("baseline_rmssd_ms"),
                "hrv_z": rmssd.get("z"),
                "hrv_sdnn_ms": _mean_of_logs(hrv["sdnn"].get(day)),
                "hrv_baseline_sdnn_ms": sdnn.get("baseline_sdnn_ms"),
                "hrv_sdnn_z": sdnn.get("z"),
                "hrv_metric": scored,
            }
        )
    return out


def _mean_of_logs(values: list[float] | None) -> float | None:
    """The geometric mean, in ms, of a day's readings given as natural logs (None without readings)."""
    return round(math.exp(sum(values) / len(values)), 1) if values else None


def lift_progress(
    conn: Connection, s: ProjectionSettings, name: str, start: date | None, end: date | None
) -> dict[str, Any] | None:
    """One exercise over time: its sessions, its weekly volume and best e1RM, and markers where its load
    went up, where it became due for progression and where it plateaued (status's rules, applied to the
    sessions up to each day)."""
    ls = rm.lift_session.c
    sessions = list(
        conn.execute(
            select(rm.lift_session)
            .where(ls.athlete_id == s.athlete_id, ls.exercise == resolve(name))
            .order_by(ls.local_day, ls.session)
        )
    )
    if not sessions:
        return None
    markers: list[dict[str, Any]] = []
    state = Progression(s.strength, loaded=loaded(sessions[0].exercise))
    was_due = was_plateau = False
    for session in sessions:
        before = state.increase
        state.add(session)
        day = session.local_day.isoformat()
        if state.increase is not before:
            markers.append(
                {
                    "day": day,
                    "kind": "load_increase",
                    "note": f"top load {state.previous_load:g} -> {session.top_weight_kg:g} kg",
                }
            )
        due, plateau = state.due(session.local_day), state.plateau()
        if due and not was_due:
            markers.append({"day": day, "kind": "due", "note": DUE_RULE.format(c=s.strength)})
        if plateau and not was_plateau:
            markers.append(
                {"day": day, "kind": "plateau", "note": PLATEAU_RULE.format(c=s.strength)}
            )
        was_due, was_plateau = due, plateau
    weekly: dict[date, dict[str, Any]] = {}
    for session in sessions:
        monday = week_start(session.local_day)
        week = weekly.setdefault(
            monday, {"week_start": monday.isoformat(), "volume_kg": 0.0, "best_e1rm_kg": None}
        )
        week["volume_kg"] += session.volume_kg
        if session.e1rm_epley_kg is not None:
            week["best_e1rm_kg"] = max(week["best_e1rm_kg"] or 0.0, session.e1rm_epley_kg)

    def inside(day: date) -> bool:
        return (start is None or day >= start) and (end is None or day <= end)

    return {
        "exercise": sessions[-1].name,
        "key": sessions[-1].exercise,
        "sessions": [
            figures.plain(x, skip=("athlete_id", "exercise"))
            for x in sessions
            if inside(x.local_day)
        ],
        "weeks": [
            week
            for monday, week in sorted(weekly.items())
            if (start is None or monday >= week_start(start)) and (end is None or monday <= end)
        ],
        "markers": [m for m in markers if inside(date.fromisoformat(m["day"]))],
    }


def exercise_summaries(conn: Connection, athlete_id: str) -> list[dict[str, Any]]:
    """Each exercise with sessions: its key, latest name, how many sessions (and how many have an e1RM)
    and the last day; those with the most e1RMs first."""
    ls = rm.lift_session.c
    rows = conn.execute(
        select(ls.exercise, ls.name, ls.local_day, ls.e1rm_epley_kg)
        .where(ls.athlete_id == athlete_id)
        .order_by(ls.exercise, ls.local_day, ls.session)
    )
    by_key: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_key.setdefault(row.exercise, {"key": row.exercise, "sessions": 0, "rated": 0})
        entry.update(
            name=row.name,
            sessions=entry["sessions"] + 1,
            rated=entry["rated"] + (row.e1rm_epley_kg is not None),
            last=row.local_day.isoformat(),
        )
    return sorted(by_key.values(), key=lambda e: (-e["rated"], -e["sessions"], e["key"]))

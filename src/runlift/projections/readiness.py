"""Daily readiness 0-100 from sleep, resting HR and HRV against personal baselines, load, runs and check-ins."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, delete, func, select, union_all

from runlift.coaching import formulas as f
from runlift.coaching.wording import shown
from runlift.projections.rows import CHUNK
from runlift.settings import ReadinessConfig

WEIGHTS = {
    "sleep": 2.0,
    "resting_hr": 2.0,
    "hrv": 2.0,
    "load": 1.5,
    "checkin": 2.0,
    "drift": 1.0,
    "cadence": 0.5,
}
# A component at its personal baseline scores this, so a normal day is green; each SD away moves it by SD_POINTS.
BASELINE_SCORE = 75.0
SD_POINTS = 15.0
# Easy runs shorter than this say little about drift.
EASY_MIN_S = 20 * 60
# z-scores need at least this many baseline values.
MIN_VALUES = 5
# The smallest spread a baseline is taken to have: a watch reporting the same whole-bpm resting HR for weeks
# has an SD of 0, and a real change must still show (1 bpm; 0.05 in ln RMSSD or ln SDNN, about 5 %).
MIN_SD = {"resting_hr": 1.0, "hrv": 0.05}
# The HRV metrics, in the order readiness prefers them on a day that has both. RMSSD and SDNN measure
# different things, so each has its own baseline and a day is scored against the baseline of the metric
# it is scored in, never a mix.
HRV_METRICS = ("rmssd", "sdnn")
HRV_LABELS = {"rmssd": "RMSSD", "sdnn": "SDNN"}


@dataclass
class Inputs:
    """Everything readiness reads, per local day."""

    sleep: dict[date, list[Any]] = field(default_factory=lambda: defaultdict(list))
    resting_hr: dict[date, float] = field(default_factory=dict)
    ln_rmssd: dict[date, float] = field(default_factory=dict)
    ln_sdnn: dict[date, float] = field(default_factory=dict)
    checkins: dict[date, Any] = field(default_factory=dict)
    easy_runs: dict[date, list[Any]] = field(default_factory=lambda: defaultdict(list))
    acwr: dict[date, float | None] = field(default_factory=dict)
    acwr_upper: float = 1.3
    acwr_min_days: int = 21
    load_first_day: date | None = None  # the first day of training history (the ratio's cold start)
    _nights: dict[date, tuple[float, datetime] | None] = field(default_factory=dict)

    def ln_hrv(self, metric: str) -> dict[date, float]:
        """The day's mean ln HRV in one metric ("rmssd" or "sdnn")."""
        return self.ln_sdnn if metric == "sdnn" else self.ln_rmssd

    def night(self, day: date) -> tuple[float, datetime] | None:
        """Hours slept in the night ending on `day` and its bedtime (None without a record)."""
        if day not in self._nights:
            self._nights[day] = _night(self.sleep.get(day, []))
        return self._nights[day]


def refresh(
    conn: Connection,
    athlete_id: str,
    from_day: date,
    config: ReadinessConfig,
    zone: ZoneInfo,
    acwr_upper: float,
    acwr_min_days: int,
) -> None:
    """Recompute readiness for every day from `from_day` to the last day with any input."""
    first, last = _span(conn, athlete_id)
    rd = rm.readiness_day.c
    stored_last = conn.execute(
        select(func.max(rd.day)).where(rd.athlete_id == athlete_id)
    ).scalar_one()
    if stored_last is not None:  # days between the last computed and a later new one are due too
        from_day = min(from_day, stored_last + timedelta(days=1))
    conn.execute(delete(rm.readiness_day).where(rd.athlete_id == athlete_id, rd.day >= from_day))
    if first is None or last is None:
        return
    start = max(from_day, first)
    inputs = read_inputs(conn, athlete_id, start - timedelta(days=config.baseline_days + 7), config)
    inputs.acwr_upper, inputs.acwr_min_days = acwr_upper, acwr_min_days
    rows = []
    day = start
    while day <= last:
        score = readiness(day, inputs, config, zone)
        rows.append({"athlete_id": athlete_id, "day": day, **score})
        day += timedelta(days=1)
        if len(rows) >= CHUNK:
            conn.execute(rm.readiness_day.insert(), rows)
            rows = []
    if rows:
        conn.execute(rm.readiness_day.insert(), rows)


def _span(conn: Connection, athlete_id: str) -> tuple[date | None, date | None]:
    days = union_all(
        *(
            select(table.c.local_day.label("day")).where(table.c.athlete_id == athlete_id)
            for table in (rm.session, rm.sleep, rm.wellness, rm.checkin)
        )
    ).subquery()
    first, last = conn.execute(select(func.min(days.c.day), func.max(days.c.day))).one()
    return first, last


def read_inputs(conn: Connection, athlete_id: str, since: date, config: ReadinessConfig) -> Inputs:
    """What readiness reads from `since` on."""
    inputs = Inputs()
    sl, w, c, s = rm.sleep.c, rm.wellness.c, rm.checkin.c, rm.session.c
    for row in conn.execute(
        select(sl.local_day, sl.start_utc, sl.end_utc, sl.duration_s)
        .where(sl.athlete_id == athlete_id, sl.local_day >= since)
        .order_by(sl.start_utc, sl.record)
    ):
        inputs.sleep[row.local_day].append(row)
    rhr: dict[date, list[float]] = defaultdict(list)
    rmssd: dict[date, list[float]] = defaultdict(list)
    sdnn: dict[date, list[float]] = defaultdict(list)
    for row in conn.execute(
        select(w.local_day, w.resting_hr_bpm, w.hrv_rmssd_ms, w.hrv_sdnn_ms)
        .where(w.athlete_id == athlete_id, w.local_day >= since)
        .order_by(w.measured_utc, w.record)
    ):
        if row.resting_hr_bpm:
            rhr[row.local_day].append(row.resting_hr_bpm)
        if row.hrv_rmssd_ms and row.hrv_rmssd_ms > 0:
            rmssd[row.local_day].append(math.log(row.hrv_rmssd_ms))
        if row.hrv_sdnn_ms and row.hrv_sdnn_ms > 0:
            sdnn[row.local_day].append(math.log(row.hrv_sdnn_ms))
    inputs.resting_hr = {day: min(values) for day, values in rhr.items()}
    inputs.ln_rmssd = {day: sum(values) / len(values) for day, values in rmssd.items()}
    inputs.ln_sdnn = {day: sum(values) / len(values) for day, values in sdnn.items()}
    for row in conn.execute(
        select(rm.checkin)
        .where(c.athlete_id == athlete_id, c.local_day >= since)
        .order_by(c.recorded_utc, c.record)
    ):
        inputs.checkins[row.local_day] = row  # the latest of a day wins
    for row in conn.execute(
        select(s.local_day, s.drift_pct, s.cadence_cv_pct, s.mean_hrr, s.moving_s, s.elapsed_s)
        .where(
            s.athlete_id == athlete_id,
            s.local_day >= since,
            s.kind == "run",
            s.primary_session == s.session,
            s.mean_hrr <= config.easy_max_hrr,
        )
        .order_by(s.local_day, s.session)
    ):
        if (row.moving_s or row.elapsed_s) >= EASY_MIN_S:
            inputs.easy_runs[row.local_day].append(row)
    d = rm.load_day.c
    for row in conn.execute(
        select(d.day, d.acwr).where(
            d.athlete_id == athlete_id, d.channel == "combined", d.day >= since
        )
    ):
        inputs.acwr[row.day] = row.acwr
    inputs.load_first_day = conn.execute(
        select(func.min(d.day)).where(d.athlete_id == athlete_id, d.channel == "combined")
    ).scalar_one_or_none()
    return inputs


def readiness(day: date, inputs: Inputs, config: ReadinessConfig, zone: ZoneInfo) -> dict[str, Any]:
    """The readiness of one day: score, band, confidence, each component's figures, and the reasons."""
    components: dict[str, dict[str, Any]] = {}
    reasons: list[str] = []
    baseline_days = [day - timedelta(days=k) for k in range(1, config.baseline_days + 1)]
    _sleep(day, inputs, config, zone, components, reasons)
    n_rhr = _baseline_component(
        "resting_hr", day, inputs.resting_hr, baseline_days, -1, components, reasons, config
    )
    n_hrv = _hrv(day, inputs, baseline_days, components, reasons, config)
    _load(day, inputs, config, components, reasons)
    _runs(day, inputs, config, baseline_days, components, reasons)
    cap = _checkin(day, inputs, config, components, reasons)
    scored = [(WEIGHTS[name], c["score"]) for name, c in components.items() if "score" in c]
    score = None
    if scored:
        score = round(sum(w * s for w, s in scored) / sum(w for w, _ in scored), 1)
        if cap is not None and score > cap:
            score = cap
    baseline = max(n_rhr, n_hrv)
    confidence = (
        "high"
        if baseline >= config.confident_days
        else "medium"
        if baseline >= config.min_baseline_days
        else "low"
    )
    if baseline < config.min_baseline_days:
        reasons.append(
            f"baseline still building: {baseline} of {config.min_baseline_days} days of resting HR "
            "or HRV so far"
        )
    return {
        "score": score,
        "band": None if score is None else band(score, config),
        "confidence": confidence,
        "components": components,
        "reasons": reasons,
    }


def band(score: float, config: ReadinessConfig) -> str:
    """green at or above `green`, red at or below `red`, amber between."""
    if score >= config.green:
        return "green"
    if score <= config.red:
        return "red"
    return "amber"


def _sleep(
    day: date,
    inputs: Inputs,
    config: ReadinessConfig,
    zone: ZoneInfo,
    components: dict[str, dict[str, Any]],
    reasons: list[str],
) -> None:
    low, high = config.sleep_target_h
    night = inputs.night(day)
    if night is None:
        return
    hours, _bedtime = night
    score = 100.0
    if hours < low:
        score = max(0.0, 100 - 25 * (low - hours))
        reasons.append(f"slept {shown(hours, low)} h, below the {low:g}-{high:g} h target")
    elif hours > high + 1:
        score = 85.0
    window = [day - timedelta(days=k) for k in range(config.short_nights_window)]
    nights = [inputs.night(d) for d in window]
    short = sum(1 for n in nights if n is not None and n[0] < low)
    if short >= config.short_nights:
        score = max(0.0, score - 20)
        reasons.append(f"{short} of the last {len(window)} nights under {low:g} h")
    bedtimes = [
        _clock_minutes(n[1], zone)
        for d in (day - timedelta(days=k) for k in range(7))
        if (n := inputs.night(d)) is not None
    ]
    spread = _sd(bedtimes) if len(bedtimes) >= 4 else None
    if spread is not None and spread > config.bedtime_sd_min:
        score = max(0.0, score - 15)
        reasons.append(f"bedtimes varied by ±{spread:.0f} min over the last 7 nights")
    components["sleep"] = {
        "score": round(score, 1),
        "hours": round(hours, 2),
        "short_nights": short,
        "bedtime_sd_min": None if spread is None else round(spread, 1),
        "formula": f"100 within {low:g}-{high:g} h, -25 per hour short; -20 for a short-night "
        f"streak; -15 for bedtimes spread over {config.bedtime_sd_min:g} min",
        "inputs": len(bedtimes),
        "window_days": 7,
    }


def _night(records: list[Any]) -> tuple[float, datetime] | None:
    """Hours slept for the night ending on a day and the bedtime of its main sleep."""
    longest = night_records(records)
    if not longest:
        return None
    main = max(longest, key=lambda r: r.duration_s)
    return sum(r.duration_s for r in longest) / 3600, main.start_utc


def night_records(records: list[Any]) -> list[Any]:
    """Which of a day's sleep records (sorted by start) count: overlapping records of one night count
    once (the longest), separate naps add."""
    clusters: list[list[Any]] = []
    for record in records:
        if clusters and record.start_utc < max(r.end_utc for r in clusters[-1]):
            clusters[-1].append(record)
        else:
            clusters.append([record])
    return [max(c, key=lambda r: r.duration_s) for c in clusters]


def _clock_minutes(instant: datetime, zone: ZoneInfo) -> float:
    """Minutes after noon, local time (bedtimes on both sides of midnight stay close)."""
    local = instant.astimezone(zone)
    return ((local.hour - 12) % 24) * 60 + local.minute


def _sd(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((x - mean) ** 2 for x in values) / len(values))


def _hrv(
    day: date,
    inputs: Inputs,
    baseline_days: list[date],
    components: dict[str, dict[str, Any]],
    reasons: list[str],
    config: ReadinessConfig,
) -> int:
    """The HRV component, in one metric against that metric's own baseline: RMSSD when the day has it
    and its baseline has MIN_VALUES days, else SDNN when that has them, else (unscored) the day's
    preferred metric. Returns the most baseline days any one metric has."""
    baselines = {
        metric: sum(1 for d in baseline_days if d in inputs.ln_hrv(metric))
        for metric in HRV_METRICS
    }
    present = [metric for metric in HRV_METRICS if day in inputs.ln_hrv(metric)]
    if present:
        metric = next((m for m in present if baselines[m] >= MIN_VALUES), present[0])
        _baseline_component(
            "hrv",
            day,
            inputs.ln_hrv(metric),
            baseline_days,
            +1,
            components,
            reasons,
            config,
            metric=metric,
        )
    return max(baselines.values())


def _baseline_component(
    name: str,
    day: date,
    series: dict[date, float],
    baseline_days: list[date],
    sign: int,
    components: dict[str, dict[str, Any]],
    reasons: list[str],
    config: ReadinessConfig,
    metric: str = "rmssd",
) -> int:
    baseline = [series[d] for d in baseline_days if d in series]
    value = series.get(day)
    if value is None:
        return len(baseline)
    z = f.z_score(value, baseline, MIN_SD[name]) if len(baseline) >= MIN_VALUES else None
    score_rule = f"{BASELINE_SCORE:g} {'+' if sign > 0 else '-'} {SD_POINTS:g} x z"
    label = HRV_LABELS[metric]
    entry: dict[str, Any] = {
        "inputs": len(baseline),
        "window_days": config.baseline_days,
        "formula": f"z-score against the {config.baseline_days}-day baseline; {score_rule}",
    }
    mean = sum(baseline) / len(baseline) if baseline else None
    if name == "resting_hr":
        entry["bpm"] = value
        entry["baseline_bpm"] = None if mean is None else round(mean, 1)
    else:
        entry["metric"] = metric
        entry["formula"] = (
            f"z-score of ln({label}) against the {config.baseline_days}-day baseline of ln({label}) "
            f"(days of another HRV metric left out); {score_rule}"
        )
        entry[f"{metric}_ms"] = round(math.exp(value), 1)
        entry[f"baseline_{metric}_ms"] = None if mean is None else round(math.exp(mean), 1)
    if z is not None:
        entry["z"] = round(z, 2)
        entry["score"] = round(min(max(BASELINE_SCORE + sign * SD_POINTS * z, 0.0), 100.0), 1)
        assert mean is not None
        if name == "resting_hr" and abs(z) >= 1:
            direction = "above" if z > 0 else "below"
            reasons.append(
                f"resting HR {abs(value - mean):.0f} bpm {direction} your "
                f"{config.baseline_days}-day baseline"
            )
        elif name == "hrv" and abs(z) >= 1:
            direction = "below" if z < 0 else "above"
            reasons.append(
                f"HRV (ln {label}) {abs(z):.1f} SD {direction} your {config.baseline_days}-day "
                f"{label} baseline ({math.exp(value):.0f} ms vs {math.exp(mean):.0f} ms)"
            )
    components[name] = entry
    return len(baseline)


def _load(
    day: date,
    inputs: Inputs,
    config: ReadinessConfig,
    components: dict[str, dict[str, Any]],
    reasons: list[str],
) -> None:
    yesterday = day - timedelta(days=1)
    ratio = inputs.acwr.get(yesterday)
    if ratio is None:
        first = inputs.load_first_day
        if first is not None and first <= yesterday and yesterday in inputs.acwr:
            history = (yesterday - first).days + 1
            why = (
                f"the acute:chronic load ratio is left out: {history} day(s) of training history, "
                f"it means nothing before {inputs.acwr_min_days}"
            )
            reasons.append(why)
            components["load"] = {"left_out": why, "history_days": history, "window_days": 28}
        return
    upper = inputs.acwr_upper
    score = 80.0 if ratio <= upper else max(0.0, 80 - 150 * (ratio - upper))
    if ratio > upper:
        reasons.append(f"acute:chronic load ratio {shown(ratio, upper, 2)}, above {upper:g}")
    components["load"] = {
        "score": round(score, 1),
        "acwr": round(ratio, 3),
        "formula": "EWMA acute (7 d) / chronic (28 d) combined load through yesterday; 80 up to "
        f"{upper:g}, -150 per unit above",
        "window_days": 28,
    }


def _runs(
    day: date,
    inputs: Inputs,
    config: ReadinessConfig,
    baseline_days: list[date],
    components: dict[str, dict[str, Any]],
    reasons: list[str],
) -> None:
    recent_days = [day - timedelta(days=k) for k in range(config.recent_days)]
    recent = [r for d in recent_days for r in inputs.easy_runs.get(d, [])]
    drifts = [r.drift_pct for r in recent if r.drift_pct is not None]
    if drifts:
        drift = sum(drifts) / len(drifts)
        score = 80.0 if drift <= config.drift_pct else max(0.0, 80 - 8 * (drift - config.drift_pct))
        if drift > config.drift_pct:
            reasons.append(
                f"heart rate drifted {drift:.1f} % at steady pace in recent easy runs "
                f"(above {config.drift_pct:g} %)"
            )
        components["drift"] = {
            "score": round(score, 1),
            "drift_pct": round(drift, 2),
            "inputs": len(drifts),
            "window_days": config.recent_days,
            "formula": "mean Pa:HR decoupling of easy runs; 80 up to the bound, -8 per point above",
        }
    cvs = [r.cadence_cv_pct for r in recent if r.cadence_cv_pct is not None]
    recent_set = set(recent_days)
    older = [
        r.cadence_cv_pct
        for d in baseline_days
        if d not in recent_set
        for r in inputs.easy_runs.get(d, [])
        if r.cadence_cv_pct is not None
    ]
    if cvs and len(older) >= 3:
        cv, base = sum(cvs) / len(cvs), sum(older) / len(older)
        unsteady = cv - base > config.cadence_cv_rise
        if unsteady:
            reasons.append(f"cadence less steady than usual (CV {cv:.1f} % vs {base:.1f} %)")
        components["cadence"] = {
            "score": 60.0 if unsteady else 80.0,
            "cadence_cv_pct": round(cv, 2),
            "baseline_cv_pct": round(base, 2),
            "inputs": len(cvs),
            "window_days": config.recent_days,
            "formula": f"80, or 60 when the cadence CV of recent easy runs exceeds the baseline by "
            f"more than {config.cadence_cv_rise:g} points",
        }


def _checkin(
    day: date,
    inputs: Inputs,
    config: ReadinessConfig,
    components: dict[str, dict[str, Any]],
    reasons: list[str],
) -> float | None:
    """The latest check-in within `checkin_days`; joint pain of 4 or 5 caps the score at red."""
    latest = next(
        (
            inputs.checkins[d]
            for d in (day - timedelta(days=k) for k in range(config.checkin_days))
            if d in inputs.checkins
        ),
        None,
    )
    if latest is None:
        return None
    items = {
        "mood": None if latest.mood is None else (latest.mood - 1) * 25,
        "energy": None if latest.energy is None else (latest.energy - 1) * 25,
        "soreness": None if latest.soreness is None else (5 - latest.soreness) * 25,
        "joint_pain": None if latest.joint_pain is None else (5 - latest.joint_pain) * 25,
    }
    present = [v for v in items.values() if v is not None]
    if not present:
        return None
    for name in ("mood", "energy"):
        value = getattr(latest, name)
        if value is not None and value <= 2:
            reasons.append(f"{name} {value}/5 in your check-in")
    if latest.soreness is not None and latest.soreness >= 4:
        reasons.append(f"soreness {latest.soreness}/5 in your check-in")
    cap = None
    if latest.joint_pain is not None and latest.joint_pain >= 4:
        site = f" ({latest.pain_site})" if latest.pain_site else ""
        reasons.append(f"joint pain {latest.joint_pain}/5{site}: readiness held at red")
        cap = config.red
    components["checkin"] = {
        "score": round(sum(present) / len(present), 1),
        "day": latest.local_day.isoformat(),
        **{k: getattr(latest, k) for k in items},
        "inputs": len(present),
        "window_days": config.checkin_days,
        "formula": "mean of mood and energy (1-5 -> 0-100) and inverted soreness and joint pain",
    }
    return cap

"""Health data from phone apps (runlift-healthconnect, runlift-healthautoexport) beside each other: each
app's JSON routed to its importer, and Apple's SDNN and Health Connect's RMSSD kept apart in readiness."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from runlift_migrations import read_models as rm
from sqlalchemy import select

from runlift.importers.manager import PluginSource, load_registry
from runlift.importers.testing import chosen_importer, rejection_of
from runlift.queries import series
from tests.support.health_payloads import health_auto_export_week, health_connect_week
from tests.support.stores import MakeApp

REGISTRY = load_registry(PluginSource())
APPLE_FIRST = date(2025, 1, 1)  # an iPhone and Apple Watch from 1 January (SDNN) ...
ANDROID_FIRST = date(2025, 1, 15)  # ... then an Android phone and watch from 15 January (RMSSD)


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value))
    return path


@pytest.mark.parametrize("name", ["healthconnect.json", "healthautoexport.json", "push.json"])
def test_each_apps_json_goes_to_its_importer_whatever_name_it_was_pushed_under(tmp_path, name):
    (tmp_path / "android").mkdir()
    (tmp_path / "apple").mkdir()
    android = write(tmp_path / "android" / name, health_connect_week(1, ANDROID_FIRST, 2))
    apple = write(tmp_path / "apple" / name, health_auto_export_week(1, APPLE_FIRST, 2))

    assert chosen_importer(REGISTRY, android) == "healthconnect"
    assert chosen_importer(REGISTRY, apple) == "healthautoexport"


def test_json_of_neither_app_is_refused_naming_the_formats_runlift_reads(tmp_path):
    path = write(tmp_path / "push.json", {"device": "scale", "weight_kg": 74.2})

    failure = rejection_of(REGISTRY, path)

    assert failure.stage == "sniff"
    assert failure.reason.startswith(
        "no importer recognises 'push.json' (formats runlift can read: "
    )
    assert "Health Auto Export JSON" in failure.reason
    assert "Health Connect Webhook JSON" in failure.reason


def _ln_by_day(readings: list[tuple[str, float]]) -> dict[date, float]:
    """Readiness's reading of a metric: the mean ln of each day's readings."""
    days: dict[date, list[float]] = defaultdict(list)
    for day, value in readings:
        days[date.fromisoformat(day)].append(math.log(value))
    return {day: sum(values) / len(values) for day, values in days.items()}


def _nightly(payload: dict[str, Any]) -> list[tuple[str, float]]:
    """Each night's RMSSD as the Health Connect importer reads it: the mean of the samples taken during
    the night, on the (UTC) day it ended."""
    nights = [
        (datetime.fromisoformat(n["session_end_time"]), timedelta(seconds=n["duration_seconds"]))
        for n in payload["sleep"]
    ]
    samples: dict[datetime, list[float]] = defaultdict(list)
    for record in payload["heart_rate_variability"]:
        taken = datetime.fromisoformat(record["time"])
        end = next(end for end, span in nights if end - span <= taken <= end)
        samples[end].append(record["rmssd_millis"])
    return [(end.date().isoformat(), sum(v) / len(v)) for end, v in samples.items()]


def _expected(by_day: dict[date, float], day: date) -> dict[str, Any]:
    """The HRV component worked out from one metric's own days: its days among the 28 before `day`, their
    mean and sample SD (at least 0.05), today's z."""
    window = [day - timedelta(days=k) for k in range(1, 29)]
    baseline = [by_day[d] for d in window if d in by_day]
    mean = sum(baseline) / len(baseline)
    sd = max(math.sqrt(sum((v - mean) ** 2 for v in baseline) / (len(baseline) - 1)), 0.05)
    return {
        "inputs": len(baseline),
        "baseline_ms": round(math.exp(mean), 1),
        "z": round((by_day[day] - mean) / sd, 2),
    }


def test_apples_sdnn_and_health_connects_rmssd_are_scored_apart(
    make_app: MakeApp, tmp_path
) -> None:
    app = make_app(plugins=PluginSource())
    apple = health_auto_export_week(11, APPLE_FIRST, 24, offset_s=3600)
    android = health_connect_week(12, ANDROID_FIRST, 17)
    files = [write(tmp_path / "apple.json", apple), write(tmp_path / "android.json", android)]
    assert [r.status for r in app.importer().import_paths(files).results] == ["imported"] * 2
    app.projections().catch_up()

    (hrv,) = [m["data"] for m in apple["data"]["metrics"] if m["name"] == "heart_rate_variability"]
    # Apple's dates carry the phone's offset: the day is as written. Health Connect's samples of a night
    # are that night's HRV (their mean) on the day it ended, in UTC here (the athlete's zone).
    sdnn = _ln_by_day([(r["date"][:10], r["qty"]) for r in hrv])
    rmssd = _ln_by_day(_nightly(android))
    with app.projections().engine.connect() as conn:
        w, rd = rm.wellness.c, rm.readiness_day.c
        hrv_rows = w.hrv_rmssd_ms.is_not(None) | w.hrv_sdnn_ms.is_not(None)
        rows = conn.execute(select(w.hrv_rmssd_ms, w.hrv_sdnn_ms).where(hrv_rows)).all()
        components = {
            row.day: row.components["hrv"]
            for row in conn.execute(select(rd.day, rd.components))
            if "hrv" in row.components
        }
        recovery = {r["day"]: r for r in series.recovery(conn, app.settings.athlete_id, None, None)}

    # Every reading kept its metric: none holds both, none was converted.
    assert len(rows) == len(hrv) + len(android["sleep"])  # Health Connect's: one a night
    assert not [r for r in rows if r.hrv_rmssd_ms is not None and r.hrv_sdnn_ms is not None]

    # 17 January: both metrics that day, RMSSD with fewer than 5 days behind it: scored in SDNN, against
    # the SDNN days only.
    day = date(2025, 1, 17)
    assert day in sdnn
    assert day in rmssd
    assert sum(1 for d in rmssd if d < day) < 5
    expected = _expected(sdnn, day)
    component = components[day]
    assert component["metric"] == "sdnn"
    assert (component["inputs"], component["baseline_sdnn_ms"], component["z"]) == (
        expected["inputs"],
        expected["baseline_ms"],
        expected["z"],
    )
    assert "ln(SDNN)" in component["formula"]
    assert recovery[day.isoformat()]["hrv_metric"] == "sdnn"
    assert recovery[day.isoformat()]["hrv_sdnn_z"] == expected["z"]
    assert recovery[day.isoformat()]["hrv_z"] is None

    # 22 January (both) and 30 January (RMSSD only): scored in RMSSD, against the RMSSD days only; the
    # SDNN days among the 28 before do not count, nor move the baseline.
    for day in (date(2025, 1, 22), date(2025, 1, 30)):
        expected = _expected(rmssd, day)
        component = components[day]
        assert component["metric"] == "rmssd"
        assert (component["inputs"], component["baseline_rmssd_ms"], component["z"]) == (
            expected["inputs"],
            expected["baseline_ms"],
            expected["z"],
        )
        assert component["inputs"] < sum(
            1 for d in (*sdnn, *rmssd) if day - timedelta(28) <= d < day
        )
        row = recovery[day.isoformat()]
        assert row["hrv_metric"] == "rmssd"
        assert (row["hrv_baseline_rmssd_ms"], row["hrv_z"]) == (
            expected["baseline_ms"],
            expected["z"],
        )
        assert row["hrv_rmssd_ms"] == round(math.exp(rmssd[day]), 1)
        assert row["hrv_sdnn_ms"] == (round(math.exp(sdnn[day]), 1) if day in sdnn else None)
        assert row["hrv_baseline_sdnn_ms"] is None

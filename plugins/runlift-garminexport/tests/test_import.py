"""The installed plugin end to end, on SQLite and PostgreSQL: a whole Garmin export (zip or folder) in one
import gives its FIT run and every night, daily summary, HRV reading and weigh-in, each on the day Garmin
dated it, and weeks of them make readiness confident on the athlete's first day."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from tests.support.garmin_export import garmin_export
from tests.support.helpers import stored
from tests.support.stores import MakeApp

from runlift.bootstrap import Runlift
from runlift.importers.manager import PluginSource
from runlift.ingest.summary import ImportSummary
from runlift.queries import figures

FIRST = date(2024, 1, 8)
DAYS = 35  # five weeks: more than readiness's confident_days of resting HR and HRV


def new_york(make_app: MakeApp, home: Path) -> Runlift:
    """A runlift whose athlete lives in New York (the generated exports' zone), every plugin loaded."""
    (home / "runlift.toml").write_text("[athlete]\nid = 'jo'\ntime_zone = 'America/New_York'\n")
    return make_app(plugins=PluginSource())


def test_the_entry_point_registers_the_importer(runlift_app) -> None:
    (plugin,) = [p for p in runlift_app.registry().plugins if p.name == "garminexport"]

    assert plugin.status == "loaded"
    assert plugin.importers == ("garminexport",)
    assert "Garmin export sleep JSON" in plugin.formats


def test_a_whole_export_zip_reaches_readiness(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = new_york(make_app, home)
    export = garmin_export(tmp_path / "export", seed=21, first=FIRST, days=DAYS)
    archive = export.zip(tmp_path / "garmin-export.zip")

    results = app.importer().import_paths([archive]).results

    assert Counter((r.status, r.importer) for r in results) == {
        (
            "imported",
            "garminexport",
        ): 4,  # one sleep chunk, one UDS chunk, health status, biometrics
        ("imported", "fit"): 1,  # the run, from the zip inside the zip
    }
    nights = stored(app, "SleepRecorded")
    assert [n["local_day"] for n in nights] == [
        n["calendarDate"] for n in export.confirmed_nights()
    ]
    readings = stored(app, "WellnessRecorded")
    resting = {r["local_day"]: r["resting_hr_bpm"] for r in readings if r["resting_hr_bpm"]}
    assert resting == {
        d["calendarDate"]: d["restingHeartRate"]
        for d in export.days_with_readings()
        if d.get("restingHeartRate")
    }
    hrv = {r["local_day"]: r["hrv_rmssd_ms"] for r in readings if r["hrv_rmssd_ms"]}
    assert hrv == {h["calendarDate"]: h["metrics"][0]["value"] for h in export.hrv_days()}
    assert all(r["hrv_sdnn_ms"] is None for r in readings)
    weigh_ins = stored(app, "BodyCompositionRecorded")
    assert [w["weight_kg"] for w in weigh_ins] == [
        b["weight"]["weight"] / 1000 for b in export.weigh_ins()
    ]
    assert [w["local_day"] for w in weigh_ins] == [
        b["metaData"]["calendarDate"][:10] for b in export.weigh_ins()
    ]
    assert len(stored(app, "RunCompleted")) == 1

    # The export's last day, the athlete's first with runlift: readiness stands on weeks of baselines.
    after = FIRST + timedelta(days=DAYS - 1)
    projections = app.projections()
    projections.catch_up()
    with projections.engine.connect() as conn:
        days = figures.readiness_series(conn, app.settings.athlete_id, after, after)
    (today,) = days
    assert today["confidence"] == "high"
    assert today["score"] is not None

    # The same export again stores nothing more.
    again = app.importer().import_paths([archive]).results
    assert {r.status for r in again} == {"already imported"}


def test_the_unpacked_folder_imports_the_same(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = new_york(make_app, home)
    export = garmin_export(tmp_path / "export", seed=22, first=FIRST, days=10, with_run=False)

    results = app.importer().import_paths([export.root]).results

    assert [r.status for r in results] == ["imported"] * 4
    assert len(stored(app, "SleepRecorded")) == len(export.confirmed_nights())


def test_an_absurd_reading_is_left_out_and_the_rest_kept(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = new_york(make_app, home)
    export = garmin_export(tmp_path / "export", seed=23, first=FIRST, days=6, with_run=False)
    (uds,) = [f for f in export.files if f.name.startswith("UDSFile_")]
    days = [d for d in export.days_with_readings() if d.get("restingHeartRate")]
    days[2]["restingHeartRate"] = 400  # a glitch no heart makes at rest
    uds.write_text(json.dumps(days))

    (result,) = app.importer().import_paths([uds]).results

    assert result.status == "imported"
    assert any("400" in note for note in result.notes)
    resting = [r["resting_hr_bpm"] for r in stored(app, "WellnessRecorded") if r["resting_hr_bpm"]]
    assert resting == [d["restingHeartRate"] for i, d in enumerate(days) if i != 2]


def test_another_apps_json_in_the_export_goes_to_its_own_importer(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    from tests.support.health_payloads import health_auto_export_week

    app = new_york(make_app, home)
    export = garmin_export(tmp_path / "export", seed=24, first=FIRST, days=5, with_run=False)
    other = health_auto_export_week(seed=24, first_morning=FIRST, days=3)
    (export.root / "healthautoexport.json").write_text(json.dumps(other))
    (export.root / "DI_CONNECT" / "notes.json").write_text('[{"id": 1, "text": "not health data"}]')

    results = {Path(r.file).name: r for r in app.importer().import_paths([export.root]).results}

    assert results["healthautoexport.json"].importer == "healthautoexport"
    assert results["healthautoexport.json"].status == "imported"
    assert results["notes.json"].status == "rejected"
    assert "no importer recognises" in (results["notes.json"].reason or "")
    garmin = [r for r in results.values() if r.importer == "garminexport"]
    assert len(garmin) == 4
    assert all(r.status == "imported" for r in garmin)


def test_the_exports_other_files_are_left_out_saying_why(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = new_york(make_app, home)
    export = garmin_export(tmp_path / "export", seed=25, first=FIRST, days=6, with_run=False)
    metrics = export.root / "DI_CONNECT" / "DI-Connect-Metrics"
    metrics.mkdir()
    readiness = metrics / "TrainingReadinessDTO_20240108_20240113_123456789.json"
    readiness.write_text('[{"calendarDate": "2024-01-08", "score": 71, "level": "MODERATE"}]')

    results = {Path(r.file).name: r for r in app.importer().import_paths([export.root]).results}

    left_out = results[readiness.name]
    assert (left_out.status, left_out.importer, left_out.events) == ("imported", "garminexport", {})
    assert left_out.notes == (
        "not read: Garmin's training readiness (runlift computes its own readiness)",
    )
    assert not (home / "failed").exists() or not any((home / "failed").iterdir())


def _newer(older: Path, week: Path, to: Path) -> Path:
    """A newer export of the same account: every file of the older one written again (Garmin's files
    differ in bytes from export to export), the week's sleep and daily summary files beside them, and the
    single-file histories (HRV, biometrics) grown by the week's records."""
    shutil.copytree(older, to)
    for path in week.rglob("*.json"):
        target = to / path.relative_to(week)
        if target.exists():
            records = json.loads(target.read_text()) + json.loads(path.read_text())
            target.write_text(json.dumps(records))
        else:
            shutil.copy(path, target)
    for path in to.rglob("*.json"):
        path.write_text(json.dumps(json.loads(path.read_text()), indent=2))
    return to


def test_a_newer_export_stores_only_the_new_week_and_sums_up_the_whole(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = new_york(make_app, home)
    older = garmin_export(tmp_path / "older", seed=26, first=FIRST, days=21)
    week = garmin_export(
        tmp_path / "week", seed=27, first=FIRST + timedelta(days=21), days=7, with_run=False
    )
    newer = _newer(older.root, week.root, tmp_path / "newer")
    first = ImportSummary.of(app.importer().import_paths([older.zip(tmp_path / "a.zip")]).results)
    nights_before = stored(app, "SleepRecorded")

    results = app.importer().import_paths([newer]).results
    summary = ImportSummary.of(results)

    # Everything the older export held is left out as already stored, by type; the FIT run is the same
    # bytes: already imported. Only the week is stored.
    run = Counter({"RunCompleted": 1, "ActivitySamplesRecorded": 1})
    assert summary.already_stored == dict(Counter(first.stored) - run)
    assert summary.count("already imported") == 1
    assert summary.stored["SleepRecorded"] == len(week.confirmed_nights())
    nights = stored(app, "SleepRecorded")
    assert nights[: len(nights_before)] == nights_before
    assert [n["local_day"] for n in nights] == [
        n["calendarDate"] for n in older.confirmed_nights() + week.confirmed_nights()
    ]
    assert summary.left_out == []
    assert "already there: 1 files" in summary.line()

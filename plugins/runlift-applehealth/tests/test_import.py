"""The installed plugin end to end, on SQLite and PostgreSQL: Apple Health's export.zip in one import gives
the workouts (each run linked with its route's GPX, counted once), the nights, resting heart rate, HRV as
SDNN and weigh-ins, each on its local day; weeks of them make readiness confident on the athlete's first
day, and the same export again stores nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from bench.history.apple_export import apple_export
from tests.support.helpers import stored
from tests.support.stores import MakeApp

from runlift.bootstrap import Runlift
from runlift.importers.manager import PluginSource
from runlift.projections.duplicates import Duplicates
from runlift.queries import eventlog, figures

FIRST = date(2024, 3, 4)
DAYS = 35


def berlin(make_app: MakeApp, home: Path, athlete: str = "jo") -> Runlift:
    """A runlift on `home` for an athlete in Berlin (another athlete and home: another store's share)."""
    home.mkdir(exist_ok=True)
    (home / "runlift.toml").write_text(
        f"[athlete]\nid = '{athlete}'\ntime_zone = 'Europe/Berlin'\n"
    )
    return make_app(home=home, plugins=PluginSource())


def test_the_entry_point_registers_the_importer(runlift_app) -> None:
    (plugin,) = [p for p in runlift_app.registry().plugins if p.name == "applehealth"]

    assert plugin.status == "loaded"
    assert plugin.formats == ("Apple Health export XML",)


def test_an_export_zip_reaches_readiness(make_app: MakeApp, home: Path, tmp_path: Path) -> None:
    app = berlin(make_app, home)
    export = apple_export(
        tmp_path / "export", seed=5, first=FIRST, days=DAYS, heart_rate_per_day=20
    )
    archive = export.zip(tmp_path / "export.zip")

    results = app.importer().import_paths([archive]).results

    assert Counter((r.status, r.importer) for r in results) == {
        ("imported", "applehealth"): 1,
        ("imported", "gpx"): len(export.runs),
    }
    nights = stored(app, "SleepRecorded")
    assert [n["local_day"] for n in nights] == [str(n["day"]) for n in export.nights]
    assert [n["deep_min"] for n in nights] == pytest.approx(
        [n["minutes"]["AsleepDeep"] for n in export.nights], abs=0.01
    )
    readings = stored(app, "WellnessRecorded")
    resting = {r["local_day"]: r["resting_hr_bpm"] for r in readings if r["resting_hr_bpm"]}
    assert resting == {str(day): bpm for day, bpm in export.resting.items()}
    sdnn = sorted(r["hrv_sdnn_ms"] for r in readings if r["hrv_sdnn_ms"])
    assert sdnn == sorted(value for _, value in export.sdnn)
    assert all(r["hrv_rmssd_ms"] is None for r in readings)
    weigh_ins = stored(app, "BodyCompositionRecorded")
    assert [w["weight_kg"] for w in weigh_ins] == [kg for _, kg, _ in export.weigh_ins]
    assert [w["body_fat_pct"] for w in weigh_ins] == pytest.approx(
        [fat * 100 for _, _, fat in export.weigh_ins]  # a fraction in the export
    )
    # Each run arrived twice: the workout (a run without samples) and its route's GPX (a track that
    # does not say its sport). Linked, counted once, the workout primary: its sport decides the channel.
    runs = stored(app, "RunCompleted")
    assert len(runs) == len(export.runs)
    groups = Duplicates.of(app.history).groups()
    assert len(groups) == len(export.runs)
    workouts = {r["aggregate_id"] for r in runs}
    assert all(g.primary.split(":")[0] in workouts for g in groups)
    lifts = [a for a in stored(app, "ActivityCompleted") if a["sub_sport"] == "strength_training"]
    assert len(lifts) == len(export.lifts)

    last = FIRST + timedelta(days=DAYS - 1)
    projections = app.projections()
    projections.catch_up()
    with projections.engine.connect() as conn:
        (today,) = figures.readiness_series(conn, app.settings.athlete_id, last, last)
    assert today["confidence"] == "high"
    with projections.engine.connect() as conn:
        running = figures.load_series(conn, app.settings.athlete_id, FIRST, last, "running")
    assert sum(d["distance_m"] for d in running) == pytest.approx(
        sum(r["km"] for r in export.runs) * 1000
    )

    again = app.importer().import_paths([archive]).results
    assert {r.status for r in again} == {"already imported"}


def test_a_cut_off_export_keeps_what_was_whole(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = berlin(make_app, home)
    export = apple_export(tmp_path / "export", seed=6, first=FIRST, days=10, heart_rate_per_day=5)
    data = export.xml.read_bytes()
    cut = data.index(b"<Workout", len(data) // 2) + 40  # inside a workout's start tag
    export.xml.write_bytes(data[:cut])

    (result,) = app.importer().import_paths([export.xml]).results

    assert result.status == "imported"
    assert result.salvaged is not None
    assert "stops being well-formed at line" in result.salvaged
    nights = stored(app, "SleepRecorded")
    kept = [n for n in export.nights if data.find(str(n["day"]).encode()) < cut]
    assert 0 < len(nights) <= len(kept)


@pytest.mark.parametrize("stream_limit", [30_000, 10_000_000])
def test_an_export_past_the_whole_file_limit_is_streamed_up_to_the_stream_limit(
    make_app: MakeApp, home: Path, tmp_path: Path, stream_limit: int
) -> None:
    (home / "runlift.toml").write_text(
        "[athlete]\nid = 'jo'\ntime_zone = 'Europe/Berlin'\n\n[import]\nmax_file_bytes = 20000\n"
        f"max_stream_bytes = {stream_limit}\n"
    )
    app = make_app(plugins=PluginSource())
    export = apple_export(tmp_path / "export", seed=7, first=FIRST, days=3, heart_rate_per_day=5)
    size = export.xml.stat().st_size
    assert 30_000 < size < 10_000_000

    (result,) = app.importer().import_paths([export.xml]).results

    if stream_limit < size:
        assert result.status == "rejected"
        assert "(import.max_stream_bytes); it was not read" in (result.reason or "")
        assert "raise [import] max_stream_bytes in runlift.toml" in (result.reason or "")
        assert stored(app, "SleepRecorded", "WellnessRecorded") == []
    else:  # past max_file_bytes, but the importer declares it streams
        assert result.status == "imported", result.reason
        assert result.events["SleepRecorded"] == len(export.nights)


def test_a_newer_export_stores_only_what_is_new(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    app = berlin(make_app, home)
    older = apple_export(tmp_path / "older", seed=8, first=FIRST, days=21, heart_rate_per_day=5)
    newer = apple_export(tmp_path / "newer", seed=8, first=FIRST, days=28, heart_rate_per_day=5)
    first = {
        r.importer: r for r in app.importer().import_paths([older.zip(tmp_path / "a.zip")]).results
    }
    before = {t: stored(app, t) for t in ("SleepRecorded", "WellnessRecorded", "RunCompleted")}

    results = app.importer().import_paths([newer.zip(tmp_path / "b.zip")]).results

    (xml,) = [r for r in results if r.importer == "applehealth"]
    assert xml.status == "imported"
    # The three weeks already stored are left out, counted by type; the fourth week is stored.
    assert xml.already_stored == first["applehealth"].events
    new_nights = [n for n in newer.nights if n not in older.nights]
    assert xml.events["SleepRecorded"] == len(new_nights) == 7
    nights = stored(app, "SleepRecorded")
    assert [n["local_day"] for n in nights] == [str(n["day"]) for n in newer.nights]
    assert nights[: len(before["SleepRecorded"])] == before["SleepRecorded"]
    resting = [r["local_day"] for r in stored(app, "WellnessRecorded") if r["resting_hr_bpm"]]
    assert sorted(resting) == sorted(str(day) for day in newer.resting)
    assert len(stored(app, "RunCompleted")) == len(newer.runs)
    # The old runs' route files are the same bytes: already imported; the new week's are imported.
    routes = Counter(r.status for r in results if r.importer in ("gpx", None))
    new_runs = len(newer.runs) - len(older.runs)
    assert routes == {"already imported": len(older.runs), "imported": new_runs}


def test_a_newer_export_gives_the_views_of_importing_it_alone(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    older = apple_export(tmp_path / "older", seed=9, first=FIRST, days=21, heart_rate_per_day=5)
    newer = apple_export(tmp_path / "newer", seed=9, first=FIRST, days=28, heart_rate_per_day=5)
    both = berlin(make_app, home)
    both.importer().import_paths([older.zip(tmp_path / "a.zip")])
    both.importer().import_paths([newer.zip(tmp_path / "b.zip")])
    alone = berlin(make_app, tmp_path / "alone", athlete="al")
    alone.importer().import_paths([newer.zip(tmp_path / "c.zip")])

    last = FIRST + timedelta(days=27)
    series = []
    for app in (both, alone):
        projections = app.projections()
        projections.catch_up()
        with projections.engine.connect() as conn:
            series.append(
                (
                    figures.readiness_series(conn, app.settings.athlete_id, FIRST, last),
                    figures.load_series(conn, app.settings.athlete_id, FIRST, last, "running"),
                )
            )
    assert series[0] == series[1]
    assert sum(1 for day in series[0][0] if day["confidence"] == "high") >= 7
    assert sum(day["distance_m"] for day in series[0][1]) > 0
    nights = [
        list(
            eventlog.read_events(app.history, ["SleepRecorded"], athlete_id=app.settings.athlete_id)
        )
        for app in (both, alone)
    ]
    assert [n["start_utc"] for n in nights[0]] == [n["start_utc"] for n in nights[1]]
    assert len(nights[0]) == len(newer.nights)

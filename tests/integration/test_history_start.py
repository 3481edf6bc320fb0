"""Where the history starts, through a real import on SQLite and PostgreSQL: FIT files whose clock was never
set (written by runlift's own FIT writer, as a camera before its GPS fix writes them) stay in the log with
their note but feed no read model, `status` counts them, and `history load` starts on the first real day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import func, select

from runlift.bootstrap import Runlift
from runlift.demo.fitfiles import lift_fit, run_fit
from runlift.demo.lifts import workout
from runlift.demo.runs import run_track
from runlift.importers.manager import PluginSource
from runlift.projections.driver import Projections
from runlift.projections.first_day import FIRST_PLAUSIBLE_UTC, FIT_EPOCH_UTC
from runlift.queries import figures, status
from tests.support.helpers import stored
from tests.support.reliability import snapshot
from tests.support.stores import MakeApp

SEED, START = 1, date(2024, 9, 2)
MONDAY, WEDNESDAY, SUNDAY = date(2025, 3, 3), date(2025, 3, 5), date(2025, 3, 9)
POWER_ON = FIT_EPOCH_UTC + timedelta(seconds=2)  # 2 s after power-on, read as 1989-12-31T00:00:02Z


def write(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def import_files(make_app: MakeApp, paths: list[Path]) -> Runlift:
    app = make_app(plugins=PluginSource())  # the installed FIT plugin, not the toy plugins
    report = app.importer().import_paths(paths)
    assert [r.status for r in report.results] == ["imported"] * len(paths)
    return app


def count(app: Runlift, table: Any, **where: Any) -> int:
    c = table.c
    query = select(func.count()).where(c.athlete_id == app.settings.athlete_id)
    for column, value in where.items():
        query = query.where(c[column] == value)
    with app.projections().engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def first_load_day(app: Runlift) -> str:
    with app.projections().engine.connect() as conn:
        series = figures.load_series(conn, app.settings.athlete_id, None, None, "combined")
    return str(series[0]["day"])


def test_facts_of_a_clock_never_set_stay_in_the_log_but_out_of_every_view(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    files = {
        "run.fit": run_fit(run_track(SEED, START, MONDAY)),
        "lift.fit": lift_fit(workout(SEED, START, MONDAY)),
        "camera.fit": run_fit(replace(run_track(SEED, START, SUNDAY), start=POWER_ON)),
        "unset-lift.fit": lift_fit(
            replace(workout(SEED, START, WEDNESDAY), start=POWER_ON + timedelta(days=1))
        ),
    }
    app = import_files(make_app, write(tmp_path / "files", files))

    # The log keeps every fact, the unset clock's too, with the importer's note.
    runs = stored(app, "RunCompleted")
    assert sorted(r["start_utc"][:10] for r in runs) == ["1989-12-31", MONDAY.isoformat()]
    lifts = stored(app, "StrengthSessionCompleted")
    assert sorted(s["start_utc"][:10] for s in lifts) == ["1990-01-01", MONDAY.isoformat()]
    notes = [n for f in stored(app, "FileImported") for n in f["notes"]]
    assert sum("clock was not set" in note for note in notes) == 2

    app.projections().catch_up()
    assert count(app, rm.session) == 2  # Monday's run and lift
    assert count(app, rm.left_out) == 2
    assert count(app, rm.left_out, kind="run") == count(app, rm.left_out, kind="strength") == 1
    monday_sets = len(workout(SEED, START, MONDAY).sets)
    assert count(app, rm.set_) == monday_sets  # the unset lift's sets went with it
    assert first_load_day(app) == MONDAY.isoformat()  # not 1989-12-31: 13,000 days of zeros

    left_out = status.training_of(app)["data"]["left_out"]
    assert left_out == {
        "count": 2,
        "by_kind": {"sessions": 2, "nights": 0, "readings": 0, "check_ins": 0},
        "before": "1998-07-03",
        "rule": "fit_power_on",
        "note": "left out 2 sessions dated before 1998-07-03 (a device clock never set): "
        "`runlift events` shows them",
    }

    # Catching up one event at a time (a session's sets in later batches than it) gives the same views.
    views = snapshot(app.projections())
    settings = app.projection_settings()
    one_by_one = Projections(app.projections().engine, app.applications, settings, batch_size=1)
    one_by_one.rebuild()
    assert snapshot(one_by_one) == views

    # The athlete's own first day replays the facts from it on.
    config = home / "runlift.toml"
    config.write_text(
        config.read_text() + f"first_day = {(MONDAY + timedelta(days=1)).isoformat()}\n"
    )
    later = make_app(plugins=PluginSource())
    assert later.settings.config.athlete.first_day == MONDAY + timedelta(days=1)
    assert status.training_of(later)["data"]["left_out"]["count"] == 4
    assert count(later, rm.session) == count(later, rm.set_) == 0
    note = status.training_of(later)["data"]["left_out"]["note"]
    assert note.startswith("left out 4 sessions dated before 2025-03-04 (your [athlete] first_day)")


def test_a_fit_time_just_below_0x10000000_is_left_out_and_at_it_kept(
    make_app: MakeApp, tmp_path: Path
) -> None:
    below = replace(
        run_track(SEED, START, MONDAY), start=FIRST_PLAUSIBLE_UTC - timedelta(seconds=1)
    )
    at = replace(run_track(SEED, START, SUNDAY), start=FIRST_PLAUSIBLE_UTC)  # another run: no link
    app = import_files(
        make_app, write(tmp_path / "files", {"below.fit": run_fit(below), "at.fit": run_fit(at)})
    )
    app.projections().catch_up()

    assert len(stored(app, "RunCompleted")) == 2
    assert count(app, rm.left_out) == count(app, rm.session) == 1
    with app.projections().engine.connect() as conn:
        kept = conn.execute(select(rm.session.c.elapsed_s)).scalar_one()
    assert kept == at.elapsed_s
    assert first_load_day(app) == "1998-07-03"


def test_a_link_between_records_left_out_is_left_out_with_them(
    make_app: MakeApp, tmp_path: Path
) -> None:
    track = replace(run_track(SEED, START, SUNDAY), start=POWER_ON)
    copy = replace(track, start=POWER_ON + timedelta(seconds=1))  # another file of the same workout
    files = {
        "camera.fit": run_fit(track),
        "copy.fit": run_fit(copy),
        "run.fit": run_fit(run_track(SEED, START, MONDAY)),
    }
    app = import_files(make_app, write(tmp_path / "files", files))
    assert len(stored(app, "DuplicateLinked")) == 1
    app.projections().catch_up()

    assert count(app, rm.link) == 0
    assert count(app, rm.left_out) == 2
    with app.projections().engine.connect() as conn:
        [(session, primary)] = conn.execute(
            select(rm.session.c.session, rm.session.c.primary_session)
        ).all()
    assert session == primary  # Monday's run counts, on its own

"""Several runlift processes on one store at once: two imports and a daemon, and two athletes' daemons."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.importers.manager import PluginSource
from runlift.queries import eventlog, status
from runlift.settings import Home, init_home
from tests.support.corpus import RUN_FIT, committed, data_manifest
from tests.support.processes import Start, spawn, state, wait_for
from tests.support.reliability import IMPORTED, assert_nothing_lost, snapshot
from tests.support.stores import (
    MakeApp,
    fresh_schema,
    locked,
    waiting_saves,
)

pytestmark = pytest.mark.slow

# Every committed device file (tests/data) under 6 kB that decodes and was not recorded before 2010 (the
# views of decades take longer to derive): quick, of many kinds (runs, a walk, rides, a swim, a multisport
# file, lifts, monitoring, a GPX track; a route, settings and workout files, which runlift rejects), with
# workouts recorded twice (fitparse's Activity, activity-settings and muktihari's activity_truncated; a
# ride on a fenix 5 and an Edge 820), smallest first.
FILES = sorted(
    (
        path
        for path, row in data_manifest().items()
        if row["decodes_ok"] == "yes"
        and int(row["bytes"]) < 6_000
        and not "1900" < row["start_time"][:4] < "2010"
    ),
    key=lambda path: int(data_manifest()[path]["bytes"]),
)
THIRD = len(FILES) // 3


def spawn_import(home: Path, store_url: str, files: list[str]) -> subprocess.Popen[str]:
    """`runlift import --json` of committed device files as a separate process (not waited for)."""
    paths = [str(committed(name)) for name in files]
    return spawn(home, store_url, "import", "--json", "--workers", "1", *paths)


def report_of(process: subprocess.Popen[str]) -> list[dict[str, str]]:
    """The per-file results of a spawned import, which must have ended without a crash or a store error
    (exit 1 is for the files runlift rejects)."""
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 1), stderr
    assert "Traceback" not in stderr, stderr
    assert "store error" not in stderr, stderr
    files: list[dict[str, str]] = json.loads(stdout)["files"]
    return files


def daemon_outcomes(log: str) -> dict[str, str]:
    """Each dropped file's outcome in the daemon's log (`NAME: imported (N events) in S s`)."""
    outcomes = {}
    for line in log.splitlines():
        for outcome in ("imported (", "already imported", "rejected:"):
            if f": {outcome}" in line:
                name = line.split(f": {outcome}", 1)[0].rsplit(" ", 1)[-1]
                outcomes[name] = outcome.rstrip(" (:")
    return outcomes


def test_two_imports_and_a_daemon_on_one_store_import_every_file_exactly_once(
    daemon_home: Path, store_url: str, start: Start, tmp_path: Path
) -> None:
    daemon = start()
    wait_for(lambda: "heartbeat" in state(daemon_home))
    # All three first queue behind another process's lock on the store, then race: the imports take
    # the largest files first, the daemon the smallest (it goes by name), so they meet in the middle,
    # saving the same bytes and indexing the same days at the same time.
    dropped = {f"{n:02d}-{Path(name).name}": name for n, name in enumerate(FILES)}
    with locked(store_url):
        imports = [
            spawn_import(daemon_home, store_url, FILES[: 2 * THIRD]),
            spawn_import(daemon_home, store_url, FILES[THIRD:]),
        ]
        for drop_name, name in dropped.items():
            shutil.copy(committed(name), daemon_home / "drop" / drop_name)
        if store_url.startswith("postgres"):
            wait_for(lambda: waiting_saves(store_url) == 3)
        else:
            time.sleep(3.0)
    reports = [report_of(process) for process in imports]
    wait_for(lambda: not any((daemon_home / "drop").iterdir()), timeout=60)
    daemon.send_signal(signal.SIGTERM)
    assert daemon.wait(30) == 0
    log = daemon.output.read_text()  # type: ignore[attr-defined]
    assert "Traceback" not in log, log
    assert "store failed" not in log, log

    # Every file was imported by exactly one of the three (the others found it stored), or rejected.
    imported_by: dict[str, list[str]] = {name: [] for name in FILES}
    rejected = set()
    for drop_name, outcome in daemon_outcomes(log).items():
        if outcome == "imported":
            imported_by[dropped[drop_name]].append("daemon")
        elif outcome == "rejected":
            rejected.add(dropped[drop_name])
    by_display = {str(committed(name)): name for name in FILES}
    for number, report in enumerate(reports):
        for result in report:
            if result["status"] == "imported":
                imported_by[by_display[result["file"]]].append(f"import {number}")
            elif result["status"] == "rejected":
                rejected.add(by_display[result["file"]])
    assert len(daemon_outcomes(log)) == len(FILES)
    assert {name: by for name, by in imported_by.items() if len(by) != 1} == {
        name: [] for name in rejected
    }
    assert sorted(p.name for p in (daemon_home / "done").iterdir()) == sorted(
        drop_name for drop_name, name in dropped.items() if name not in rejected
    )
    assert_nothing_lost(daemon_home, store_url, [committed(n) for n in FILES], tmp_path)


def repeating(files: list[str], scratch: Path) -> set[str]:
    """The files whose facts another of `files` holds alike (one of each such pair), found by importing
    them all into a store of their own."""
    scratch.mkdir()
    with bootstrap(scratch, database_url=f"sqlite://{scratch / 'store'}") as probe:
        results = probe.importer().import_paths([committed(name) for name in files]).results
    by_path = {str(committed(name)): name for name in files}
    return {by_path[r.file] for r in results if r.already_stored}


def athlete_events(app: Runlift) -> Counter[tuple[str, str | None]]:
    """The imported events of one athlete in a store, as (type, file sha256): how many of each."""
    counts: Counter[tuple[str, str | None]] = Counter()
    for record in eventlog.read_events(app.history, sorted(IMPORTED)):
        if record["athlete_id"] == app.settings.athlete_id:
            source = record.get("source") or {}
            counts[(record["type"], record.get("sha256") or source.get("sha256"))] += 1
    return counts


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_two_daemons_of_two_athletes_on_one_postgresql_schema_keep_their_data_apart(
    daemon_home: Path, store_url: str, start: Start, second_daemon: Start, tmp_path: Path
) -> None:
    # The second home: the first's settings (a free web port, a short settle time), another athlete.
    other = tmp_path / "other-home"
    config = (daemon_home / "runlift.toml").read_text()
    athlete = next(line for line in config.splitlines() if line.startswith("id = "))
    other.mkdir()
    (other / "runlift.toml").write_text(config.replace(athlete, 'id = "second-athlete"'))
    init_home(Home(other))  # its folders
    # Each athlete gets every other file, and both the same run: stored for each, not "already". Files
    # that repeat another's facts alike are left out: which of two such files stores the facts depends on
    # which is saved first (ingest/identity.py), and the daemon's order is not the import's.
    shared = "fit/run/fitparse__garmin-fenix-5-run.fit"
    repeats = repeating(FILES, tmp_path / "probe")
    rest = [name for name in FILES if name != shared and name not in repeats]
    feeds = {daemon_home: [*rest[0::2], shared], other: [*rest[1::2], shared]}
    daemons = [start(), second_daemon(other)]
    for home, files in feeds.items():
        wait_for(lambda home=home: "heartbeat" in state(home))
        for name in files:
            shutil.copy(committed(name), home / "drop" / Path(name).name)
    for home in feeds:
        wait_for(lambda home=home: not any((home / "drop").iterdir()), timeout=60)
    for daemon in daemons:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(30) == 0
        log = daemon.output.read_text()  # type: ignore[attr-defined]
        assert "Traceback" not in log, log
        assert "already imported" not in log, log

    for home, files in feeds.items():
        # The athlete's events and views in the shared schema are exactly those of the same athlete's
        # files imported alone into a schema of their own; a rebuild gives the same views.
        alone = tmp_path / f"alone-{home.name}"
        alone.mkdir()
        shutil.copy(home / "runlift.toml", alone / "runlift.toml")
        with (
            fresh_schema() as alone_url,
            bootstrap(home, database_url=store_url) as shared_app,
            bootstrap(alone, database_url=alone_url) as alone_app,
        ):
            alone_app.importer().import_paths([committed(name) for name in files])
            alone_app.projections().catch_up()
            assert athlete_events(shared_app) == athlete_events(alone_app)
            shared_app.projections().catch_up()
            kept = snapshot(shared_app.projections())
            assert kept == snapshot(alone_app.projections())
            assert any(kept.values())
            shared_app.projections().rebuild()
            assert snapshot(shared_app.projections()) == kept


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_status_and_the_audit_log_of_a_shared_store_show_only_the_athletes_own_files(
    make_app: MakeApp, tmp_path: Path
) -> None:
    first = make_app(plugins=PluginSource())
    second = make_app(plugins=PluginSource(), home=tmp_path / "second-athlete")
    first.importer().import_paths([committed("fit/run/fitparse__garmin-fenix-5-run.fit")])
    second.importer().import_paths([committed(RUN_FIT)])
    for app in (first, second):
        athlete = app.settings.athlete_id
        figures = status.collect(app)
        assert figures["files"]["imported"] == 1
        assert figures["events"]["by_type"]["RunCompleted"] == 1
        runs = list(eventlog.read_events(app.history, ["RunCompleted"], athlete_id=athlete))
        assert [run["athlete_id"] for run in runs] == [athlete]
        latest = eventlog.read_latest(app.history, ["FileImported"], 10, athlete_id=athlete)
        assert [record["athlete_id"] for record in latest] == [athlete]
    # Unfiltered too: each athlete's log is in tables of its own, which hold none of the other's events.
    for app in (first, second):
        assert len(list(eventlog.read_events(app.history, ["RunCompleted"]))) == 1

"""The scheduler on SQLite and PostgreSQL: a persistent job store, missed runs coalesced, jobs as functions."""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.daemon import jobs
from runlift.daemon import scheduler as sched
from tests.support.processes import runlift
from tests.support.stores import MakeApp

PROBE = "tests.support.schedule_probe:record"


def probe_spec(app: Runlift, seconds: float) -> sched.JobSpec:
    return sched.JobSpec(
        f"{app.settings.athlete_id}:probe", PROBE, IntervalTrigger(seconds=seconds), "probe"
    )


def runs(home: Path) -> int:
    probe = home / "probe.txt"
    return len(probe.read_text().splitlines()) if probe.exists() else 0


def test_runs_missed_while_down_run_once_at_start(app: Runlift) -> None:
    home = app.settings.home.root
    first = sched.build(app.settings, app.store)
    sched.start(first, [probe_spec(app, 2)], str(home))
    first.shutdown()  # down before its first run (due 2 s after the start)
    time.sleep(4.5)  # two runs missed meanwhile
    assert runs(home) == 0
    again = sched.build(app.settings, app.store)
    sched.start(again, [probe_spec(app, 2)], str(home))
    time.sleep(1.0)  # the next regular run is still 1 s away
    again.shutdown()
    assert runs(home) == 1


def test_a_changed_trigger_replaces_the_stored_job(app: Runlift) -> None:
    home = str(app.settings.home.root)
    scheduler = sched.offline(app.settings, app.store)
    sched.start(scheduler, [probe_spec(app, 60)], home, paused=True)
    sched.sync(scheduler, [probe_spec(app, 300)], home)
    (job,) = scheduler.get_jobs()
    assert str(job.trigger) == "interval[0:05:00]"
    scheduler.shutdown(wait=False)


def test_the_configured_jobs_run_in_the_athletes_time_zone(make_app: MakeApp, home: Path) -> None:
    make_app().close()  # writes runlift.toml
    config = home / "runlift.toml"
    text = re.sub(
        r'^time_zone = ".*"$', 'time_zone = "Europe/Berlin"', config.read_text(), flags=re.M
    )
    config.write_text(text + '\n[schedule]\nnightly_replan_at = "04:15"\n')
    app = make_app()
    specs = {spec.id.split(":", 1)[1]: spec for spec in sched.job_specs(app.settings)}
    assert set(specs) == {"nightly-replan", "weekly-plan", "protein-reminders"}
    nightly = specs["nightly-replan"].trigger
    assert str(nightly) == "cron[hour='4', minute='15']"
    assert str(nightly.timezone) == "Europe/Berlin"


def test_the_nightly_job_is_a_plain_function_and_adds_nothing_the_second_time(
    app: Runlift, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "RUNLIFT_DATABASE_URL", store_url
    )  # the job opens the home as the daemon would
    monday = date(2025, 3, 10)
    for file in syn.history(4, monday - timedelta(days=28), 28, step_s=10):
        syn.record(app.history, file)
    home = str(app.settings.home.root)
    first = jobs.nightly_replan(home, monday.isoformat())
    assert first  # at least the prompts and the reassessment
    assert jobs.nightly_replan(home, monday.isoformat()) == []
    assert jobs.weekly_plan(home, monday.isoformat()) == (monday + timedelta(days=7)).isoformat()


def test_protein_reminders_fall_in_the_hour_or_two_after_a_lifting_session(
    app: Runlift, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNLIFT_DATABASE_URL", store_url)
    day = date(2025, 3, 12)
    syn.record(
        app.history, syn.File("lift", syn.sets_session(day, [("Goblet Squat", 10, 16.0)] * 3))
    )
    home = str(app.settings.home.root)
    # The session starts 18:00 UTC and lasts 3 sets x 3 min: it ends 18:09.
    assert jobs.protein_reminders(home, f"{day}T19:00:00+00:00") == [
        "Strength ended 18:09: a protein-rich meal within 1-2 h"
    ]
    assert jobs.protein_reminders(home, f"{day}T20:30:00+00:00") == []  # 2 h 21 min after: past


def test_schedule_lists_the_jobs(home: Path, store_url: str) -> None:
    result = runlift(home, "schedule", "--json", store_url=store_url)
    assert result.returncode == 0, result.stderr
    listed = {job["job"]: job for job in json.loads(result.stdout)}
    assert set(listed) == {"nightly-replan", "weekly-plan", "protein-reminders"}
    assert all(job["next_run"] for job in listed.values())


def test_daemons_starting_together_create_the_job_table_once(make_app: MakeApp) -> None:
    # Two daemons of two athletes sharing a PostgreSQL schema started together: both job stores
    # created the jobs table at once and one daemon died of a duplicate key in the catalogue.
    app = make_app()
    starting = threading.Barrier(6)
    failures: list[BaseException] = []

    def open_job_store() -> None:
        starting.wait()
        try:
            jobs = sched.job_store(app.store)
            # what a daemon's start does with it
            jobs.start(sched.offline(app.settings, app.store), "default")
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_job_store) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    scheduler = sched.offline(app.settings, app.store)
    sched.start(scheduler, sched.job_specs(app.settings), str(app.settings.home.root), paused=True)
    assert scheduler.get_jobs()
    scheduler.shutdown()

"""The projection driver on SQLite and PostgreSQL: catch-up, crash and restart, versions, duplicates, athletes."""

from __future__ import annotations

import random
import threading
import time
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runlift_migrations import read_models as rm
from sqlalchemy import select

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift, bootstrap
from runlift.domain import events as ev
from runlift.importers.manager import PluginSource
from runlift.projections.driver import Projections
from runlift.projections.duplicates import Duplicates
from tests.support import replay
from tests.support.reliability import snapshot
from tests.support.stores import MakeApp

START = replay.START  # a Monday


def load_row(app: Runlift, day: date, channel: str = "combined") -> Any:
    d = rm.load_day.c
    with app.projections().engine.connect() as conn:
        return conn.execute(
            select(rm.load_day).where(
                d.athlete_id == app.settings.athlete_id, d.channel == channel, d.day == day
            )
        ).one_or_none()


def links_of(app: Runlift) -> list[str]:
    return sorted(Duplicates.of(app.history).links)


def two_weeks(app: Runlift, seed: int = 1) -> list[syn.File]:
    files = list(syn.history(seed, START, 14, step_s=5))
    for file in files:
        syn.record(app.history, file)
    return files


def test_catch_up_after_imports_equals_a_rebuild_from_scratch(app: Runlift) -> None:
    two_weeks(app)
    projections = app.projections()
    first = projections.catch_up()
    assert first.events > 0
    assert set(first.derived) == {"training_load", "readiness", "strength", "muscles"}
    assert set(first.timings) == {"facts", *first.derived}
    incremental = snapshot(projections)
    assert incremental["view_session"], "sessions were projected"
    again = projections.catch_up()
    assert again.events == 0
    assert again.derived == ()
    projections.rebuild()
    assert snapshot(projections) == incremental


def test_each_new_file_reaches_every_view(app: Runlift) -> None:
    rng = random.Random(2)
    projections = app.projections()
    syn.record(app.history, syn.File("run-1", syn.run(rng, START, minutes=30, step_s=5)))
    projections.catch_up()
    assert load_row(app, START).sessions == 1
    syn.record(app.history, syn.File("run-2", syn.run(rng, START, minutes=30, step_s=5)))
    projections.catch_up()
    assert load_row(app, START).sessions == 2
    assert load_row(app, START, "running").distance_m > 0


def test_a_crash_between_facts_and_derived_models_resumes_without_double_counting(
    make_app: MakeApp,
) -> None:
    app = make_app()
    two_weeks(app)
    projections = Projections(
        app.projections().engine, app.applications, app.projection_settings(), batch_size=50
    )
    projections.prepare()
    # Apply two batches of facts, then "crash" before the derived models are recomputed.
    stop = app.history.recorder.max_notification_id()
    assert stop is not None
    projections._batch(app.history, stop)
    projections._batch(app.history, stop)
    restarted = make_app()
    restarted.projections().catch_up()
    resumed = snapshot(restarted.projections())
    restarted.projections().rebuild()
    assert snapshot(restarted.projections()) == resumed


def test_a_duplicate_counts_once_and_unlinking_counts_it_again(app: Runlift) -> None:
    rng = random.Random(3)
    facts = syn.run(rng, START, minutes=30, step_s=5)
    summary_only = [(ev.RunCompleted, {**facts[0][1], "has_samples": False})]
    syn.record(app.history, syn.File("watch", facts))
    syn.record(app.history, syn.File("phone", summary_only))
    projections = app.projections()
    projections.catch_up()
    row = load_row(app, START)
    assert row.sessions == 1
    assert row.methods == {
        "banister_trimp": 1
    }  # the richer record (with heart rate) is the primary
    (link,) = links_of(app)
    app.history.unlink(link, "two runs")
    projections.catch_up()
    assert load_row(app, START).sessions == 2
    incremental = snapshot(projections)
    projections.rebuild()
    assert snapshot(projections) == incremental


def test_a_changed_profile_replays_the_events(make_app: MakeApp, home: Any) -> None:
    app = make_app()
    rng = random.Random(4)
    syn.record(app.history, syn.File("run", syn.run(rng, START, minutes=30, step_s=5)))
    app.projections().catch_up()
    before = load_row(app, START).load
    config = home / "runlift.toml"
    config.write_text(config.read_text().replace("# max_hr_bpm = 190", "max_hr_bpm = 200"))
    changed = make_app()
    assert changed.projections().prepare() == ["facts"]
    changed.projections().catch_up()
    after = load_row(changed, START).load
    assert after < before  # the same heart rates use less of a larger reserve


def test_a_schema_version_bump_recomputes_that_model(
    app: Runlift, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_weeks(app)
    projections = app.projections()
    projections.catch_up()
    expected = snapshot(projections)
    monkeypatch.setitem(rm.SCHEMA_VERSIONS, "strength", rm.SCHEMA_VERSIONS["strength"] + 1)
    fresh = Projections(projections.engine, app.applications, app.projection_settings())
    assert fresh.prepare() == ["strength"]
    assert fresh.catch_up().derived == ("strength", "muscles")  # the muscles read strength's rows
    assert snapshot(fresh) == expected


def test_athletes_sharing_a_store_keep_their_own_views(make_app: MakeApp, store_url: str) -> None:
    first = make_app()
    two_weeks(first, seed=5)
    other_home = first.settings.home.root.parent / "other"
    second = make_app(home=other_home)
    assert second.settings.athlete_id != first.settings.athlete_id
    syn.record(second.history, syn.File("one-run", syn.run(random.Random(6), START, step_s=5)))
    first.projections().catch_up()
    second.projections().catch_up()
    mine = snapshot(second.projections())
    assert len(mine["view_session"]) == 1
    assert len(snapshot(first.projections())["view_session"]) > 1


@pytest.mark.postgres
def test_postgres_notifications_wake_the_driver(pg_schema_url: str, home: Any) -> None:
    plugins = PluginSource(entry_points=False)
    with (
        bootstrap(home, database_url=pg_schema_url, plugins=plugins) as app,
        bootstrap(home, database_url=pg_schema_url, plugins=plugins) as writer,
    ):
        app.projections().catch_up()  # the views exist before the test reads them
        stop = threading.Event()
        thread = threading.Thread(target=app.projections().follow, args=(stop, 600.0))
        thread.start()
        try:
            time.sleep(0.5)
            syn.record(writer.history, syn.File("run", syn.run(random.Random(7), START, step_s=5)))
            deadline = time.monotonic() + 10
            while load_row(app, START) is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert load_row(app, START) is not None, (
                "a notify woke the driver before its 600 s timer"
            )
        finally:
            stop.set()
            thread.join(5)


@settings(replay.SETTINGS, max_examples=25)
@given(
    ops=replay.operations(20, night=20, checkin=20, hill=20, legs=20, regroup=1),
    batch_size=st.integers(1, 40),
    seed=st.integers(0, 1000),
)
def test_incremental_catch_up_in_any_batches_with_restarts_equals_one_rebuild(
    store_url: str, home: Any, ops: list[replay.Op], batch_size: int, seed: int
) -> None:
    with replay.new_athlete(home, store_url) as app:
        replay.assert_same_views(app, ops, batch_size, seed, _other)


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
@settings(replay.SETTINGS, max_examples=10)
@given(
    ops=replay.operations(20, night=20, checkin=20, hill=20, legs=20, regroup=1),
    batch_size=st.integers(1, 40),
    seed=st.integers(0, 1000),
)
def test_the_replay_property_holds_beside_another_athlete_in_the_schema(
    store_url: str, home: Any, ops: list[replay.Op], batch_size: int, seed: int
) -> None:
    """A club in one schema: another athlete stores files and catches up between the operations."""
    with (
        replay.new_athlete(home, store_url) as app,
        replay.new_athlete(home, store_url) as beside,
    ):
        replay.assert_same_views(app, ops, batch_size, seed, _other, beside=beside)


def _other(app: Runlift, rng: random.Random, n: int, op: str, offset: int) -> None:
    """A night, a check-in, a fast hilly run (the muscles' factors), a leg session whose sets log RPE
    (some easy) or none, or the squat regrouped as another exercise (every lift session recomputed)."""
    day = START + timedelta(days=offset)
    if op == "night":
        syn.record(app.history, syn.File(f"night{n}", syn.night(rng, day)))
    elif op == "checkin":
        syn.check_in(app.journal, day, mood=rng.randint(1, 5), joint_pain=rng.randint(1, 5))
    elif op == "hill":
        facts = syn.run(rng, day, minutes=40, step_s=10, base_hr=rng.choice([140, 178]))
        facts[0][1]["elevation_loss_m"] = rng.choice([None, 0.0, 350.0])
        shift = timedelta(hours=rng.choice([-9, 0, 16]))  # around midnight, the local day kept
        for _, fields in facts:
            fields["start_utc"] += shift
        syn.record(app.history, syn.File(f"hill{n}", facts))
    elif op == "legs":
        sets = [(name, rng.randint(3, 12), 40 + 10 * rng.randint(0, 6)) for name in LEG_LIFTS]
        facts = syn.sets_session(day, sets)
        for _, logged in facts[1:]:
            logged["rpe"] = rng.choice([None, 6.5, 7.0, 9.0])
        syn.record(app.history, syn.File(f"legs{n}", facts))
    elif op == "regroup":
        app.journal.map_exercise("Squat (Barbell)", ("front_squat_barbell", "goblet_squat")[offset])


LEG_LIFTS = ("Squat (Barbell)", "Romanian Deadlift (Barbell)", "Walking Lunge")


def test_following_survives_a_failed_catch_up_and_retries(
    app: Runlift, monkeypatch: pytest.MonkeyPatch
) -> None:
    projections = app.projections()
    projections.prepare()
    real = projections.catch_up
    failures = []

    def flaky() -> Any:
        if not failures:
            failures.append("database away")
            raise ConnectionError("database away")
        return real()

    monkeypatch.setattr(projections, "catch_up", flaky)
    syn.record(app.history, syn.File("run", syn.run(random.Random(8), START, step_s=5)))
    stop = threading.Event()
    thread = threading.Thread(target=projections.follow, args=(stop, 0.1))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while load_row(app, START) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert failures == ["database away"]
    assert load_row(app, START) is not None

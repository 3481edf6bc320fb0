"""The athlete's session RPE on SQLite and PostgreSQL: a rating scores the session's load and its lifts' RPE,
the latest wins, a duplicate's rating counts for its primary, and any order of replay gives the same views."""

from __future__ import annotations

import hashlib
import math
import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runlift_migrations import read_models as rm
from sqlalchemy import select

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.domain.ids import imported_file_id
from runlift.domain.ratings import NotASessionKey, RpeOutOfRange
from runlift.projections.duplicates import Duplicates
from tests.support import replay
from tests.support.reliability import snapshot

DAY = date(2025, 3, 5)
# Four work sets: sets_session makes the session 3 min a set, 12 min.
SETS = [("Squat (Barbell)", 5, 100.0)] * 2 + [("Bench Press (Barbell)", 5, 70.0)] * 2


def session_key(app: Runlift, file: str, kind: str) -> str:
    """The key a synthetic file's session gets (as syn.record hashes its name), known before it is stored."""
    athlete = app.settings.athlete_id
    sha = hashlib.sha256(f"{athlete}:{file}".encode()).hexdigest()
    return f"{imported_file_id(athlete, sha)}:{'s' if kind == 'strength' else 'a'}0"


def load_row(app: Runlift, channel: str, day: date = DAY) -> Any:
    d = rm.load_day.c
    with app.projections().engine.connect() as conn:
        return conn.execute(
            select(rm.load_day).where(
                d.athlete_id == app.settings.athlete_id, d.channel == channel, d.day == day
            )
        ).one()


def ratings(app: Runlift) -> list[tuple[str, float]]:
    r = rm.session_rating.c
    with app.projections().engine.connect() as conn:
        return [
            (row.session, row.rpe)
            for row in conn.execute(
                select(r.session, r.rpe).where(r.athlete_id == app.settings.athlete_id)
            )
        ]


def lift_rows(app: Runlift) -> list[Any]:
    ls = rm.lift_session.c
    with app.projections().engine.connect() as conn:
        return list(
            conn.execute(
                select(rm.lift_session)
                .where(ls.athlete_id == app.settings.athlete_id)
                .order_by(ls.exercise)
            )
        )


def test_a_rating_scores_a_strength_session_as_rating_times_minutes_and_the_latest_wins(
    app: Runlift,
) -> None:
    syn.record(app.history, syn.File("lift", syn.sets_session(DAY, SETS)))
    projections = app.projections()
    projections.catch_up()
    # No RPE anywhere: the default from volume, min(4 + 4 sets / 4, 8) = 5, x 12 min = 60.
    before = load_row(app, "lifting")
    assert before.load == pytest.approx(60.0)
    assert before.methods == {"default_rpe_from_volume": 1}

    key = session_key(app, "lift", "strength")
    app.journal.rate_session(key, DAY, 8)
    projections.catch_up()
    rated = load_row(app, "lifting")
    assert rated.load == pytest.approx(96.0)  # Foster: 8 x 12 min
    assert rated.methods == {"session_rpe_athlete": 1}
    # Without heart rate the combined channel takes the rating too: 12 min at HRr 0.45 + 0.05 x 8 = 0.85.
    combined = load_row(app, "combined")
    assert combined.load == pytest.approx(12 * 0.85 * 0.64 * math.exp(1.92 * 0.85))
    assert combined.methods == {"session_rpe_athlete": 1}
    # The strength view hears it: every work set without its own RPE is at 8.
    assert [(row.rpe_max, row.rpe_sets, row.work_sets) for row in lift_rows(app)] == [(8, 2, 2)] * 2

    app.journal.rate_session(key, DAY, 6.5)  # a correction
    projections.catch_up()
    assert load_row(app, "lifting").load == pytest.approx(78.0)  # 6.5 x 12
    assert ratings(app) == [(key, 6.5)]
    assert {row.rpe_max for row in lift_rows(app)} == {6.5}
    incremental = snapshot(projections)
    projections.rebuild()
    assert snapshot(projections) == incremental


def test_a_rating_comes_ahead_of_the_files_rpe_and_leaves_a_logged_set_rpe_alone(
    app: Runlift,
) -> None:
    facts = syn.sets_session(DAY, SETS, rpe=5)
    facts[1][1]["rpe"] = 9.0  # the first squat set logged its own RPE
    syn.record(app.history, syn.File("lift", facts))
    app.projections().catch_up()
    assert load_row(app, "lifting").methods == {"session_rpe": 1}  # the file's RPE 5 x 12 = 60
    assert load_row(app, "lifting").load == pytest.approx(60.0)

    app.journal.rate_session(session_key(app, "lift", "strength"), DAY, 7)
    app.projections().catch_up()
    assert load_row(app, "lifting").load == pytest.approx(84.0)  # 7 x 12
    by_name = {row.name: row for row in lift_rows(app)}
    squat, bench = by_name["Barbell Back Squat"], by_name["Barbell Bench Press"]
    assert [s[2] for s in squat.sets] == [9.0, 7]
    assert [s[2] for s in bench.sets] == [7, 7]
    assert (squat.rpe_max, bench.rpe_max) == (9.0, 7)


def test_a_rating_for_a_run_without_heart_rate_changes_its_load(app: Runlift) -> None:
    run = syn.run(random.Random(1), DAY, minutes=30, hr=False, step_s=5)
    syn.record(app.history, syn.File("run", run))
    app.projections().catch_up()
    assert load_row(app, "running").methods == {"pace_estimate": 1}

    app.journal.rate_session(session_key(app, "run", "run"), DAY, 7)
    app.projections().catch_up()
    row = load_row(app, "running")
    # 30 min at HRr 0.45 + 0.05 x 7 = 0.80: 30 x 0.80 x 0.64 x e^(1.92 x 0.80) = 30 x 2.3787 = 71.36
    assert row.load == pytest.approx(71.36, abs=0.01)
    assert row.methods == {"session_rpe_athlete": 1}


def test_heart_rate_still_scores_a_run_that_has_it(app: Runlift) -> None:
    syn.record(app.history, syn.File("run", syn.run(random.Random(2), DAY, minutes=30, step_s=5)))
    app.projections().catch_up()
    before = load_row(app, "running")
    app.journal.rate_session(session_key(app, "run", "run"), DAY, 9)
    app.projections().catch_up()
    after = load_row(app, "running")
    assert (after.load, after.methods) == (before.load, {"banister_trimp": 1})


def test_a_rating_given_before_its_session_arrives_counts_when_it_does(app: Runlift) -> None:
    projections = app.projections()
    syn.record(app.history, syn.File("other", syn.sets_session(DAY - timedelta(days=1), SETS)))
    app.journal.rate_session(session_key(app, "lift", "strength"), DAY, 8)
    projections.catch_up()
    assert ratings(app) == [(session_key(app, "lift", "strength"), 8)]

    syn.record(app.history, syn.File("lift", syn.sets_session(DAY, SETS)))
    projections.catch_up()
    assert load_row(app, "lifting").load == pytest.approx(96.0)
    incremental = snapshot(projections)
    projections.rebuild()
    assert snapshot(projections) == incremental


def test_the_rating_of_any_record_of_a_workout_counts_for_its_primary(app: Runlift) -> None:
    facts = syn.run(random.Random(3), DAY, minutes=30, hr=False, step_s=5)
    summary_only = [(facts[0][0], {**facts[0][1], "has_samples": False})]
    syn.record(app.history, syn.File("watch", facts))
    syn.record(app.history, syn.File("phone", summary_only))
    (link,) = Duplicates.of(app.history).links
    projections = app.projections()

    # A rating of the record that is not the primary counts for the primary.
    app.journal.rate_session(session_key(app, "phone", "run"), DAY, 7)
    projections.catch_up()
    row = load_row(app, "running")
    assert (row.sessions, row.methods) == (1, {"session_rpe_athlete": 1})
    assert row.load == pytest.approx(71.36, abs=0.01)

    # A later rating, of the primary: the latest of the group wins.
    app.journal.rate_session(session_key(app, "watch", "run"), DAY, 3)
    projections.catch_up()
    assert load_row(app, "running").load == pytest.approx(30 * 0.6 * 0.64 * math.exp(1.92 * 0.6))

    app.history.unlink(link, "two runs")  # now two workouts, each with its own rating
    projections.catch_up()
    assert load_row(app, "running").methods == {"session_rpe_athlete": 2}
    incremental = snapshot(projections)
    projections.rebuild()
    assert snapshot(projections) == incremental


@pytest.mark.parametrize("rpe", [11, -1, math.nan, math.inf, 10.01, True, "7"])
def test_an_rpe_off_the_cr10_scale_is_refused_and_stores_nothing(app: Runlift, rpe: Any) -> None:
    syn.record(app.history, syn.File("lift", syn.sets_session(DAY, SETS)))
    app.projections().catch_up()
    stored = app.journal.recorder.max_notification_id()

    with pytest.raises(RpeOutOfRange) as refused:
        app.journal.rate_session(session_key(app, "lift", "strength"), DAY, rpe)

    assert refused.value.field == "rpe"
    assert str(refused.value).startswith("rpe must be a number from 0 to 10 (CR-10), got ")
    assert app.journal.recorder.max_notification_id() == stored
    app.projections().catch_up()
    assert ratings(app) == []
    assert load_row(app, "lifting").methods == {"default_rpe_from_volume": 1}


@pytest.mark.parametrize("rpe", [0, 0.0, 10, 9.5])
def test_the_ends_of_the_scale_are_ratings(app: Runlift, rpe: float) -> None:
    app.journal.rate_session(session_key(app, "lift", "strength"), DAY, rpe)
    app.projections().catch_up()
    assert ratings(app) == [(session_key(app, "lift", "strength"), rpe)]


@pytest.mark.parametrize("session", ["", "lift", "run-1:a0", "0" * 36 + ":a0"])
def test_a_session_that_is_no_session_key_is_refused(app: Runlift, session: str) -> None:
    with pytest.raises(NotASessionKey):
        app.journal.rate_session(session, DAY, 5)
    assert app.journal.recorder.max_notification_id() in (None, 0)


# The replay property, with ratings: files of runs, duplicate runs and lifts, ratings of any of their
# sessions (of a file stored already or still to come), unlinks; catch-ups and restarts in between.
@settings(replay.SETTINGS, max_examples=20)
@given(
    ops=replay.operations(10, rate=100), batch_size=st.integers(1, 30), seed=st.integers(0, 1000)
)
def test_catching_up_with_ratings_before_and_after_their_sessions_equals_a_rebuild(
    store_url: str, home: Any, ops: list[replay.Op], batch_size: int, seed: int
) -> None:
    with replay.new_athlete(home, store_url) as app:
        # Every session the ops will store, known up front: a rating may come before its file.
        sessions: list[tuple[str, date]] = []
        for n, (op, offset, _) in enumerate(ops):
            day = replay.START + timedelta(days=offset)
            if op == "run":
                sessions.append((session_key(app, f"run{n}", "run"), day))
            elif op == "dup":
                sessions += [(session_key(app, f"{m}{n}", "run"), day) for m in "ab"]
            elif op == "lift":
                sessions.append((session_key(app, f"lift{n}", "strength"), day))

        def rate(app: Runlift, rng: random.Random, n: int, op: str, index: int) -> None:
            if op == "rate" and sessions:
                session, its_day = sessions[index % len(sessions)]
                app.journal.rate_session(session, its_day, rng.randint(0, 20) / 2)

        replay.assert_same_views(app, ops, batch_size, seed, rate)

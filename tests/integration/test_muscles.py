"""The muscle projection on SQLite and PostgreSQL: day figures against hand arithmetic, duplicates counted once,
`fatigue_at` between day ends, and a generated athlete's legs after their lifting days."""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from runlift_migrations import read_models as rm
from sqlalchemy import select

from bench.history import synthetic as syn
from bench.make_history import make_history
from runlift.bootstrap import Runlift
from runlift.demo.athlete import DEFAULT_START, LIFT_DAYS, TIME_ZONE
from runlift.importers.manager import PluginSource
from runlift.projections.muscle_days import MIN_PCT, day_end
from runlift.projections.muscles import LEGS, MuscleFatigue, fatigue_at
from tests.support.stores import MakeApp

TUESDAY = date(2025, 3, 4)
THURSDAY = TUESDAY + timedelta(days=2)
SQUATS_END = datetime(2025, 3, 4, 18, 9, tzinfo=UTC)  # 18:00 and three sets of 3 minutes
RUN_END = datetime(2025, 3, 6, 8, 0, tzinfo=UTC)  # 07:00 and 60 minutes
HALF_LIFE_S = 36 * 3600
SHOULDERS = ("front_delts", "side_delts", "rear_delts")


def day_rows(app: Runlift, muscle: str) -> list[Any]:
    md = rm.muscle_day.c
    query = (
        select(rm.muscle_day)
        .where(md.athlete_id == app.settings.athlete_id, md.muscle == muscle)
        .order_by(md.day)
    )
    with app.projections().engine.connect() as conn:
        return list(conn.execute(query))


def contributions(app: Runlift) -> list[Any]:
    mc = rm.muscle_contribution.c
    query = (
        select(rm.muscle_contribution)
        .where(mc.athlete_id == app.settings.athlete_id)
        .order_by(mc.end_utc, mc.muscle)
    )
    with app.projections().engine.connect() as conn:
        return list(conn.execute(query))


def left(units: float, ended: datetime, at: datetime) -> float:
    """Hand arithmetic: what `units` that ended at `ended` leave at `at`."""
    return units * 0.5 ** ((at - ended).total_seconds() / HALF_LIFE_S) if at >= ended else 0.0


def squats_and_a_fast_downhill_run(app: Runlift) -> None:
    """Tuesday 18:00 UTC: 3 x 5 x 100 kg back squats without RPE (the session's own e1RM, 116.7 kg, leaves
    no rep in reserve: 3 hard sets); Thursday 07:00: 60 minutes at a heart-rate reserve near 0.9, 250 m
    down: 60 / 30 x 1.5 x (1 + 250 / 500) = 4.5 units on each leg muscle and the calves."""
    sets = [("Squat (Barbell)", 5, 100.0)] * 3
    syn.record(app.history, syn.File("squats", syn.sets_session(TUESDAY, sets)))
    run = syn.run(random.Random(1), THURSDAY, minutes=60, base_hr=170, step_s=10)
    run[0][1]["elevation_loss_m"] = 250.0
    syn.record(app.history, syn.File("hill-tempo", run))
    app.projections().catch_up()


def test_the_day_figures_are_hand_arithmetic(app: Runlift) -> None:
    squats_and_a_fast_downhill_run(app)
    zone = app.settings.config.athlete.zone

    made = {(c.session.endswith(":s0"), c.muscle): c for c in contributions(app)}
    assert made[(True, "quadriceps")].units == 3.0  # primary: 1 a hard set
    assert made[(True, "hamstrings")].units == 1.5  # secondary: 0.5
    assert made[(True, "quadriceps")].volume_kg == 1500.0
    assert made[(True, "hamstrings")].volume_kg == 750.0
    assert made[(False, "calves")].units == pytest.approx(4.5)
    assert made[(True, "quadriceps")].label == "Tuesday's back squats"
    assert made[(False, "glutes")].label == "Thursday's 60-min fast run"
    assert not any(muscle == "chest" for _, muscle in made)

    for muscle, squats in (("quadriceps", 3.0), ("hamstrings", 1.5), ("calves", 0.0)):
        rows = day_rows(app, muscle)
        assert rows[0].day == (TUESDAY if squats else THURSDAY)
        for row in rows:
            end = day_end(row.day, zone)
            expected = left(squats, SQUATS_END, end) + left(4.5, RUN_END, end)
            assert row.units == pytest.approx(expected, rel=1e-9), (muscle, row.day)
            assert row.fatigue_pct == pytest.approx(min(100, 10 * expected), rel=1e-9)
        # A row for each day until the figure is under 0.5 %, none after.
        assert [r.day for r in rows] == [rows[0].day + timedelta(days=k) for k in range(len(rows))]
        assert rows[-1].fatigue_pct >= MIN_PCT
        after = day_end(rows[-1].day + timedelta(days=1), zone)
        assert 10 * (left(squats, SQUATS_END, after) + left(4.5, RUN_END, after)) < MIN_PCT
    quadriceps = {row.day: row for row in day_rows(app, "quadriceps")}
    assert quadriceps[TUESDAY].hard_sets == 3.0
    assert quadriceps[TUESDAY].volume_kg == 1500.0
    assert quadriceps[TUESDAY + timedelta(days=1)].hard_sets == 0.0
    assert quadriceps[TUESDAY].cause == "Tuesday's back squats"
    assert quadriceps[THURSDAY].cause == "Thursday's 60-min fast run"  # 4.5 left against 1.5
    assert day_rows(app, "hamstrings")[0].hard_sets == 1.5


def test_fatigue_at_any_instant_is_the_decay_from_the_last_day_end(app: Runlift) -> None:
    squats_and_a_fast_downhill_run(app)
    zone = app.settings.config.athlete.zone
    config = app.settings.config.muscles
    athlete = app.settings.athlete_id
    wednesday = TUESDAY + timedelta(days=1)
    quadriceps = {row.day: row for row in day_rows(app, "quadriceps")}
    with app.projections().engine.connect() as conn:
        # At a day's end: that day's figure, to the bit.
        at_end = fatigue_at(conn, athlete, day_end(wednesday, zone), config)
        assert at_end["quadriceps"].units == quadriceps[wednesday].units
        assert at_end["quadriceps"].fatigue_pct == quadriceps[wednesday].fatigue_pct
        # Any instant: the formula over what ended by then.
        for moment in (
            datetime(2025, 3, 4, 18, 8, tzinfo=UTC),  # before the squats ended
            datetime(2025, 3, 5, 12, tzinfo=UTC),
            datetime(2025, 3, 6, 7, 59, tzinfo=UTC),  # the run not yet ended
            datetime(2025, 3, 6, 8, 0, tzinfo=UTC),
            datetime(2025, 3, 9, 15, 30, tzinfo=UTC),
            datetime(2025, 4, 30, tzinfo=UTC),  # weeks after every row
        ):
            now = fatigue_at(conn, athlete, moment, config)
            expected = left(3.0, SQUATS_END, moment) + left(4.5, RUN_END, moment)
            assert now["quadriceps"].units == pytest.approx(expected, rel=1e-9, abs=1e-12)
            assert now["calves"].units == pytest.approx(left(4.5, RUN_END, moment), abs=1e-12)
            assert now["chest"] == MuscleFatigue("chest", 0.0, 0.0, None)
            assert set(now) >= set(LEGS)
        assert fatigue_at(conn, athlete, datetime(2025, 3, 5, tzinfo=UTC), config)[
            "quadriceps"
        ].cause == ("Tuesday's back squats")


def test_a_workout_recorded_twice_counts_once(app: Runlift) -> None:
    rng = random.Random(3)
    facts = syn.run(rng, TUESDAY, minutes=30, step_s=5)
    syn.record(app.history, syn.File("watch", facts))
    syn.record(
        app.history, syn.File("phone", [(facts[0][0], {**facts[0][1], "has_samples": False})])
    )
    app.projections().catch_up()

    made = contributions(app)
    assert len({c.session for c in made}) == 1
    assert sorted(c.muscle for c in made) == ["calves", "glutes", "hamstrings", "quadriceps"]


def test_set_rpe_decides_which_sets_are_hard(app: Runlift) -> None:
    facts = syn.sets_session(TUESDAY, [("Squat (Barbell)", 5, 100.0)] * 4)
    for (_, logged), rpe in zip(facts[1:], (6.0, 6.5, 7.0, 8.5), strict=True):
        logged["rpe"] = rpe
    syn.record(app.history, syn.File("rated-squats", facts))
    app.projections().catch_up()

    quadriceps = day_rows(app, "quadriceps")[0]
    assert quadriceps.hard_sets == 2.0  # RPE 7 and 8.5
    assert quadriceps.volume_kg == 2000.0  # every work set's volume


# --- a generated athlete -----------------------------------------------------------------------------

WEEKS = 4


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("athlete") / "export"
    make_history(out, years=7 * WEEKS / 365.25, seed=1, jobs=2)
    return out


def test_a_generated_athletes_legs_after_their_lifting_days(
    make_app: MakeApp, home: Path, export: Path
) -> None:
    first = make_app(plugins=PluginSource())
    config = home / "runlift.toml"
    config.write_text(
        re.sub(r"^time_zone = .*$", f'time_zone = "{TIME_ZONE}"', config.read_text(), flags=re.M)
    )
    app = make_app(plugins=PluginSource())  # in the athlete's own zone, Europe/Berlin
    assert first.settings.athlete_id == app.settings.athlete_id
    assert app.settings.config.athlete.time_zone == TIME_ZONE
    report = app.importer().import_paths([export])
    assert report.ok, [r.reason for r in report.results if r.status == "rejected"]
    app.projections().catch_up()
    figures: dict[tuple[date, str], float] = {}
    md = rm.muscle_day.c
    with app.projections().engine.connect() as conn:
        for row in conn.execute(
            select(md.day, md.muscle, md.fatigue_pct).where(
                md.athlete_id == app.settings.athlete_id
            )
        ):
            figures[(row.day, row.muscle)] = row.fatigue_pct

    def fatigue(day: date, muscle: str) -> float:
        return figures.get((day, muscle), 0.0)

    lift_days = [
        DEFAULT_START + timedelta(days=k)
        for k in range(7 * WEEKS)
        if (DEFAULT_START + timedelta(days=k)).weekday() in LIFT_DAYS
    ]
    assert len(lift_days) == 3 * WEEKS
    for day in lift_days:  # each workout trains the legs (squat, hinge, lunge) and one upper push
        for leg in LEGS:
            for upper in ("chest", *SHOULDERS):
                assert fatigue(day, leg) > fatigue(day, upper), (day, leg, upper)
    # Four days after the week's last lifting day (Friday: then the weekend, Sunday's long run, Monday's
    # lifting), each leg figure is lower.
    fridays = [day for day in lift_days if day.weekday() == 4]
    for friday in fridays:
        for leg in LEGS:
            assert fatigue(friday + timedelta(days=4), leg) < fatigue(friday, leg), (friday, leg)
    # After the history's last day (Sunday's long run), every day lower than the one before.
    end = DEFAULT_START + timedelta(weeks=WEEKS)
    for leg in LEGS:
        later = [fatigue(end + timedelta(days=k), leg) for k in range(6)]
        assert all(a > b for a, b in pairwise(later)), (leg, later)

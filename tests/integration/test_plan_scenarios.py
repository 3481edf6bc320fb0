"""The planner through the real pipeline: stored events -> projections -> nightly re-plan -> plan events."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.coaching.model import PlannedSession
from tests.support.stores import MakeApp

WEEK = date(2025, 3, 31)  # the Monday of the week planned; four weeks of history before it
HISTORY = WEEK - timedelta(days=28)
LOWER = "Goblet Squat"


def steady_nights(app: Runlift, first: date, last: date, hours: float = 8.0) -> None:
    """A night of `hours` and an unremarkable morning (resting HR ~50, HRV ~60 ms) on every day."""
    rng = random.Random(1)
    day = first
    while day <= last:
        rhr = 49.0 + (day.toordinal() % 3)  # 49, 50, 51: a baseline with a little spread
        rmssd = 58.0 + 2 * (day.toordinal() % 3)
        facts = syn.night(rng, day, hours=hours, resting_hr=rhr, rmssd_ms=rmssd)
        syn.record(app.history, syn.File(f"night-{day}-{hours}", facts))
        day += timedelta(days=1)


def easy_runs(app: Runlift, days: list[date], minutes: float = 30) -> None:
    rng = random.Random(2)
    for day in days:
        run = syn.run(rng, day, minutes=minutes, step_s=5, base_hr=135, speed_mps=3.0)
        syn.record(app.history, syn.File(f"run-{day}-{minutes}", run))


def session(app: Runlift, day: date, kind: str) -> PlannedSession | None:
    view = app.plans().view(WEEK)
    return next((s for s in view.week.sessions if s.day == day and s.kind == kind), None)


def adjustments(app: Runlift, rule: str) -> list[Any]:
    return [a for a in app.plans().view(WEEK).adjustments if a.rule == rule]


@pytest.fixture
def athlete(make_app: MakeApp) -> Runlift:
    """Four ordinary weeks: 30-min easy runs Mon/Thu, a 75-min run Saturday (the template's 80 min is then
    no long-run build), 8-hour nights and a steady morning baseline up to the Tuesday before."""
    app = make_app()
    steady_nights(app, HISTORY, WEEK - timedelta(days=6))
    easy_runs(app, [HISTORY + timedelta(days=7 * w + d) for w in range(4) for d in (0, 3)])
    easy_runs(app, [HISTORY + timedelta(days=7 * w + 5) for w in range(4)], minutes=75)
    return app


def test_a_mileage_spike_week_cuts_a_set_from_each_lift_left(athlete: Runlift) -> None:
    # Last week: 30 + 30 + 75 min at 3 m/s (24.3 km). This week by Wednesday: three 60-min runs (32.4 km).
    easy_runs(athlete, [WEEK + timedelta(days=d) for d in range(3)], minutes=60)
    thursday = WEEK + timedelta(days=3)
    added = athlete.plans().replan(thursday)
    spike = [a for a in added if a.rule == "mileage_spike"]
    assert [a.session for a in spike] == [
        f"{WEEK + timedelta(days=4)}:lift"
    ]  # Friday's, the one left
    assert "running distance up" in spike[0].reason
    friday = session(athlete, WEEK + timedelta(days=4), "lift")
    assert friday is not None
    assert [e.sets for e in friday.exercises] == [2, 2, 1, 2]  # 3, 3, 2, 3 less one set each


def test_a_hard_tempo_on_the_lower_body_day_moves_the_lower_body_session(athlete: Runlift) -> None:
    wednesday = WEEK + timedelta(days=2)
    tempo = syn.run(random.Random(3), wednesday, minutes=35, step_s=5, base_hr=175, speed_mps=3.8)
    syn.record(athlete.history, syn.File("tempo", tempo))
    added = athlete.plans().replan(wednesday)
    placed = [a for a in added if a.rule == "placement"]
    assert [a.session for a in placed] == [f"{wednesday}:lift"]
    assert "tempo run the same day before it" in placed[0].reason
    assert session(athlete, wednesday, "lift") is None  # no lower-body work after the tempo


def test_five_short_nights_make_the_tempo_easy_and_say_why(athlete: Runlift) -> None:
    wednesday = WEEK + timedelta(days=2)
    steady_nights(athlete, wednesday - timedelta(days=4), wednesday, hours=5.5)
    added = athlete.plans().replan(wednesday)
    sleep = [a for a in added if a.rule == "sleep"]
    assert [a.reason for a in sleep] == ["tempo run made easy: 5 of the last 5 nights under 7 h"]
    run = session(athlete, wednesday, "run")
    assert run is not None
    assert run.type == "easy"


def test_an_injury_flag_cuts_runs_and_turns_lower_body_lifts_into_holds(athlete: Runlift) -> None:
    plans = athlete.plans()
    plans.flag_injury("left knee", WEEK, "sore on stairs")
    plans.replan(WEEK)
    lower = session(athlete, WEEK + timedelta(days=2), "lift")
    assert lower is not None
    assert [e.name for e in lower.exercises] == [
        "Wall Sit"
    ]  # every loaded lower-body lift became it
    upper = session(athlete, WEEK + timedelta(days=4), "lift")
    assert upper is not None
    assert upper.exercises[0].name == "Bench Press (Dumbbell)"  # the rest of the plan stays
    long_run = session(athlete, WEEK + timedelta(days=5), "run")
    assert long_run is not None
    # The long run is the athlete's (their median long run, 75 min), cut to 70 %: 52.5 -> 52 min.
    assert long_run.minutes == 52
    plans.clear_injury("left knee", WEEK + timedelta(days=1))
    assert athlete.plans().planner.program() is not None


def test_four_weeks_of_completed_sets_progress_the_lift_once(athlete: Runlift) -> None:
    for w in range(4):  # Wednesdays: goblet squat 3 x 10 at 16 kg, every set done
        day = HISTORY + timedelta(days=7 * w + 2)
        lift = syn.sets_session(day, [(LOWER, 10, 16.0)] * 3)
        syn.record(athlete.history, syn.File(f"lift-{day}", lift))
    plans = athlete.plans()
    for offset in range(3):  # Monday, Tuesday and Wednesday nights
        plans.replan(WEEK + timedelta(days=offset))
        plans.replan(WEEK + timedelta(days=offset))  # and each twice
    progressed = adjustments(athlete, "progression")
    assert [a.change["exercise"] for a in progressed] == [LOWER]
    # Epley e1RM 16 x (1 + 10/30) = 21.33; 90 % of its 10-rep load = 14.4 -> 14.5 kg; +2.5 % = 14.86 -> 15.
    assert (progressed[0].change["from"], progressed[0].change["to"]) == (14.5, 15.0)
    assert adjustments(athlete, "plateau") == []  # due, so the answer is load, not a new stimulus


def test_a_plateau_changes_the_set_rep_range_instead_of_the_load(athlete: Runlift) -> None:
    # Load raised every week from 16 to 19 kg, but reps fall: Epley e1RM 16 x 1.333 = 21.3, then
    # 17 x 1.233 = 21.0, 18 x 1.167 = 21.0, 19 x 1.1 = 20.9: no week beats the first.
    for w, (kg, reps) in enumerate([(16.0, 10), (17.0, 7), (18.0, 5), (19.0, 3)]):
        day = HISTORY + timedelta(days=7 * w + 2)
        lift = syn.sets_session(day, [(LOWER, reps, kg)] * 3)
        syn.record(athlete.history, syn.File(f"lift-{day}", lift))
    athlete.plans().replan(WEEK)
    (changed,) = adjustments(athlete, "plateau")
    assert changed.change["exercise"] == LOWER
    assert (changed.change["sets"], changed.change["reps"]) == (3, 6)
    assert adjustments(athlete, "progression") == []


def test_running_the_nightly_job_twice_adds_no_second_adjustment(athlete: Runlift) -> None:
    easy_runs(athlete, [WEEK + timedelta(days=d) for d in range(3)], minutes=60)
    thursday = WEEK + timedelta(days=3)
    first = athlete.plans().replan(thursday)
    assert first
    assert athlete.plans().replan(thursday) == []
    events = athlete.planner.week(WEEK)
    assert events is not None
    assert len(events.adjustments) == len({a.adjustment_id for a in events.adjustments})


def test_days_before_the_re_plan_are_marked_done_or_missed(athlete: Runlift) -> None:
    athlete.plans().replan(WEEK)  # the week is planned on its Monday
    easy_runs(athlete, [WEEK])  # Monday's run done, Monday's lift and Tuesday's strides not
    athlete.plans().replan(WEEK + timedelta(days=2))
    view = athlete.plans().view(WEEK)
    assert set(view.completed) == {f"{WEEK}:run"}
    assert view.missed == {f"{WEEK}:lift", f"{WEEK + timedelta(days=1)}:run"}


def test_a_week_first_planned_on_wednesday_has_no_missed_monday_or_tuesday(
    athlete: Runlift,
) -> None:
    easy_runs(athlete, [WEEK])  # a run on Monday, before runlift planned anything
    athlete.plans().replan(WEEK + timedelta(days=2))  # the program starts on Wednesday
    view = athlete.plans().view(WEEK)
    assert set(view.completed) == {f"{WEEK}:run"}  # what was done still counts
    assert view.missed == set()
    athlete.plans().replan(
        WEEK + timedelta(days=4)
    )  # Wednesday and Thursday pass with nothing done
    later = athlete.plans().view(WEEK)
    assert {key.split(":")[0] for key in later.missed} == {
        str(WEEK + timedelta(days=2)),
        str(WEEK + timedelta(days=3)),
    }

"""Tired legs in the plan, through the whole pipeline: a watch's FIT files (the demo athlete's runs and lifts,
and one unplanned heavy leg session) -> events -> the muscle projection -> the nightly re-plan. A squat and
deadlift session on Tuesday evening leaves the legs over 60 % when Wednesday starts, so Wednesday's tempo
run is made easy with a reason naming the muscles; the same history without that session leaves it a
tempo run."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from runlift.demo.athlete import DEFAULT_START, LIFT_DAYS, RUN_DAYS, TIME_ZONE, local
from runlift.demo.fitfiles import lift_fit, run_fit
from runlift.demo.lifts import Lift, LiftSet, Workout, workout
from runlift.demo.runs import run_track
from runlift.importers.manager import PluginSource
from tests.support.stores import MakeApp

SEED = 1
WEEKS = 3  # of the demo athlete's history before the week planned
WEEK = DEFAULT_START + timedelta(weeks=WEEKS)  # Monday 2015-01-26
TUESDAY, WEDNESDAY = WEEK + timedelta(days=1), WEEK + timedelta(days=2)
LEGS = ("quadriceps", "hamstrings", "glutes")
SQUAT = Lift("Barbell Back Squat", "squat", 6, 100.0, 2.5, 5)  # FIT squat / barbell_back_squat
DEADLIFT = Lift("Barbell Deadlift", "deadlift", 0, 120.0, 2.5, 5)  # FIT deadlift / barbell_deadlift
HARD_SETS = 4  # of each: sets of 5 at the load the lift's e1RM predicts for 5 (no rep in reserve)


def leg_day(day: date) -> Workout:
    """An unplanned heavy leg session at 18:00 local: 4 x 5 back squats at 100 kg, then 4 x 5 deadlifts at
    120 kg, 3 min between sets, every set hard (no RPE; 5 reps at the load its own e1RM predicts for 5). A
    hard set adds a unit to each primary muscle (back squat: quadriceps, glutes; deadlift: hamstrings,
    glutes, lower back), half a unit to each secondary (the other leg muscles among them): 6 units on the
    quadriceps and hamstrings, 8 on the glutes; with what the week before left, some 75-100 % when
    Wednesday starts 5 h later (the same history without it: about 25 %)."""
    sets, at = [], 120
    for lift in (SQUAT, DEADLIFT):
        for index in range(HARD_SETS):
            sets.append(LiftSet(lift, index, False, lift.reps, lift.start_kg, at, 20.0, None))
            at += 20 + 180
    return Workout("Legs", local(day, 18.0), at + 120, tuple(sets), 118, 160)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo athlete's FIT files (runs Mon, Tue, Thu, Fri, Sun; lifts Mon, Wed, Fri) of the weeks before
    WEEK, in one folder."""
    out = tmp_path_factory.mktemp("watch") / "activities"
    out.mkdir()
    for n in range(7 * WEEKS):
        day = DEFAULT_START + timedelta(days=n)
        if day.weekday() in RUN_DAYS:
            (out / f"{day}-run.fit").write_bytes(run_fit(run_track(SEED, DEFAULT_START, day)))
        if day.weekday() in LIFT_DAYS:
            (out / f"{day}-strength.fit").write_bytes(lift_fit(workout(SEED, DEFAULT_START, day)))
    return out


@pytest.mark.parametrize("leg_session", [True, False], ids=["after-a-leg-day", "fresh-legs"])
def test_an_unplanned_leg_day_makes_the_next_days_tempo_easy(
    make_app: MakeApp, home: Path, history: Path, tmp_path: Path, leg_session: bool
) -> None:
    # given: the athlete in the demo's time zone, their history, and (or not) Tuesday evening's leg day
    (home / "runlift.toml").write_text(f"[athlete]\ntime_zone = '{TIME_ZONE}'\n")
    app = make_app(plugins=PluginSource())
    files = [history]
    if leg_session:
        files.append(tmp_path / f"{TUESDAY}-legs.fit")
        files[-1].write_bytes(lift_fit(leg_day(TUESDAY)))
    report = app.importer().import_paths(files)
    assert report.ok, [r.reason for r in report.results if r.status == "rejected"]

    # when: the nightly re-plan for Wednesday, the template's tempo day
    added = app.plans().replan(WEDNESDAY)

    # then
    view = app.plans().view(WEEK)
    (run,) = [s for s in view.week.sessions if s.day == WEDNESDAY and s.kind == "run"]
    legs_rules = [a for a in added if a.rule.startswith("leg_fatigue")]
    if not leg_session:
        assert legs_rules == []
        assert (run.type, run.minutes) == ("tempo", view.generated.find(run.key).minutes)
        return
    threshold = app.plans().settings.muscles.legs_threshold_pct
    (eased,) = [a for a in legs_rules if a.rule == "leg_fatigue_run"]
    assert eased.session == f"{WEDNESDAY}:run"
    # No later day is free for it (Thu holds a run, Fri a lift before the long run, Sun the rest): easy.
    assert eased.change["action"] == "run"
    assert run.type == "easy"
    assert eased.reason.startswith("tempo run made easy: ")
    assert eased.reason.endswith(f"; legs under {threshold:g} % before quality running")
    tired = {m: f for m, f in eased.figures["legs"].items() if f["fatigue_pct"] >= threshold}
    assert set(tired) == set(LEGS)  # a unit or more per hard set on each, at most 6 hours before
    for muscle in tired:
        assert f"{muscle} " in eased.reason
    assert "(after Tuesday's " in eased.reason  # the cause: Tuesday's squats or deadlifts
    # The lower-body session planned before the tempo is not done on those legs either: moved or lighter.
    (lift,) = [a for a in legs_rules if a.rule == "leg_fatigue_lift"]
    assert lift.session == f"{WEDNESDAY}:lift"
    assert lift.change["action"] in ("move", "cut_sets")

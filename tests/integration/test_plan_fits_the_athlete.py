"""The plan fits the athlete, through the whole pipeline: ten weeks of a generated athlete's files (a watch
recording every run and lifting session, Hevy logging the same lifts) -> events -> projections -> the week
the nightly re-plan generates: the athlete's own lifts at loads from their recent sets, and their running
volume."""

from __future__ import annotations

import statistics
from datetime import timedelta
from pathlib import Path

import pytest

from bench.history.athlete import DEFAULT_START, LIFT_DAYS, RUN_DAYS
from bench.history.lifts import WORKOUTS, workout
from bench.make_history import make_history, run_track
from runlift.coaching import formulas as f
from runlift.coaching.exercises import identify
from runlift.importers.manager import PluginSource
from tests.support.stores import MakeApp

SEED = 1
WEEKS = 10
WEEK = DEFAULT_START + timedelta(weeks=WEEKS)  # the Monday after the history


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("athlete") / "export"
    make_history(out, years=7 * WEEKS / 365.25, seed=SEED, jobs=2)
    return out


def recent_best_e1rm() -> dict[str, float]:
    """Each lift's best Epley e1RM over its work sets of <= 10 reps in the 6 weeks before WEEK, from the
    generator's own sets (not from runlift's views)."""
    best: dict[str, float] = {}
    for n in range(7 * WEEKS):
        day = DEFAULT_START + timedelta(days=n)
        if day.weekday() not in LIFT_DAYS or day < WEEK - timedelta(weeks=6):
            continue
        for done in workout(SEED, DEFAULT_START, day).sets:
            if not done.warmup and 1 <= done.reps <= 10 and done.weight_kg > 0:
                key = identify(done.lift.hevy).id
                best[key] = max(best.get(key, 0.0), f.epley(done.weight_kg, done.reps))
    return best


def recent_running() -> tuple[float, float]:
    """The generator's running minutes: the mean of the last 4 weeks, and the median weekly longest run."""
    totals, longest = [], []
    for week in range(WEEKS - 4, WEEKS):
        minutes = [
            len(run_track(SEED, DEFAULT_START, day).speed) / 60
            for k in range(7)
            if (day := DEFAULT_START + timedelta(weeks=week, days=k)).weekday() in RUN_DAYS
        ]
        totals.append(sum(minutes))
        longest.append(max(minutes))
    return sum(totals) / len(totals), statistics.median(longest)


def test_the_week_takes_the_athletes_lifts_loads_and_running_volume(
    make_app: MakeApp, export: Path
) -> None:
    app = make_app(plugins=PluginSource())
    report = app.importer().import_paths([export])
    assert report.ok, [r.reason for r in report.results if r.status == "rejected"]

    app.plans().replan(WEEK)

    week = app.plans().view(WEEK).generated
    lifted = [e for s in week.sessions if s.kind == "lift" for e in s.exercises]
    own = {identify(lift.hevy).id for lifts in WORKOUTS.values() for lift in lifts}
    slots = [e for e in lifted if e.basis and e.basis.startswith("your most trained")]
    # Every movement slot (hinge, squat, lunge, push, pull) took one of the athlete's own lifts.
    assert len(slots) == 5
    assert {identify(e.name).id for e in slots} <= own
    best = recent_best_e1rm()
    for e in slots:
        expected = 0.9 * f.weight_for_reps(best[identify(e.name).id], e.reps)
        assert e.load_kg == pytest.approx(expected, abs=0.5), (e.name, e.basis)
        assert "% of the" in (e.basis or "")
    # The template's own accessories and holds stay (the athlete never trains them).
    assert any(e.name == "Pallof Press" for e in lifted)
    weekly, long_run = recent_running()
    runs = [s for s in week.sessions if s.kind == "run"]
    planned = sum(s.minutes or 0 for s in runs)
    assert abs(planned - weekly) / weekly <= 0.15, (planned, weekly)
    (long,) = [s for s in runs if s.type == "long"]
    assert long.minutes == pytest.approx(long_run, rel=0.05)
    assert runs[0].notes
    assert runs[0].notes[0].startswith("sized to your last 4 weeks")

    # The athlete says their goblet squats (however each app wrote them) were front squats: the views
    # regroup and the next week's squat slot is the front squat, loaded from the same sessions.
    goblet = next(e for e in slots if identify(e.name).id == identify("Goblet Squat").id)
    for name in ("Goblet Squat", "goblet_squat"):
        app.journal.map_exercise(name, "front_squat_barbell")
    app.plans().replan(WEEK + timedelta(weeks=1))
    later = app.plans().view(WEEK + timedelta(weeks=1)).generated
    squats = [
        e
        for s in later.sessions
        if s.kind == "lift"
        for e in s.exercises
        if e.basis and "most trained squat" in e.basis
    ]
    assert [e.name for e in squats] == ["Barbell Front Squat"]
    assert squats[0].load_kg == goblet.load_kg

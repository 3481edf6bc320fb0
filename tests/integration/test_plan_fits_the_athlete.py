"""The plan fits the athlete, through the whole pipeline: ten weeks of a generated athlete's files (a watch
recording every run and lifting session, Hevy logging the same lifts) -> events -> projections -> the week
the nightly re-plan generates: the athlete's own lifts at loads from their recent sets, and their running
volume."""

from __future__ import annotations

import statistics
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bench.make_history import make_history, run_track
from runlift.coaching import formulas as f
from runlift.coaching.exercises import identify
from runlift.demo.athlete import DEFAULT_START, LIFT_DAYS, RUN_DAYS, ZONE
from runlift.demo.hevy import HEVY_COLUMNS, hevy_time, quoted
from runlift.demo.lifts import WORKOUTS, workout
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


def _hevy_session(
    path: Path, name: str, day: date, load: float, reps: list[int], rpe: float
) -> Path:
    """A Hevy export of one workout of `name` on `day` (17:00 in the athlete's zone): a set per entry of
    `reps` at `load`, the last at `rpe`, the others a point easier."""
    start = datetime.combine(day, time(17, 0), tzinfo=ZONE)
    end = start + timedelta(minutes=40)
    lines = [",".join(quoted(column) for column in HEVY_COLUMNS)]
    for index, done in enumerate(reps):
        set_rpe = rpe if index == len(reps) - 1 else rpe - 1
        texts = ("Lift", hevy_time(start), hevy_time(end), "", name)
        cells = [*map(quoted, texts), "", quoted(""), str(index), quoted("normal")]
        cells += [f"{load:g}", str(done), "", "0", f"{set_rpe:g}"]
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("second", ["short", "met"])
def test_two_sessions_short_of_their_prescription_at_rpe_nine_reset_the_lift(
    make_app: MakeApp, export: Path, tmp_path: Path, second: str
) -> None:
    # given: the athlete's history, and the week the nightly re-plan generates after it
    app = make_app(plugins=PluginSource())
    assert app.importer().import_paths([export]).ok
    app.plans().replan(WEEK)
    first = app.plans().view(WEEK).generated
    slot = next(
        (s, e)
        for s in first.sessions
        if s.kind == "lift"
        for e in s.exercises
        if e.basis and e.basis.startswith("your most trained") and e.load_kg
    )
    name = slot[1].name

    def lift_as_planned(week_start: date, reps_short: int, file: str) -> None:
        """Do the week's prescription of the lift, the last set `reps_short` reps short, at RPE 9.5."""
        planned = app.plans().view(week_start).generated
        s, e = next((s, e) for s in planned.sessions for e in s.exercises if e.name == name)
        assert e.load_kg
        reps = [e.reps] * e.sets
        reps[-1] -= reps_short
        path = _hevy_session(tmp_path / file, name, s.day, e.load_kg, reps, 9.5)
        assert app.importer().import_paths([path]).ok

    # when: the lift falls two reps short at RPE 9.5, then (again, or not) the next week
    lift_as_planned(WEEK, 2, "first.csv")
    app.plans().replan(WEEK + timedelta(weeks=1))
    lift_as_planned(WEEK + timedelta(weeks=1), 2 if second == "short" else 0, "second.csv")
    app.plans().replan(WEEK + timedelta(weeks=2))

    # then: the week after lightens the lift by 5-10 % with the sessions as its reason, or leaves it
    view = app.plans().view(WEEK + timedelta(weeks=2))
    resets = [a for a in view.adjustments if a.rule == "reset"]
    if second == "met":
        assert resets == []
        return
    (reset,) = resets
    assert reset.change["exercise"] == name
    assert 0.90 <= reset.change["to"] / reset.change["from"] <= 0.95
    assert "reps missed at RPE >= 9 in each of the last two sessions" in reset.reason
    lifted = [e for s in view.week.sessions for e in s.exercises if e.name == name]
    assert lifted[0].load_kg == reset.change["to"]

"""One identity per lift through the whole pipeline: a watch's FIT strength files and a Hevy CSV of other
workouts of the same lifts become one series per lift in the strength view, under the catalogue's names."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.make_history import make_history
from runlift.coaching.exercises import identify
from runlift.demo.athlete import DEFAULT_START, LIFT_DAYS
from runlift.demo.hevy import hevy_csv
from runlift.demo.lifts import workout
from runlift.domain.exercises import NotMapped
from runlift.importers.manager import PluginSource
from runlift.journal import UnknownExercise
from runlift.queries import exercises as exercise_queries
from runlift.queries import figures
from tests.support.stores import MakeApp

SEED = 1


def test_a_watch_and_hevy_logging_different_workouts_of_the_same_lifts_give_one_series_each(
    make_app: MakeApp, tmp_path: Path
) -> None:
    make_history(tmp_path / "export", years=28 / 365.25, seed=SEED, jobs=1)  # four weeks
    watch = sorted((tmp_path / "export" / "activities").glob("*-strength.fit"))
    days = [date.fromisoformat(path.name[:10]) for path in watch]
    half = len(watch) // 2
    # The first two weeks from the watch, the last two from Hevy: no session is in both.
    later = [workout(SEED, DEFAULT_START, day) for day in days[half:]]
    hevy = tmp_path / "hevy_workouts.csv"
    hevy.write_text(hevy_csv(later))
    app = make_app(plugins=PluginSource())

    report = app.importer().import_paths([*watch[:half], hevy])

    assert report.ok, [r.reason for r in report.results if r.status == "rejected"]
    app.projections().catch_up()
    with app.projections().engine.connect() as conn:
        lifts = figures.lifts(conn, app.projection_settings(), days[-1])
    sessions_of: Counter[str] = Counter()
    for day in days:
        for lift in {done.lift for done in workout(SEED, DEFAULT_START, day).sets}:
            sessions_of[identify(lift.hevy).name] += 1
    assert len(sessions_of) == 8
    assert {lift["exercise"]: lift["sessions"] for lift in lifts} == dict(sessions_of)
    # Each series holds sessions from both sources: the watch's weeks and Hevy's.
    assert all(lift["last_session"] >= days[half].isoformat() for lift in lifts)
    # Hevy logs each set's RPE: the strength view keeps the hardest work set's, for autoregulation.
    assert any(lift["rpe"]["last_session_max"] is not None for lift in lifts)


def test_a_mapping_merges_an_unknown_name_into_its_lift_and_an_unmap_splits_it_again(
    make_app: MakeApp, tmp_path: Path
) -> None:
    days = [
        DEFAULT_START + timedelta(days=n)
        for n in range(28)
        if (DEFAULT_START + timedelta(days=n)).weekday() in LIFT_DAYS
    ]
    workouts = [workout(SEED, DEFAULT_START, day) for day in days]
    half = len(workouts) // 2
    renamed = hevy_csv(workouts[half:]).replace('"Goblet Squat"', '"KB Goblet Thing"')
    assert "KB Goblet Thing" in renamed
    (tmp_path / "early.csv").write_text(hevy_csv(workouts[:half]))
    (tmp_path / "late.csv").write_text(renamed)
    app = make_app(plugins=PluginSource())
    report = app.importer().import_paths([tmp_path / "early.csv", tmp_path / "late.csv"])
    assert report.ok, [r.reason for r in report.results if r.status == "rejected"]
    goblet = identify("Goblet Squat")
    goblet_days = [w.start for w in workouts if any(s.lift.hevy == "Goblet Squat" for s in w.sets)]

    def series() -> dict[str, int]:
        app.projections().catch_up()
        with app.projections().engine.connect() as conn:
            lifts = figures.lifts(conn, app.projection_settings(), days[-1])
        return {lift["key"]: lift["sessions"] for lift in lifts}

    before = series()
    assert before[goblet.id] + before["custom:kb_goblet_thing"] == len(goblet_days)
    assert before["custom:kb_goblet_thing"] > 0

    app.journal.map_exercise("kb goblet thing", goblet.id)  # any case or punctuation

    merged = series()
    assert merged[goblet.id] == len(goblet_days)
    assert "custom:kb_goblet_thing" not in merged
    with app.projections().engine.connect() as conn:
        listed = {e["id"]: e for e in exercise_queries.seen(conn, app.settings.athlete_id)}
    assert listed[goblet.id]["match"] == "mapped"
    assert {n["name"] for n in listed[goblet.id]["names"]} == {"Goblet Squat", "KB Goblet Thing"}

    app.journal.unmap_exercise("KB Goblet Thing")

    assert series() == before
    with pytest.raises(NotMapped):
        app.journal.unmap_exercise("KB Goblet Thing")
    with pytest.raises(UnknownExercise, match="goblet_squat"):
        app.journal.map_exercise("KB Goblet Thing", "goblet_squatt")

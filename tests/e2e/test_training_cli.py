"""`runlift status`, `history` and `rebuild` on a synthetic month, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.history import synthetic as syn
from runlift.bootstrap import bootstrap
from runlift.coaching.exercises import identify
from runlift.importers.manager import PluginSource
from tests.support.corpus import RUN_FIT, committed
from tests.support.processes import runlift

START = date(2025, 3, 3)  # a Monday
DAYS = 28
LAST = START + timedelta(days=DAYS - 1)  # a Sunday


@pytest.fixture
def month(home: Path, store_url: str) -> Path:
    """Four weeks of runs, lifting and nights; the last five nights short, joint pain on the last day."""
    rng = random.Random(11)
    with bootstrap(home, database_url=store_url, plugins=PluginSource(entry_points=False)) as app:
        for file in syn.history(11, START, DAYS - 5, step_s=5):
            syn.record(app.history, file)
        for k in range(DAYS - 5, DAYS):
            day = START + timedelta(days=k)
            syn.record(app.history, syn.File(f"short-{day}", syn.night(rng, day, hours=5.5)))
            if day.weekday() in (2, 3, 5, 6):
                syn.record(app.history, syn.File(f"run-{day}", syn.run(rng, day, step_s=5)))
        syn.check_in(app.journal, LAST, mood=2, joint_pain=5, pain_site="left knee")
    return home


def status(home: Path, store_url: str, day: date = LAST) -> dict[str, Any]:
    result = runlift(home, "status", "--json", "--as-of", day.isoformat(), store_url=store_url)
    assert result.returncode == 0, result.stderr
    training: dict[str, Any] = json.loads(result.stdout)["training"]
    return training


def test_status_says_how_every_figure_was_computed(month: Path, store_url: str) -> None:
    training = status(month, store_url)
    figures = list(_figures(training))
    assert len(figures) > 20
    for path, figure in figures:
        assert figure["formula"], path
        assert isinstance(figure["inputs"], int), path
        assert "window_days" in figure, path


def _figures(node: Any, path: str = "") -> Any:
    if isinstance(node, dict):
        if "value" in node and "formula" in node:
            yield path, node
            return
        for key, value in node.items():
            yield from _figures(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _figures(value, f"{path}[{i}]")


def test_status_shows_readiness_with_its_reasons(month: Path, store_url: str) -> None:
    readiness = status(month, store_url)["readiness"]
    assert readiness["band"] == "red"  # joint pain 5/5 holds readiness at red
    assert (
        readiness["confidence"] == "high"
    )  # 27 mornings of resting HR and HRV before the last day
    reasons = " | ".join(readiness["reasons"])
    assert "joint pain 5/5 (left knee)" in reasons
    assert "slept 5.5 h, below the 7-9 h target" in reasons
    assert "5 of the last 5 nights under 7 h" in reasons
    assert "mood 2/5" in reasons
    assert readiness["components"]["sleep"]["hours"] == 5.5


def test_status_shows_load_weekly_distance_and_lifts(month: Path, store_url: str) -> None:
    training = status(month, store_url)
    load = training["load"]
    assert set(load["channels"]) == {"running", "lifting", "combined"}
    running = load["channels"]["running"]
    assert running["fitness_ctl"]["value"] > 0
    assert running["load_today"]["formula"] == "banister_trimp x1"  # a Sunday run with heart rate
    # Week 4 ran on Wed/Thu/Sat/Sun only, after week 3's five runs: distance fell.
    assert load["running_week"]["change_pct"]["value"] < 0
    lifts = {lift["key"]: lift for lift in training["lifts"]}
    assert set(lifts) == {identify(exercise).id for exercise in syn.EXERCISES}
    squat = lifts["barbell_back_squat"]
    assert squat["exercise"] == "Barbell Back Squat"
    # The generator adds 2.5 kg in week 3 (days 21-27): Monday of week 3 is the last increase.
    assert squat["last_load_increase"] == (START + timedelta(days=21)).isoformat()
    assert squat["due_for_progression"]["value"] is False


def test_history_prints_series_as_csv_and_json(month: Path, store_url: str) -> None:
    result = runlift(month, "history", "load", "--channel", "running", "--csv", store_url=store_url)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == DAYS  # one row per day from the first to the last with data
    assert rows[0]["day"] == START.isoformat()
    # figures to the thousandth at most, never a float's last digits or an exponent
    shown = [v for row in rows for k, v in row.items() if k != "day" and _number(v)]
    assert shown
    assert all(re.fullmatch(r"-?\d+(\.\d{1,3})?", v) for v in shown), shown
    lift = runlift(month, "history", "lift", "Squat (Barbell)", "--json", store_url=store_url)
    sessions = json.loads(lift.stdout)
    assert len(sessions) == 10  # Mon/Wed/Fri on days 0-22: 0, 2, 4, 7, 9, 11, 14, 16, 18, 21
    assert all(s["e1rm_epley_kg"] >= s["top_weight_kg"] for s in sessions)
    unknown = runlift(month, "history", "lift", "Zercher Squat", store_url=store_url)
    assert unknown.returncode == 2
    assert "Barbell Back Squat (barbell_back_squat)" in unknown.stderr


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_rebuild_diff_shows_what_a_changed_profile_changes(month: Path, store_url: str) -> None:
    status(month, store_url)
    unchanged = runlift(
        month, "rebuild", "--diff", "--json", "--as-of", str(LAST), store_url=store_url
    )
    assert json.loads(unchanged.stdout)["changes"] == []
    config = month / "runlift.toml"
    config.write_text(config.read_text().replace("# resting_hr_bpm = 50", "resting_hr_bpm = 60"))
    changed = runlift(
        month, "rebuild", "--diff", "--json", "--as-of", str(LAST), store_url=store_url
    )
    assert changed.returncode == 0, changed.stderr
    paths = {c["path"] for c in json.loads(changed.stdout)["changes"]}
    assert "load.channels.running.fitness_ctl.value" in paths


def test_import_updates_the_training_views(home: Path, store_url: str) -> None:
    result = runlift(home, "import", "--json", str(committed(RUN_FIT)), store_url=store_url)
    projections = json.loads(result.stdout)["projections"]
    assert projections["events"] > 0
    assert "training_load" in projections["updated"]


def test_status_on_stale_data_shows_the_last_known_figures_and_says_what_to_do(
    month: Path, store_url: str, tmp_path: Path
) -> None:
    # given: a month of data that ended in 2025, read today (no --as-of)
    result = runlift(month, "status", "--json", store_url=store_url)
    assert result.returncode == 0, result.stderr
    training = json.loads(result.stdout)["training"]
    # then: the figures of the last day with data, not today's zeros, and the note says so
    data = training["data"]
    assert data["last_day"] == LAST.isoformat()
    assert data["stale"] is True
    assert training["as_of"] == LAST.isoformat()
    assert training["readiness"]["score"] is not None
    assert training["load"]["channels"]["running"]["fitness_ctl"]["value"] > 0
    assert training["lifts"]
    assert data["note"].startswith(f"your data ends on {LAST.isoformat()}, ")
    assert "`runlift status --as-of DAY`" in data["note"]
    shown = " ".join(runlift(month, "status", store_url=store_url).stdout.split())
    assert f"your data ends on {LAST.isoformat()}" in shown
    # a day asked for is shown as it is, stale or not; within stale_after_days (14) nothing is said
    assert status(month, store_url, LAST + timedelta(days=30))["data"]["stale"] is False
    with (month / "runlift.toml").open("a") as config:
        config.write("\n[status]\nstale_after_days = 3650\n")
    fresh = json.loads(runlift(month, "status", "--json", store_url=store_url).stdout)["training"]
    assert fresh["data"]["stale"] is False
    assert fresh["data"]["note"] is None
    assert fresh["as_of"] != LAST.isoformat()
    # and a home without data says how to get some
    empty = tmp_path / "empty"
    assert runlift(empty, "init", store_url=f"sqlite://{tmp_path / 'empty-store'}").returncode == 0
    nothing = runlift(empty, "status", "--json", store_url=f"sqlite://{tmp_path / 'empty-store'}")
    assert json.loads(nothing.stdout)["training"]["data"]["note"].startswith("no training data yet")

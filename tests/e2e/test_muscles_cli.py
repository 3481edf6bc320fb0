"""The muscle figures as a user and the dashboard read them: `status` (JSON and terminal), `history muscles`
(table, JSON, CSV) and the API's /api/muscles, /api/muscles/weeks and /api/thresholds, on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bench.history import synthetic as syn
from runlift.bootstrap import bootstrap
from runlift.coaching.exercises import MUSCLES
from runlift.importers.manager import PluginSource
from runlift.projections.load import week_start
from runlift.web.api import create_api
from tests.support.processes import runlift

START = date(2025, 3, 3)  # a Monday
DAYS = 16
LAST = START + timedelta(days=DAYS - 1)  # a Tuesday, the day after a lifting Monday
KEYS = {
    "muscle",
    "fatigue_pct",
    "hard_sets_7d",
    "volume_kg_7d",
    "cause",
    "formula",
    "inputs",
    "window_days",
}


@pytest.fixture
def fortnight(home: Path, store_url: str) -> Path:
    """Two weeks of runs (one fast and downhill) and barbell sessions; the last runs on Tuesday."""
    with bootstrap(home, database_url=store_url, plugins=PluginSource(entry_points=False)) as app:
        for file in syn.history(5, START, DAYS, step_s=10):
            syn.record(app.history, file)
        hill = syn.run(random.Random(5), LAST, minutes=50, base_hr=172, step_s=10)
        hill[0][1]["elevation_loss_m"] = 300.0
        syn.record(app.history, syn.File("hill", hill))
    return home


def cli_json(home: Path, store_url: str, *args: str) -> Any:
    result = runlift(home, *args, store_url=store_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_lists_each_fatigued_group_with_its_week(fortnight: Path, store_url: str) -> None:
    training = cli_json(fortnight, store_url, "status", "--json", "--as-of", str(LAST))["training"]
    muscles = training["muscles"]
    days = cli_json(
        fortnight,
        store_url,
        "history",
        "muscles",
        "--json",
        "--from",
        str(LAST - timedelta(days=6)),
        "--to",
        str(LAST),
    )

    assert muscles
    assert all(set(m) == KEYS for m in muscles)
    assert {m["muscle"] for m in muscles} <= MUSCLES
    fatigue = [m["fatigue_pct"] for m in muscles]
    assert fatigue == sorted(fatigue, reverse=True)  # most fatigued first
    assert muscles[0]["muscle"] in (
        "quadriceps",
        "hamstrings",
        "glutes",
    )  # Monday's legs, today's run
    today = {row["muscle"]: row for row in days if row["day"] == str(LAST)}
    for m in muscles:
        assert m["window_days"] == 7
        assert m["fatigue_pct"] == round(today[m["muscle"]]["fatigue_pct"], 1)
        week = [row for row in days if row["muscle"] == m["muscle"]]
        assert m["hard_sets_7d"] == pytest.approx(sum(row["hard_sets"] for row in week), abs=0.01)
        assert m["volume_kg_7d"] == pytest.approx(sum(row["volume_kg"] for row in week), abs=0.1)
        assert m["inputs"] >= 1
        assert "halving every 36 h" in m["formula"]
    calves = next(m for m in muscles if m["muscle"] == "calves")
    assert calves["hard_sets_7d"] == 0  # runs load them, with no sets
    assert calves["cause"] == f"{LAST:%A}'s 50-min fast run"  # 50/30 x 1.5 x 1.6 = 4 units

    shown = " ".join(
        runlift(fortnight, "status", "--as-of", str(LAST), store_url=store_url).stdout.split()
    )
    assert f"most fatigued muscles at the end of {LAST}" in shown
    assert muscles[0]["muscle"].replace("_", " ") in shown


def test_history_muscles_as_a_table_json_and_csv(fortnight: Path, store_url: str) -> None:
    rows = cli_json(fortnight, store_url, "history", "muscles", "--json")
    result = runlift(fortnight, "history", "muscles", "--csv", store_url=store_url)
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))

    columns = ["day", "muscle", "hard_sets", "volume_kg", "fatigue_pct", "units", "cause"]
    assert rows
    assert all(list(row) == columns for row in rows)
    assert [(r["day"], r["muscle"]) for r in table] == [(r["day"], r["muscle"]) for r in rows]
    assert rows == sorted(rows, key=lambda r: (r["day"], r["muscle"]))
    assert rows[0]["day"] == str(START)
    assert all(0 <= r["fatigue_pct"] <= 100 for r in rows)
    quadriceps = cli_json(
        fortnight, store_url, "history", "muscles", "--json", "--muscle", "quadriceps"
    )
    assert quadriceps == [r for r in rows if r["muscle"] == "quadriceps"]
    monday = next(r for r in quadriceps if r["day"] == str(START))
    assert monday["hard_sets"] == 4.5  # 3 sets of back squats, 3 of deadlifts at half (secondary)
    assert monday["cause"] in ("Monday's back squats", "Monday's deadlifts")
    shown = runlift(fortnight, "history", "muscles", "--to", str(START), store_url=store_url)
    assert shown.returncode == 0, shown.stderr
    assert "quadriceps" in shown.stdout
    assert str(START + timedelta(days=1)) not in shown.stdout


def test_the_api_reads_what_status_and_history_print(fortnight: Path, store_url: str) -> None:
    status = cli_json(fortnight, store_url, "status", "--json", "--as-of", str(LAST))
    rows = cli_json(fortnight, store_url, "history", "muscles", "--json")
    with bootstrap(fortnight, database_url=store_url) as app:
        client = TestClient(create_api(app))
        assert (
            client.get("/api/muscles", params={"as_of": str(LAST)}).json()
            == (status["training"]["muscles"])
        )
        weeks = client.get(
            "/api/muscles/weeks", params={"from": str(START + timedelta(days=3)), "to": str(LAST)}
        ).json()
        thresholds = client.get("/api/thresholds").json()
        assert client.get("/api/muscles/weeks", params={"from": "someday"}).status_code == 422

    assert thresholds["weekly_hard_sets"] == [6, 12]
    assert thresholds["legs_threshold_pct"] == 60
    assert weeks
    assert all(set(w) == {"week_start", "muscle", "hard_sets", "volume_kg"} for w in weeks)
    mondays = {str(START + timedelta(weeks=k)) for k in range(3)}  # the third ends on LAST, Tuesday
    assert {w["week_start"] for w in weeks} == mondays
    for w in weeks:
        days = [
            r
            for r in rows
            if week_start(date.fromisoformat(r["day"])) == date.fromisoformat(w["week_start"])
            and r["muscle"] == w["muscle"]
            and r["day"] <= str(LAST)
        ]
        assert w["hard_sets"] == pytest.approx(sum(r["hard_sets"] for r in days), abs=0.01)
        assert w["volume_kg"] == pytest.approx(sum(r["volume_kg"] for r in days), abs=0.1)
    squats = {w["week_start"]: w["hard_sets"] for w in weeks if w["muscle"] == "quadriceps"}
    assert squats[str(START)] > 0  # Monday, Wednesday and Friday's squats and deadlifts
    assert "calves" not in {w["muscle"] for w in weeks}  # runs only: no sets, no volume

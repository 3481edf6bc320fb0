"""`runlift demo`: a new home that shows a living athlete today, through the normal import, on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from runlift.demo.athlete import ZONE
from tests.support.processes import runlift


def _json(home: Path, store_url: str, *args: str) -> Any:
    result = runlift(home, *args, "--json", store_url=store_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_fills_a_new_home_up_to_yesterday_and_status_plan_show_it(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "demo-home"
    result = runlift(home, "demo", "--weeks", "3", "--jobs", "2", store_url=store_url, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "0 rejected" in result.stdout
    assert f"runlift --home {home} status" in result.stdout
    exported = sorted(p.name for p in (home / "demo-export").iterdir())
    assert exported == ["activities", "hevy_workouts.csv", "hrv", "monitor", "sleep", "weight"]

    training = _json(home, store_url, "status")["training"]
    today = datetime.now(ZONE).date()
    assert training["as_of"] == today.isoformat()  # current: today's figures, no stale note
    # the last night ended this morning (a night is the day it ends on); sessions up to yesterday
    assert training["data"]["last_day"] == today.isoformat()
    assert training["data"]["note"] is None
    assert training["readiness"]["score"] is not None
    # This morning's resting HR (the watch's monitoring file) against the weeks before it.
    assert training["readiness"]["components"]["resting_hr"]["score"] is not None
    assert training["load"]["channels"]["running"]["fitness_ctl"]["value"] > 0
    assert training["load"]["channels"]["lifting"]["fitness_ctl"]["value"] > 0
    assert len(training["lifts"]) >= 5
    plan = _json(home, store_url, "plan")
    kinds = {session["kind"] for session in plan["sessions"]}
    assert {"run", "lift"} <= kinds
    # The athlete's own lifts at their loads, not the template's.
    lifted = [e for s in plan["sessions"] for e in s.get("exercises", []) if e.get("load_kg")]
    assert any("your most trained" in (e.get("basis") or "") for e in lifted)

    # At 80 columns the lifts wrap, never cut: every name, date and flag whole.
    monkeypatch.setenv("COLUMNS", "80")
    shown = runlift(home, "status", store_url=store_url).stdout
    lifts = shown[shown.index("lifts") :]
    assert "…" not in lifts
    assert all(lift["last_load_increase"] in (None, *lifts.split()) for lift in training["lifts"])

    again = runlift(home, "demo", store_url=store_url)
    assert again.returncode == 2
    assert "already holds imported files" in again.stderr

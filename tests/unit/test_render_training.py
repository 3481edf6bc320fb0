"""The readiness panel of `runlift status` says why a day has no score: no data ever, or none since a day."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from runlift.cli.render_training import training


def shown(snapshot: dict[str, Any]) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(
        next(p for p in training(snapshot) if "readiness" in str(getattr(p, "title", "")))
    )
    return " ".join(console.export_text().split())


def test_a_day_after_the_last_data_names_that_day() -> None:
    text = shown(
        {
            "data": {"last_day": "2026-12-03", "note": None},
            "readiness": {"day": "2026-12-06", "score": None},
        }
    )
    assert "no readiness for 2026-12-06: nothing recorded since 2026-12-03" in text
    assert "runlift status --as-of 2026-12-03" in text


def test_a_home_without_data_says_what_to_import() -> None:
    text = shown(
        {
            "data": {"last_day": None, "note": None},
            "readiness": {"day": "2026-12-06", "score": None},
        }
    )
    assert "no readiness yet: import sleep and wellness data" in text

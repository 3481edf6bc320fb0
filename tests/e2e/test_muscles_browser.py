"""The Strength page's body map and weekly hard sets in headless Chromium, against a daemon serving a demo
athlete's home (`runlift demo --weeks 4`), on SQLite and PostgreSQL: every muscle group of the catalogue has
a shape, each shape's data-fatigue is the API's fatigue_pct and its shade darkens with it, the table lists the
most fatigued groups, and the hard-sets chart draws /api/muscles/weeks against the target range. Screenshots
land in test-artifacts/muscles/<backend>/ (or $RUNLIFT_ARTEFACTS/muscles/)."""

from __future__ import annotations

import itertools
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from runlift.coaching.exercises import MUSCLES
from tests.e2e.test_dashboard_browser import browser, chart, get, open_page  # noqa: F401
from tests.e2e.test_phone_browser import daemon_home, served  # noqa: F401  (the demo home, served)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LISTED = 8  # the table's rows: dashboard.js FATIGUED_LISTED

# Each shape of the body map: its group, view, data-fatigue and the fill the browser painted it with; and
# the body's own colour (the outline's fill).
READ_MAP = """() => ({
  shapes: [...document.querySelectorAll("#bodymap [data-muscle]")].map(g => ({
    muscle: g.dataset.muscle,
    view: g.closest("svg").dataset.view,
    fatigue: g.dataset.fatigue,
    title: g.querySelector("title").textContent,
    fill: getComputedStyle(g.querySelector("path")).fill,
  })),
  body: getComputedStyle(document.querySelector("#bodymap .skin path")).fill,
})"""
READ_BAND = """() => {
  const box = Chart.getChart(document.querySelector('canvas[data-chart="hardsets"]'))
    .options.plugins.annotation.annotations.target;
  return [box.xMin, box.xMax];
}"""


def artefacts(store_url: str) -> Path:
    root = Path(os.environ.get("RUNLIFT_ARTEFACTS") or ROOT / "test-artifacts")
    folder = root / "muscles" / store_url.split(":", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def rgb(css: str) -> tuple[int, int, int]:
    """`rgb(r, g, b)` as the browser reports a computed colour."""
    assert css.startswith("rgb("), css
    r, g, b = (int(float(part)) for part in css[4:-1].split(",")[:3])
    return r, g, b


def intensity(css: str) -> float:
    """How dark a colour is: 1 - its relative luminance (WCAG), 0 for white, 1 for black."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(css))
    return 1 - (0.2126 * r + 0.7152 * g + 0.0722 * b)


def monday_of(day: str) -> str:
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def check_body_map(page: Any, url: str, day: str) -> list[dict[str, Any]]:
    """The map on `day` against /api/muscles; returns the API's rows."""
    rows: list[dict[str, Any]] = get(f"{url}/api/muscles?as_of={day}")
    fatigue = {r["muscle"]: r["fatigue_pct"] for r in rows}
    drawn = page.evaluate(READ_MAP)
    shapes = drawn["shapes"]

    # Every group of the vocabulary has a shape, at most one per view.
    assert {s["muscle"] for s in shapes} == set(MUSCLES)
    for view in ("front", "back"):
        named = [s["muscle"] for s in shapes if s["view"] == view]
        assert len(named) == len(set(named)), view
    assert set(fatigue) <= set(MUSCLES)

    # Each shape says the API's figure (0 for a group the API does not name) and is shaded by it: the body's
    # own colour at 0 %, darker the more fatigued.
    for shape in shapes:
        expected = fatigue.get(shape["muscle"], 0.0)
        assert float(shape["fatigue"]) == expected, shape
        if expected == 0:
            assert shape["fill"] == drawn["body"], shape
        elif expected >= 1:
            assert intensity(shape["fill"]) > intensity(drawn["body"]), shape
    by_fatigue = sorted(shapes, key=lambda s: float(s["fatigue"]))
    for lighter, darker in itertools.pairwise(by_fatigue):
        assert intensity(lighter["fill"]) <= intensity(darker["fill"]) + 1e-9, (lighter, darker)
    # ... with the same shade in both views.
    for muscle in MUSCLES:
        assert len({s["fill"] for s in shapes if s["muscle"] == muscle}) == 1, muscle

    # The table: the most fatigued groups, most first, with their %, 7-day hard sets and cause.
    listed = [r for r in rows if r["fatigue_pct"] > 0][:LISTED]
    table = page.locator("#fatigued tbody tr[data-muscle]")
    assert [table.nth(i).get_attribute("data-muscle") for i in range(table.count())] == [
        r["muscle"] for r in listed
    ]
    for i, row in enumerate(listed):
        cells = table.nth(i).locator("td").all_inner_texts()
        assert abs(float(cells[1].removesuffix(" %")) - row["fatigue_pct"]) <= 0.5
        assert abs(float(cells[2]) - row["hard_sets_7d"]) <= 0.05
        assert cells[4] == (row.get("cause") or "")
    return rows


def check_hard_sets(page: Any, url: str, day: str) -> None:
    """The weekly hard-sets chart against /api/muscles/weeks and the thresholds' target range."""
    monday = monday_of(day)
    before = (date.fromisoformat(monday) - timedelta(days=7)).isoformat()
    rows = [
        r
        for r in get(f"{url}/api/muscles/weeks?from={before}&to={day}")
        if r["week_start"] in (before, monday)
    ]
    drawn = chart(page, "hardsets")
    muscles = [label.replace(" ", "_") for label in drawn["labels"]]
    assert set(muscles) == {r["muscle"] for r in rows}
    for start, label in ((before, f"week of {before}"), (monday, f"this week, {monday} to {day}")):
        expected = {r["muscle"]: r["hard_sets"] for r in rows if r["week_start"] == start}
        assert drawn["datasets"][label] == [expected.get(m) for m in muscles], label
    assert drawn["points"] == len(rows)
    assert page.evaluate(READ_BAND) == get(f"{url}/api/thresholds")["weekly_hard_sets"]
    none = page.inner_text("#hard-sets-none")
    for muscle in set(MUSCLES) - {r["muscle"] for r in rows if r["hard_sets"] > 0}:
        assert muscle.replace("_", " ") in none, muscle


def test_the_body_map_and_hard_sets_are_the_apis(
    browser: Any,  # noqa: F811
    served: str,  # noqa: F811
    store_url: str,
) -> None:
    shots = artefacts(store_url)
    days = get(f"{served}/api/days")
    # Today (the page's default) and the demo's last lifting day, when the lifted groups are fatigued.
    for day, query, shot in (
        (days["today"], "", "strength.png"),
        (days["lifts"]["last"], f"?as_of={days['lifts']['last']}", "strength-last-lift.png"),
    ):
        page = open_page(browser, f"{served}/strength{query}", shots / shot)
        assert page.inner_text("#muscles-day").startswith(f"on {day}")
        rows = check_body_map(page, served, day)
        check_hard_sets(page, served, day)
        page.locator("#bodymap").screenshot(path=str(shots / shot.replace(".png", "-map.png")))
        page.close()
    # On the last lifting day something is fatigued, with more than one figure: the shading was compared.
    assert len({r["fatigue_pct"] for r in rows if r["fatigue_pct"] > 0}) >= 2

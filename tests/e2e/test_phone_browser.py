"""The dashboard's forms in headless Chromium at a phone's viewport, against a running daemon serving a demo
athlete's home (`runlift demo`), on SQLite and PostgreSQL: a check-in tapped on the Today page becomes a
CheckInRecorded and moves readiness without a page load, a session's RPE and an injury flag are stored, and
a file chosen on the Imports page is imported. Screenshots land in test-artifacts/phone/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_dashboard_browser import browser  # noqa: F401  (the Chromium fixture)
from tests.support.corpus import RUN_FIT, committed
from tests.support.processes import Daemons, events, runlift, state, wait_for

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
TAP_MIN_PX = 44  # Apple's and WCAG 2.5.5's smallest comfortable target


def artefacts() -> Path:
    root = Path(os.environ.get("RUNLIFT_ARTEFACTS", ROOT / "test-artifacts")) / "phone"
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def daemon_home(tmp_path: Path, store_url: str, daemons: Daemons) -> Path:
    """A new home filled by `runlift demo` (4 weeks), its dashboard served by a daemon on a free port."""
    home = tmp_path / "demo-home"
    made = runlift(home, "demo", "--weeks", "4", "--jobs", "2", store_url=store_url, timeout=300)
    assert made.returncode == 0, made.stderr
    with (home / "runlift.toml").open("a") as config:
        config.write("\n[web]\nport = 0\n\n[daemon]\nsettle_s = 0.3\nheartbeat_s = 0.5\n")
    daemons.start(home, store_url)
    wait_for(lambda: "web" in state(home), timeout=60)
    return home


@pytest.fixture
def served(daemon_home: Path) -> str:
    return str(state(daemon_home)["web"]).rstrip("/")


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


def test_a_check_in_from_the_phone_moves_readiness(
    served: str, phone: Any, daemon_home: Path, store_url: str
) -> None:
    loads: list[str] = []
    phone.on("load", lambda _: loads.append(phone.url))
    phone.goto(f"{served}/")
    phone.wait_for_selector("body[data-ready=yes]")
    before = phone.inner_text("#score")
    phone.screenshot(path=str(artefacts() / "today-before.png"), full_page=True)

    # Every tap target of the form is large enough for a thumb, and the page fits the phone's width.
    for box in phone.eval_on_selector_all(
        "#checkin .scale span, #checkin button, #injury button, #injury select",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    ):
        assert min(box) >= TAP_MIN_PX, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    for name, value in (("mood", 1), ("energy", 1), ("soreness", 5), ("joint_pain", 4)):
        phone.tap(f"#checkin .scale[data-name={name}] label:nth-of-type({value}) span")
    phone.fill("#checkin textarea[name=note]", "legs heavy, slept badly")
    phone.tap("#checkin button[type=submit]")
    status = phone.wait_for_selector("#checkin .form-status.ok")
    assert "Saved for" in status.inner_text()
    phone.wait_for_function(f"document.querySelector('#score').textContent !== {before!r}")
    after = phone.inner_text("#score")
    assert int(after) < int(before)
    assert phone.inner_text("#band") == "red"
    assert loads == [f"{served}/"]  # no page load: the form sent it with fetch
    assert events(daemon_home, store_url, "CheckInRecorded") == 1
    status_json = runlift(daemon_home, "status", "--json", store_url=store_url)
    assert (
        f'"score": {after}' in status_json.stdout
        or f'"score": {float(after)}' in status_json.stdout
    )

    # The session RPE of a session done in the last three days.
    choice = phone.wait_for_selector("#done-sessions select.rpe")
    choice.select_option("7")
    phone.wait_for_selector("#rpe-status.ok")
    assert events(daemon_home, store_url, "SessionRated") == 1

    # An injury flag, then cleared.
    phone.select_option("#injury select[name=side]", "left")
    phone.select_option("#injury select[name=part]", "knee")
    phone.tap("#injury button[type=submit]")
    phone.wait_for_selector("#injuries li[data-part='left knee']")
    phone.screenshot(path=str(artefacts() / "today-after.png"), full_page=True)
    phone.tap("#injuries li[data-part='left knee'] button")
    phone.wait_for_selector("#injuries li.muted")
    assert events(daemon_home, store_url, "InjuryFlagged") == 1
    assert events(daemon_home, store_url, "InjuryCleared") == 1


def test_a_file_chosen_on_the_imports_page_is_imported(
    served: str, phone: Any, daemon_home: Path, store_url: str
) -> None:
    phone.goto(f"{served}/imports")
    phone.wait_for_selector("body[data-ready=yes]")
    phone.set_input_files("#upload input[type=file]", str(committed(RUN_FIT)))
    phone.tap("#upload button[type=submit]")
    status = phone.wait_for_selector("#upload .form-status.ok >> text=imported")
    assert "RunCompleted" in status.inner_text()
    phone.wait_for_selector(f"#imports td.file >> text={committed(RUN_FIT).name}")
    phone.screenshot(path=str(artefacts() / "imports.png"), full_page=True)
    assert events(daemon_home, store_url, "RunCompleted") >= 1

"""The dashboard's pages as served (no browser): every page and the vendored libraries load without the
internet, the libraries are the published files, and with a token the pages need the login cookie."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from runlift.bootstrap import Runlift, bootstrap
from runlift.projections.load import week_start
from runlift.queries.training import today
from runlift.web.pages import PAGES, dashboard

VENDOR = Path(__file__).resolve().parents[2] / "src/runlift/web/static/vendor"
TOKEN = "a-secret-of-twenty-chars"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Runlift]:
    with bootstrap(tmp_path / "home") as wired:
        yield wired


@pytest.fixture
def served(app: Runlift) -> TestClient:
    return TestClient(dashboard(app))


def test_the_vendored_libraries_are_the_published_files() -> None:
    table = (VENDOR / "README.md").read_text(encoding="utf-8")
    listed = re.findall(
        r"^\| (\S+\.js) \|.*\| MIT \((\S+)\) \| ([0-9a-f]{64}) \|$", table, re.MULTILINE
    )
    assert {name for name, _, _ in listed} == {p.name for p in VENDOR.glob("*.js")}
    for name, licence, digest in listed:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
        assert "MIT License" in (VENDOR / licence).read_text(encoding="utf-8")


def test_every_page_and_its_scripts_load_from_this_server(served: TestClient) -> None:
    for path, name, title in PAGES:
        page = served.get(path)
        assert page.status_code == 200, path
        assert f'data-page="{name}"' in page.text
        assert f"<title>{title.replace('&', '&amp;')} · runlift</title>" in page.text
        sources = re.findall(r'(?:src|href)="(/[^"]*)"', page.text)
        assets = [s for s in sources if s.startswith("/static/")]
        assert len(assets) == 4  # stylesheet, Chart.js, its annotation plugin, the page script
        for asset in assets:
            assert served.get(asset).status_code == 200, asset
        # Nothing is fetched from another host: the pages work offline.
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page.text)


def test_with_a_token_the_pages_need_the_login_cookie(app: Runlift) -> None:
    client = TestClient(dashboard(app, TOKEN), follow_redirects=False)
    refused = client.get("/load")
    assert refused.status_code == 303
    assert refused.headers["location"] == "/login?next=/load"
    assert client.get("/api/days").status_code == 401
    assert client.get("/static/dashboard.js").status_code == 200  # no data in it

    wrong = client.post("/login?next=/load", data={"token": "not-the-secret"})
    assert wrong.status_code == 401
    assert "That is not the token" in wrong.text
    right = client.post("/login?next=/load", data={"token": TOKEN})
    assert right.status_code == 303
    assert right.headers["location"] == "/load"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert client.get("/load").status_code == 200  # the client keeps the cookie
    assert client.get("/api/days").status_code == 200  # and the pages' API calls carry it


def test_login_only_sends_back_to_this_server(app: Runlift) -> None:
    client = TestClient(dashboard(app, TOKEN), follow_redirects=False)
    for elsewhere in ("//evil.example/", "https://evil.example/", "evil"):
        answer = client.post("/login", params={"next": elsewhere}, data={"token": TOKEN})
        assert answer.headers["location"] == "/"


def test_the_feed_takes_the_token_in_its_address(app: Runlift) -> None:
    app.plans().view(week_start(today(app)))  # plan this week
    client = TestClient(dashboard(app, TOKEN))
    assert client.get("/api/plan.ics").status_code == 401
    assert client.get("/api/plan.ics", params={"token": "not-the-secret"}).status_code == 401
    feed = client.get("/api/plan.ics", params={"token": TOKEN})
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    # Only the feed takes it there: a token in an address ends up in logs and histories.
    assert client.get("/api/days", params={"token": TOKEN}).status_code == 401
    client.cookies.set("runlift_token", TOKEN)
    plan_page = client.get("/plan")
    assert f"/api/plan.ics?token={TOKEN}" in plan_page.text

"""A club's dashboard server (`runlift club serve`): two athletes (on PostgreSQL in one schema; on SQLite a
store each) and two coaches. Each athlete's token reads and writes only their own dashboard and API, a
coach's reads the athletes the club file lists and writes nothing, and a bad club file is one line."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runlift.bootstrap import bootstrap
from runlift.settings import ConfigError
from runlift.web.club import Club, club_app, load_club, opened
from tests.e2e.test_dashboard_browser import browser, open_page  # noqa: F401
from tests.support.corpus import RUN_FIT, STRENGTH_FIT, STRONG_CSV, committed
from tests.support.processes import cli_env, command, runlift

ANN, BOB = "ann-secret-token-0001", "bob-secret-token-0002"
KIM, LEE = "kim-coach-token-00003", "lee-coach-token-00004"  # kim coaches both, lee only bob
FILES = {"ann": [RUN_FIT], "bob": [STRENGTH_FIT, STRONG_CSV]}


@dataclass
class Homes:
    club_file: Path
    homes: dict[str, Path]


def athlete_home(root: Path, store_url: str, token: str | None) -> Path:
    """A home on `store_url` (named in its runlift.toml), with `token` as its [web] token if given."""
    with bootstrap(root, database_url=store_url):
        pass
    with (root / "runlift.toml").open("a") as config:
        config.write(f'\n[store]\nurl = "{store_url}"\n')
        if token:
            config.write(f'\n[web]\ntoken = "{token}"\n')
    return root


@pytest.fixture
def club_homes(tmp_path: Path, store_url: str) -> Homes:
    """ann and bob, their files imported; on PostgreSQL both in the schema under test."""
    homes = {}
    for name, token in (("ann", ANN), ("bob", None)):  # bob's token comes from the club file
        url = store_url
        if store_url.startswith("sqlite"):  # SQLite: one athlete per home
            url = f"sqlite://{tmp_path / name / 'store'}"
        home = athlete_home(tmp_path / name, url, token)
        imported = runlift(home, "import", *(str(committed(f)) for f in FILES[name]))
        assert imported.returncode == 0, imported.stderr
        homes[name] = home
    club_file = tmp_path / "club.toml"
    club_file.write_text(
        f"""[web]
port = 0

[athletes.ann]
home = "ann"

[athletes.bob]
home = "{homes["bob"]}"
token = "{BOB}"

[coaches.kim]
token = "{KIM}"
athletes = ["ann", "bob"]

[coaches.lee]
token = "{LEE}"
athletes = ["bob"]
""",
        encoding="utf-8",
    )
    return Homes(club_file, homes)


@pytest.fixture
def served(club_homes: Homes) -> Iterator[tuple[Club, TestClient]]:
    club = load_club(club_homes.club_file)
    with opened(club) as athletes:
        yield club, TestClient(club_app(club, athletes), follow_redirects=False)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def read_paths(client: TestClient, athlete: str) -> list[str]:
    """Every GET route of an athlete's API, its path parameters filled in."""
    schema = client.get(f"/athletes/{athlete}/api/openapi.json").json()
    paths = []
    for path, methods in schema["paths"].items():
        if "get" in methods:
            paths.append(path.replace("{name}", "Bench Press").replace("{part}", "knee"))
    assert len(paths) >= 15, paths
    return paths


def test_each_token_reads_only_the_athletes_it_may(
    served: tuple[Club, TestClient],
) -> None:
    _, client = served
    may = {ANN: {"ann"}, BOB: {"bob"}, KIM: {"ann", "bob"}, LEE: {"bob"}, "x" * 20: set()}
    for athlete in ("ann", "bob"):
        for path in read_paths(client, athlete):
            for token, readable in may.items():
                answer = client.get(f"/athletes/{athlete}{path}", headers=bearer(token))
                if athlete in readable:
                    assert answer.status_code in (200, 404), (athlete, path, answer.text)
                else:
                    assert answer.status_code == 401, (athlete, path, token, answer.text)
                    assert set(answer.json()) == {"detail"}  # nothing of the athlete's in it
    # Each athlete's figures are their own: ann ran, bob lifted.
    ann = client.get("/athletes/ann/api/status", headers=bearer(KIM)).json()["events"]["by_type"]
    bob = client.get("/athletes/bob/api/status", headers=bearer(KIM)).json()["events"]["by_type"]
    assert ann["RunCompleted"] == 1
    assert ann["StrengthSessionCompleted"] == 0
    assert bob["RunCompleted"] == 0
    assert bob["StrengthSessionCompleted"] >= 2
    lifts = client.get("/athletes/bob/api/lifts", headers=bearer(LEE)).json()
    assert lifts
    assert client.get("/athletes/ann/api/lifts", headers=bearer(ANN)).json() == []


def test_at_most_open_athletes_are_kept_open(club_homes: Homes) -> None:
    club = load_club(club_homes.club_file)
    with opened(club, kept=1) as athletes:
        client = TestClient(club_app(club, athletes))
        assert athletes.open == []  # nothing is opened before it is read
        first = client.get("/athletes/ann/api/status", headers=bearer(KIM)).json()
        assert athletes.open == ["ann"]
        assert client.get("/athletes/bob/api/lifts", headers=bearer(KIM)).json()
        assert athletes.open == ["bob"]  # ann's runlift was closed to open bob's
        again = client.get("/athletes/ann/api/status", headers=bearer(KIM)).json()
        assert athletes.open == ["ann"]
        assert again["events"] == first["events"]
        assert again["training"] == first["training"]


def test_an_athlete_still_answering_is_not_closed_to_open_another(club_homes: Homes) -> None:
    club = load_club(club_homes.club_file)
    with opened(club, kept=1) as athletes:
        client = TestClient(club_app(club, athletes))
        assert client.get("/athletes/ann/api/days", headers=bearer(KIM)).status_code == 200
        athletes._busy["ann"] += 1  # as while ann's long upload is still being received
        # bob's answer is served (one over the limit while both answer), then bob's runlift is the one
        # closed to get back within it: ann's is still answering
        assert client.get("/athletes/bob/api/days", headers=bearer(KIM)).status_code == 200
        assert athletes.open == ["ann"]
        athletes._busy["ann"] -= 1
        assert client.get("/athletes/bob/api/days", headers=bearer(KIM)).status_code == 200
        assert athletes.open == ["bob"]


def test_an_athlete_whose_store_is_away_gets_503_and_the_others_are_served(
    club_homes: Homes,
) -> None:
    config = club_homes.homes["ann"] / "runlift.toml"
    text = config.read_text()
    config.write_text(  # a server that refuses: nothing listens on port 1
        re.sub(r'url = "[^"]*"', 'url = "postgresql://runlift@127.0.0.1:1/runlift"', text)
    )
    club = load_club(club_homes.club_file)
    with opened(club) as athletes:
        client = TestClient(club_app(club, athletes))
        away = client.get("/athletes/ann/api/status", headers=bearer(KIM))
        assert away.status_code == 503
        assert away.json() == {
            "detail": "ann's data cannot be read now (the server's log says why)"
        }
        assert client.get("/athletes/bob/api/lifts", headers=bearer(KIM)).json()
        assert athletes.open == ["bob"]


def test_the_athletes_listed_for_each_token(served: tuple[Club, TestClient]) -> None:
    _, client = served
    listed = {
        token: [a["name"] for a in client.get("/api/athletes", headers=bearer(token)).json()]
        for token in (ANN, BOB, KIM, LEE)
    }
    assert listed == {ANN: ["ann"], BOB: ["bob"], KIM: ["ann", "bob"], LEE: ["bob"]}
    assert client.get("/api/athletes", headers=bearer("y" * 20)).status_code == 401
    assert client.get("/api/athletes").status_code == 401
    kim = client.get("/api/athletes", headers=bearer(KIM)).json()
    assert [a["writes"] for a in kim] == [False, False]
    assert client.get("/api/athletes", headers=bearer(ANN)).json()[0]["writes"] is True


def test_a_coach_reads_but_never_writes(served: tuple[Club, TestClient]) -> None:
    _, client = served
    checkin = {"mood": 4, "energy": 4, "soreness": 2, "joint_pain": 1}

    def checkins(athlete: str) -> int:
        status = client.get(f"/athletes/{athlete}/api/status", headers=bearer(KIM)).json()
        return int(status["events"]["by_type"]["CheckInRecorded"])

    refused = client.post("/athletes/ann/api/checkins", json=checkin, headers=bearer(KIM))
    assert refused.status_code == 403, refused.text
    assert "may not write" in refused.json()["detail"]
    assert (
        client.post("/athletes/bob/api/checkins", json=checkin, headers=bearer(ANN)).status_code
        == 401
    )
    pushed = client.post(
        "/athletes/bob/api/files?name=run.fit",
        content=committed(RUN_FIT).read_bytes(),
        headers={**bearer(LEE), "Content-Type": "application/octet-stream"},
    )
    assert pushed.status_code == 403
    assert checkins("ann") == checkins("bob") == 0
    assert (
        client.post("/athletes/ann/api/checkins", json=checkin, headers=bearer(ANN)).status_code
        == 201
    )
    assert (checkins("ann"), checkins("bob")) == (1, 0)
    bob = client.get("/athletes/bob/api/status", headers=bearer(BOB)).json()["events"]["by_type"]
    assert bob["RunCompleted"] == 0  # the coach's push stored nothing


def test_the_pages_are_served_under_each_athlete(served: tuple[Club, TestClient]) -> None:
    _, client = served
    client.cookies.set("runlift_token", ANN)
    own = client.get("/athletes/ann/load")
    assert own.status_code == 200
    links = re.findall(r'(?:src|href)="(/[^"]*)"', own.text)
    assert links
    assert all(link.startswith("/athletes/ann/") for link in links), links
    assert 'data-base="/athletes/ann"' in own.text
    assert client.get(links[0]).status_code == 200
    other = client.get("/athletes/bob/load")
    assert other.status_code == 303
    assert other.headers["location"] == "/athletes/bob/login?next=/athletes/bob/load"
    assert client.get("/").headers["location"] == "/athletes/ann/"  # one athlete: straight there
    client.cookies.set("runlift_token", KIM)
    index = client.get("/")
    assert index.status_code == 200
    assert re.findall(r'href="(/athletes/[^"]*)"', index.text) == [
        "/athletes/ann/",
        "/athletes/bob/",
    ]
    # The calendar feed in the page carries the viewer's own token, not the athlete's.
    plan = client.get("/athletes/bob/plan").text
    assert f"/athletes/bob/api/plan.ics?token={KIM}" in plan
    assert BOB not in plan


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (
            lambda t: t.replace('athletes = ["bob"]', 'athletes = ["carl"]'),
            "coaches.lee.athletes",
            "no athlete 'carl' (athletes: ann, bob)",
        ),
        (lambda t: t.replace(LEE, KIM), "coaches.lee.token", "also coaches.kim's"),
        (lambda t: t.replace(BOB, "short"), "athletes.bob.token", "at least 16 characters"),
        (
            lambda t: t.replace('home = "ann"', 'home = "nowhere"'),
            "athletes.ann.home",
            "holds no runlift.toml",
        ),
        (
            lambda t: t.replace("[coaches.kim]", "[coaches.kim]\nrole = 1"),
            "coaches.kim.role",
            "Extra inputs are not permitted",
        ),
        (lambda t: t.replace("[athletes.ann]", "[athletes.Ann]"), "athletes.Ann", "a name is 1-40"),
    ],
)
def test_a_bad_club_file_is_one_line_naming_the_key(
    club_homes: Homes, change: Any, key: str, problem: str
) -> None:
    path = club_homes.club_file
    path.write_text(change(path.read_text()), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_club(path)
    assert key in str(caught.value)
    assert problem in str(caught.value)
    result = runlift(path.parent, "club", "check", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert key in result.stderr


@contextmanager
def club_server(club_file: Path) -> Iterator[str]:
    """`runlift club serve CLUB_FILE` on a free port: its address (no trailing slash), until the end."""
    server = subprocess.Popen(
        command(club_file.parent, "club", "serve", str(club_file)),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=cli_env(None),
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"(http://\S+)/", line)
        assert found, line
        yield found.group(1)
    finally:
        server.terminate()
        server.wait(30)


def get(url: str, token: str) -> tuple[int, Any]:
    """A real GET with a bearer token: its status and JSON (None when refused)."""
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=bearer(token)), timeout=30
        ) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as refused:
        return refused.code, None


def test_club_serve_answers_real_requests(club_homes: Homes) -> None:
    checked = runlift(club_homes.club_file.parent, "club", "check", str(club_homes.club_file))
    assert checked.returncode == 0, checked.stderr
    assert "coach kim reads: ann, bob" in checked.stdout
    with club_server(club_homes.club_file) as url:
        assert get(f"{url}/api/athletes", LEE) == (
            200,
            [
                {
                    "name": "bob",
                    "dashboard": "/athletes/bob/",
                    "api": "/athletes/bob/api/",
                    "writes": False,
                }
            ],
        )
        status, figures = get(f"{url}/athletes/bob/api/status", KIM)
        assert status == 200
        assert figures["events"]["by_type"]["StrengthSessionCompleted"] >= 2
        assert get(f"{url}/athletes/bob/api/status", ANN)[0] == 401
        assert get(f"{url}/athletes/ann/api/status", LEE)[0] == 401


def test_a_coach_sees_each_athletes_dashboard_in_the_browser(
    browser: Any,  # noqa: F811
    club_homes: Homes,
    tmp_path: Path,
) -> None:
    with club_server(club_homes.club_file) as url:
        lifts = get(f"{url}/athletes/bob/api/lifts", KIM)[1]
        assert lifts
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{url}/")
        page.fill("input[name=token]", KIM)
        page.click("button[type=submit]")
        page.wait_for_selector("#athletes")
        page.click("text=bob")
        page.wait_for_selector("body[data-ready]", timeout=30_000)
        assert page.get_attribute("body", "data-ready") == "yes", page.inner_text("#error")
        page.click("nav >> text=Strength")
        page.wait_for_selector("body[data-ready]", timeout=30_000)
        assert page.get_attribute("body", "data-ready") == "yes", page.inner_text("#error")
        page.screenshot(path=str(tmp_path / "club-bob-strength.png"), full_page=True)
        assert page.url == f"{url}/athletes/bob/strength"
        shown = page.content()
        assert any(lift in shown for lift in lifts), lifts  # bob's own exercises
        api = [u for u in asked if "/api/" in u]
        assert api
        assert all(u.startswith(f"{url}/athletes/bob/api/") for u in api), api
        page.close()

"""The API's write routes on a home with real device files, on SQLite and PostgreSQL: check-ins, injuries and a
done session's RPE go through the same rules and events as the commands, bad input gets a 4xx naming what is
wrong and stores nothing, and cross-site writes are refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runlift.bootstrap import bootstrap
from runlift.queries import eventlog
from runlift.web.api import create_api
from tests.support.corpus import RUN_FIT, STRENGTH_FIT, committed
from tests.support.processes import runlift

LIFT_DAY = "2025-10-20"  # the strength session of STRENGTH_FIT (a Garmin watch, 14 work sets)
RUN_DAY = "2013-02-06"  # the run of RUN_FIT
TOKEN = "a-secret-of-twenty-chars"
LOCAL = "http://127.0.0.1"


@pytest.fixture
def home(tmp_path: Path, store_url: str) -> Path:
    home = tmp_path / "home"
    files = (str(committed(RUN_FIT)), str(committed(STRENGTH_FIT)))
    result = runlift(home, "import", *files, store_url=store_url)
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def client(home: Path, store_url: str) -> Iterator[TestClient]:
    with bootstrap(home, database_url=store_url) as app:
        yield TestClient(create_api(app), base_url=LOCAL)


def count(home: Path, store_url: str, kind: str) -> int:
    with bootstrap(home, database_url=store_url) as app:
        return sum(
            1 for log in app.event_logs for _ in eventlog.read_events(log, [kind], athlete_id=None)
        )


def lifting_load(client: TestClient, day: str) -> float:
    (row,) = client.get("/api/load", params={"from": day, "to": day, "channel": "lifting"}).json()
    return float(row["load"])


def test_a_check_in_is_the_commands_event_and_moves_readiness(
    client: TestClient, home: Path, store_url: str
) -> None:
    day = "2025-10-21"
    before = client.get("/api/readiness", params={"from": day, "to": day}).json()
    answer = client.post(
        "/api/checkins",
        json={
            "day": day,
            "mood": 1,
            "energy": 1,
            "soreness": 5,
            "joint_pain": 4,
            "joint_pain_where": "left knee",
            "note": "legs heavy after squats",
        },
    )
    assert answer.status_code == 201, answer.text
    after = answer.json()
    assert after["day"] == day
    assert after["readiness"] is not None
    assert [r["score"] for r in before] != [after["readiness"]["score"]]
    assert after["readiness"]["band"] == "red"  # a 1-1-5-4 day caps readiness (docs/coaching.md)
    assert count(home, store_url, "CheckInRecorded") == 1
    cli = runlift(
        home, "history", "readiness", "--from", day, "--to", day, "--json", store_url=store_url
    )
    assert cli.returncode == 0, cli.stderr
    (row,) = json.loads(cli.stdout)
    assert row["score"] == after["readiness"]["score"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mood": 6}, "mood"),
        ({"energy": 0}, "energy"),
        ({"soreness": "very"}, "soreness"),
        ({"joint_pain": 2.5}, "joint_pain"),
        ({"mood": 3, "day": "2525-01-01"}, "day"),
        ({"mood": 3, "feeling": "great"}, "feeling"),
        ({}, "say something"),
        ({"note": ""}, "note"),
    ],
)
def test_absurd_check_ins_are_refused_naming_the_field(
    client: TestClient, home: Path, store_url: str, body: dict[str, Any], field: str
) -> None:
    answer = client.post("/api/checkins", json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.text
    assert count(home, store_url, "CheckInRecorded") == 0


def test_a_check_in_must_be_json(client: TestClient) -> None:
    answer = client.post("/api/checkins", content=b"mood=3", headers={"Content-Type": "text/plain"})
    assert answer.status_code == 422


def test_injuries_are_flagged_and_cleared_and_unknown_parts_refused(
    client: TestClient, home: Path, store_url: str
) -> None:
    state = client.get("/api/injuries").json()
    assert state["flagged"] == {}
    assert "knee" in state["known"]
    flagged = client.post("/api/injuries", json={"part": "Left Knee ", "day": LIFT_DAY})
    assert flagged.status_code == 201, flagged.text
    assert flagged.json()["flagged"] == {"left knee": LIFT_DAY}
    unknown = client.post("/api/injuries", json={"part": "left elbow pit of doom"})
    assert unknown.status_code == 422
    assert "left elbow pit of doom" in unknown.text
    assert client.delete("/api/injuries/right%20ankle").status_code == 404
    cleared = client.delete("/api/injuries/left%20knee")
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["flagged"] == {}
    assert count(home, store_url, "InjuryFlagged") == 1
    assert count(home, store_url, "InjuryCleared") == 1


def test_a_session_rpe_scores_that_sessions_load(
    client: TestClient, home: Path, store_url: str
) -> None:
    (lift,) = client.get("/api/sessions", params={"from": LIFT_DAY, "to": LIFT_DAY}).json()
    assert lift["kind"] == "strength"
    assert lift["rpe"] is None  # the watch logs none
    key = lift["session"]
    rated = client.post(f"/api/sessions/{key}/rpe", json={"rpe": 4})
    assert rated.status_code == 201, rated.text
    assert rated.json()["rpe"] == 4
    at_four = lifting_load(client, LIFT_DAY)
    assert client.post(f"/api/sessions/{key}/rpe", json={"rpe": 8}).status_code == 201
    at_eight = lifting_load(client, LIFT_DAY)
    # session RPE load is RPE x minutes: the later rating wins and doubles it
    assert at_eight == pytest.approx(2 * at_four, rel=1e-3)
    for bad in ({"rpe": 11}, {"rpe": -1}, {"rpe": "hard"}, {}, {"rpe": 5, "extra": 1}):
        assert client.post(f"/api/sessions/{key}/rpe", json=bad).status_code == 422
    assert client.post("/api/sessions/no-such-session/rpe", json={"rpe": 5}).status_code == 404
    assert count(home, store_url, "SessionRated") == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Host": "rebound.example:8765"},  # no token: only this machine's names are served writes
    ],
)
def test_cross_site_writes_are_refused(
    client: TestClient, home: Path, store_url: str, headers: dict[str, str]
) -> None:
    answer = client.post("/api/checkins", json={"mood": 3}, headers=headers)
    assert answer.status_code == 403, answer.text
    assert count(home, store_url, "CheckInRecorded") == 0


def test_same_site_writes_are_taken(client: TestClient) -> None:
    headers = {"Origin": LOCAL, "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/checkins", json={"mood": 3}, headers=headers).status_code == 201


def test_writes_need_the_token_when_one_is_set(home: Path, store_url: str) -> None:
    with bootstrap(home, database_url=store_url) as app:
        client = TestClient(create_api(app, TOKEN), base_url="http://runlift.example")
        assert client.post("/api/checkins", json={"mood": 3}).status_code == 401
        assert client.post("/api/injuries", json={"part": "knee"}).status_code == 401
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        # with a token the dashboard may be served under any name
        assert client.post("/api/checkins", json={"mood": 3}, headers=bearer).status_code == 201
        client.cookies.set("runlift_token", TOKEN)
        assert client.post("/api/checkins", json={"mood": 4}).status_code == 201

"""The dashboard's JSON API on a home with real device files imported, on SQLite and PostgreSQL: the same
figures as the CLI's --json output, 4xx for bad requests, the bearer token, and a schemathesis run
against its own OpenAPI schema."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from runlift.bootstrap import bootstrap
from runlift.queries import eventlog
from runlift.settings import ConfigError, load_settings
from runlift.web.api import create_api
from tests.support.corpus import (
    RUN_FIT,
    SHORT_RUN_FIT,
    STRENGTH_FIT,
    STRONG_CSV,
    committed,
    data_manifest,
    device_file,
)
from tests.support.pairs import fit_run_to_gpx
from tests.support.processes import cli_env, command, runlift

# Committed device files (tests/data).
FILES = (
    RUN_FIT,
    SHORT_RUN_FIT,
    STRENGTH_FIT,
    STRONG_CSV,
    "fit/run/fitparse__Activity.fit",  # with its GPX (written by the fixture): a duplicate pair
    "gpx/gpxpy__route.gpx",  # rejected: a route, not a recorded activity
)
DUPLICATED = "fit/run/fitparse__Activity.fit"
OUTDOOR_RUN = SHORT_RUN_FIT  # a fenix 5 run on Sunday 2017-06-11
# A Garmin night and overnight HRV: no licence lets such files be committed, so the test of the sleep and
# recovery series reads them from the corpus (skipped locally without it, failed under CI).
RECOVERY = (
    "fit/sleep_monitoring/fit_data_whiz__sleep1.fit",
    "fit/sleep_monitoring/fit_data_whiz__hrv1.fit",
)
NIGHT = "2023-09-27"
AS_OF = "2017-06-15"
TOKEN = "a-secret-of-twenty-chars"


@pytest.fixture
def api_home(tmp_path: Path, store_url: str) -> Iterator[tuple[Path, FastAPI]]:
    home = tmp_path / "home"
    # The same run as another app exports it: a record of the workout in other words (a file that
    # repeats another's facts alike adds none of them, so it would make no duplicate).
    gpx = fit_run_to_gpx(committed(DUPLICATED), tmp_path / "activity.gpx")
    paths = [*(str(committed(f)) for f in FILES), str(gpx)]
    result = runlift(home, "import", *paths, store_url=store_url)
    assert result.returncode == 1, result.stderr  # the route is rejected
    with bootstrap(home, database_url=store_url) as app:
        yield home, create_api(app)


@pytest.fixture
def client(api_home: tuple[Path, FastAPI]) -> TestClient:
    return TestClient(api_home[1])


def cli_json(home: Path, store_url: str, *args: str) -> Any:
    result = runlift(home, *args, store_url=store_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_is_what_the_cli_prints(
    api_home: tuple[Path, FastAPI], client: TestClient, store_url: str
) -> None:
    response = client.get("/api/status", params={"as_of": AS_OF})
    assert response.status_code == 200
    figures = response.json()
    expected = cli_json(api_home[0], store_url, "status", "--json", "--as-of", AS_OF)
    assert figures == expected
    assert figures["files"]["imported"] == len(FILES)  # with the GPX, without the route
    assert figures["files"]["rejected"] == 1
    assert client.get("/api/training", params={"as_of": AS_OF}).json() == expected["training"]


def test_series_are_what_the_cli_prints(
    api_home: tuple[Path, FastAPI], client: TestClient, store_url: str
) -> None:
    home = api_home[0]
    load = client.get("/api/load", params={"from": "2017-06-01", "channel": "running"}).json()
    expected = cli_json(
        home, store_url, "history", "load", "--json", "--from", "2017-06-01", "--channel", "running"
    )
    assert load == expected
    assert any(row["load"] for row in load)
    readiness = client.get("/api/readiness").json()
    assert readiness == cli_json(home, store_url, "history", "readiness", "--json")
    lifts = client.get("/api/lifts").json()
    assert lifts
    lift = client.get(f"/api/lifts/{lifts[0]}").json()
    assert lift == cli_json(home, store_url, "history", "lift", lifts[0], "--json")


def events(home: Path, store_url: str, kind: str) -> list[dict[str, Any]]:
    result = runlift(home, "events", "--json", "--type", kind, store_url=store_url)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_dashboards_series_agree_with_the_files_and_the_cli(
    api_home: tuple[Path, FastAPI], client: TestClient, store_url: str
) -> None:
    home = api_home[0]
    # Weekly km: the week of the fenix 5 run holds the manifest's distance, and the weeks add up to
    # the days.
    weeks = client.get("/api/load/weeks", params={"channel": "running"}).json()
    days = client.get("/api/load", params={"channel": "running"}).json()
    total = sum(d["distance_m"] for d in days) / 1000
    assert sum(w["km"] for w in weeks) == pytest.approx(
        total, abs=0.001 * len(weeks)
    )  # km to 3 places
    (outdoor,) = [w for w in weeks if w["week_start"] == "2017-06-05"]
    manifest_km = float(data_manifest()[OUTDOOR_RUN]["distance_m"]) / 1000
    assert outdoor["km"] == pytest.approx(manifest_km, abs=0.001)
    assert not outdoor["spike"]  # nothing the week before to compare with
    # Lifts: the progress's sessions are the history's, and its markers end where status says.
    exercises = client.get("/api/exercises").json()
    assert sorted(e["key"] for e in exercises) == client.get("/api/lifts").json()
    for exercise in exercises:
        progress = client.get(f"/api/lifts/{exercise['key']}/progress").json()
        history = client.get(f"/api/lifts/{exercise['key']}").json()
        assert progress["sessions"] == history
        assert len(history) == exercise["sessions"]
        last = history[-1]["local_day"]
        lifts = cli_json(home, store_url, "status", "--json", "--as-of", last)["training"]["lifts"]
        (state,) = [lift for lift in lifts if lift["key"] == exercise["key"]]
        increases = [m["day"] for m in progress["markers"] if m["kind"] == "load_increase"]
        assert (increases or [None])[-1] == state["last_load_increase"]
    # Duplicates as the CLI lists them.
    duplicates = client.get("/api/duplicates").json()
    assert duplicates == cli_json(home, store_url, "duplicates", "--json")
    assert len(duplicates) == 1


def test_the_sleep_and_recovery_series_are_what_the_watch_recorded(
    tmp_path: Path, store_url: str
) -> None:
    home = tmp_path / "home"
    paths = [str(device_file(f)) for f in RECOVERY]
    result = runlift(home, "import", *paths, store_url=store_url)
    assert result.returncode == 0, result.stderr
    with bootstrap(home, database_url=store_url) as app:
        client = TestClient(create_api(app))
        # The night: its stages as the watch recorded them, its hours as readiness counts them.
        (night,) = client.get("/api/sleep").json()
        (recorded,) = events(home, store_url, "SleepRecorded")
        assert night["day"] == recorded["local_day"] == NIGHT
        for stage in ("deep", "light", "rem", "awake"):
            assert night[f"{stage}_h"] == pytest.approx(recorded[f"{stage}_min"] / 60, abs=1e-3)
        status = cli_json(home, store_url, "status", "--json", "--as-of", NIGHT)
        assert night["hours"] == pytest.approx(
            status["training"]["readiness"]["components"]["sleep"]["hours"], abs=0.01
        )
        # Recovery readings as stored.
        readings = events(home, store_url, "WellnessRecorded")
        wellness = client.get("/api/wellness").json()
        assert [w["day"] for w in wellness] == sorted({r["local_day"] for r in readings})
        hrv = [w["hrv_rmssd_ms"] for w in wellness if w["hrv_rmssd_ms"]]
        assert hrv == [r["hrv_rmssd_ms"] for r in readings if r["hrv_rmssd_ms"]]
        assert hrv


def test_the_plan_is_read_never_generated(
    api_home: tuple[Path, FastAPI], client: TestClient, store_url: str
) -> None:
    home = api_home[0]
    before = client.get("/api/status").json()["events"]["total"]
    assert client.get("/api/plan", params={"week": "2031-01-06"}).status_code == 404
    assert client.get("/api/plan").status_code == 404
    assert client.get("/api/plan.ics").status_code == 404
    assert client.get("/api/status").json()["events"]["total"] == before
    planned = cli_json(home, store_url, "plan", "--json")
    assert client.get("/api/plan").json() == planned
    feed = client.get("/api/plan.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    kinds = {"run", "lift", "mobility", "test"}
    assert feed.text.count("BEGIN:VEVENT") == sum(
        1 for s in planned["sessions"] if s["kind"] in kinds
    )


def test_imports_list_the_rejection_with_its_reason(client: TestClient) -> None:
    imports = client.get("/api/imports").json()
    rejected = [e for e in imports if e["type"] == "FileRejected"]
    assert len(rejected) == 1
    assert "route" in json.dumps(rejected[0])
    assert sum(1 for e in imports if e["type"] == "FileImported") == len(FILES)
    assert len(client.get("/api/imports", params={"limit": 2}).json()) == 2


def test_bad_requests_get_4xx(client: TestClient) -> None:
    assert client.get("/api/lifts/No Such Lift").status_code == 404
    assert client.get("/api/load", params={"from": "yesterday"}).status_code == 422
    assert client.get("/api/load", params={"from": "1066-10-14"}).status_code == 422
    assert client.get("/api/load", params={"channel": "swimming"}).status_code == 422
    assert client.get("/api/imports", params={"limit": 0}).status_code == 422
    assert client.get("/api/nothing").status_code == 404


def test_a_token_is_required_when_set(api_home: tuple[Path, FastAPI], store_url: str) -> None:
    with bootstrap(api_home[0], database_url=store_url) as app:
        guarded = TestClient(create_api(app, token=TOKEN))
        assert guarded.get("/api/lifts").status_code == 401
        wrong = {"Authorization": "Bearer not-the-secret"}
        assert guarded.get("/api/lifts", headers=wrong).status_code == 401
        right = {"Authorization": f"Bearer {TOKEN}"}
        assert guarded.get("/api/lifts", headers=right).status_code == 200


def test_serving_beyond_this_machine_needs_a_token(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "runlift.toml").write_text('[web]\nhost = "0.0.0.0"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"needs \[web\] token"):
        load_settings(home)
    (home / "runlift.toml").write_text(f'[web]\nhost = "0.0.0.0"\ntoken = "{TOKEN}"\n')
    assert load_settings(home).config.web.host == "0.0.0.0"


@pytest.mark.parametrize("token", [None, TOKEN])
def test_every_operation_answers_as_its_schema_says_and_never_500(
    api_home: tuple[Path, FastAPI], store_url: str, token: str | None
) -> None:
    # schemathesis generates requests from the API's own OpenAPI schema, bad values included, and checks
    # every response: no 5xx, status codes, content types and bodies as the schema declares them, and,
    # with a token, that requests with a wrong one are refused. One check is left out: days are refused
    # outside 1989-12-31..2200-01-01, which OpenAPI cannot state for a date string, so a schema-valid
    # day in 2525 gets 422 on purpose.
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with bootstrap(api_home[0], database_url=store_url) as app:
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_api(app, token))
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 26
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
            def answers(case: Any) -> None:
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

            answers()


def test_serve_refuses_another_address_without_a_token(tmp_path: Path) -> None:
    result = runlift(tmp_path / "home", "serve", "--host", "0.0.0.0", "--port", "8799")
    assert result.returncode == 2
    assert "needs [web] token" in result.stderr


def test_the_latest_imports_are_read_back_from_the_end_page_by_page(
    api_home: tuple[Path, FastAPI],
    client: TestClient,
    store_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with bootstrap(api_home[0], database_url=store_url) as app:
        everything = list(eventlog.read_events(app.history, ["FileImported", "FileRejected"]))
    newest_first = [record["id"] for record in reversed(everything)]
    assert len(newest_first) == len(FILES) + 1
    monkeypatch.setattr(
        eventlog, "PAGE", 3
    )  # pages of three log positions: the events span several
    for limit in (1, 2, 4, 5, 50):
        imports = client.get("/api/imports", params={"limit": limit}).json()
        assert [record["id"] for record in imports] == newest_first[:limit]


def test_serve_says_where_it_is_and_its_api_docs_need_no_other_address(
    tmp_path: Path, store_url: str
) -> None:
    home = tmp_path / "home"
    assert runlift(home, "init", store_url=store_url).returncode == 0
    process = subprocess.Popen(
        command(home, "serve", "--port", "0"),
        env=cli_env(store_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the port the system chose, before the first request
        found = re.match(
            r"dashboard on (http://127\.0\.0\.1:(\d+)/) \(API docs: \1api/docs\)", line
        )
        assert found, line
        url = found.group(1)
        with urllib.request.urlopen(f"{url}api/docs", timeout=10) as response:
            page = response.read().decode()
        addresses = re.findall(r"(?:src|href|url)\s*[=:(]\s*['\"]?([^'\"\s)]+)", page)
        assert addresses  # the Swagger UI script, its style sheet, the schema
        assert all(not a.startswith(("http:", "https:", "//")) for a in addresses), addresses
        for asset in ("/api/docs-assets/swagger-ui-bundle.js", "/api/docs-assets/swagger-ui.css"):
            assert asset in page
            with urllib.request.urlopen(url.rstrip("/") + asset, timeout=10) as response:
                assert response.status == 200
                assert len(response.read()) > 10_000
    finally:
        process.terminate()  # uvicorn shuts down, then ends the process by the signal it caught
        process.wait(20)

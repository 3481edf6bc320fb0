"""bench/make_history.py: a seed gives the same files every time, and runlift imports them as generated."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Encoder

from bench.make_history import DEFAULT_START, Summary, make_history, run_track, workout
from runlift.demo import fitfiles as generator
from runlift.demo.nights import resting_hr
from tests.support.processes import runlift

WEEK = 7 / 365.25  # in years: Monday 5 to Sunday 11 January 2015
SUNDAY = DEFAULT_START + timedelta(days=6)
KEPT_EVENTS = ("--type", "RunCompleted", "--type", "SetLogged", "--type", "WellnessRecorded")


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def cli_json(home: Path, *args: str) -> Any:
    result = runlift(home, *args, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@dataclass(frozen=True)
class Imported:
    """What runlift made of the week: the import report, every stored event, the duplicate groups."""

    report: Any
    events: list[dict[str, Any]]
    duplicates: list[dict[str, Any]]

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] == event_type]


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Summary:
    """A week of history, seed 1, written without worker processes."""
    return make_history(tmp_path_factory.mktemp("week"), years=WEEK, seed=1, jobs=1)


@pytest.fixture(scope="module")
def imported(week: Summary, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The week imported with `runlift import` into a new home in the athlete's time zone."""
    home = tmp_path_factory.mktemp("home")
    assert runlift(home, "init", "--time-zone", week.time_zone).returncode == 0
    report = cli_json(home, "import", str(week.out))
    # Not every event: the samples of a week of runs are megabytes of JSON.
    lines = runlift(home, "events", "--json", *KEPT_EVENTS).stdout.splitlines()
    return Imported(report, [json.loads(line) for line in lines], cli_json(home, "duplicates"))


def test_a_seed_gives_byte_identical_files_whatever_the_number_of_workers(week, tmp_path):
    again = make_history(tmp_path / "again", years=WEEK, seed=1, jobs=2)

    assert again.files == len(digests(week.out)) == week.files
    assert digests(again.out) == digests(week.out)


def test_another_seed_gives_other_files(week, tmp_path):
    other = make_history(tmp_path / "other", years=2 / 365.25, seed=2, jobs=2)

    theirs = digests(other.out)
    mine = digests(week.out)
    assert theirs
    assert all(mine[name] != digest for name, digest in theirs.items())


def test_the_faster_encoder_writes_the_same_bytes_as_the_sdks_own(monkeypatch):
    track = run_track(1, DEFAULT_START, DEFAULT_START)
    faster = generator.run_fit(track)

    monkeypatch.setattr(generator, "RecordEncoder", Encoder)

    assert generator.run_fit(track) == faster


def test_a_week_holds_five_runs_three_lifts_a_weigh_in_and_every_night(week):
    assert (week.runs, week.lifts, week.weigh_ins, week.nights) == (5, 3, 1, 7)
    assert 0 < week.hrv_nights <= week.nights
    assert week.resting_hr_mornings == week.nights  # a monitoring file of each night
    assert week.sets == 3 * (4 * 3 + 1)  # four lifts of three working sets, one warm-up set


def test_runlift_imports_every_file_as_what_was_generated(week, imported):
    report = imported.report

    assert report["summary"] == {"imported": week.files, "already_imported": 0, "rejected": 0}
    assert [f["file"] for f in report["files"] if f["notes"] or f["salvaged"]] == []
    events = Counter[str]()
    for imported_file in report["files"]:
        events.update(imported_file["events"])
    assert events == {
        "RunCompleted": week.runs,
        "ActivitySamplesRecorded": week.runs,
        # The watch's recording and Hevy's log of each session: two events, linked as duplicates.
        "StrengthSessionCompleted": 2 * week.lifts,
        "SetLogged": 2 * week.sets,
        "SleepRecorded": week.nights,
        "WellnessRecorded": week.hrv_nights + week.resting_hr_mornings,
        "BodyCompositionRecorded": week.weigh_ins,
    }


def test_an_imported_run_has_the_distance_and_duration_that_were_generated(imported):
    track = run_track(1, DEFAULT_START, SUNDAY)

    (run,) = [
        r
        for r in imported.of_type("RunCompleted")
        if datetime.fromisoformat(r["start_utc"]) == track.start
    ]

    assert run["distance_m"] == pytest.approx(track.distance_m, abs=0.01)
    assert run["elapsed_s"] == track.elapsed_s
    assert run["local_day"] == SUNDAY.isoformat()
    assert track.kind == "long"
    assert 75 * 60 <= track.elapsed_s <= 120 * 60


def test_the_sets_of_a_session_are_imported_from_the_watch_and_from_hevy_as_generated(imported):
    monday = workout(1, DEFAULT_START, DEFAULT_START)
    generated = [(done.reps, done.weight_kg) for done in monday.sets]

    sets = [s for s in imported.of_type("SetLogged") if s["local_day"] == DEFAULT_START.isoformat()]

    from_watch = [(s["reps"], s["weight_kg"]) for s in sets if s["source"]["plugin"] == "fit"]
    from_hevy = [(s["reps"], s["weight_kg"]) for s in sets if s["source"]["plugin"] == "hevy"]
    assert from_watch == from_hevy == generated
    assert [s["set_type"] for s in sets if s["source"]["plugin"] == "hevy"][:2] == [
        "warmup",
        "working",
    ]


def test_each_hevy_workout_is_linked_to_the_watchs_recording_of_it(week, imported):
    groups = imported.duplicates

    assert len(groups) == week.lifts
    for group in groups:
        files = [member["file"] for member in group["members"]]
        assert [Path(name).suffix for name in files] == [".fit", ".csv"]  # the watch's is primary
        assert len(group["links"]) == 1


def test_each_mornings_resting_heart_rate_is_imported_from_the_watchs_monitoring_file(
    week, imported
):
    resting = {
        w["local_day"]: w["resting_hr_bpm"]
        for w in imported.of_type("WellnessRecorded")
        if w["resting_hr_bpm"] is not None
    }

    # The night after each day ends on the next morning: its resting HR is that morning's.
    nights = [DEFAULT_START + timedelta(days=n) for n in range(week.nights)]
    assert resting == {
        (day + timedelta(days=1)).isoformat(): resting_hr(1, DEFAULT_START, day) for day in nights
    }
    assert all(40 <= bpm <= 65 for bpm in resting.values())

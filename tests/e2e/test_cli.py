"""The command line, run as a user runs it: a separate process on a temporary home."""

from __future__ import annotations

import json

import pytest

from tests.support.helpers import toy_file
from tests.support.processes import runlift

RUN = ("2024-05-01T07:00:00+00:00", 3600.0, 10_000.0)


def test_import_then_events_shows_what_was_stored(home, store_url, tmp_path):
    good = toy_file(tmp_path, "good.toy", RUN)

    result = runlift(home, "import", "--json", str(good), store_url=store_url)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {"imported": 1, "already_imported": 0, "rejected": 0}
    assert report["files"][0]["events"] == {"RunCompleted": 1}

    events = runlift(home, "events", "--json", store_url=store_url)
    records = [json.loads(line) for line in events.stdout.splitlines()]
    assert sorted(r["type"] for r in records) == [
        "FactMonthStarted",
        "FactsNoted",
        "FileImported",
        "RunCompleted",
        "SessionDayStarted",
        "SessionIndexed",
    ]
    assert all({"type", "id", "recorded_at"} <= set(r) for r in records)
    (run,) = [r for r in records if r["type"] == "RunCompleted"]
    assert run["distance_m"] == 10_000.0

    only_runs = runlift(home, "events", "--json", "--type", "RunCompleted", store_url=store_url)
    assert len(only_runs.stdout.splitlines()) == 1


def test_import_exits_1_when_a_file_is_rejected_and_says_why(home, tmp_path):
    good = toy_file(tmp_path, "good.toy", RUN)
    bad = toy_file(tmp_path, "bad.toy", RUN, magic="RAISE")

    result = runlift(home, "import", str(good), str(bad))

    assert result.returncode == 1
    assert "1 imported, 0 already imported, 1 rejected" in result.stdout
    assert "the toy exploded" in result.stdout
    assert (home / "failed" / "bad.toy.error.txt").exists()


def test_import_of_a_missing_path_is_a_usage_error(home, tmp_path):
    result = runlift(home, "import", str(tmp_path / "nope.fit"))

    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_an_unknown_event_type_is_a_usage_error_listing_the_known_ones(home):
    result = runlift(home, "events", "--type", "Run")

    assert result.returncode == 2
    assert "unknown event type 'Run'" in result.stderr
    assert "RunCompleted" in result.stderr


def test_bad_config_is_reported_with_its_key_and_exit_2(home):
    runlift(home, "init", "--time-zone", "UTC")
    (home / "runlift.toml").write_text("[athlete]\nmax_hr_bpm = 'lots'\n")

    result = runlift(home, "status")

    assert result.returncode == 2
    assert "athlete.max_hr_bpm" in result.stderr
    assert "valid integer" in result.stderr


def test_plugins_lists_the_single_file_plugin_and_where_it_came_from(home):
    result = runlift(home, "plugins", "--json")

    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    toy = plugins["toy_importers"]
    assert toy["status"] == "loaded"
    assert toy["origin"] == str(home / "plugins" / "toy_importers.py")
    assert "Toy run list (.toy)" in toy["formats"]


def test_status_counts_files_and_events(home, store_url, tmp_path):
    runlift(home, "import", str(toy_file(tmp_path, "a.toy", RUN)), store_url=store_url)
    runlift(
        home, "import", str(toy_file(tmp_path, "b.toy", RUN, magic="RAISE")), store_url=store_url
    )

    figures = json.loads(runlift(home, "status", "--json", store_url=store_url).stdout)

    assert figures["files"]["imported"] == 1
    assert figures["files"]["rejected"] == 1
    assert figures["events"]["by_type"]["RunCompleted"] == 1
    assert figures["backend"] == ("sqlite" if store_url.startswith("sqlite") else "postgres")
    # runlift's own indexes (here the run's fact identity) are counted apart from what was recorded
    index = figures["events"]["index"]
    assert index["by_type"]["FactsNoted"] == 1
    assert index["total"] == sum(index["by_type"].values())
    recorded = {k: n for k, n in figures["events"]["by_type"].items() if k not in index["by_type"]}
    assert figures["events"]["total"] == sum(recorded.values()) >= 3  # run, file imported, rejected


@pytest.mark.parametrize("command", [["init"], ["status"], ["config"]])
def test_human_output_commands_run_on_a_fresh_home(tmp_path, command):
    result = runlift(tmp_path / "fresh", *command)

    assert result.returncode == 0, result.stderr
    assert result.stdout


def test_duplicates_lists_each_group_and_unlink_splits_it(home, store_url, tmp_path):
    from tests.support.corpus import committed

    # The SDK's sample run, and the same 14 records without a lap or session (rebuilt from records).
    pair = [
        committed("fit/run/fitparse__Activity.fit"),
        committed("fit/other/muktihari-fit__activity_truncated.fit"),
    ]
    runlift(home, "import", *map(str, pair), store_url=store_url)

    listed = json.loads(runlift(home, "duplicates", "--json", store_url=store_url).stdout)
    [group] = listed
    assert [m["file"] for m in group["members"]] == [
        "fitparse__Activity.fit",
        "muktihari-fit__activity_truncated.fit",
    ]
    [link] = group["links"]
    assert link["why"].startswith("start 0 s apart")
    assert "fitparse__Activity.fit" in runlift(home, "duplicates", store_url=store_url).stdout

    split = runlift(
        home, "duplicates", "unlink", link["id"], "--reason", "two runs", store_url=store_url
    )
    assert split.returncode == 0, split.stderr
    assert json.loads(runlift(home, "duplicates", "--json", store_url=store_url).stdout) == []
    again = runlift(home, "duplicates", "unlink", link["id"], store_url=store_url)
    assert again.returncode == 2
    assert "no active duplicate link" in again.stderr


def test_import_force_stores_the_same_bytes_again_as_a_linked_revision(home, tmp_path):
    from tests.support.corpus import TCX_RUN, committed

    path = str(committed(TCX_RUN))
    runlift(home, "import", path)

    plain = json.loads(runlift(home, "import", "--json", path).stdout)
    forced = json.loads(runlift(home, "import", "--json", "--force", path).stdout)

    assert plain["summary"]["already_imported"] == 1
    assert forced["summary"]["imported"] == 1
    [group] = json.loads(runlift(home, "duplicates", "--json").stdout)
    assert len(group["members"]) == 2


def test_checkin_records_the_athletes_own_report_of_a_day(home, store_url):
    result = runlift(
        home,
        "checkin",
        "--day",
        "2024-05-01",
        "--mood",
        "4",
        "--soreness",
        "2",
        "--pain-site",
        "left knee",
        "--note",
        "legs heavy",
        store_url=store_url,
    )

    assert result.returncode == 0, result.stderr
    [record] = [
        json.loads(line)
        for line in runlift(
            home, "events", "--json", "--type", "CheckInRecorded", store_url=store_url
        ).stdout.splitlines()
    ]
    assert (record["local_day"], record["mood"], record["soreness"], record["energy"]) == (
        "2024-05-01",
        4,
        2,
        None,
    )
    assert (record["pain_site"], record["note"]) == ("left knee", "legs heavy")


@pytest.mark.parametrize(
    "args", [[], ["--mood", "6"], ["--energy", "0"], ["--day", "May 1st", "--mood", "3"]]
)
def test_a_checkin_without_a_value_or_off_the_scale_is_a_usage_error(home, args):
    result = runlift(home, "checkin", *args)

    assert result.returncode == 2

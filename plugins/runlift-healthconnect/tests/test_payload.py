"""Decoding Health Connect Webhook payloads: each record field by field, gaps, notes, and rejections that
name the record and the field."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tests.support.health_payloads import WATCH, health_connect_week

from runlift.importers.testing import decode_with, rejection_of
from runlift_healthconnect.importer import HealthConnectImporter

IMPORTER = HealthConnectImporter()
FIRST_MORNING = date(2025, 3, 3)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hand_written() -> dict[str, Any]:
    """One night, two RMSSD samples, a morning's resting HR, a weigh-in with body fat and a run, with
    figures chosen to be added up by hand below."""
    return {
        "timestamp": "2025-03-04T08:00:00.321Z",
        "app_version": "1.9.13",
        "sleep": [
            {
                "session_end_time": "2025-03-04T05:42:10Z",
                "duration_seconds": 26530,
                "stages": [
                    {"stage": "4", "start_time": "2025-03-03T22:20:00Z",
                     "end_time": "2025-03-03T23:05:30Z", "duration_seconds": 2730},
                    {"stage": "5", "start_time": "2025-03-03T23:05:30Z",
                     "end_time": "2025-03-03T23:41:00Z", "duration_seconds": 2130},
                    {"stage": "1", "start_time": "2025-03-03T23:41:00Z",
                     "end_time": "2025-03-03T23:44:00Z", "duration_seconds": 180},
                    {"stage": "6", "start_time": "2025-03-03T23:44:00Z",
                     "end_time": "2025-03-04T00:10:15Z", "duration_seconds": 1575},
                    {"stage": "7", "start_time": "2025-03-04T05:40:10Z",
                     "end_time": "2025-03-04T05:42:10Z", "duration_seconds": 120},
                ],
                "metadata": WATCH,
            }
        ],
        "heart_rate_variability": [
            {"rmssd_millis": 48.7, "time": "2025-03-04T02:13:00Z", "metadata": WATCH},
            {"rmssd_millis": 52.25, "time": "2025-03-04T04:01:30.500Z", "metadata": WATCH},
        ],
        "weight": [{"kilograms": 74.35, "time": "2025-03-04T06:10:00.120Z"}],
        "resting_heart_rate": [{"bpm": 51, "time": "2025-03-04T06:30:00Z", "metadata": WATCH}],
        "exercise": [
            {
                "type": "56",
                "start_time": "2025-03-04T17:02:03Z",
                "end_time": "2025-03-04T17:48:40.500Z",
                "duration_seconds": 2797,
                "distance_meters": 8123.4,
                "steps": 7810,
                "avg_cadence_spm": 167.5,
                "max_cadence_spm": 181.0,
                "stride_length_m": 1.04,
                "metadata": WATCH,
            }
        ],
        "body_fat": [{"percentage": 16.4, "time": "2025-03-04T06:10:00.120Z"}],
    }  # fmt: skip


def test_a_hand_written_payload_reads_field_by_field(write_payload):
    decoded = decode_with(IMPORTER, write_payload(hand_written()))

    (night,) = decoded.sleep
    # start = 05:42:10 - 26530 s (7 h 22 min 10 s) = 22:20:00 the evening before
    assert (night.start_utc, night.end_utc) == (
        at("2025-03-03T22:20:00Z"),
        at("2025-03-04T05:42:10Z"),
    )
    assert night.utc_offset_s is None  # the app writes UTC instants only, never the phone's offset
    # light 22:20:00-23:05:30 = 45.5 min; deep 23:05:30-23:41:00 = 35.5; REM 23:44:00-00:10:15 = 26.25;
    # awake 3 min (stage 1) + 2 min awake in bed (stage 7) = 5
    assert (night.light_min, night.deep_min, night.rem_min, night.awake_min) == (
        45.5,
        35.5,
        26.25,
        5.0,
    )
    rhr, hrv = decoded.wellness
    assert (rhr.measured_utc, rhr.resting_hr_bpm) == (at("2025-03-04T06:30:00Z"), 51.0)
    # Both samples fall in the night: the night's HRV is their mean, (48.7 + 52.25) / 2 = 50.475 ms,
    # measured when the night ended
    assert hrv.hrv_rmssd_ms == pytest.approx(50.475)
    assert hrv.measured_utc == at("2025-03-04T05:42:10Z")
    assert all(w.hrv_sdnn_ms is None for w in decoded.wellness)  # Health Connect's HRV is RMSSD
    (weigh_in,) = decoded.body
    assert (weigh_in.weight_kg, weigh_in.body_fat_pct) == (74.35, 16.4)
    (run,) = decoded.activities
    assert (run.sport, run.sub_sport) == ("running", None)
    # 17:02:03 to 17:48:40.5 = 46 min 37.5 s = 2797.5 s (duration_seconds, truncated to 2797, is not read)
    assert (run.start_utc, run.elapsed_s) == (at("2025-03-04T17:02:03Z"), 2797.5)
    assert (run.distance_m, run.avg_cadence_spm, run.max_cadence_spm) == (8123.4, 167.5, 181.0)
    assert run.samples is None
    assert run.laps == ()
    assert decoded.device is not None
    assert decoded.device.product == "Health Connect Webhook 1.9.13"
    assert decoded.format == "Health Connect Webhook JSON"
    assert decoded.notes == ()


def test_a_generated_week_reads_every_record(write_payload):
    payload = health_connect_week(seed=7, first_morning=FIRST_MORNING, days=9)

    decoded = decode_with(IMPORTER, write_payload(payload))

    assert len(decoded.sleep) == len(payload["sleep"]) == 9
    for night, record in zip(decoded.sleep, payload["sleep"], strict=True):
        end = at(record["session_end_time"])
        assert night.end_utc == end
        assert night.start_utc == end - timedelta(seconds=record["duration_seconds"])
        minutes: dict[str, float] = {}
        for stage in record["stages"]:
            span = at(stage["end_time"]) - at(stage["start_time"])
            minutes[stage["stage"]] = minutes.get(stage["stage"], 0) + span.total_seconds() / 60
        assert night.light_min == pytest.approx(minutes["4"])
        assert night.deep_min == pytest.approx(minutes["5"])
        assert night.rem_min == pytest.approx(minutes["6"])
        assert night.awake_min == pytest.approx(minutes.get("1", 0.0))
    # Every sample was taken during a night: each night's HRV is the mean of its samples, at its end.
    by_night: dict[datetime, list[float]] = {}
    for record in payload["heart_rate_variability"]:
        night = next(n for n in decoded.sleep if n.start_utc <= at(record["time"]) <= n.end_utc)
        by_night.setdefault(night.end_utc, []).append(record["rmssd_millis"])
    rmssd = {w.measured_utc: w.hrv_rmssd_ms for w in decoded.wellness if w.hrv_rmssd_ms is not None}
    assert rmssd == {end: pytest.approx(sum(v) / len(v)) for end, v in by_night.items()}
    assert len(rmssd) == 9
    resting = [w.resting_hr_bpm for w in decoded.wellness if w.resting_hr_bpm is not None]
    assert resting == [r["bpm"] for r in payload["resting_heart_rate"]]
    fat = {r["time"]: r["percentage"] for r in payload["body_fat"]}
    assert [(b.weight_kg, b.body_fat_pct) for b in decoded.body] == [
        (r["kilograms"], fat[r["time"]]) for r in payload["weight"]
    ]
    sports = [(a.sport, a.sub_sport) for a in decoded.activities]
    kinds = {"56": ("running", None), "70": ("training", "strength_training")}
    assert sports == [kinds[r["type"]] for r in payload["exercise"]]
    for activity, record in zip(decoded.activities, payload["exercise"], strict=True):
        assert activity.distance_m == record.get("distance_meters")
        assert activity.avg_cadence_spm == record.get("avg_cadence_spm")
        assert activity.samples is None
    # Steps and heart-rate samples are in the payload, and not read.
    assert payload["steps"]
    assert payload["heart_rate"]
    assert decoded.notes == ()


def test_bucketed_hrv_reads_the_bucket_average(write_payload):
    payload = hand_written()
    payload["heart_rate_variability"] = [
        {"time": "2025-03-04T02:00:00Z", "avg": 47.35, "min": 31.0, "max": 66.2, "metadata": WATCH}
    ]

    (hrv,) = [w for w in decode_with(IMPORTER, write_payload(payload)).wellness if w.hrv_rmssd_ms]

    assert hrv.hrv_rmssd_ms == 47.35


def test_an_hrv_sample_outside_the_payloads_nights_is_kept_as_it_was_taken(write_payload):
    payload = hand_written()
    payload["heart_rate_variability"].append(
        {"rmssd_millis": 33.1, "time": "2025-03-04T14:05:00Z", "metadata": WATCH}
    )

    readings = decode_with(IMPORTER, write_payload(payload)).wellness

    hrv = {w.measured_utc: w.hrv_rmssd_ms for w in readings if w.hrv_rmssd_ms}
    assert hrv == {
        at("2025-03-04T14:05:00Z"): 33.1,
        at("2025-03-04T05:42:10Z"): pytest.approx(50.475),
    }


def test_stage_names_read_like_stage_numbers(write_payload):
    # The app's own "send a test" payload writes AndroidX's names instead of numbers.
    numbers, names = hand_written(), hand_written()
    words = {"4": "light", "5": "deep", "1": "awake", "6": "rem", "7": "awake_in_bed"}
    for stage in names["sleep"][0]["stages"]:
        stage["stage"] = words[stage["stage"]]

    by_number = decode_with(IMPORTER, write_payload(numbers, "a.json")).sleep
    by_name = decode_with(IMPORTER, write_payload(names, "b.json")).sleep

    assert by_name == by_number


def test_a_night_without_stages_has_its_times_and_no_stage_figures(write_payload):
    payload = hand_written()
    payload["sleep"][0]["stages"] = []  # the app's "summary" sleep resolution

    (night,) = decode_with(IMPORTER, write_payload(payload)).sleep

    assert (night.start_utc, night.end_utc) == (
        at("2025-03-03T22:20:00Z"),
        at("2025-03-04T05:42:10Z"),
    )
    assert (night.light_min, night.deep_min, night.rem_min, night.awake_min) == (None,) * 4


def test_a_stage_health_connect_does_not_define_is_left_out_with_a_note(write_payload):
    payload = hand_written()
    payload["sleep"][0]["stages"][1]["stage"] = "9"

    decoded = decode_with(IMPORTER, write_payload(payload))

    (night,) = decoded.sleep
    assert night.deep_min == 0.0  # the deep stage was the one left out
    assert decoded.notes == (
        "left out sleep stages Health Connect does not define: 1 (the first: '9', sleep[0].stages[1])",
    )


def test_unknown_fields_are_ignored_and_missing_optional_fields_are_gaps(write_payload):
    payload = hand_written()
    payload["mindfulness"] = [{"start_time": "2025-03-04T07:00:00Z"}]  # a type a newer app may add
    payload["exercise"][0]["title"] = "Tempo"
    payload["exercise"][0]["elevation_gain_m"] = 41
    for key in ("distance_meters", "avg_cadence_spm", "max_cadence_spm"):
        del payload["exercise"][0][key]

    (run,) = decode_with(IMPORTER, write_payload(payload)).activities

    assert (run.distance_m, run.avg_cadence_spm, run.max_cadence_spm) == (None, None, None)
    assert (run.title, run.elevation_gain_m) == (None, None)


def test_a_body_fat_reading_without_a_weigh_in_is_left_out_with_a_note(write_payload):
    payload = hand_written()
    payload["body_fat"][0]["time"] = "2025-03-04T06:11:00Z"

    decoded = decode_with(IMPORTER, write_payload(payload))

    assert decoded.body[0].body_fat_pct is None
    assert decoded.notes == (
        "left out body-fat readings without a weigh-in at the same instant: 1 "
        "(the first: 2025-03-04T06:11:00+00:00)",
    )


def test_the_apps_test_payload_imports_nothing_and_says_why(write_payload):
    payload = {**hand_written(), "test": True}

    decoded = decode_with(IMPORTER, write_payload(payload))

    assert (decoded.sleep, decoded.wellness, decoded.activities, decoded.body) == ((), (), (), ())
    assert decoded.notes == (
        "a test payload from the app's webhook screen (its values are made up): nothing imported",
    )


def test_a_payload_with_nothing_new_is_a_valid_empty_file(write_payload):
    decoded = decode_with(
        IMPORTER, write_payload({"timestamp": "2025-03-04T08:00:00Z", "app_version": "1.9.13"})
    )

    assert (decoded.sleep, decoded.wellness, decoded.activities, decoded.body) == ((), (), (), ())


def _set(payload: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (
            ("heart_rate_variability", 1, "rmssd_millis"), "52.25",
            "heart_rate_variability[1].rmssd_millis is the string '52.25', not a number",
        ),
        (
            ("sleep", 0, "session_end_time"), 1741066930,
            "sleep[0].session_end_time is the number 1741066930, not a string",
        ),
        (
            ("sleep", 0, "stages", 2, "start_time"), "2025-03-03 23:41",
            "sleep[0].stages[2].start_time is the string '2025-03-03 23:41', not an ISO-8601 instant",
        ),
        (("sleep", 0, "stages", 0, "stage"), None, "sleep[0].stages[0].stage is null, not a stage"),
        (("exercise", 0, "type"), True, "exercise[0].type is true, not an exercise type"),
        (("exercise", 0, "distance_meters"), [8123.4], "exercise[0].distance_meters is an array"),
        (("weight", 0, "kilograms"), None, "weight[0] has no 'kilograms'"),
        (("resting_heart_rate", 0), 51, "resting_heart_rate[0] is the number 51, not a JSON object"),
        (("sleep",), {"session_end_time": "2025-03-04T05:42:10Z"}, "payload.sleep is an object"),
        (("app_version",), 1913, "payload.app_version is the number 1913, not a string"),
    ],
)  # fmt: skip
def test_a_field_of_the_wrong_type_rejects_the_payload_naming_the_record(
    write_payload, path, value, reason
):
    payload = hand_written()
    _set(payload, path, value)

    failure = rejection_of(IMPORTER, write_payload(payload))

    assert failure.stage == "decode"
    assert failure.importer == "healthconnect"
    assert reason in failure.reason


def test_a_session_ending_before_it_starts_is_rejected_naming_it(write_payload):
    payload = hand_written()
    payload["exercise"][0]["end_time"] = "2025-03-04T16:00:00Z"

    assert (
        "exercise[0] ends before it starts" in rejection_of(IMPORTER, write_payload(payload)).reason
    )


def test_a_payload_cut_short_is_rejected_as_ending_early(tmp_path):
    text = json.dumps(health_connect_week(seed=3, first_morning=FIRST_MORNING, days=3))
    path = tmp_path / "healthconnect.json"
    path.write_text(text[: len(text) // 2])

    failure = rejection_of(IMPORTER, path)

    assert failure.reason.startswith("not valid JSON: ")
    assert failure.truncated


def test_damage_inside_the_payload_is_not_taken_for_its_end(tmp_path):
    text = json.dumps(hand_written()).replace('"app_version"', '"app_version" "', 1)
    path = tmp_path / "healthconnect.json"
    path.write_text(text)

    failure = rejection_of(IMPORTER, path)

    assert failure.reason.startswith("not valid JSON: Expecting ':' delimiter at line 1")
    assert not failure.truncated


def test_dates_are_imported_as_written_whatever_the_athletes_zone(write_payload):
    path = write_payload(hand_written())

    utc = decode_with(IMPORTER, path)
    tokyo = decode_with(IMPORTER, path, time_zone="Asia/Tokyo")

    # The payload's instants are UTC: the zone only decides the local day, later, in the core.
    assert utc == tokyo
    assert utc.sleep[0].end_utc.tzinfo == UTC

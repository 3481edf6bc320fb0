"""Decoding Health Auto Export JSON: each metric and workout field by field, units, offsets, gaps, notes,
and rejections that name the record and the field."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from tests.support.health_payloads import health_auto_export_week

from runlift.importers.testing import decode_with, rejection_of
from runlift_healthautoexport.importer import HealthAutoExportImporter

IMPORTER = HealthAutoExportImporter()
FIRST_MORNING = date(2025, 3, 3)
LB_KG = 0.45359237


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hand_written() -> dict[str, Any]:
    """A night, an HRV reading, a resting HR, two weigh-ins in pounds (12-hour clock), a version 2 run and a
    version 1 walk, with figures chosen to be worked out by hand below."""
    return {
        "data": {
            "metrics": [
                {"name": "heart_rate_variability", "units": "ms", "data": [
                    {"date": "2024-01-02 06:10:00 +0100", "qty": 48.2, "source": "Apple Watch"}
                ]},
                {"name": "resting_heart_rate", "units": "count/min", "data": [
                    {"date": "2024-01-02 00:00:00 +0100", "qty": 51, "source": "Apple Watch"}
                ]},
                {"name": "weight_body_mass", "units": "lb", "data": [
                    {"date": "2024-01-02 7:30:00 AM +0100", "qty": 165.5, "source": "Scale"},
                    {"date": "2024-01-02 7:30:00\u202fPM +0100", "qty": 164.0, "source": "Scale"},
                ]},
                {"name": "sleep_analysis", "units": "hr", "data": [
                    {"date": "2024-01-02", "totalSleep": 7.2, "asleep": 0, "core": 4.1, "deep": 1.1,
                     "rem": 2.0, "awake": 0.3, "sleepStart": "2024-01-01 23:05:00 +0100",
                     "sleepEnd": "2024-01-02 06:40:00 +0100", "inBed": 7.6,
                     "source": "iPhone|Apple Watch"}
                ]},
                {"name": "step_count", "units": "count", "data": [
                    {"date": "2024-01-02 00:00:00 +0100", "qty": 9000}
                ]},
            ],
            "workouts": [
                {
                    "id": "550E8400-E29B-41D4-A716-446655440000",
                    "name": "Outdoor Run",
                    "start": "2024-01-02 18:00:00 +0100",
                    "end": "2024-01-02 18:45:10 +0100",
                    "duration": 2650,
                    "location": "Outdoor",
                    "isIndoor": False,
                    "distance": {"qty": 8.2, "units": "km"},
                    "heartRate": {"min": {"qty": 110, "units": "bpm"},
                                  "avg": {"qty": 148, "units": "bpm"},
                                  "max": {"qty": 171, "units": "bpm"}},
                    "activeEnergyBurned": {"qty": 610, "units": "kcal"},
                    "elevationUp": {"qty": 42, "units": "m"},
                    "stepCadence": {"qty": 166.2, "units": "spm"},
                    "activeEnergy": [{"date": "2024-01-02 18:01:00 +0100", "qty": 12, "units": "kcal"}],
                },
                {
                    "name": "Walking",
                    "start": "2024-01-03 08:02:43 +0100",
                    "end": "2024-01-03 08:21:53 +0100",
                    "distance": {"qty": 1.25, "units": "mi"},
                    "activeEnergy": {"qty": 226.2, "units": "kJ"},
                    "avgHeartRate": {"qty": 108, "units": "bpm"},
                    "elevation": {"ascent": 16.36, "descent": 0, "units": "m"},
                    "stepCount": {"qty": 908, "units": "steps"},
                },
            ],
        }
    }  # fmt: skip


def test_a_hand_written_export_reads_field_by_field(write_export):
    decoded = decode_with(IMPORTER, write_export(hand_written()))

    (night,) = decoded.sleep
    # 23:05 and 06:40 at +01:00 are 22:05 and 05:40 UTC
    assert (night.start_utc, night.end_utc) == (at("2024-01-01T22:05Z"), at("2024-01-02T05:40Z"))
    assert night.utc_offset_s == 3600
    # hours x 60: core 4.1 -> 246 min of light sleep, deep 1.1 -> 66, REM 2.0 -> 120, awake 0.3 -> 18
    assert night.light_min == pytest.approx(246.0)
    assert night.deep_min == pytest.approx(66.0)
    assert night.rem_min == pytest.approx(120.0)
    assert night.awake_min == pytest.approx(18.0)
    hrv, rhr = decoded.wellness
    assert (hrv.measured_utc, hrv.utc_offset_s) == (at("2024-01-02T05:10Z"), 3600)
    assert (hrv.hrv_sdnn_ms, hrv.hrv_rmssd_ms) == (48.2, None)  # Apple's HRV is SDNN: kept as SDNN
    assert (rhr.measured_utc, rhr.resting_hr_bpm) == (at("2024-01-01T23:00Z"), 51.0)
    morning, evening = decoded.body
    # 165.5 lb x 0.45359237 = 75.0695... kg, to the gram 75.07; 164.0 lb = 74.389 kg
    assert (morning.measured_utc, morning.weight_kg) == (at("2024-01-02T06:30Z"), 75.07)
    assert (evening.measured_utc, evening.weight_kg) == (at("2024-01-02T18:30Z"), 74.389)
    run, walk = decoded.activities
    assert (run.sport, run.sub_sport, run.utc_offset_s) == ("running", None, 3600)
    # 18:00:00 to 18:45:10 is 2710 s; `duration` (2650 s) is the time it ran, pauses left out
    assert (run.start_utc, run.elapsed_s, run.moving_s) == (at("2024-01-02T17:00Z"), 2710.0, 2650.0)
    assert (run.distance_m, run.avg_hr_bpm, run.max_hr_bpm) == (8200.0, 148.0, 171.0)
    assert (run.calories_kcal, run.elevation_gain_m, run.avg_cadence_spm) == (610.0, 42.0, 166.2)
    assert run.samples is None  # heartRateData and route are not read
    assert (walk.sport, walk.elapsed_s, walk.moving_s) == ("walking", 1150.0, None)
    # version 1: 1.25 mi x 1609.344 = 2011.68 m; 226.2 kJ / 4.184 = 54.06 kcal
    assert walk.distance_m == pytest.approx(2011.68)
    assert walk.calories_kcal == pytest.approx(226.2 / 4.184)
    assert (walk.avg_hr_bpm, walk.elevation_gain_m, walk.elevation_loss_m) == (108.0, 16.36, 0.0)
    assert decoded.format == "Health Auto Export JSON"
    assert decoded.notes == ()


def test_a_generated_week_reads_every_record(write_export):
    export = health_auto_export_week(
        seed=9, first_morning=FIRST_MORNING, days=9, offset_s=-5 * 3600
    )
    metrics = {m["name"]: m["data"] for m in export["data"]["metrics"]}

    decoded = decode_with(IMPORTER, write_export(export))

    assert len(decoded.sleep) == 9
    for night, record in zip(decoded.sleep, metrics["sleep_analysis"], strict=True):
        assert night.start_utc == at(record["sleepStart"])
        assert night.end_utc == at(record["sleepEnd"])
        assert night.utc_offset_s == -5 * 3600
        assert night.light_min == pytest.approx(record["core"] * 60)
        assert night.deep_min == pytest.approx(record["deep"] * 60)
        assert night.rem_min == pytest.approx(record["rem"] * 60)
        assert night.awake_min == pytest.approx(record["awake"] * 60)
    sdnn = [w.hrv_sdnn_ms for w in decoded.wellness if w.hrv_sdnn_ms is not None]
    assert sdnn == [r["qty"] for r in metrics["heart_rate_variability"]]
    assert all(w.hrv_rmssd_ms is None for w in decoded.wellness)
    resting = [w.resting_hr_bpm for w in decoded.wellness if w.resting_hr_bpm is not None]
    assert resting == [r["qty"] for r in metrics["resting_heart_rate"]]
    assert [b.weight_kg for b in decoded.body] == [r["qty"] for r in metrics["weight_body_mass"]]
    workouts = export["data"]["workouts"]
    kinds = {
        "Outdoor Run": ("running", None),
        "Traditional Strength Training": ("training", "strength_training"),
    }
    assert [(a.sport, a.sub_sport) for a in decoded.activities] == [
        kinds[w["name"]] for w in workouts
    ]
    for activity, workout in zip(decoded.activities, workouts, strict=True):
        assert activity.start_utc == at(workout["start"])
        assert activity.elapsed_s == (at(workout["end"]) - at(workout["start"])).total_seconds()
        assert activity.moving_s == workout["duration"]
        distance = workout.get("distance")
        assert activity.distance_m == (
            None if distance is None else pytest.approx(distance["qty"] * 1000)
        )
        assert activity.avg_hr_bpm == workout["heartRate"]["avg"]["qty"]
        assert activity.calories_kcal == workout["activeEnergyBurned"]["qty"]
    assert decoded.notes == ()


def test_unaggregated_sleep_segments_become_nights_of_one_source(write_export):
    export = health_auto_export_week(
        seed=4, first_morning=FIRST_MORNING, days=4, staged_sleep=False
    )
    (sleep,) = [m["data"] for m in export["data"]["metrics"] if m["name"] == "sleep_analysis"]
    watch = [s for s in sleep if s["value"] != "In Bed"]

    decoded = decode_with(IMPORTER, write_export(export))

    assert len(decoded.sleep) == 4
    for night in decoded.sleep:
        mine = [s for s in watch if night.start_utc <= at(s["startDate"]) < night.end_utc]
        assert night.start_utc == at(mine[0]["startDate"])
        assert night.end_utc == at(mine[-1]["endDate"])
        minutes = {value: 0.0 for value in ("Core", "Deep", "REM", "Awake")}
        for segment in mine:
            minutes[segment["value"]] += (
                at(segment["endDate"]) - at(segment["startDate"])
            ).total_seconds() / 60
        assert night.light_min == pytest.approx(minutes["Core"])
        assert night.deep_min == pytest.approx(minutes["Deep"])
        assert night.rem_min == pytest.approx(minutes["REM"])
        assert night.awake_min == pytest.approx(minutes["Awake"])
    (note,) = decoded.notes
    assert note.startswith("left out in-bed segments (time in bed is not sleep): 4 (the first: ")


def test_a_night_exported_before_sleep_stages_has_no_stage_figures(write_export):
    export = hand_written()
    # Health Auto Export before 6.6.2: asleep and in-bed hours, each with its own times and source
    export["data"]["metrics"][3]["data"] = [
        {"date": "2021-12-18", "asleep": 6.108333333333333, "sleepStart": "2021-12-18 02:21:06 +0800",
         "sleepEnd": "2021-12-18 08:57:06 +0800", "sleepSource": "Watch", "inBed": 6.809728874299261,
         "inBedStart": "2021-12-18 02:12:50 +0800", "inBedEnd": "2021-12-18 09:04:45 +0800",
         "inBedSource": "iPhone"}
    ]  # fmt: skip

    (night,) = decode_with(IMPORTER, write_export(export)).sleep

    assert (night.start_utc, night.end_utc) == (
        at("2021-12-17T18:21:06Z"),
        at("2021-12-18T00:57:06Z"),
    )
    assert night.utc_offset_s == 8 * 3600
    assert (night.light_min, night.deep_min, night.rem_min, night.awake_min) == (None,) * 4


def test_a_night_without_sleep_times_uses_its_time_in_bed(write_export):
    export = hand_written()
    night = export["data"]["metrics"][3]["data"][0]
    del night["sleepStart"], night["sleepEnd"]
    night["inBedStart"], night["inBedEnd"] = (
        "2024-01-01 22:55:00 +0100",
        "2024-01-02 06:50:00 +0100",
    )

    (read,) = decode_with(IMPORTER, write_export(export)).sleep

    assert (read.start_utc, read.end_utc) == (at("2024-01-01T21:55Z"), at("2024-01-02T05:50Z"))


def test_an_indoor_run_is_a_treadmill_run(write_export):
    export = hand_written()
    export["data"]["workouts"][0]["isIndoor"] = True

    run = decode_with(IMPORTER, write_export(export)).activities[0]

    assert (run.sport, run.sub_sport) == ("running", "treadmill")


def test_unknown_fields_and_metrics_are_ignored_and_missing_optional_fields_are_gaps(write_export):
    export = hand_written()
    export["data"]["stateOfMind"] = [{"id": "x", "valence": 0.4}]
    export["data"]["metrics"].append(
        {"name": "vo2_max", "units": "ml/(kg·min)", "data": [{"qty": 52}]}
    )
    run = export["data"]["workouts"][0]
    run["metadata"] = {"weather": "rain"}
    for key in (
        "distance",
        "heartRate",
        "activeEnergyBurned",
        "elevationUp",
        "stepCadence",
        "duration",
    ):
        del run[key]

    read = decode_with(IMPORTER, write_export(export)).activities[0]

    assert (read.distance_m, read.avg_hr_bpm, read.max_hr_bpm, read.calories_kcal) == (None,) * 4
    assert (read.elevation_gain_m, read.avg_cadence_spm, read.moving_s) == (None,) * 3


def test_readings_of_no_value_are_left_out_with_a_note(write_export):
    export = hand_written()
    export["data"]["metrics"][0]["data"].append({"date": "2024-01-03 06:00:00 +0100", "qty": 0})

    decoded = decode_with(IMPORTER, write_export(export))

    assert [w.hrv_sdnn_ms for w in decoded.wellness if w.hrv_sdnn_ms] == [48.2]
    assert decoded.notes == (
        "left out HRV readings of no value: 1 (the first: 0, metrics[0] (heart_rate_variability).data[1])",
    )


def _set(export: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = export["data"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (
            ("metrics", 0, "data", 0, "qty"), "48.2",
            "metrics[0] (heart_rate_variability).data[0].qty is the string '48.2', not a number",
        ),
        (
            ("workouts", 0, "start"), 1704214800,
            "workouts[0] (Outdoor Run).start is the number 1704214800, not a string",
        ),
        (
            ("workouts", 1, "end"), "03/01/2024 08:21",
            "workouts[1] (Walking).end is the string '03/01/2024 08:21', not a date such as "
            "2024-01-02 07:30:00 +0100",
        ),
        (
            ("metrics", 3, "data", 0, "sleepEnd"), "2024-01-02 06:40:00",
            "metrics[3] (sleep_analysis).data[0].sleepEnd is the string '2024-01-02 06:40:00', not a date",
        ),
        (("workouts", 0, "distance"), 8.2, "workouts[0] (Outdoor Run).distance is the number 8.2, not a JSON object"),
        (("workouts", 0, "isIndoor"), "no", "workouts[0] (Outdoor Run).isIndoor is the string 'no', not true or false"),
        (("workouts", 0, "name"), None, "workouts[0] has no 'name'"),
        (("metrics", 1, "name"), 7, "metrics[1].name is the number 7, not a string"),
        (("metrics",), {"name": "step_count"}, "export.data.metrics is an object, not an array"),
        (
            ("metrics", 2, "units"), "oz",
            "metrics[2] (weight_body_mass).data[0]: 'oz' is not a unit of mass runlift knows (kg, lb, lbs, g, st)",
        ),
        (
            ("workouts", 0, "distance", "units"), "furlong",
            "workouts[0] (Outdoor Run).distance: 'furlong' is not a unit of distance runlift knows",
        ),
    ],
)  # fmt: skip
def test_a_field_of_the_wrong_type_or_unit_rejects_the_export_naming_the_record(
    write_export, path, value, reason
):
    export = hand_written()
    _set(export, path, value)

    failure = rejection_of(IMPORTER, write_export(export))

    assert (failure.stage, failure.importer) == ("decode", "healthautoexport")
    assert reason in failure.reason


def test_an_export_cut_short_is_rejected_as_ending_early(tmp_path):
    text = json.dumps(health_auto_export_week(seed=3, first_morning=FIRST_MORNING, days=3))
    path = tmp_path / "healthautoexport.json"
    path.write_text(text[: len(text) * 2 // 3])

    failure = rejection_of(IMPORTER, path)

    assert failure.reason.startswith("not valid JSON: ")
    assert failure.truncated


def test_dates_keep_the_offset_the_phone_wrote_whatever_the_athletes_zone(write_export):
    export = hand_written()
    night = export["data"]["metrics"][3]["data"][0]
    night["sleepStart"], night["sleepEnd"] = (
        "2024-01-01 23:05:00 +1300",
        "2024-01-02 06:40:00 +1300",
    )
    path = write_export(export)

    in_utc, in_lima = (
        decode_with(IMPORTER, path),
        decode_with(IMPORTER, path, time_zone="America/Lima"),
    )

    assert in_utc == in_lima
    (night,) = in_utc.sleep
    # 06:40 at +13:00 is 17:40 UTC the day before; the core puts the night on the phone's day, 2 January
    assert night.end_utc == at("2024-01-01T17:40Z")
    assert night.utc_offset_s == 13 * 3600
    assert night.end_utc + timedelta(seconds=night.utc_offset_s) == at("2024-01-02T06:40Z")

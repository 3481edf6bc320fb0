"""Decoding an export.xml, with the expected values worked out by hand from the elements written here
(their shapes follow the README's sources), and what damaged or wrong exports get."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bench.history.apple_export import BROKEN_DTD

from runlift.importers import DecodeRequest, Unimportable
from runlift_applehealth.importer import AppleHealthImporter

# The elements inside <HealthData>, as the sources show them (one per line, one space of indent).
RECORDS = (Path(__file__).parent / "data" / "records.xml").read_text(encoding="utf-8")


def decode(path):
    return AppleHealthImporter().decode(DecodeRequest(path, "export.xml"))


def test_readings_weigh_ins_nights_and_workouts(write_export):
    decoded = decode(write_export(RECORDS))

    assert decoded.format == "Apple Health export XML"
    assert decoded.salvaged is None
    resting, sdnn = decoded.wellness
    assert (resting.measured_utc, resting.utc_offset_s, resting.resting_hr_bpm) == (
        datetime(2023, 12, 31, 22, tzinfo=UTC),  # 00:00 at +02:00
        7200,
        52,
    )
    assert (sdnn.measured_utc, sdnn.hrv_sdnn_ms, sdnn.hrv_rmssd_ms) == (
        datetime(2024, 1, 1, 5, 14, 47, tzinfo=UTC),
        32.1111,
        None,  # SDNN stays SDNN: never converted to RMSSD
    )
    pounds, kilos = decoded.body
    # 160.5 lb x 0.45359237 = 72.80157... kg; the fraction 0.1507 is 15.07 %
    assert pounds.weight_kg == pytest.approx(72.801575, abs=1e-6)
    assert pounds.body_fat_pct == pytest.approx(15.07)
    assert (kilos.weight_kg, kilos.body_fat_pct) == (72.8, None)

    staged, unstaged = decoded.sleep
    # The watch's night: 23:20 to 06:50 at +02:00; core 95.5 + 270 = 365.5 min, deep 44.5, REM 37, awake 3
    assert (staged.start_utc, staged.end_utc) == (
        datetime(2024, 1, 3, 21, 20, tzinfo=UTC),
        datetime(2024, 1, 4, 4, 50, tzinfo=UTC),
    )
    assert (staged.light_min, staged.deep_min, staged.rem_min, staged.awake_min) == (
        365.5,
        44.5,
        37.0,
        3.0,
    )
    assert staged.utc_offset_s == 7200
    # AutoSleep's "asleep" without stages: a night with no stage minutes
    assert (unstaged.start_utc, unstaged.end_utc) == (
        datetime(2024, 1, 5, 21, 30, tzinfo=UTC),
        datetime(2024, 1, 6, 4, 40, tzinfo=UTC),
    )
    assert (unstaged.light_min, unstaged.deep_min, unstaged.rem_min) == (None, None, None)

    old, new, lift = decoded.activities
    # Before iOS 16: totals in attributes; 0.4971749... mi x 1609.344 m = 800.1255 m; its zone is Los Angeles
    assert (old.sport, old.distance_m, old.calories_kcal) == (
        "running",
        pytest.approx(800.1255, abs=1e-4),
        48.745,
    )
    assert (old.utc_offset_s, old.start_utc) == (
        -8 * 3600,
        datetime(2024, 1, 5, 14, 25, 41, tzinfo=UTC),
    )
    assert old.moving_s == pytest.approx(311.647, abs=1e-3)  # 5.194 min
    # iOS 16 on: statistics; Berlin is +01:00 in January, whatever offset the dates were written with
    assert (new.distance_m, new.avg_hr_bpm, new.max_hr_bpm, new.calories_kcal) == (
        pytest.approx(8050.0),  # 8.05 km
        151.2,
        176.0,
        512.3,
    )
    # 4180 cm of climb = 41.8 m
    assert (new.elapsed_s, new.moving_s) == (2610.0, 2550.0)
    assert new.elevation_gain_m == pytest.approx(41.8)
    assert new.utc_offset_s == 3600
    assert (lift.sport, lift.sub_sport, lift.calories_kcal, lift.distance_m) == (
        "training",
        "strength_training",
        301.0,  # "Cal" is the kilocalorie
        None,
    )
    assert decoded.notes == (
        "left out records of types runlift does not read: 1 (the first: HKQuantityTypeIdentifierHeartRate)",
        "left out spans in bed without sleep from the same source (a phone's bedtime): 1 "
        "(the first: 2024-01-03 (Alex\u2019s iPhone))",
    )


def test_ios_16s_broken_dtd_and_control_bytes_are_read_past(write_export):
    prologue = (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + BROKEN_DTD + '<HealthData locale="en_US">\n'
    )
    body = RECORDS.replace("Withings", "With\x0bings")  # a vertical tab, which XML forbids
    decoded = decode(write_export(body, prologue=prologue))

    assert len(decoded.body) == 2
    assert len(decoded.activities) == 3


def test_a_cut_off_export_keeps_every_whole_record_before_the_cut(write_export):
    cut = RECORDS.index(
        '<Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining"'
    )
    body = RECORDS[: cut + 60]  # inside the third workout's start tag

    decoded = decode(write_export(body, end=False))

    assert decoded.truncated
    assert decoded.salvaged is not None
    assert decoded.salvaged.startswith("the export stops being well-formed at line ")
    assert "13 records and 2 workouts before it were read" in decoded.salvaged
    assert len(decoded.activities) == 2  # never the half-written third
    assert len(decoded.sleep) == 2


def test_a_broken_element_inside_stops_the_reading_there(write_export):
    body = RECORDS.replace(
        '<Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Health"',
        '<Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Health" sourceName="x"',
    )

    decoded = decode(write_export(body))

    assert not decoded.truncated
    assert "duplicate attribute" in (decoded.salvaged or "")
    assert len(decoded.body) == 1  # the weigh-in before the broken one
    assert decoded.activities == ()


def resting(start: str, value: str) -> str:
    return (
        f' <Record type="HKQuantityTypeIdentifierRestingHeartRate" sourceName="W" unit="count/min" '
        f'startDate="{start}" endDate="2024-01-01 23:59:00 +0200" value="{value}"/>\n'
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            resting("2024-13-01 00:00:00 +0200", "52"),
            "record 1 (HKQuantityTypeIdentifierRestingHeartRate): startDate is "
            "'2024-13-01 00:00:00 +0200', not a date",
        ),
        (
            resting("2024-01-01 00:00:00 +0200", "fifty"),
            "record 1 (HKQuantityTypeIdentifierRestingHeartRate, 2024-01-01 00:00:00 +0200): "
            "value is 'fifty', not a number",
        ),
        (
            ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" sourceName="W" '
            'startDate="2024-01-06 07:30:00 +0200"/>\n',
            "workout 1 (Running): endDate is missing, not a date",
        ),
    ],
)
def test_a_wrong_record_is_rejected_naming_it(write_export, body, reason):
    with pytest.raises(Unimportable, match=re.escape(reason)):
        decode(write_export(body))


def test_another_root_is_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text('<?xml version="1.0"?>\n<TrainingCenterDatabase></TrainingCenterDatabase>\n')

    with pytest.raises(Unimportable, match="its root element is <TrainingCenterDatabase>"):
        decode(path)

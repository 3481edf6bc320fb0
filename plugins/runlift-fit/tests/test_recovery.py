"""Sleep nights, overnight HRV, daily resting heart rate and stress, and weigh-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from runlift_fit.importer import FitImporter

from runlift.importers.testing import decode_with
from tests.support.corpus import MONITORING_FIT, committed

# Garmin's sleep, overnight HRV and monitoring files with values are published under no licence that
# lets them be committed: those tests read the corpus (skipped locally without it, failed under CI).
SLEEP = "fit/sleep_monitoring/fit_data_whiz__sleep1.fit"
HRV = "fit/sleep_monitoring/fit_data_whiz__hrv1.fit"
MONITORING = "fit/sleep_monitoring/fit_data_whiz__monitor1_with_all.fit"
SCALE = "fit/other/fitparse__WeightScaleSingleUser.fit"
FAMILY_SCALE = "fit/other/muktihari-fit__WeightScaleMultiUser.fit"
MIDNIGHT = datetime(2024, 5, 1, 22, 0, tzinfo=UTC)  # local midnight at UTC+2
Message = tuple[str, dict[str, Any]]


def at(minutes: float) -> datetime:
    return MIDNIGHT + timedelta(minutes=minutes)


def file_id(file_type: str | int) -> Message:
    return ("file_id", {"type": file_type, "manufacturer": "garmin", "product": 3113})


def test_a_sleep_file_gives_the_night_with_minutes_per_stage_and_its_score(
    corpus: Path, fit: FitImporter
) -> None:
    (night,) = decode_with(fit, corpus / SLEEP).sleep

    assert (night.start_utc, night.end_utc) == (
        datetime(2023, 9, 26, 21, 47, tzinfo=UTC),
        datetime(2023, 9, 27, 5, 49, tzinfo=UTC),
    )
    assert (night.deep_min, night.light_min, night.rem_min, night.awake_min) == (51, 156, 200, 72)
    assert night.score == 89


def test_sleep_stages_last_until_the_next_stage_or_the_end_of_the_recording(write_fit, fit) -> None:
    path = write_fit(
        "sleep.fit",
        file_id(49),
        ("event", {"timestamp": at(0), "event": "timer", "event_type": "start"}),
        ("sleep_level", {"timestamp": at(10), "sleep_level": "light"}),
        ("sleep_level", {"timestamp": at(40), "sleep_level": "deep"}),
        ("sleep_level", {"timestamp": at(100), "sleep_level": "unmeasurable"}),
        ("sleep_level", {"timestamp": at(110), "sleep_level": "rem"}),
        ("event", {"timestamp": at(130), "event": "timer", "event_type": "stop"}),
    )

    (night,) = decode_with(fit, path).sleep

    assert (night.start_utc, night.end_utc) == (at(0), at(130))
    assert (night.light_min, night.deep_min, night.rem_min, night.awake_min) == (30, 60, 20, 0)
    assert night.score is None


def test_an_hrv_file_gives_the_watchs_nightly_average(corpus: Path, fit) -> None:
    (hrv,) = decode_with(fit, corpus / HRV).wellness

    assert hrv.hrv_rmssd_ms == 92.0
    assert hrv.utc_offset_s == 7200
    assert hrv.measured_utc == datetime(2023, 9, 27, 6, 29, 13, tzinfo=UTC)


def test_without_a_summary_the_nightly_hrv_is_the_mean_of_the_measured_windows(
    write_fit, fit
) -> None:
    path = write_fit(
        "hrv.fit",
        file_id(68),
        ("hrv_value", {"timestamp": at(5), "value": 60.0}),
        ("hrv_value", {"timestamp": at(10), "value": 80.0}),
        (
            "hrv_value",
            {"timestamp": at(15), "value": 0xFFFF / 128},
        ),  # a window it could not measure
        ("hrv_value", {"timestamp": at(20), "value": 100.0}),
    )

    (hrv,) = decode_with(fit, path).wellness

    assert (hrv.hrv_rmssd_ms, hrv.measured_utc) == (80.0, at(20))


def test_a_monitoring_file_gives_the_days_resting_heart_rate_and_mean_stress(
    corpus: Path, fit
) -> None:
    (day,) = decode_with(fit, corpus / MONITORING).wellness

    assert (day.resting_hr_bpm, day.stress, day.utc_offset_s) == (35, 28.0, 7200)
    # The last values are stamped at local midnight: they close 26 September, where the day is filed.
    local = day.measured_utc + timedelta(seconds=7200)
    assert local.date().isoformat() == "2023-09-26"


def test_a_monitoring_file_of_step_counts_alone_gives_no_wellness(fit) -> None:
    # A vivofit's day: 337 monitoring messages of steps and activity, no resting heart rate or stress.
    decoded = decode_with(fit, committed(MONITORING_FIT))

    assert decoded.format == "FIT monitoring_b"
    assert decoded.wellness == ()
    assert decoded.device is not None
    assert decoded.device.product == "vivo_fit"


def test_monitoring_gives_one_wellness_per_local_day_not_one_per_sample(write_fit, fit) -> None:
    stress = [
        ("stress_level", {"stress_level_time": at(minute), "stress_level_value": value})
        for minute, value in [(-30, 20), (-20, 40), (-10, -1), (0, 90), (30, 10), (60, 30)]
    ]
    path = write_fit(
        "monitoring.fit",
        file_id("monitoring_b"),
        ("monitoring_info", {"timestamp": at(-60), "local_timestamp": at(60)}),
        (
            "monitoring_hr_data",
            {"timestamp": at(-60), "resting_heart_rate": 50, "current_day_resting_heart_rate": 48},
        ),
        *stress,
        (
            "monitoring_hr_data",
            {"timestamp": at(60), "resting_heart_rate": 50, "current_day_resting_heart_rate": 52},
        ),
    )

    first, second = decode_with(fit, path).wellness

    assert (first.resting_hr_bpm, first.stress) == (48, 50.0)  # -1 is "could not measure"
    assert first.measured_utc == MIDNIGHT - timedelta(seconds=1)
    assert (second.resting_hr_bpm, second.stress, second.measured_utc) == (52, 20.0, at(60))


def test_a_scale_file_gives_every_weigh_in(fit) -> None:
    weigh_ins = decode_with(fit, committed(SCALE)).body

    assert [(w.weight_kg, w.body_fat_pct) for w in weigh_ins] == [(75.8, 22.3), (76.09, 25.1)]


@pytest.mark.parametrize(("options", "weight"), [({}, 75.8), ({"scale_user": 1}, 58.2)])
def test_a_family_scale_keeps_only_the_configured_users_weigh_ins(
    fit, options: dict[str, int], weight: float
) -> None:
    decoded = decode_with(fit, committed(FAMILY_SCALE), options=options)

    assert [w.weight_kg for w in decoded.body] == [weight]
    assert decoded.notes == (
        "left out 1 weigh-in(s) of other users of the scale; set scale_user in [importers.fit] to "
        "choose whose weigh-ins are yours",
    )


def test_a_weigh_in_carries_every_body_composition_value_present(write_fit, fit) -> None:
    path = write_fit(
        "scale.fit",
        file_id("weight"),
        (
            "weight_scale",
            {
                "timestamp": at(0),
                "weight": 70.5,
                "percent_fat": 15.5,
                "percent_hydration": 58.0,
                "muscle_mass": 33.2,
                "bone_mass": 3.1,
                "bmi": 22.4,
            },
        ),
    )

    (weigh_in,) = decode_with(fit, path).body

    assert (weigh_in.weight_kg, weigh_in.body_fat_pct, weigh_in.water_pct) == (70.5, 15.5, 58.0)
    assert (weigh_in.muscle_mass_kg, weigh_in.bone_mass_kg, weigh_in.bmi) == (33.2, 3.1, 22.4)

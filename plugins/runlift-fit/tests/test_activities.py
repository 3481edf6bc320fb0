"""Activities from small FIT files written for each case: time zones, cadence, legs, laps, samples, zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from runlift_fit.importer import FitImporter

from runlift.importers.testing import decode_with
from tests.support.corpus import RUN_FIT, committed

START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
Message = tuple[str, dict[str, Any]]


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def file_id(file_type: str | int = "activity") -> Message:
    return (
        "file_id",
        {"type": file_type, "manufacturer": "garmin", "product": 3113, "serial_number": 42},
    )


def record(seconds: int, **fields: Any) -> Message:
    return ("record", {"timestamp": at(seconds), **fields})


def session(start: float, elapsed: float, sport: str, **fields: Any) -> Message:
    return (
        "session",
        {
            "timestamp": at(start + elapsed),
            "start_time": at(start),
            "total_elapsed_time": elapsed,
            "total_timer_time": elapsed,
            "sport": sport,
            **fields,
        },
    )


def lap(start: float, elapsed: float, **fields: Any) -> Message:
    return (
        "lap",
        {"timestamp": at(start + elapsed), "start_time": at(start), "total_elapsed_time": elapsed}
        | fields,
    )


def test_a_run_with_a_local_timestamp_gives_its_utc_offset(write_fit, fit: FitImporter) -> None:
    path = write_fit(
        "run.fit",
        file_id(),
        record(0, heart_rate=120),
        record(60, heart_rate=130),
        session(0, 60, "running", sub_sport="trail", total_distance=200.0),
        ("activity", {"timestamp": at(60), "local_timestamp": at(60 + 7200), "num_sessions": 1}),
    )

    (run,) = decode_with(fit, path).activities

    assert (run.sport, run.sub_sport) == ("running", "trail")
    assert run.start_utc == START
    assert run.utc_offset_s == 7200
    assert (run.elapsed_s, run.distance_m) == (60.0, 200.0)


def test_a_local_clock_that_is_no_real_time_zone_gives_no_offset(write_fit, fit) -> None:
    path = write_fit(
        "run.fit",
        file_id(),
        record(0),
        session(0, 60, "running"),
        ("activity", {"timestamp": at(60), "local_timestamp": at(60 + 1080)}),
    )

    assert decode_with(fit, path).activities[0].utc_offset_s is None


def test_running_cadence_in_strides_becomes_steps_per_minute(write_fit, fit) -> None:
    path = write_fit(
        "run.fit",
        file_id(),
        record(0, cadence=85, fractional_cadence=0.5),
        record(1, cadence=86),
        lap(0, 1, avg_cadence=85, avg_fractional_cadence=0.25),
        session(0, 1, "running", avg_cadence=80, avg_fractional_cadence=0.5, max_cadence=90),
    )

    (run,) = decode_with(fit, path).activities

    assert (run.avg_cadence_spm, run.max_cadence_spm) == (161.0, 180.0)
    assert run.laps[0].avg_cadence_spm == 170.5
    assert run.samples is not None
    assert run.samples.cadence_spm == (171.0, 172.0)


def test_cycling_cadence_is_not_passed_off_as_steps(write_fit, fit) -> None:
    path = write_fit(
        "ride.fit",
        file_id(),
        record(0, cadence=85),
        record(1, cadence=86),
        session(0, 1, "cycling", avg_cadence=85),
    )

    (ride,) = decode_with(fit, path).activities

    assert ride.avg_cadence_spm is None
    assert ride.samples is not None
    assert ride.samples.cadence_spm is None


def test_a_multisport_file_gives_one_activity_per_leg_and_no_transition(write_fit, fit) -> None:
    path = write_fit(
        "triathlon.fit",
        file_id(),
        *[record(s, heart_rate=100 + s, distance=float(s)) for s in range(0, 31, 5)],
        lap(0, 10),
        lap(10, 5),
        lap(15, 15),
        session(0, 10, "cycling"),
        session(10, 5, "transition"),
        session(15, 15, "running"),
    )

    ride, run = decode_with(fit, path).activities

    assert (ride.sport, ride.start_utc, ride.elapsed_s) == ("cycling", START, 10.0)
    assert (run.sport, run.start_utc, run.elapsed_s) == ("running", at(15), 15.0)
    assert [lap.start_utc for lap in ride.laps] == [START]
    assert [lap.start_utc for lap in run.laps] == [at(15)]
    assert run.samples is not None
    assert run.samples.t_s == (0.0, 5.0, 10.0, 15.0)
    assert run.samples.heart_rate_bpm == (115.0, 120.0, 125.0, 130.0)
    # No total_distance in the session: the records' distance over the leg stands in.
    assert run.distance_m == 15.0


def test_a_session_summary_written_first_still_claims_its_laps_and_records(write_fit, fit) -> None:
    # Some watches write every session before the records and stamp each with the activity's start.
    path = write_fit(
        "summary-first.fit",
        file_id(),
        session(0, 10, "swimming"),
        ("session", {**session(10, 20, "running")[1], "timestamp": START}),
        lap(0, 10),
        lap(10, 20),
        *[record(s) for s in range(0, 31, 10)],
    )

    swim, run = decode_with(fit, path).activities

    assert run.elapsed_s == 20.0
    assert run.samples is not None
    assert run.samples.t_s == (0.0, 10.0, 20.0)
    assert len(swim.laps) == len(run.laps) == 1


def test_missing_and_invalid_sample_values_become_none(write_fit, fit) -> None:
    path = write_fit(
        "gaps.fit",
        file_id(),
        record(0, heart_rate=120, enhanced_altitude=-12.4),
        record(1, enhanced_speed=3.0),
        record(2, heart_rate=122, speed=2.5),
        session(0, 2, "running"),
    )

    samples = decode_with(fit, path).activities[0].samples

    assert samples is not None
    assert samples.heart_rate_bpm == (120.0, None, 122.0)
    assert samples.speed_mps == (None, 3.0, 2.5)
    assert samples.altitude_m == (pytest.approx(-12.4), None, None)
    assert samples.distance_m is None  # no record had one: the stream is left out


def test_a_file_without_sessions_becomes_an_activity_built_from_its_records(write_fit, fit) -> None:
    path = write_fit(
        "old-device.fit",
        file_id(),
        ("sport", {"sport": "running"}),
        record(0, heart_rate=110, distance=0.0),
        record(30, heart_rate=150, distance=100.0),
    )

    (run,) = decode_with(fit, path).activities

    assert (run.sport, run.start_utc, run.elapsed_s) == ("running", START, 30.0)
    assert (run.distance_m, run.avg_hr_bpm, run.max_hr_bpm) == (100.0, 130.0, 150.0)


def test_garmins_seven_zone_slots_fold_into_five_zones(write_fit, fit) -> None:
    path = write_fit(
        "zones.fit",
        file_id(),
        record(0),
        session(0, 600, "running", message_index=0),
        (
            "time_in_zone",
            {
                "timestamp": at(600),
                "reference_mesg": "session",
                "reference_index": 0,
                "time_in_hr_zone": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 5.0],
            },
        ),
    )

    assert decode_with(fit, path).activities[0].hr_zone_s == (30.0, 30.0, 40.0, 50.0, 65.0)


def test_a_clock_counted_from_power_on_is_read_as_other_fit_tools_read_it(write_fit, fit) -> None:
    # Before a GPS fix an action camera counts seconds from power-on; one message pairs that with UTC.
    path = write_fit(
        "camera.fit",
        file_id(),
        ("record", {"timestamp": 2}),
        ("session", {"timestamp": 12, "start_time": 2, "total_elapsed_time": 10.0}),
        ("timestamp_correlation", {"timestamp": at(69), "system_timestamp": 69}),
    )

    decoded = decode_with(fit, path)

    assert decoded.activities[0].start_utc == datetime(1989, 12, 31, 0, 0, 2, tzinfo=UTC)
    assert any("correlate_clock = true" in note for note in decoded.notes)


def test_on_request_a_power_on_clock_is_placed_by_timestamp_correlation(write_fit, fit) -> None:
    path = write_fit(
        "camera.fit",
        file_id(),
        ("record", {"timestamp": 2}),
        ("record", {"timestamp": 12}),
        ("session", {"timestamp": 12, "start_time": 2, "total_elapsed_time": 10.0}),
        ("timestamp_correlation", {"timestamp": at(69), "system_timestamp": 69}),
    )

    (activity,) = decode_with(fit, path, options={"correlate_clock": True}).activities

    assert activity.start_utc == at(2)
    assert activity.sport == "generic"


@pytest.mark.parametrize("file_type", ["course", "workout", "settings", 8])
def test_files_without_training_data_decode_to_nothing_named_by_their_type(
    write_fit, fit, file_type: str | int
) -> None:
    path = write_fit("plan.fit", file_id(file_type), record(0), record(60), lap(0, 60))

    decoded = decode_with(fit, path)

    assert decoded.format == f"FIT {'locations' if file_type == 8 else file_type}"
    assert (decoded.activities, decoded.strength_sessions, decoded.sleep) == ((), (), ())


def test_every_file_of_a_chained_stream_is_read(write_fit, fit, tmp_path) -> None:
    run = write_fit("a.fit", file_id(), record(0), session(0, 60, "running"))
    ride = write_fit("b.fit", file_id(), record(600), session(600, 60, "cycling"))
    chained = write_fit("chained.fit", data=run.read_bytes() + ride.read_bytes())

    decoded = decode_with(fit, chained)

    assert [a.sport for a in decoded.activities] == ["running", "cycling"]
    assert decoded.salvaged is None


def test_the_device_comes_from_file_id(write_fit, fit) -> None:
    path = write_fit("run.fit", file_id(), record(0), session(0, 60, "running"))

    device = decode_with(fit, path).device

    assert device is not None
    assert (device.manufacturer, device.serial) == ("garmin", "42")
    assert device.product  # the profile's name for product 3113


def test_positions_are_read_in_degrees() -> None:
    # A Forerunner 110 run in the Scottish Highlands: its first fix is 684 625 107 semicircles north.
    samples = decode_with(FitImporter(), committed(RUN_FIT)).activities[0].samples
    assert samples is not None
    assert samples.latitude_deg is not None
    assert samples.longitude_deg is not None
    assert samples.latitude_deg[0] == pytest.approx(57.385, abs=1e-3)
    assert samples.longitude_deg[0] == pytest.approx(-4.430, abs=1e-3)
    assert len(samples.latitude_deg) == len(samples.t_s)

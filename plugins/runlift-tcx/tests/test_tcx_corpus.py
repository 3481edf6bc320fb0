"""Every TCX file of the shared device corpus, against what an independent decode found.

The manifest's TCX columns: start_time is the first lap's StartTime, duration_s the laps' TotalTimeSeconds
summed (the timer time, which runlift reports as moving_s), distance_m the laps' DistanceMeters summed,
n_records the number of Trackpoints, has_heart_rate whether any Trackpoint has a HeartRateBpm,
manufacturer the Activity's Creator/Name, sport the Activity's Sport attribute.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.support.corpus import TCX_RUN, committed

from runlift.importers import Activity
from runlift.importers.testing import chosen_importer, decode_with, rejection_of
from runlift_tcx.importer import TcxImporter

ACTIVITIES = (
    "tcx/gpsbabel__bike.tcx",
    "tcx/gpsbabel__history.tcx",
    "tcx/gpsbabel__kona2013.tcx",
    "tcx/gpsbabel__tcxdata.tcx",
    "tcx/sports-lib__20160126_virtualride_1023441137.tcx",
    "tcx/sports-lib__20160911_run_708752345.tcx",
    "tcx/sports-lib__20181021_run_3106033902.tcx",
    "tcx/sports-lib__20190622_ride_1655245835.tcx",
    "tcx/sports-lib__20190815_ride_3953195468.tcx",
    "tcx/sports-lib__garmin.tcx",
    "tcx/sports-lib__movescount.tcx",
    "tcx/tcxparser__no_hr.tcx",
    "tcx/tcxparser__test.tcx",
)
COURSES = ("tcx/gpsbabel__course.tcx",)
# Movescount's last lap summary says 312 s and 1002 m, but its own trackpoints run on for 593 s and
# 1919 m: the session is 907 s and 2919 m long, which runlift reports; the manifest sums the laps.
LAPS_STOP_SHORT = {"tcx/sports-lib__movescount.tcx": (907.0, 2919.0)}

SPORTS = {"Running": "running", "Biking": "cycling", "Other": "generic"}


def _the_activity(corpus: Path, path: str) -> Activity:
    decoded = decode_with(TcxImporter(), corpus / path)
    assert len(decoded.activities) == 1
    return decoded.activities[0]


def test_every_tcx_file_of_the_corpus_has_an_expectation(corpus: Path) -> None:
    found = {f"tcx/{p.name}" for p in (corpus / "tcx").glob("*.tcx")}
    assert found == set(ACTIVITIES) | set(COURSES)


@pytest.mark.parametrize("path", ACTIVITIES)
def test_an_activity_decodes_to_what_the_manifest_says(
    corpus: Path, manifest: dict[str, dict[str, str]], path: str
) -> None:
    row = manifest[path]
    activity = _the_activity(corpus, path)
    duration, distance = float(row["duration_s"]), float(row["distance_m"])

    assert activity.start_utc == datetime.fromisoformat(row["start_time"])
    assert activity.moving_s == pytest.approx(duration, rel=0.01)
    assert sum(lap.elapsed_s for lap in activity.laps) == pytest.approx(duration, rel=0.01)
    assert sum(lap.distance_m or 0 for lap in activity.laps) == pytest.approx(distance, rel=0.01)
    if path in LAPS_STOP_SHORT:
        assert (activity.elapsed_s, activity.distance_m) == LAPS_STOP_SHORT[path]
    else:
        assert activity.elapsed_s == pytest.approx(duration, rel=0.01)
        assert activity.distance_m == pytest.approx(distance, rel=0.01)
    assert activity.samples is not None
    assert len(activity.samples.t_s) == int(row["n_records"])
    has_heart_rate = activity.samples.heart_rate_bpm is not None
    assert has_heart_rate == (row["has_heart_rate"] == "yes")
    assert activity.sport == SPORTS[row["sport"]]


@pytest.mark.parametrize("path", ACTIVITIES)
def test_the_creator_is_the_device(
    corpus: Path, manifest: dict[str, dict[str, str]], path: str
) -> None:
    device = decode_with(TcxImporter(), corpus / path).device
    creator = manifest[path]["manufacturer"]
    if creator:
        assert device is not None
        assert device.product == creator


@pytest.mark.parametrize("path", ACTIVITIES)
def test_samples_and_summaries_stay_within_their_ranges(corpus: Path, path: str) -> None:
    activity = _the_activity(corpus, path)
    samples = activity.samples
    assert samples is not None
    assert list(samples.t_s) == sorted(samples.t_s)
    assert samples.t_s[0] == 0
    assert activity.moving_s is not None
    assert activity.moving_s <= activity.elapsed_s
    for bpm in samples.heart_rate_bpm or ():
        assert bpm is None or 25 <= bpm <= 250
    for lap in activity.laps:
        assert activity.start_utc <= lap.start_utc


@pytest.mark.parametrize("path", COURSES)
def test_a_course_is_not_an_activity(corpus: Path, path: str) -> None:
    failure = rejection_of(TcxImporter(), corpus / path)
    assert failure.stage == "decode"
    assert failure.reason.startswith("not an activity:")
    assert "course" in failure.reason


def test_garmin_laps_carry_their_summaries(corpus: Path) -> None:
    activity = _the_activity(corpus, "tcx/sports-lib__garmin.tcx")
    first = activity.laps[0]
    assert len(activity.laps) == 12
    assert first.elapsed_s == 412.0
    assert first.distance_m == 1000.0
    assert first.avg_hr_bpm is not None
    assert first.max_hr_bpm is not None
    # <ns3:AvgRunCadence>85</ns3:AvgRunCadence> strides a minute is 170 steps a minute.
    assert first.avg_cadence_spm == 170.0
    assert first.avg_speed_mps == pytest.approx(1000 / 412, rel=0.02)
    assert activity.calories_kcal == 892.0


def test_running_cadence_is_doubled_to_steps_a_minute(corpus: Path) -> None:
    activity = _the_activity(corpus, "tcx/sports-lib__garmin.tcx")
    # The file's RunCadence is 86-88 for most of the run.
    assert activity.avg_cadence_spm == pytest.approx(170, abs=5)


def test_average_cadence_leaves_out_standing_still(corpus: Path) -> None:
    activity = _the_activity(corpus, "tcx/sports-lib__20160911_run_708752345.tcx")
    samples = activity.samples
    assert samples is not None
    assert samples.cadence_spm is not None
    moving = [c for c in samples.cadence_spm if c]
    assert len(samples.cadence_spm) - len(moving) == 19  # RunCadence 0 while stopped
    # Strava's lap says <Cadence>67</Cadence>, stops included; the trackpoints without them say more.
    assert activity.laps[0].avg_cadence_spm == 134.0
    assert activity.avg_cadence_spm == pytest.approx(sum(moving) / len(moving))
    assert activity.avg_cadence_spm == pytest.approx(138.5, abs=0.1)


def test_a_sampled_long_ride_takes_its_summary_from_the_lap(corpus: Path) -> None:
    activity = _the_activity(corpus, "tcx/gpsbabel__kona2013.tcx")
    assert activity.samples is not None
    assert len(activity.samples.t_s) == 5
    lap = activity.laps[0]
    assert activity.avg_hr_bpm == lap.avg_hr_bpm
    # Five points over four seconds say nothing about the climb of a 180 km ride.
    assert activity.elevation_gain_m is None


def test_unknown_calories_written_as_zero_are_left_out(corpus: Path) -> None:
    assert _the_activity(corpus, "tcx/sports-lib__20160911_run_708752345.tcx").calories_kcal is None


@pytest.mark.parametrize("path", [*ACTIVITIES, *COURSES])
def test_every_corpus_tcx_file_is_routed_to_the_tcx_importer(corpus: Path, path: str) -> None:
    assert chosen_importer(TcxImporter(), corpus / path) == "tcx"


def test_a_tcx_run_is_imported_end_to_end_as_a_run(runlift_app: Any) -> None:
    report = runlift_app.importer().import_paths([committed(TCX_RUN)])
    (result,) = report.results
    assert (result.status, result.importer) == ("imported", "tcx")
    assert result.events == {"RunCompleted": 1, "ActivitySamplesRecorded": 1}


def test_positions_are_read_in_degrees() -> None:
    # The first <Trackpoint>: <LatitudeDegrees>35.951880198</LatitudeDegrees>, <LongitudeDegrees>
    # -79.0931872185</LongitudeDegrees>.
    samples = decode_with(TcxImporter(), committed(TCX_RUN)).activities[0].samples
    assert samples is not None
    assert samples.latitude_deg is not None
    assert samples.longitude_deg is not None
    assert samples.latitude_deg[0] == pytest.approx(35.951880198, abs=1e-7)
    assert samples.longitude_deg[0] == pytest.approx(-79.0931872185, abs=1e-7)
    assert len(samples.latitude_deg) == len(samples.t_s)

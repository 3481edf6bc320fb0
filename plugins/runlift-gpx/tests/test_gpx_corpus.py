"""Every GPX file of the shared device corpus, against what an independent decode (gpxpy 1.6) found.

The manifest's GPX columns: start_time is the first point's time, duration_s gpxpy's get_duration() (last
time minus first, per segment), distance_m gpxpy's length_3d(), n_records the number of track and route
points, manufacturer the <gpx creator> attribute, sport the raw <trk><type>.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.support.corpus import GPX_TRACK, committed

from runlift.importers import Activity
from runlift.importers.testing import chosen_importer, decode_with, rejection_of
from runlift_gpx.importer import GpxImporter

# Files holding one recorded track each; the importer must agree with the manifest on all of them.
ONE_TRACK = (
    "gpx/FitTrackee__test.gpx",
    "gpx/gpsbabel__garminconnect.gpx",
    "gpx/gpsbabel__gpx_garmin_extensions.gpx",
    "gpx/gpxpy__track-with-empty-segment.gpx",
    "gpx/sports-lib__20160119_virtualride_1023440829.gpx",
    "gpx/sports-lib__20160422_virtualride_553573871.gpx",
    "gpx/sports-lib__20171008_run_2067489619.gpx",
    "gpx/sports-lib__20190929_ride_4108490848.gpx",
    "gpx/sports-lib__garmin.gpx",
    "gpx/sports-lib__movescount.gpx",
    "gpx/sports-lib__mytrail_export.gpx",
    "gpx/sports-lib__strava.gpx",
)
# Files that are not a recording, and the words the reason must contain.
REFUSED = {
    "gpx/gpxpy__route.gpx": "holds a route but no recorded track",
    "gpx/gpxpy__unicode_with_bom.gpx": "holds a waypoint but no recorded track",
    # Every point is stamped 1901-12-13T20:45:52Z (a GPS clock never set): the manifest still gives that
    # start and a 3 km distance, but a path walked in no time is not a session to put on 1901-12-13.
    "gpx/gpxpy__Mojstrovka.gpx": "carries the same time",
}
# Four tracks: an empty one, a saved track without times, and two timed "ACTIVE LOG"s. See its own test.
SEVERAL_TRACKS = ("gpx/gpxpy__korita-zbevnica.gpx",)

# The manifest's raw <type> and the FIT sport it names.
SPORTS = {
    "": "generic",
    "cycling": "cycling",
    "17": "cycling",
    "running": "running",
    "road_biking": "cycling",
}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _the_activity(corpus: Path, path: str) -> Activity:
    decoded = decode_with(GpxImporter(), corpus / path)
    assert len(decoded.activities) == 1
    return decoded.activities[0]


def test_every_gpx_file_of_the_corpus_has_an_expectation(corpus: Path) -> None:
    found = {f"gpx/{p.name}" for p in (corpus / "gpx").glob("*.gpx")}
    assert found == set(ONE_TRACK) | set(REFUSED) | set(SEVERAL_TRACKS)


@pytest.mark.parametrize("path", ONE_TRACK)
def test_a_recorded_track_decodes_to_what_the_manifest_says(
    corpus: Path, manifest: dict[str, dict[str, str]], path: str
) -> None:
    row = manifest[path]
    activity = _the_activity(corpus, path)

    assert abs((activity.start_utc - _utc(row["start_time"])).total_seconds()) < 1
    assert activity.elapsed_s == pytest.approx(float(row["duration_s"]), rel=0.01)
    assert activity.distance_m == pytest.approx(float(row["distance_m"]), rel=0.01)
    assert activity.samples is not None
    assert len(activity.samples.t_s) == int(row["n_records"])
    has_heart_rate = activity.samples.heart_rate_bpm is not None
    assert has_heart_rate == (row["has_heart_rate"] == "yes")
    assert activity.sport == SPORTS[row["sport"]]


@pytest.mark.parametrize("path", ONE_TRACK)
def test_a_recorded_track_names_its_creator_as_the_device(
    corpus: Path, manifest: dict[str, dict[str, str]], path: str
) -> None:
    decoded = decode_with(GpxImporter(), corpus / path)
    creator = manifest[path]["manufacturer"]
    assert (decoded.device.product if decoded.device else "") == creator


@pytest.mark.parametrize("path", ONE_TRACK)
def test_samples_and_summaries_stay_within_their_ranges(corpus: Path, path: str) -> None:
    activity = _the_activity(corpus, path)
    samples = activity.samples
    assert samples is not None
    assert list(samples.t_s) == sorted(samples.t_s)
    assert samples.t_s[-1] == pytest.approx(activity.elapsed_s)
    assert activity.moving_s is not None
    assert 0 < activity.moving_s <= activity.elapsed_s
    if samples.distance_m is not None:
        assert samples.distance_m[-1] == pytest.approx(activity.distance_m)
    for bpm in samples.heart_rate_bpm or ():
        assert bpm is None or 25 <= bpm <= 250


@pytest.mark.parametrize(("path", "why"), REFUSED.items())
def test_a_file_that_records_no_session_is_refused_as_not_an_activity(
    corpus: Path, path: str, why: str
) -> None:
    failure = rejection_of(GpxImporter(), corpus / path)
    assert failure.stage == "decode"
    assert failure.reason.startswith("not an activity:")
    assert why in failure.reason


def test_each_timed_track_of_a_multi_track_file_is_an_activity(
    corpus: Path, manifest: dict[str, dict[str, str]]
) -> None:
    """korita-zbevnica holds an empty track, a saved track of 358 points without times (a route drawn
    or copied onto the unit) and two timed ACTIVE LOGs. Only the logs are recordings. The manifest's
    distance (15256.3 m) and point count (871) include the untimed track, so they cannot match an import
    of the recordings; its start is the first log's."""
    path = "gpx/gpxpy__korita-zbevnica.gpx"
    row = manifest[path]
    decoded = decode_with(GpxImporter(), corpus / path)

    first, second = decoded.activities
    assert first.start_utc == _utc(row["start_time"])
    assert (first.title, second.title) == ("ACTIVE LOG", "ACTIVE LOG #2")
    assert first.start_utc < second.start_utc
    assert first.samples is not None
    assert second.samples is not None
    assert len(first.samples.t_s) + len(second.samples.t_s) == int(row["n_records"]) - 358
    assert (first.distance_m or 0) + (second.distance_m or 0) == pytest.approx(6346.6, abs=0.5)
    assert len(decoded.notes) == 2
    assert all(note.startswith("a track was left out: ") for note in decoded.notes)


def test_a_strava_zwift_ride_is_a_virtual_ride(corpus: Path) -> None:
    activity = _the_activity(corpus, "gpx/sports-lib__20160422_virtualride_553573871.gpx")
    assert (activity.sport, activity.sub_sport) == ("cycling", "virtual_activity")


def test_garmin_running_cadence_is_doubled_to_steps_a_minute(corpus: Path) -> None:
    activity = _the_activity(corpus, "gpx/sports-lib__garmin.gpx")
    assert activity.samples is not None
    assert activity.samples.cadence_spm is not None
    # The file writes 75-79 strides a minute for most of the run.
    assert activity.avg_cadence_spm == pytest.approx(153, abs=3)


def test_a_rides_crank_cadence_is_not_taken_for_steps(corpus: Path) -> None:
    activity = _the_activity(corpus, "gpx/sports-lib__20190929_ride_4108490848.gpx")
    assert activity.samples is not None
    assert activity.samples.cadence_spm is None
    assert activity.avg_cadence_spm is None


def test_movescount_gpxdata_extensions_give_heart_rate_cadence_and_speed(corpus: Path) -> None:
    activity = _the_activity(corpus, "gpx/sports-lib__movescount.gpx")
    samples = activity.samples
    assert samples is not None
    assert samples.heart_rate_bpm is not None
    assert samples.speed_mps is not None
    # Point 3 is the first with extensions: <gpxdata:speed>2.59999990463257</gpxdata:speed>.
    assert samples.speed_mps[2] == pytest.approx(2.6)
    assert samples.heart_rate_bpm[2] == 98


def test_a_configured_default_sport_gives_an_untyped_run_its_cadence(corpus: Path) -> None:
    path = corpus / "gpx/sports-lib__movescount.gpx"
    (activity,) = decode_with(GpxImporter(), path, options={"default_sport": "running"}).activities
    assert activity.sport == "running"
    assert activity.samples is not None
    assert activity.samples.cadence_spm is not None
    # <gpxdata:cadence>87</gpxdata:cadence> is strides a minute: 174 steps.
    assert activity.samples.cadence_spm[2] == 174.0


@pytest.mark.parametrize("path", [*ONE_TRACK, *REFUSED, *SEVERAL_TRACKS])
def test_every_corpus_gpx_file_is_routed_to_the_gpx_importer(corpus: Path, path: str) -> None:
    assert chosen_importer(GpxImporter(), corpus / path) == "gpx"


def test_a_gpx_run_is_imported_end_to_end_as_a_run(runlift_app: Any, corpus: Path) -> None:
    report = runlift_app.importer().import_paths([corpus / "gpx/sports-lib__garmin.gpx"])
    (result,) = report.results
    assert (result.status, result.importer) == ("imported", "gpx")
    assert result.events == {"RunCompleted": 1, "ActivitySamplesRecorded": 1}


def test_a_gpx_track_without_a_type_is_imported_end_to_end_as_an_activity(
    runlift_app: Any,
) -> None:
    report = runlift_app.importer().import_paths([committed(GPX_TRACK)])
    (result,) = report.results
    assert (result.status, result.importer, result.format) == ("imported", "gpx", "GPX 1.1")
    assert result.events == {"ActivityCompleted": 1, "ActivitySamplesRecorded": 1}


def test_positions_are_read_in_degrees() -> None:
    # <trkpt lat="50.7772126" lon="6.0819695">, the first of nine (the second segment is empty).
    samples = decode_with(GpxImporter(), committed(GPX_TRACK)).activities[0].samples
    assert samples is not None
    assert samples.latitude_deg is not None
    assert samples.longitude_deg is not None
    assert len(samples.t_s) == 9
    assert samples.latitude_deg[0] == pytest.approx(50.7772126, abs=1e-7)
    assert samples.longitude_deg[0] == pytest.approx(6.0819695, abs=1e-7)
    assert len(samples.latitude_deg) == len(samples.t_s)

"""Small TCX files written here, one behaviour each: laps, cadence, times, refusals, damage, sniffing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from runlift.importers import Activity
from runlift.importers.testing import chosen_importer, decode_with, rejection_of
from runlift_tcx.importer import TcxImporter

AX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


def tcx(body: str, *, head: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<TrainingCenterDatabase'
        ' xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        f' xmlns:ns3="{AX}">\n{body}\n</TrainingCenterDatabase>\n'
    )


def trackpoint(time: str, *, hr: int | None = 140, cadence: str = "", distance: float = 0.0) -> str:
    beat = f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>" if hr is not None else ""
    return (
        f"<Trackpoint><Time>{time}</Time><AltitudeMeters>100</AltitudeMeters>"
        f"<DistanceMeters>{distance}</DistanceMeters>{beat}{cadence}</Trackpoint>"
    )


def lap(
    start: str, points: str, *, seconds: float = 20, metres: float = 60, extra: str = ""
) -> str:
    return (
        f'<Lap StartTime="{start}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres}</DistanceMeters><Calories>12</Calories>"
        f"<AverageHeartRateBpm><Value>141</Value></AverageHeartRateBpm>"
        f"<MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>"
        f"<Intensity>Active</Intensity>{extra}<TriggerMethod>Manual</TriggerMethod>"
        f"<Track>{points}</Track></Lap>"
    )


def activity(laps: str, *, sport: str = "Running", creator: str = "") -> str:
    return f'<Activity Sport="{sport}"><Id>2024-05-01T07:00:00Z</Id>{laps}{creator}</Activity>'


def run_points(cadence: str = "") -> str:
    return "".join(
        trackpoint(f"2024-05-01T07:00:{s:02d}Z", cadence=cadence, distance=s * 3.0)
        for s in (0, 10, 20)
    )


def write(tmp_path: Path, text: str, name: str = "activity.tcx") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_activity(path: Path) -> Activity:
    decoded = decode_with(TcxImporter(), path)
    assert len(decoded.activities) == 1
    return decoded.activities[0]


def activities_file(body: str) -> str:
    return tcx(f"<Activities>{body}</Activities>")


def test_a_lap_becomes_a_lap_with_its_summary(tmp_path: Path) -> None:
    lx = f'<Extensions><LX xmlns="{AX}"><AvgSpeed>2.75</AvgSpeed></LX></Extensions>'
    one_lap = lap("2024-05-01T07:00:00Z", run_points(), extra=lx)
    result = one_activity(write(tmp_path, activities_file(activity(one_lap))))

    (only,) = result.laps
    assert only.start_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert (only.elapsed_s, only.distance_m, only.avg_speed_mps) == (20.0, 60.0, 2.75)
    assert (only.avg_hr_bpm, only.max_hr_bpm) == (141.0, 150.0)
    assert result.calories_kcal == 12.0
    assert (result.sport, result.elapsed_s, result.distance_m) == ("running", 20.0, 60.0)


def test_run_cadence_in_prefixed_tpx_is_doubled_to_steps_a_minute(tmp_path: Path) -> None:
    cadence = "<Extensions><ns3:TPX><ns3:RunCadence>86</ns3:RunCadence></ns3:TPX></Extensions>"
    body = activities_file(activity(lap("2024-05-01T07:00:00Z", run_points(cadence))))
    samples = one_activity(write(tmp_path, body)).samples
    assert samples is not None
    assert samples.cadence_spm == (172.0, 172.0, 172.0)


def test_run_cadence_in_a_default_namespace_tpx_is_found_too(tmp_path: Path) -> None:
    cadence = f'<Extensions><TPX xmlns="{AX}"><Speed>3.1</Speed><RunCadence>90</RunCadence>'
    cadence += "</TPX></Extensions>"
    body = activities_file(activity(lap("2024-05-01T07:00:00Z", run_points(cadence))))
    samples = one_activity(write(tmp_path, body)).samples
    assert samples is not None
    assert samples.cadence_spm == (180.0, 180.0, 180.0)
    assert samples.speed_mps == (3.1, 3.1, 3.1)


def test_bike_cadence_is_left_out_because_it_counts_no_steps(tmp_path: Path) -> None:
    cadence = "<Cadence>88</Cadence>"
    one_lap = lap("2024-05-01T07:00:00Z", run_points(cadence), extra="<Cadence>88</Cadence>")
    result = one_activity(write(tmp_path, activities_file(activity(one_lap, sport="Biking"))))
    assert result.sport == "cycling"
    assert result.avg_cadence_spm is None
    assert result.laps[0].avg_cadence_spm is None
    assert result.samples is not None
    assert result.samples.cadence_spm is None


def test_other_is_the_generic_sport(tmp_path: Path) -> None:
    body = activity(lap("2024-05-01T07:00:00Z", run_points()), sport="Other")
    assert one_activity(write(tmp_path, activities_file(body))).sport == "generic"


def test_speed_comes_from_distance_when_the_file_gives_none(tmp_path: Path) -> None:
    body = activities_file(activity(lap("2024-05-01T07:00:00Z", run_points())))
    samples = one_activity(write(tmp_path, body)).samples
    assert samples is not None
    assert samples.speed_mps == (None, 3.0, 3.0)


def test_naive_times_are_read_as_utc(tmp_path: Path) -> None:
    points = trackpoint("2024-05-01T07:00:00") + trackpoint("2024-05-01T07:00:20")
    body = activities_file(activity(lap("2024-05-01T07:00:00", points)))
    result = decode_with(TcxImporter(), write(tmp_path, body), time_zone="America/New_York")
    assert result.activities[0].start_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def test_times_with_an_offset_are_converted_to_utc(tmp_path: Path) -> None:
    points = trackpoint("2024-05-01T09:00:00+02:00") + trackpoint("2024-05-01T07:00:20Z")
    body = activities_file(activity(lap("2024-05-01T09:00:00+02:00", points)))
    result = one_activity(write(tmp_path, body))
    assert result.start_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert result.samples is not None
    assert result.samples.t_s == (0.0, 20.0)


def test_a_doctype_is_refused_before_parsing(tmp_path: Path) -> None:
    laughs = (
        '<!DOCTYPE TrainingCenterDatabase [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
    )
    notes = "<Notes>&c;</Notes>"
    body = activity(notes + lap("2024-05-01T07:00:00Z", run_points()))
    path = write(tmp_path, tcx(f"<Activities>{body}</Activities>", head=laughs))
    failure = rejection_of(TcxImporter(), path)
    assert failure.stage == "decode"
    assert "DOCTYPE" in failure.reason


def test_a_course_only_file_is_not_an_activity(tmp_path: Path) -> None:
    course = (
        "<Courses><Course><Name>Loop</Name><Lap><TotalTimeSeconds>60</TotalTimeSeconds>"
        "<DistanceMeters>200</DistanceMeters></Lap><Track>"
        + trackpoint("2024-05-01T07:00:00Z")
        + "</Track></Course></Courses>"
    )
    failure = rejection_of(TcxImporter(), write(tmp_path, tcx(course)))
    assert failure.reason == (
        "not an activity: the file holds a course (a planned route), not a recorded activity"
    )


def test_a_workout_plan_is_not_an_activity(tmp_path: Path) -> None:
    workouts = '<Workouts><Workout Sport="Running"><Name>Intervals</Name></Workout></Workouts>'
    failure = rejection_of(TcxImporter(), write(tmp_path, tcx(workouts)))
    assert failure.reason.startswith("not an activity:")
    assert "workout" in failure.reason


def test_each_sport_of_a_multisport_session_is_an_activity(tmp_path: Path) -> None:
    bike = activity(lap("2024-05-01T07:00:00Z", run_points()), sport="Biking")
    run = activity(lap("2024-05-01T08:00:00Z", trackpoint("2024-05-01T08:00:00Z")), sport="Running")
    session = (
        "<MultiSportSession><Id>2024-05-01T07:00:00Z</Id>"
        f"<FirstSport>{bike}</FirstSport><NextSport>{run}</NextSport></MultiSportSession>"
    )
    decoded = decode_with(TcxImporter(), write(tmp_path, activities_file(session)))
    assert [a.sport for a in decoded.activities] == ["cycling", "running"]


def test_a_file_cut_short_keeps_what_came_before_the_damage(tmp_path: Path) -> None:
    text = activities_file(activity(lap("2024-05-01T07:00:00Z", run_points())))
    cut = text[: text.index("<Trackpoint><Time>2024-05-01T07:00:20Z") + 30]
    decoded = decode_with(TcxImporter(), write(tmp_path, cut))
    assert decoded.salvaged is not None
    assert "breaks off at line" in decoded.salvaged
    (result,) = decoded.activities
    assert result.samples is not None
    assert result.samples.t_s == (0.0, 10.0)


def test_impossible_values_become_gaps_not_errors(tmp_path: Path) -> None:
    points = (
        trackpoint("2024-05-01T07:00:00Z", hr=0, distance=float("nan"))
        + trackpoint("2024-05-01T07:00:10Z", hr=300, cadence="<Cadence>-3</Cadence>")
        + "<Trackpoint><Time>2024-05-01T07:00:20Z</Time><AltitudeMeters>INF</AltitudeMeters>"
        + "<HeartRateBpm><Value>NaN</Value></HeartRateBpm></Trackpoint>"
    )
    one_lap = lap("2024-05-01T07:00:00Z", points).replace("<Value>141</Value>", "<Value>-1</Value>")
    result = one_activity(write(tmp_path, activities_file(activity(one_lap))))
    assert result.samples is not None
    assert result.samples.heart_rate_bpm is None
    assert result.samples.cadence_spm is None
    assert result.samples.altitude_m == (100.0, 100.0, None)
    assert result.laps[0].avg_hr_bpm is None


def test_a_corrupt_lap_time_falls_back_to_the_trackpoints(tmp_path: Path) -> None:
    one_lap = lap("2024-05-01T07:00:00Z", run_points(), seconds=1e30)
    result = one_activity(write(tmp_path, activities_file(activity(one_lap))))
    assert result.elapsed_s == 20.0
    assert result.laps[0].elapsed_s == 20.0
    assert result.moving_s is None


def test_the_creator_is_the_device(tmp_path: Path) -> None:
    creator = (
        '<Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<Name>Forerunner 965</Name><UnitId>3999999999</UnitId><ProductID>4315</ProductID></Creator>"
    )
    body = activity(lap("2024-05-01T07:00:00Z", run_points()), creator=creator)
    device = decode_with(TcxImporter(), write(tmp_path, activities_file(body))).device
    assert device is not None
    assert (device.product, device.serial) == ("Forerunner 965", "3999999999")


def test_a_tcx_file_named_xml_is_still_tcx(tmp_path: Path) -> None:
    body = activities_file(activity(lap("2024-05-01T07:00:00Z", run_points())))
    assert chosen_importer(TcxImporter(), write(tmp_path, body, name="export.xml")) == "tcx"


@pytest.mark.parametrize(
    ("head", "filename", "expected"),
    [
        (b'<?xml version="1.0"?>\n<TrainingCenterDatabase xmlns="x">', "a.tcx", 1.0),
        (b'<?xml version="1.0"?>\n<TrainingCenterDatabase xmlns="x">', "a.xml", 0.95),
        (b"\xef\xbb\xbf<!-- hi --><TrainingCenterDatabase>", "run", 0.95),
        (b'<?xml version="1.0"?>\n<gpx version="1.1">', "a.tcx", 0.0),
        (b"not xml at all", "a.tcx", 0.1),
        (b"not xml at all", "a.csv", 0.0),
    ],
)
def test_sniffing_trusts_the_root_element_over_the_name(
    head: bytes, filename: str, expected: float
) -> None:
    assert TcxImporter().sniff(head, filename) == expected

"""Small GPX files written here, one behaviour each: extensions, times, refusals, sports, bad values."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from runlift.importers import Activity
from runlift.importers.testing import chosen_importer, decode_with, rejection_of
from runlift_gpx.importer import GpxImporter

TPX_V1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TPX_V2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"


def gpx(body: str, *, head: str = "", creator: str = "test") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}'
        f'<gpx version="1.1" creator="{creator}" xmlns="http://www.topografix.com/GPX/1/1"'
        f' xmlns:gpxtpx="{TPX_V1}" xmlns:ns3="{TPX_V2}">\n{body}\n</gpx>\n'
    )


def track(points: str, *, type_: str | None = "running", name: str = "Morning run") -> str:
    kind = f"<type>{type_}</type>" if type_ is not None else ""
    return f"<trk><name>{name}</name>{kind}<trkseg>{points}</trkseg></trk>"


def point(lat: float, time: str | None, extensions: str = "", ele: str = "100") -> str:
    when = f"<time>{time}</time>" if time is not None else ""
    ext = f"<extensions>{extensions}</extensions>" if extensions else ""
    return f'<trkpt lat="{lat}" lon="6.0"><ele>{ele}</ele>{when}{ext}</trkpt>'


def write(tmp_path: Path, text: str, name: str = "activity.gpx") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_activity(path: Path, **options: object) -> Activity:
    decoded = decode_with(GpxImporter(), path, options=options or None)
    assert len(decoded.activities) == 1
    return decoded.activities[0]


def three_points(extensions: tuple[str, str, str] = ("", "", "")) -> str:
    return "".join(
        point(45.0 + i * 0.001, f"2024-05-01T07:00:{i * 10:02d}Z", extensions[i]) for i in range(3)
    )


def test_trackpointextension_v1_gives_heart_rate_and_cadence(tmp_path: Path) -> None:
    ext = "<gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad>"
    ext += "</gpxtpx:TrackPointExtension>"
    path = write(
        tmp_path, gpx(track(three_points((ext.format(120), ext.format(130), ext.format(140)))))
    )

    samples = one_activity(path).samples
    assert samples is not None
    assert samples.heart_rate_bpm == (120.0, 130.0, 140.0)
    assert samples.cadence_spm == (170.0, 170.0, 170.0)


def test_trackpointextension_v2_under_another_prefix_gives_heart_rate_cadence_and_speed(
    tmp_path: Path,
) -> None:
    ext = "<ns3:TrackPointExtension><ns3:hr>150</ns3:hr><ns3:cad>90</ns3:cad>"
    ext += "<ns3:speed>3.25</ns3:speed></ns3:TrackPointExtension>"
    path = write(tmp_path, gpx(track(three_points((ext, ext, ext)))))

    activity = one_activity(path)
    assert activity.samples is not None
    assert activity.samples.heart_rate_bpm == (150.0, 150.0, 150.0)
    assert activity.samples.cadence_spm == (180.0, 180.0, 180.0)
    assert activity.samples.speed_mps == (3.25, 3.25, 3.25)
    assert (activity.avg_hr_bpm, activity.max_hr_bpm) == (150.0, 150.0)


def test_a_track_without_extensions_has_no_heart_rate_stream(tmp_path: Path) -> None:
    activity = one_activity(write(tmp_path, gpx(track(three_points()))))
    assert activity.samples is not None
    assert activity.samples.heart_rate_bpm is None
    assert activity.avg_hr_bpm is None
    # Speed is derived from the positions: 0.001 degree of latitude (111 m) per 10 s.
    assert activity.samples.speed_mps is not None
    assert activity.samples.speed_mps[1] == pytest.approx(11.1, rel=0.01)


@pytest.mark.parametrize("type_", ["cycling", None])
def test_cadence_that_counts_no_steps_is_left_out(tmp_path: Path, type_: str | None) -> None:
    ext = "<gpxtpx:TrackPointExtension><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension>"
    path = write(tmp_path, gpx(track(three_points((ext, ext, ext)), type_=type_)))
    activity = one_activity(path)
    assert activity.avg_cadence_spm is None
    assert activity.samples is not None
    assert activity.samples.cadence_spm is None


def test_naive_times_are_read_as_utc(tmp_path: Path) -> None:
    points = point(45.0, "2024-05-01T07:00:00") + point(45.001, "2024-05-01T07:00:30")
    activity = one_activity(write(tmp_path, gpx(track(points))))
    assert activity.start_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert activity.elapsed_s == 30.0


def test_times_with_an_offset_are_converted_to_utc(tmp_path: Path) -> None:
    points = point(45.0, "2024-05-01T09:00:00+02:00") + point(45.001, "2024-05-01T07:00:30Z")
    activity = one_activity(write(tmp_path, gpx(track(points))))
    assert activity.start_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert activity.start_utc.utcoffset() is not None
    assert activity.elapsed_s == 30.0


def test_the_athletes_time_zone_does_not_shift_naive_gpx_times(tmp_path: Path) -> None:
    points = point(45.0, "2024-05-01T07:00:00") + point(45.001, "2024-05-01T07:00:30")
    path = write(tmp_path, gpx(track(points)))
    decoded = decode_with(GpxImporter(), path, time_zone="Europe/Paris")
    assert decoded.activities[0].start_utc == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def test_a_file_with_only_waypoints_is_not_an_activity(tmp_path: Path) -> None:
    body = '<wpt lat="45.0" lon="6.0"><name>Summit</name></wpt><wpt lat="45.1" lon="6.1"/>'
    failure = rejection_of(GpxImporter(), write(tmp_path, gpx(body)))
    assert failure.reason == "not an activity: the file holds 2 waypoints but no recorded track"


def test_a_route_is_not_an_activity(tmp_path: Path) -> None:
    body = '<rte><rtept lat="45.0" lon="6.0"/><rtept lat="45.1" lon="6.1"/></rte>'
    failure = rejection_of(GpxImporter(), write(tmp_path, gpx(body)))
    assert failure.reason == "not an activity: the file holds a route but no recorded track"


def test_a_track_without_timestamps_is_a_planned_course_not_an_activity(tmp_path: Path) -> None:
    points = point(45.0, None) + point(45.001, None)
    failure = rejection_of(GpxImporter(), write(tmp_path, gpx(track(points))))
    assert failure.reason.startswith("not an activity:")
    assert "no timestamps" in failure.reason
    assert "planned course" in failure.reason


def test_an_empty_gpx_holds_no_recorded_track(tmp_path: Path) -> None:
    failure = rejection_of(GpxImporter(), write(tmp_path, gpx("")))
    assert failure.reason == "not an activity: the file holds no recorded track"


def test_each_recorded_track_is_its_own_activity(tmp_path: Path) -> None:
    second = point(46.0, "2024-05-02T07:00:00Z") + point(46.001, "2024-05-02T07:10:00Z")
    body = track(three_points()) + track(second, type_="hiking", name="Hike")
    decoded = decode_with(GpxImporter(), write(tmp_path, gpx(body)))
    assert [a.sport for a in decoded.activities] == ["running", "hiking"]
    assert decoded.activities[1].title == "Hike"


@pytest.mark.parametrize(
    ("type_", "sport", "sub_sport"),
    [
        ("9", "running", None),
        ("1", "cycling", None),
        ("17", "cycling", "virtual_activity"),
        ("trail_running", "running", "trail"),
        ("Road Biking", "cycling", "road"),
        ("Hiking", "hiking", None),
        ("jkljkl", "generic", None),
        (None, "generic", None),
    ],
)
def test_the_track_type_names_a_fit_sport(
    tmp_path: Path, type_: str | None, sport: str, sub_sport: str | None
) -> None:
    activity = one_activity(write(tmp_path, gpx(track(three_points(), type_=type_))))
    assert (activity.sport, activity.sub_sport) == (sport, sub_sport)


def test_a_configured_default_sport_applies_when_the_file_does_not_say(tmp_path: Path) -> None:
    ext = "<gpxtpx:TrackPointExtension><gpxtpx:cad>80</gpxtpx:cad></gpxtpx:TrackPointExtension>"
    path = write(tmp_path, gpx(track(three_points((ext, ext, ext)), type_=None)))
    activity = one_activity(path, default_sport="running")
    assert activity.sport == "running"
    assert activity.avg_cadence_spm == 160.0


def test_a_malformed_default_sport_option_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, gpx(track(three_points())))
    failure = rejection_of(GpxImporter(), path, options={"default_sport": 7})
    assert "default_sport" in failure.reason


def test_impossible_values_become_gaps_not_errors(tmp_path: Path) -> None:
    bad = "<gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>{}</gpxtpx:cad>"
    bad += "</gpxtpx:TrackPointExtension>"
    points = (
        point(45.0, "2024-05-01T07:00:00Z", bad.format("NaN", "-5"), ele="NaN")
        + point(45.001, "2024-05-01T07:00:10Z", bad.format("0", "inf"), ele="inf")
        + point(45.002, "2024-05-01T07:00:20Z", bad.format("400", "255"), ele="120")
    )
    activity = one_activity(write(tmp_path, gpx(track(points))))
    assert activity.samples is not None
    assert activity.samples.heart_rate_bpm is None
    assert activity.samples.cadence_spm is None
    assert activity.samples.altitude_m == (None, None, 120.0)
    assert activity.avg_hr_bpm is None


@pytest.mark.parametrize("before", ["", "<!-- exported -->\n<?style x?>\n"])
def test_a_doctype_is_refused_before_parsing(tmp_path: Path, before: str) -> None:
    laughs = before + (
        '<!DOCTYPE gpx [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    )
    path = write(tmp_path, gpx(track(three_points(), name="&lol3;"), head=laughs))
    failure = rejection_of(GpxImporter(), path)
    assert failure.stage == "decode"
    assert "DOCTYPE" in failure.reason


def test_a_broken_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    text = gpx(track(three_points()))
    failure = rejection_of(GpxImporter(), write(tmp_path, text[: len(text) // 2]))
    assert failure.stage == "decode"
    assert failure.reason.startswith("not a readable GPX file:")


def test_a_latin_1_file_is_read_in_its_declared_encoding(tmp_path: Path) -> None:
    text = gpx(track(three_points(), name="Café run")).replace("UTF-8", "ISO-8859-1")
    path = tmp_path / "latin.gpx"
    path.write_bytes(text.encode("latin-1"))
    assert one_activity(path).title == "Café run"


def test_the_creator_attribute_is_the_device(tmp_path: Path) -> None:
    path = write(tmp_path, gpx(track(three_points()), creator="Garmin Connect"))
    device = decode_with(GpxImporter(), path).device
    assert device is not None
    assert device.product == "Garmin Connect"


def test_a_gpx_file_named_xml_is_still_gpx(tmp_path: Path) -> None:
    path = write(tmp_path, gpx(track(three_points())), name="export.xml")
    assert chosen_importer(GpxImporter(), path) == "gpx"


@pytest.mark.parametrize(
    ("head", "filename", "expected"),
    [
        (b'<?xml version="1.0"?>\n<gpx version="1.1">', "a.gpx", 1.0),
        (b'\xef\xbb\xbf<?xml version="1.0"?><!-- made by hand --><gpx>', "a.xml", 0.95),
        (b"<gpx:gpx xmlns:gpx='http://www.topografix.com/GPX/1/1'>", "a", 0.95),
        (b'<?xml version="1.0"?>\n<TrainingCenterDatabase>', "a.gpx", 0.0),
        (b'<?xml version="1.0"?>\n<kml>', "a.xml", 0.0),
        (b"\x0e\x10\x08\x09.FIT", "a.gpx", 0.1),
        (b"\x0e\x10\x08\x09.FIT", "a.fit", 0.0),
        (b"", "a.txt", 0.0),
    ],
)
def test_sniffing_trusts_the_root_element_over_the_name(
    head: bytes, filename: str, expected: float
) -> None:
    assert GpxImporter().sniff(head, filename) == expected

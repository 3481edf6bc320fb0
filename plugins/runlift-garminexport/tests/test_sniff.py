"""Which files the importer claims: a kind's name with its records' first fields, those fields in a renamed
file, or the name alone (a hint, so that a wrong file of that name is rejected saying why)."""

from __future__ import annotations

import json

import pytest

from runlift_garminexport.importer import NAME_HINT, SHAPE_ONLY, GarminExportImporter

SLEEP = [{"sleepStartTimestampGMT": "2024-01-02T03:47:00.0", "calendarDate": "2024-01-02"}]
DAY = [
    {
        "userProfilePK": 1,
        "calendarDate": "2024-01-02",
        "wellnessStartTimeGmt": "2024-01-02T05:00:00.0",
    }
]
HEALTH = [{"calendarDate": "2024-01-02", "metrics": [{"type": "HRV", "value": 58.0}]}]
BIO = [{"metaData": {"calendarDate": "2024-01-02T07:05:00.0"}, "weight": {"weight": 77450.0}}]


def head(records: object) -> bytes:
    return json.dumps(records).encode()


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("2024-01-01_2024-04-10_123456789_sleepData.json", SLEEP),
        ("UDSFile_2024-01-01_2024-04-10.json", DAY),
        ("123456789_healthStatusData.json", HEALTH),
        ("2024-01-01_2024-04-10_123456789_healthStatusData.json", HEALTH),
        ("123456789_userBioMetrics.json", BIO),
        ("user_biometrics.json", BIO),
        ("DI_CONNECT/DI-Connect-Wellness/123456789_sleepData.json", SLEEP),
        ("123456789_sleepData.json", []),  # a chunk with nothing in it
    ],
)
def test_a_named_file_with_its_fields_is_certain(name, records):
    assert GarminExportImporter().sniff(head(records), name) == 1.0


@pytest.mark.parametrize("records", [SLEEP, DAY, HEALTH, BIO])
def test_a_renamed_file_is_recognised_by_its_fields(records):
    assert GarminExportImporter().sniff(head(records), "export-part.json") == SHAPE_ONLY


def test_a_byte_order_mark_does_not_hide_the_fields():
    assert GarminExportImporter().sniff(b"\xef\xbb\xbf" + head(SLEEP), "x_sleepData.json") == 1.0


@pytest.mark.parametrize(
    "content",
    [b'{"data": {"metrics": []}}', head([{"name": "heart_rate"}]), head(DAY)],
)
def test_a_name_alone_is_a_hint(content):
    # another app's JSON (or another kind's records) under a sleep file's name
    assert GarminExportImporter().sniff(content, "123_sleepData.json") == NAME_HINT


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("activity.fit", b".FIT\x0e\x10"),
        ("workouts.json", head([{"id": 1, "title": "Push"}])),
        (
            "blood_pressure.json",
            head([{"metaData": {"calendarDate": "x"}, "systolic": 120}]),
        ),
        ("healthautoexport.json", b'{"data": {"metrics": [{"name": "heart_rate", "data": []}]}}'),
        ("UDSFile_2024.csv", b"calendarDate,restingHeartRate\n"),
    ],
)
def test_other_files_are_not_claimed(name, content):
    assert GarminExportImporter().sniff(content, name) == 0.0


@pytest.mark.parametrize(
    "name",
    [
        "TrainingReadinessDTO_20250614_20250922_134226867.json",
        "MetricsAcuteTrainingLoad_20240101_20240410_123456789.json",
        "HydrationLogFile_2025-05-04_2025-08-12.json",
        "jo_0_summarizedActivities.json",
        "123456789_fitnessAgeData.json",
    ],
)
def test_the_exports_other_json_is_taken_to_be_left_out(name):
    # so that dropping the whole export does not reject (and quarantine) the files runlift does not read
    assert GarminExportImporter().sniff(b'[{"calendarDate": "2025-06-14"}]', name) == 1.0


def test_those_names_with_other_content_are_not_claimed():
    assert GarminExportImporter().sniff(b".FIT\x0e\x10", "TrainingReadinessDTO_2025.json") == 0.0

"""Decoding each kind of file, with the expected values worked out by hand from the records written here
(their shapes follow the README's sources), and what bad records get."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from runlift.importers import DecodeRequest, Unimportable
from runlift_garminexport.importer import GarminExportImporter

NEW_YORK = "America/New_York"  # UTC-5 in January, UTC-4 from 10 March 2024

NIGHTS = [
    {
        "sleepStartTimestampGMT": "2024-01-02T03:47:00.0",
        "sleepEndTimestampGMT": "2024-01-02T11:12:00.0",
        "calendarDate": "2024-01-02",
        "sleepWindowConfirmationType": "ENHANCED_CONFIRMED_FINAL",
        "deepSleepSeconds": 5220,
        "lightSleepSeconds": 14580,
        "remSleepSeconds": 5640,
        "awakeSleepSeconds": 1260,
        "unmeasurableSeconds": 0,
        "sleepScores": {"overallScore": 78, "qualityScore": 75, "feedback": "POSITIVE_DEEP_SLEEP"},
        "spo2SleepSummary": {"averageSPO2": 95.0},
    },
    {
        "sleepStartTimestampGMT": "2024-01-03T01:00:00.0",
        "sleepEndTimestampGMT": "2024-01-03T09:00:00.0",
        "calendarDate": "2024-01-03",
        "sleepWindowConfirmationType": "UNCONFIRMED",
        "retro": False,
    },
    {"napList": [{"calendarDate": "2024-01-04", "napTimeSec": 1800}]},
    {  # an older watch: no REM key, no scores
        "sleepStartTimestampGMT": "2024-01-05T04:10:00.0",
        "sleepEndTimestampGMT": "2024-01-05T11:40:00.0",
        "calendarDate": "2024-01-05",
        "sleepWindowConfirmationType": "AUTO_CONFIRMED_FINAL",
        "deepSleepSeconds": 7200,
        "lightSleepSeconds": 18900,
        "awakeSleepSeconds": 900,
    },
]


def decode(write_file, name, records, zone=NEW_YORK):
    path = write_file(name, records)
    return GarminExportImporter().decode(DecodeRequest(path, name, time_zone=zone))


def test_nights_keep_their_window_stages_and_score(write_file):
    decoded = decode(write_file, "2024-01-01_2024-04-10_123456789_sleepData.json", NIGHTS)

    assert decoded.format == "Garmin export sleep JSON"
    first, older = decoded.sleep
    assert first.start_utc == datetime(2024, 1, 2, 3, 47, tzinfo=UTC)
    assert first.end_utc == datetime(2024, 1, 2, 11, 12, tzinfo=UTC)
    # 5220 s = 87 min deep, 14580 s = 243 min light, 5640 s = 94 min REM, 1260 s = 21 min awake
    assert (first.deep_min, first.light_min, first.rem_min, first.awake_min) == (87, 243, 94, 21)
    assert first.score == 78
    # New York's -5 h puts 11:12 UTC at 06:12 on 2 January, Garmin's calendarDate
    assert first.utc_offset_s == -5 * 3600
    # no REM key is a gap, not zero minutes of REM
    assert (older.deep_min, older.light_min, older.rem_min, older.awake_min) == (120, 315, None, 15)
    assert older.score is None
    assert decoded.notes == (
        "left out windows the watch did not detect sleep in (UNCONFIRMED): 1 (the first: 2024-01-03)",
        "left out entries without a night (naps only): 1 (the first: entry 3)",
    )


def test_a_night_abroad_lands_on_the_day_garmin_dated_it(write_file):
    # The athlete's zone is New York, but this night was slept in Tokyo (+9): it ended 20:30 UTC on
    # 2 January, 05:30 on 3 January on the watch. New York's -5 h would put it on 2 January; the nearest
    # whole-hour offset that puts it on the 3rd is +4 h (-5 h + 9 h).
    night = {
        "sleepStartTimestampGMT": "2024-01-02T13:30:00.0",
        "sleepEndTimestampGMT": "2024-01-02T20:30:00.0",
        "calendarDate": "2024-01-03",
        "deepSleepSeconds": 6000,
        "lightSleepSeconds": 19200,
    }
    (decoded,) = decode(write_file, "x_sleepData.json", [night]).sleep

    assert decoded.utc_offset_s == 4 * 3600
    assert (decoded.end_utc + timedelta(seconds=decoded.utc_offset_s)).date() == date(2024, 1, 3)


def test_daily_summaries_give_resting_heart_rate_and_stress_at_the_days_start(write_file):
    days = [
        {
            "userProfilePK": 123456789,
            "calendarDate": "2024-01-02",
            "wellnessStartTimeGmt": "2024-01-02T05:00:00.0",
            "wellnessStartTimeLocal": "2024-01-02T00:00:00.0",
            "wellnessEndTimeGmt": "2024-01-03T05:00:00.0",
            "restingHeartRate": 48,
            "includesWellnessData": True,
            "allDayStress": {
                "aggregatorList": [
                    {"type": "AWAKE", "averageStressLevel": 34},
                    {"type": "TOTAL", "averageStressLevel": 27, "maxStressLevel": 96},
                ]
            },
        },
        {  # daylight saving starts at 02:00 local: the day still starts at -5 h
            "calendarDate": "2024-03-10",
            "wellnessStartTimeGmt": "2024-03-10T05:00:00.0",
            "wellnessStartTimeLocal": "2024-03-10T00:00:00.0",
            "restingHeartRate": 50,
            "allDayStress": {"aggregatorList": [{"type": "TOTAL", "averageStressLevel": -1}]},
        },
        {  # Tokyo, +9 h: the watch's own offset, whatever the athlete's zone says
            "calendarDate": "2024-03-20",
            "wellnessStartTimeGmt": "2024-03-19T15:00:00.0",
            "wellnessStartTimeLocal": "2024-03-20T00:00:00.0",
            "currentDayRestingHeartRate": 53,
        },
        {"calendarDate": "2024-03-21", "includesWellnessData": False},
        {
            "calendarDate": "2024-03-22",
            "restingHeartRate": 0,
            "wellnessStartTimeGmt": "2024-03-22T04:00:00.0",
        },
    ]
    decoded = decode(write_file, "UDSFile_2024-01-01_2024-04-10.json", days)

    assert decoded.format == "Garmin export daily summary JSON"
    assert [
        (w.measured_utc, w.utc_offset_s, w.resting_hr_bpm, w.stress) for w in decoded.wellness
    ] == [
        (datetime(2024, 1, 2, 5, tzinfo=UTC), -5 * 3600, 48, 27),
        (datetime(2024, 3, 10, 5, tzinfo=UTC), -5 * 3600, 50, None),
        (datetime(2024, 3, 19, 15, tzinfo=UTC), 9 * 3600, 53, None),
    ]
    assert decoded.notes == (
        "left out days the watch was not worn: 1 (the first: 2024-03-21)",
        "left out days without a resting heart rate or stress level: 1 (the first: 2024-03-22)",
    )


def test_health_status_gives_the_nights_hrv_as_rmssd(write_file):
    health = [
        {
            "calendarDate": "2024-01-02",
            "createTimestampUTC": "2024-01-02T11:20:31.0",
            "outliersCount": 0,
            "metrics": [
                {"type": "HR", "value": 48.0},
                {"type": "HRV", "value": 58.0, "status": "IN_RANGE", "baselineLowerLimit": 49.0},
            ],
        },
        {"calendarDate": "2024-01-03", "metrics": [{"type": "HRV", "status": "ONBOARDING"}]},
        {
            "calendarDate": "2024-01-04",
            "timestamp": "2024-01-04T11:54:18.784",
            "metrics": [{"type": "HRV", "value": 61.5}],
        },
    ]
    decoded = decode(write_file, "123456789_healthStatusData.json", health)

    assert [
        (w.measured_utc, w.utc_offset_s, w.hrv_rmssd_ms, w.hrv_sdnn_ms) for w in decoded.wellness
    ] == [
        (datetime(2024, 1, 2, 11, 20, 31, tzinfo=UTC), -5 * 3600, 58.0, None),
        (datetime(2024, 1, 4, 11, 54, 18, 784000, tzinfo=UTC), -5 * 3600, 61.5, None),
    ]
    assert decoded.notes == ("left out days without an HRV value: 1 (the first: 2024-01-03)",)


def test_weigh_ins_come_in_grams(write_file):
    entries = [
        {
            "metaData": {"calendarDate": "2024-01-02T07:05:00.0", "sequence": 1},
            "weight": {
                "weight": 77450.0,
                "timestampGMT": "2024-01-02T12:05:00.0",
                "sourceType": "INDEX_SCALE",
                "bmi": 24.1,
                "bodyFat": 18.2,
                "bodyWater": 56.3,
                "boneMass": 3410.0,
                "muscleMass": 33800.0,
            },
        },
        {
            "metaData": {"calendarDate": "2024-01-05T00:00:00.0", "sequence": 2},
            "vo2MaxRunning": 51.0,
        },
        {  # no GMT time: the local clock in the athlete's zone (08:00 -5 h = 13:00 UTC); 0 is no reading
            "metaData": {"calendarDate": "2024-01-06T08:00:00.0", "sequence": 3},
            "weight": {"weight": 77100.0, "bmi": 0.0, "bodyFat": 0.0},
        },
    ]
    decoded = decode(write_file, "123456789_userBioMetrics.json", entries)

    first, second = decoded.body
    assert (first.measured_utc, first.utc_offset_s) == (
        datetime(2024, 1, 2, 12, 5, tzinfo=UTC),
        -5 * 3600,
    )
    assert (first.weight_kg, first.bone_mass_kg, first.muscle_mass_kg) == (77.45, 3.41, 33.8)
    assert (first.body_fat_pct, first.water_pct, first.bmi) == (18.2, 56.3, 24.1)
    assert (second.measured_utc, second.utc_offset_s) == (
        datetime(2024, 1, 6, 13, tzinfo=UTC),
        None,
    )
    assert (second.weight_kg, second.body_fat_pct, second.bmi) == (77.1, None, None)
    assert decoded.notes == (
        "left out entries without a weight (VO2 max, height and such): 1 (the first: entry 2)",
    )


@pytest.mark.parametrize(
    ("records", "reason"),
    [
        (
            [
                {
                    "calendarDate": "2024-01-02",
                    "sleepStartTimestampGMT": "2024-01-02T03:47:00.0",
                    "sleepEndTimestampGMT": 12,
                }
            ],
            "night of 2024-01-02.sleepEndTimestampGMT is the number 12, not a time",
        ),
        (
            [{"calendarDate": "2024-01-02", "sleepStartTimestampGMT": "2024-01-02T03:47:00.0"}],
            "night of 2024-01-02 has no 'sleepEndTimestampGMT'",
        ),
        (
            [{"calendarDate": "2 Jan", "sleepStartTimestampGMT": "2024-01-02T03:47:00.0"}],
            "entry 1.calendarDate is the string '2 Jan', not a day such as 2024-01-02",
        ),
        (
            [
                {
                    "calendarDate": "2024-01-02",
                    "sleepStartTimestampGMT": "2024-01-02T03:47:00.0",
                    "sleepEndTimestampGMT": "2024-01-02T11:12:00.0",
                    "deepSleepSeconds": "lots",
                }
            ],
            "night of 2024-01-02.deepSleepSeconds is the string 'lots', not a number",
        ),
        ({"sleep": []}, "not a Garmin export sleep JSON file: its top level is an object"),
        ('[{"calendarDate": "2024-01-02", "sleepStart', "not valid JSON"),
    ],
)
def test_a_wrong_record_is_rejected_naming_it(write_file, records, reason):
    with pytest.raises(Unimportable, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode(write_file, "123_sleepData.json", records)

"""Daily summaries from `UDSFile_*.json` (DI-Connect-Aggregator): resting heart rate and the day's average
stress, each day with its own UTC offset (its local start minus its GMT start)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers import Wellness
from runlift.importers.notes import Notes
from runlift_garminexport.fields import Record, plausible_offset, start_of


def read_days(values: list[Any], zone: ZoneInfo, notes: Notes) -> list[Wellness]:
    """One reading per day that has a resting heart rate or an average stress level, dated at the day's
    start; days without either are left out, with a note."""
    readings = []
    for index, value in enumerate(values):
        record = Record(value, f"entry {index + 1}")
        day = record.day()
        record.where = f"day {day}"
        if record.data.get("includesWellnessData") is False:
            notes.add("days the watch was not worn", str(day))
            continue
        start = record.gmt("wellnessStartTimeGmt")
        local = record.stamp("wellnessStartTimeLocal")
        offset = None
        if start is not None and local is not None:
            offset = plausible_offset((local - start.replace(tzinfo=None)).total_seconds())
        resting = record.positive("restingHeartRate") or record.positive(
            "currentDayRestingHeartRate"
        )
        stress = _stress(record)
        if resting is None and stress is None:
            notes.add("days without a resting heart rate or stress level", str(day))
            continue
        if start is None or offset is None:  # the day's start in the athlete's zone
            start, offset = start_of(day, zone), None
        readings.append(
            Wellness(measured_utc=start, utc_offset_s=offset, resting_hr_bpm=resting, stress=stress)
        )
    return readings


def _stress(record: Record) -> float | None:
    """The day's average stress level (the TOTAL aggregate); Garmin writes -1 or -2 for no data."""
    stress = record.record("allDayStress")
    if stress is None:
        return None
    for index, value in enumerate(stress.array("aggregatorList")):
        aggregate = Record(value, f"{stress.where}.aggregatorList[{index}]")
        if aggregate.text("type") == "TOTAL":
            level = aggregate.number("averageStressLevel")
            return level if level is not None and level >= 0 else None
    return None

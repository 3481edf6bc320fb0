"""Nightly HRV from `*_healthStatusData.json` (DI-Connect-Wellness, the Health Status widget): the `HRV`
metric's value, RMSSD in milliseconds, on the day Garmin dated it."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers import Wellness
from runlift.importers.notes import Notes
from runlift_garminexport.fields import Record, offset_on, start_of


def read_hrv(values: list[Any], zone: ZoneInfo, notes: Notes) -> list[Wellness]:
    """One reading per day with an HRV value; days without one (the first weeks' "ONBOARDING" carry none)
    are left out, with a note."""
    readings = []
    for index, value in enumerate(values):
        record = Record(value, f"entry {index + 1}")
        day = record.day()
        record.where = f"day {day}"
        hrv = None
        for position, metric in enumerate(record.array("metrics")):
            item = Record(metric, f"{record.where}.metrics[{position}]")
            if item.text("type") == "HRV":
                hrv = item.positive("value")
                break
        if hrv is None:
            notes.add("days without an HRV value", str(day))
            continue
        when = record.gmt("createTimestampUTC") or record.gmt("timestamp")
        offset = None if when is None else offset_on(when, day, zone)
        if (
            when is None or offset is None
        ):  # no time, or one Garmin did not date by: the day's start
            when, offset = start_of(day, zone), None
        readings.append(Wellness(measured_utc=when, utc_offset_s=offset, hrv_rmssd_ms=hrv))
    return readings

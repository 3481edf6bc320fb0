"""Reads a workout's summary (version 2, and the legacy version 1 fields) as an Activity without samples."""

from __future__ import annotations

from runlift.importers import Activity, Unimportable
from runlift.importers.json import describe
from runlift_healthautoexport.fields import Record
from runlift_healthautoexport.sports import sport_of
from runlift_healthautoexport.units import factor


def read_workout(value: object, index: int) -> Activity:
    record = Record(value, f"workouts[{index}]")
    name = record.text("name", required=True)
    assert name is not None
    record = Record(value, f"workouts[{index}] ({name})")
    start, end = record.moment("start"), record.moment("end")
    if end.utc < start.utc:
        raise Unimportable(f"{record.where} ends before it starts")
    elapsed = (end.utc - start.utc).total_seconds()
    indoor = record.data.get("isIndoor")
    if indoor is not None and not isinstance(indoor, bool):
        raise Unimportable(f"{record.where}.isIndoor is {describe(indoor)}, not true or false")
    sport, sub_sport = sport_of(name, indoor=indoor is True)
    # `duration` is HealthKit's: the time the workout ran, pauses left out.
    moving = record.number("duration")
    elevation = record.record("elevation")  # version 1: {"ascent", "descent", "units"}
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start.utc,
        utc_offset_s=start.offset_s,
        elapsed_s=elapsed,
        moving_s=moving if moving is not None and 0 <= moving <= elapsed + 1 else None,
        distance_m=_measured(record, "distance", "distance (m)"),
        avg_hr_bpm=_heart_rate(record, "avg"),
        max_hr_bpm=_heart_rate(record, "max"),
        avg_cadence_spm=_measured(record, "stepCadence", "cadence (steps/min)"),
        avg_speed_mps=_measured(record, "avgSpeed", "speed (m/s)"),
        elevation_gain_m=_measured(record, "elevationUp", "elevation (m)")
        if elevation is None
        else _elevation(elevation, "ascent"),
        elevation_loss_m=_measured(record, "elevationDown", "elevation (m)")
        if elevation is None
        else _elevation(elevation, "descent"),
        calories_kcal=_energy(record),
    )


def _measured(record: Record, key: str, kind: str) -> float | None:
    """A `{"qty", "units"}` field in runlift's unit; a negative quantity is a gap."""
    found = record.quantity(key)
    if found is None:
        return None
    qty, units = found
    value = qty * factor(kind, units, f"{record.where}.{key}")
    return value if value >= 0 else None


def _heart_rate(record: Record, which: str) -> float | None:
    """Version 2's `heartRate.{min,avg,max}`, else `avgHeartRate` / `maxHeartRate`."""
    summary = record.record("heartRate")
    if summary is not None and summary.has(which):
        return _measured(summary, which, "heart rate (bpm)")
    return _measured(record, f"{which}HeartRate", "heart rate (bpm)")


def _energy(record: Record) -> float | None:
    """Active energy: version 2's `activeEnergyBurned`, else version 1's `activeEnergy` object (version 2
    uses that name for a per-minute series, which is not read)."""
    if record.has("activeEnergyBurned"):
        return _measured(record, "activeEnergyBurned", "energy (kcal)")
    if isinstance(record.data.get("activeEnergy"), dict):
        return _measured(record, "activeEnergy", "energy (kcal)")
    return None


def _elevation(elevation: Record, key: str) -> float | None:
    value = elevation.number(key)
    if value is None or value < 0:
        return None
    return value * factor("elevation (m)", elevation.text("units") or "m", elevation.where)

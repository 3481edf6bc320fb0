"""A `<Workout>` as an Activity without samples: its sport, times, distance, average heart rate, energy and
climb, from its statistics (exports of iOS 16 on) or its own attributes (older exports).

The local day comes from the workout's `HKTimeZone` when it has one (the zone it was recorded in), else the
offset its start date was written with. A route (`workout-routes/*.gpx`) is a GPX file of its own: the GPX
importer reads it, and the two are linked as one workout.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runlift.importers import Activity, Unimportable
from runlift.importers.xml import finite_number
from runlift_applehealth.dates import Moment, parse_moment
from runlift_applehealth.nodes import Node
from runlift_applehealth.units import convert

PREFIX = "HKWorkoutActivityType"
Sport = tuple[str, str | None]
# HKWorkoutActivityType names (developer.apple.com/documentation/healthkit/hkworkoutactivitytype) as FIT
# sport names; any other is "generic".
SPORTS: dict[str, Sport] = {
    "Running": ("running", None),
    "Walking": ("walking", None),
    "Hiking": ("hiking", None),
    "Cycling": ("cycling", None),
    "HandCycling": ("cycling", "hand_cycling"),
    "Swimming": ("swimming", None),
    "Rowing": ("rowing", None),
    "Elliptical": ("fitness_equipment", "elliptical"),
    "StairClimbing": ("fitness_equipment", "stair_climbing"),
    "Stairs": ("fitness_equipment", "stair_climbing"),
    "TraditionalStrengthTraining": ("training", "strength_training"),
    "FunctionalStrengthTraining": ("training", "strength_training"),
    "CoreTraining": ("training", None),
    "CrossTraining": ("training", None),
    "MixedCardio": ("training", "cardio_training"),
    "HighIntensityIntervalTraining": ("hiit", None),
    "Yoga": ("training", "yoga"),
    "Pilates": ("training", "pilates"),
    "Flexibility": ("training", "flexibility_training"),
    "CrossCountrySkiing": ("cross_country_skiing", None),
    "DownhillSkiing": ("alpine_skiing", None),
    "Snowboarding": ("snowboarding", None),
    "PaddleSports": ("paddling", None),
}
INDOORS = {"running": "treadmill", "walking": "indoor_walking", "cycling": "indoor_cycling"}
DISTANCES = (
    "HKQuantityTypeIdentifierDistanceWalkingRunning",
    "HKQuantityTypeIdentifierDistanceCycling",
    "HKQuantityTypeIdentifierDistanceSwimming",
)
_QUANTITY = re.compile(r"\s*([-+]?\d+(?:\.\d+)?)\s*(\S*)\s*")


def read_workout(element: Node, where: str) -> Activity:
    """The workout as an Activity; Unimportable naming it when a required date is not one."""
    a = element.attrib
    kind = a.get("workoutActivityType", "")
    name = kind.removeprefix(PREFIX)
    where = f"{where} ({name or 'no type'})"
    start, end = _moment(a, "startDate", where), _moment(a, "endDate", where)
    if end.utc < start.utc:
        raise Unimportable(f"{where} ends before it starts")
    meta = {
        m.attrib.get("key", ""): m.attrib.get("value", "") for m in element.findall("MetadataEntry")
    }
    stats = {s.attrib.get("type", ""): s.attrib for s in element.findall("WorkoutStatistics")}
    sport, sub_sport = SPORTS.get(name, ("generic", None))
    if meta.get("HKIndoorWorkout") == "1" and sub_sport is None:
        sub_sport = INDOORS.get(sport)
    elapsed = (end.utc - start.utc).total_seconds()
    moving = _duration_s(a)
    heart = stats.get("HKQuantityTypeIdentifierHeartRate", {})
    energy = stats.get("HKQuantityTypeIdentifierActiveEnergyBurned")
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start.utc,
        utc_offset_s=_offset(meta.get("HKTimeZone"), start),
        elapsed_s=elapsed,
        moving_s=moving if moving is not None and 0 <= moving <= elapsed + 1 else None,
        distance_m=_distance(a, stats),
        avg_hr_bpm=_number(heart.get("average")),
        max_hr_bpm=_number(heart.get("maximum")),
        calories_kcal=_energy(a, energy),
        elevation_gain_m=_metadata_quantity(meta.get("HKElevationAscended"), "elevation (m)"),
        elevation_loss_m=_metadata_quantity(meta.get("HKElevationDescended"), "elevation (m)"),
        title=None,
    )


def _moment(attrib: dict[str, str], key: str, where: str) -> Moment:
    text = attrib.get(key)
    moment = parse_moment(text) if text is not None else None
    if moment is None:
        shown = "missing" if text is None else f"{text!r}"
        raise Unimportable(
            f"{where}: {key} is {shown}, not a date such as 2024-01-02 07:30:00 +0100"
        )
    return moment


def _offset(zone: str | None, start: Moment) -> int:
    """The offset of the workout's own zone at its start, else the one its start was written with."""
    if zone:
        try:
            local = start.utc.astimezone(ZoneInfo(zone)).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):
            local = None
        if local is not None:
            return int(local.total_seconds())
    return start.offset_s


def _number(text: str | None) -> float | None:
    """An attribute as a finite number of zero or more; None for missing, malformed or negative ones."""
    value = finite_number(text)
    return value if value is not None and value >= 0 else None


def _quantity(
    attrib: dict[str, str], key: str, unit_key: str, unit: str, kind: str
) -> float | None:
    """`attrib[key]` in the unit `attrib[unit_key]` (default `unit`), as runlift's unit of `kind`."""
    value = _number(attrib.get(key))
    return None if value is None else convert(value, attrib.get(unit_key, unit), kind)


def _duration_s(attrib: dict[str, str]) -> float | None:
    return _quantity(attrib, "duration", "durationUnit", "min", "duration (s)")


def _distance(attrib: dict[str, str], stats: dict[str, Any]) -> float | None:
    """The distance statistic's sum (iOS 16 on), else the workout's `totalDistance` (older exports)."""
    for kind in DISTANCES:
        if kind in stats and _number(stats[kind].get("sum")) is not None:
            return _quantity(stats[kind], "sum", "unit", "km", "distance (m)")
    return _quantity(attrib, "totalDistance", "totalDistanceUnit", "km", "distance (m)")


def _energy(attrib: dict[str, str], stats: dict[str, str] | None) -> float | None:
    """The active energy statistic's sum (iOS 16 on), else the workout's `totalEnergyBurned`."""
    if stats is not None and _number(stats.get("sum")) is not None:
        return _quantity(stats, "sum", "unit", "kcal", "energy (kcal)")
    return _quantity(attrib, "totalEnergyBurned", "totalEnergyBurnedUnit", "kcal", "energy (kcal)")


def _metadata_quantity(text: str | None, kind: str) -> float | None:
    """A metadata value with its unit inside ("4180 cm")."""
    if not text:
        return None
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return None
    value = _number(match.group(1))
    return None if value is None else convert(value, match.group(2) or "m", kind)

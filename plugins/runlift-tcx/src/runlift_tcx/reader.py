"""Streams a TCX file through ElementTree's iterparse into plain records: activities, laps, trackpoints.

Each trackpoint is read when its end tag arrives and then cleared, so a long activity never sits in memory
as an element tree. Elements are matched by local name: writers bind the ActivityExtension namespace to any
prefix (ns3, ext) or declare it as a default namespace on the element itself (Strava, Movescount).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

from runlift.importers import Unimportable
from runlift.importers.values import DURATION_S
from runlift.importers.xml import ends_early, finite_number


@dataclass
class Point:
    """One Trackpoint; cadence raw as written (per leg when running)."""

    time: datetime | None
    altitude_m: float | None = None
    distance_m: float | None = None
    heart_rate_bpm: float | None = None
    cadence: float | None = None
    speed_mps: float | None = None
    latitude_deg: float | None = None
    longitude_deg: float | None = None


@dataclass
class LapRecord:
    """One Lap's summary as written, and its trackpoints; cadences raw."""

    start: datetime | None
    total_time_s: float | None = None
    distance_m: float | None = None
    calories_kcal: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence: float | None = None
    max_cadence: float | None = None
    avg_speed_mps: float | None = None
    points: list[Point] = field(default_factory=list)


@dataclass
class ActivityRecord:
    """One Activity element: its Sport attribute, Id, Notes, Creator device and laps."""

    sport: str | None
    id_time: datetime | None = None
    notes: str | None = None
    creator: str | None = None
    unit_id: str | None = None
    laps: list[LapRecord] = field(default_factory=list)


@dataclass
class TcxFile:
    """What a TCX file holds. `damage` says where reading stopped early, when the XML broke off."""

    activities: list[ActivityRecord] = field(default_factory=list)
    courses: int = 0
    workouts: int = 0
    author: str | None = None
    damage: str | None = None
    truncated: bool = False  # the XML stops where the file ends (it may still be being written)


def read_tcx(path: Path) -> TcxFile:
    """Everything `path` holds; an XML error ends the reading and keeps what came before it."""
    out = TcxFile()
    stack: list[str] = []
    activity: ActivityRecord | None = None
    lap: LapRecord | None = None
    try:
        for event, element in iterparse(path, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                parent = stack[-1] if stack else None
                stack.append(name)
                if name == "Activity" and parent in _ACTIVITY_PARENTS:
                    activity = ActivityRecord(sport=element.get("Sport"))
                elif name == "Lap" and parent == "Activity" and activity is not None:
                    lap = LapRecord(start=parse_time(element.get("StartTime")))
                    activity.laps.append(lap)
                elif name == "Course" and parent == "Courses":
                    out.courses += 1
                elif name == "Workout" and parent == "Workouts":
                    out.workouts += 1
                continue
            stack.pop()
            parent = stack[-1] if stack else None
            if name == "Trackpoint":
                if lap is not None:
                    lap.points.append(_point(element))
                element.clear()
            elif name == "Lap":
                lap = None
                element.clear()
            elif name == "Activity" and activity is not None:
                out.activities.append(activity)
                activity = lap = None
                element.clear()
            elif parent == "Lap" and lap is not None:
                _lap_field(lap, name, element)
            elif parent == "Activity" and activity is not None:
                _activity_field(activity, name, element)
            elif name == "Author" and parent == "TrainingCenterDatabase":
                out.author = _text(_child(element, "Name"))
            elif name in ("Course", "Workout"):
                element.clear()
    except ParseError as exc:
        line, column = exc.position
        out.damage = f"the XML breaks off at line {line}, column {column}"
        out.truncated = ends_early(exc)
        if activity is not None:
            out.activities.append(activity)
    except LookupError as exc:  # expat knows no such encoding as the XML declaration names
        raise Unimportable(f"not a readable TCX file: {exc}") from None
    return out


def parse_time(text: str | None) -> datetime | None:
    """An xsd:dateTime as aware UTC; None when absent or unreadable.

    TCX times are UTC: Garmin's schema says so and every writer adds "Z". One written without an offset
    is UTC that lost its "Z", not local time, so it is never shifted by the athlete's time zone. A time
    its offset moves beyond year 1 or 9999 is unreadable too.
    """
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


_ACTIVITY_PARENTS = frozenset({"Activities", "FirstSport", "NextSport"})


def _point(element: Element) -> Point:
    point = Point(time=None)
    for child in element:
        name = _local(child.tag)
        if name == "Time":
            point.time = parse_time(child.text)
        elif name == "AltitudeMeters":
            point.altitude_m = finite_number(child.text)
        elif name == "Position":
            point.latitude_deg = finite_number(_text(_child(child, "LatitudeDegrees")))
            point.longitude_deg = finite_number(_text(_child(child, "LongitudeDegrees")))
        elif name == "DistanceMeters":
            point.distance_m = finite_number(child.text)
        elif name == "HeartRateBpm":
            point.heart_rate_bpm = finite_number(_text(_child(child, "Value")))
        elif name == "Cadence":
            point.cadence = finite_number(child.text)
        elif name == "Extensions":
            for item in child.iter():
                item_name = _local(item.tag)
                if item_name == "Speed":
                    point.speed_mps = finite_number(item.text)
                elif item_name == "RunCadence" and point.cadence is None:
                    point.cadence = finite_number(item.text)
    return point


def _lap_field(lap: LapRecord, name: str, element: Element) -> None:
    if name == "TotalTimeSeconds":
        seconds = finite_number(element.text)
        # A lap longer than a week is a corrupt field, and would overflow date arithmetic.
        lap.total_time_s = DURATION_S.keep(seconds)
    elif name == "DistanceMeters":
        lap.distance_m = finite_number(element.text)
    elif name == "Calories":
        lap.calories_kcal = finite_number(element.text)
    elif name == "AverageHeartRateBpm":
        lap.avg_hr_bpm = finite_number(_text(_child(element, "Value")))
    elif name == "MaximumHeartRateBpm":
        lap.max_hr_bpm = finite_number(_text(_child(element, "Value")))
    elif name == "Cadence":
        lap.avg_cadence = finite_number(element.text)
    elif name == "Extensions":
        for item in element.iter():
            item_name = _local(item.tag)
            if item_name == "AvgSpeed":
                lap.avg_speed_mps = finite_number(item.text)
            elif item_name == "AvgRunCadence" and lap.avg_cadence is None:
                lap.avg_cadence = finite_number(item.text)
            elif item_name in ("MaxRunCadence", "MaxBikeCadence"):
                lap.max_cadence = finite_number(item.text)


def _activity_field(activity: ActivityRecord, name: str, element: Element) -> None:
    if name == "Id":
        activity.id_time = parse_time(element.text)
    elif name == "Notes":
        activity.notes = _text(element)
    elif name == "Creator":
        activity.creator = _text(_child(element, "Name"))
        activity.unit_id = _text(_child(element, "UnitId"))


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]

"""Test-data builders: real corpus FIT sessions rewritten as the GPX, TCX and Hevy CSV other apps export."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import fitdecode
import gpxpy.gpx
from fitdecode import profile

from runlift.demo.hevy import HEVY_COLUMNS

TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TCX_EXT_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
LB_KG = 0.45359237
SEMICIRCLE_DEG = 180 / 2**31

# Hevy-style exercise titles for FIT exercise categories (Hevy's own library names, as in the corpus's
# Hevy export). A category missing here falls back to its FIT name in title case.
HEVY_NAMES: dict[str, str] = {
    "bench_press": "Bench Press (Barbell)",
    "calf_raise": "Standing Calf Raise (Machine)",
    "cardio": "Jump Rope",
    "carry": "Farmers Walk",
    "chop": "Cable Woodchop",
    "core": "Plank",
    "crunch": "Crunch",
    "curl": "Bicep Curl (Barbell)",
    "deadlift": "Deadlift (Barbell)",
    "flye": "Chest Fly (Dumbbell)",
    "hip_raise": "Glute Bridge",
    "hip_stability": "Clamshell",
    "hip_swing": "Kettlebell Swing",
    "hyperextension": "Back Extension (Hyperextension)",
    "lateral_raise": "Lateral Raise (Dumbbell)",
    "leg_curl": "Lying Leg Curl (Machine)",
    "leg_raise": "Lying Leg Raise",
    "lunge": "Lunge (Dumbbell)",
    "olympic_lift": "Power Clean",
    "plank": "Plank",
    "plyo": "Box Jump",
    "pull_up": "Pull Up",
    "push_up": "Push Up",
    "row": "Bent Over Row (Barbell)",
    "shoulder_press": "Overhead Press (Barbell)",
    "shoulder_stability": "Face Pull",
    "shrug": "Shrug (Dumbbell)",
    "sit_up": "Sit Up",
    "squat": "Squat (Barbell)",
    "total_body": "Burpee",
    "triceps_extension": "Triceps Pushdown",
    "warm_up": "Warm Up",
}
# What the athlete logged in Hevy for a set the watch could not recognise: Hevy has no "unknown".
UNKNOWN_STAND_IN = "Lateral Raise (Dumbbell)"
UNKNOWN = "unknown"

# Hevy writes English month abbreviations whatever the locale, so strftime's %b (locale-bound) is not used.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CATEGORIES: dict[int, str] = dict(profile.FIELD_TYPES["exercise_category"].enum)
_UNKNOWN_CATEGORY = 65534
_TCX_TRIGGERS = {
    "manual": "Manual",
    "time": "Time",
    "distance": "Distance",
    "position_start": "Location",
    "position_lap": "Location",
    "position_waypoint": "Location",
    "position_marked": "Location",
    "session_end": "Manual",
    "fitness_equipment": "Manual",
}


# --- reading the FIT original -------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    time: datetime
    lat: float | None
    lon: float | None
    altitude_m: float | None
    distance_m: float | None
    heart_rate: int | None
    cadence: int | None


@dataclass(frozen=True)
class _Session:
    start: datetime
    elapsed_s: float
    sport: str
    sub_sport: str | None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed_s)

    @property
    def last_second(self) -> datetime:
        """The end rounded up: the last record may fall in the final fraction (2970.282 s ends at :07)."""
        return self.start + timedelta(seconds=math.ceil(self.elapsed_s))


@dataclass(frozen=True)
class _Set:
    start: datetime
    category: str
    exercise: str
    reps: int | None
    weight_kg: float | None


@dataclass
class _Fit:
    """The parts of a FIT file (chained files merged) the builders copy."""

    records: list[_Record] = field(default_factory=list)
    sessions: list[_Session] = field(default_factory=list)
    laps: list[dict[str, Any]] = field(default_factory=list)
    sets: list[_Set] = field(default_factory=list)
    sport_name: str | None = None


def _messages(path: Path) -> Iterator[fitdecode.FitDataMessage]:
    with fitdecode.FitReader(path) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                yield frame


def _value(message: fitdecode.FitDataMessage, *names: str) -> Any:
    """The first of `names` the message carries a value for (enhanced_* before the plain field)."""
    for name in names:
        value = message.get_value(name, fallback=None)
        if value is not None:
            return value
    return None


def _read_fit(path: Path) -> _Fit:
    fit = _Fit()
    for message in _messages(path):
        if message.name == "record":
            _add_record(fit, message)
        elif message.name == "session":
            start, elapsed = _value(message, "start_time"), _value(message, "total_elapsed_time")
            if isinstance(start, datetime) and elapsed is not None:
                sub = _value(message, "sub_sport")
                fit.sessions.append(
                    _Session(start, float(elapsed), str(_value(message, "sport")), sub and str(sub))
                )
        elif message.name == "lap":
            fit.laps.append({f.name: f.value for f in message.fields if f.value is not None})
        elif message.name == "set" and _value(message, "set_type") == "active":
            _add_set(fit, message)
        elif message.name == "sport" and fit.sport_name is None:
            fit.sport_name = _value(message, "name")
    fit.records.sort(key=lambda r: r.time)
    fit.sessions.sort(key=lambda s: s.start)
    return fit


def _add_record(fit: _Fit, message: fitdecode.FitDataMessage) -> None:
    time = _value(message, "timestamp")
    if not isinstance(time, datetime):
        return
    lat, lon = _value(message, "position_lat"), _value(message, "position_long")
    fit.records.append(
        _Record(
            time=time,
            lat=lat * SEMICIRCLE_DEG if lat is not None else None,
            lon=lon * SEMICIRCLE_DEG if lon is not None else None,
            altitude_m=_value(message, "enhanced_altitude", "altitude"),
            distance_m=_value(message, "distance"),
            heart_rate=_value(message, "heart_rate"),
            cadence=_value(message, "cadence"),
        )
    )


def _add_set(fit: _Fit, message: fitdecode.FitDataMessage) -> None:
    start = _value(message, "start_time")
    if not isinstance(start, datetime):
        # Some watches leave start_time out; the set ended at its timestamp, `duration` earlier it began.
        stamp, duration = _value(message, "timestamp"), _value(message, "duration")
        if not isinstance(stamp, datetime) or duration is None:
            return
        start = stamp - timedelta(seconds=float(duration))
    category, exercise = _exercise(
        message.get_value("category", fallback=None),
        message.get_value("category_subtype", fallback=None),
    )
    reps, weight = _value(message, "repetitions"), _value(message, "weight")
    fit.sets.append(
        _Set(
            start,
            category,
            exercise,
            int(reps) if reps is not None else None,
            float(weight) if weight is not None else None,
        )
    )


def _exercise(category: Any, subtype: Any) -> tuple[str, str]:
    """(category name, FIT profile exercise name) of a set: the watch's first (shown) guess."""
    first = category[0] if isinstance(category, tuple) else category
    sub = subtype[0] if isinstance(subtype, tuple) else subtype
    if not isinstance(first, int) or first == _UNKNOWN_CATEGORY:
        return UNKNOWN, UNKNOWN
    name = _CATEGORIES.get(first, f"category_{first}")
    names = profile.FIELD_TYPES.get(f"{name}_exercise_name")
    exercise = names.enum.get(sub) if names is not None and names.enum and sub is not None else None
    return name, exercise if isinstance(exercise, str) else name


def _session_of(fit: _Fit, fit_path: Path) -> _Session:
    if not fit.sessions:
        raise ValueError(f"{fit_path} holds no session message to copy")
    return fit.sessions[0]


# --- GPX --------------------------------------------------------------------------------------


def fit_run_to_gpx(
    fit_path: Path,
    out: Path,
    *,
    shift_hours: int = 0,
    naive: bool = False,
    with_heart_rate: bool = True,
    creator: str = "runlift-tests",
) -> Path:
    """Write the FIT run's records as the GPX 1.1 track another app would export, and return `out`.

    Positions go from semicircles to degrees; heart rate and cadence (per leg, as the FIT has it) go into
    Garmin TrackPointExtension v1 `<gpxtpx:hr>`/`<gpxtpx:cad>`. `shift_hours` adds whole hours to every
    time while still labelling it UTC, as an app that took local time for UTC would; `naive` drops the
    "Z". The track holds the first session's records (a multisport file's first leg); records without
    a position are left out, but the track starts and ends at the session's start and end (at the
    nearest known position, without sensor values) so its duration is the session's.
    """
    return _write_gpx(
        fit_path,
        out,
        shift=timedelta(hours=shift_hours),
        naive=naive,
        with_heart_rate=with_heart_rate,
        creator=creator,
    )


def two_runs_minutes_apart(fit_path: Path, out_dir: Path, minutes: int) -> tuple[Path, Path]:
    """Two GPX files of the same FIT run, the second `minutes` later: distinct sessions that look alike."""
    out_dir.mkdir(parents=True, exist_ok=True)
    first = _write_gpx(fit_path, out_dir / f"{fit_path.stem}.gpx", shift=timedelta(0))
    second = _write_gpx(
        fit_path, out_dir / f"{fit_path.stem}+{minutes}min.gpx", shift=timedelta(minutes=minutes)
    )
    return first, second


def _write_gpx(
    fit_path: Path,
    out: Path,
    *,
    shift: timedelta,
    naive: bool = False,
    with_heart_rate: bool = True,
    creator: str = "runlift-tests",
) -> Path:
    fit = _read_fit(fit_path)
    session = _session_of(fit, fit_path)
    gpx = gpxpy.gpx.GPX()
    gpx.creator = creator
    gpx.nsmap["gpxtpx"] = TPX_NS
    track = gpxpy.gpx.GPXTrack(name=f"{fit_path.stem}", description=None)
    # Garmin Connect's activity-type keys match FIT sport names, and the GPX plugin reads those.
    # (gpxpy declares `type` as None-only, though it writes any string it holds.)
    track.type = session.sport  # type: ignore[assignment]
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    gpx.tracks.append(track)
    for record in _track_records(fit.records, session):
        time = record.time + shift
        # Rounded as apps write them (7 decimals is about 1 cm; FIT altitude resolves 0.2 m).
        point = gpxpy.gpx.GPXTrackPoint(
            latitude=round(record.lat, 7) if record.lat is not None else None,
            longitude=round(record.lon, 7) if record.lon is not None else None,
            elevation=round(record.altitude_m, 1) if record.altitude_m is not None else None,
            time=time.replace(tzinfo=None) if naive else time,
        )
        extension = _tpx(record.heart_rate if with_heart_rate else None, record.cadence)
        if extension is not None:
            point.extensions.append(extension)
        segment.points.append(point)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(gpx.to_xml(version="1.1"), encoding="utf-8")
    return out


def _track_records(records: list[_Record], session: _Session) -> list[_Record]:
    """The positioned records within the session, padded to its first and last second.

    A GPX point must have a position, so a session edge without a positioned record gets a point at the
    nearest position, without sensor values: duration then agrees with the FIT session's.
    """
    end = session.start + timedelta(seconds=round(session.elapsed_s))
    placed = [
        r
        for r in records
        if r.lat is not None
        and r.lon is not None
        and session.start <= r.time <= session.last_second
    ]
    if not placed:
        raise ValueError("the FIT session has no positioned records to write as a track")
    first, last = placed[0], placed[-1]
    if first.time > session.start:
        placed.insert(
            0, _Record(session.start, first.lat, first.lon, first.altitude_m, 0.0, None, None)
        )
    if last.time < end:
        placed.append(
            _Record(end, last.lat, last.lon, last.altitude_m, last.distance_m, None, None)
        )
    return placed


def _tpx(heart_rate: int | None, cadence: int | None) -> ET.Element | None:
    if heart_rate is None and cadence is None:
        return None
    extension = ET.Element(f"{{{TPX_NS}}}TrackPointExtension")
    if heart_rate is not None:
        ET.SubElement(extension, f"{{{TPX_NS}}}hr").text = str(heart_rate)
    if cadence is not None:
        ET.SubElement(extension, f"{{{TPX_NS}}}cad").text = str(cadence)
    return extension


# --- TCX --------------------------------------------------------------------------------------


def fit_run_to_tcx(
    fit_path: Path, out: Path, *, shift_hours: int = 0, with_heart_rate: bool = True
) -> Path:
    """Write the FIT run as a Garmin TCX v2 Activity (Sport="Running") with one Lap per FIT lap; return `out`.

    Laps carry StartTime, TotalTimeSeconds (timer time, as Garmin writes it), DistanceMeters, Calories,
    heart rate, Intensity and TriggerMethod; trackpoints carry Time, Position, AltitudeMeters,
    DistanceMeters, HeartRateBpm and the run cadence (per leg) in Garmin's ActivityExtension, where
    Garmin Connect puts it for runs (<Cadence> is the bike's crank cadence). `shift_hours` adds whole hours
    to every time, still labelled UTC.
    """
    fit = _read_fit(fit_path)
    session = _session_of(fit, fit_path)
    shift = timedelta(hours=shift_hours)
    # Namespaces as literal xmlns attributes and prefixed tags, as Garmin writes them: ElementTree's own
    # handling would need register_namespace (global state) and rejects unqualified attributes.
    root = ET.Element("TrainingCenterDatabase", {"xmlns": TCX_NS, "xmlns:ns3": TCX_EXT_NS})
    activity = ET.SubElement(ET.SubElement(root, "Activities"), "Activity")
    activity.set("Sport", "Running")
    ET.SubElement(activity, "Id").text = _iso(session.start + shift)
    laps = [lap for lap in fit.laps if isinstance(lap.get("start_time"), datetime)]
    laps.sort(key=lambda lap: lap["start_time"])
    records = [r for r in fit.records if session.start <= r.time <= session.last_second]
    for index, lap in enumerate(laps):
        until = laps[index + 1]["start_time"] if index + 1 < len(laps) else None
        inside = [
            r for r in records if r.time >= lap["start_time"] and (until is None or r.time < until)
        ]
        _tcx_lap(activity, lap, inside, shift, with_heart_rate)
    ET.indent(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)
    return out


def _tcx_lap(
    activity: ET.Element,
    lap: dict[str, Any],
    records: list[_Record],
    shift: timedelta,
    with_heart_rate: bool,
) -> None:
    element = ET.SubElement(activity, "Lap")
    element.set("StartTime", _iso(lap["start_time"] + shift))
    seconds = lap.get("total_timer_time", lap.get("total_elapsed_time", 0.0))
    # The element order is the schema's: TotalTimeSeconds, DistanceMeters, Calories, HR, Intensity, ...
    ET.SubElement(element, "TotalTimeSeconds").text = f"{float(seconds):.3f}"
    ET.SubElement(element, "DistanceMeters").text = f"{float(lap.get('total_distance', 0)):.2f}"
    ET.SubElement(element, "Calories").text = str(int(lap.get("total_calories", 0)))
    if with_heart_rate:
        for tag, key in (
            ("AverageHeartRateBpm", "avg_heart_rate"),
            ("MaximumHeartRateBpm", "max_heart_rate"),
        ):
            if key in lap:
                ET.SubElement(ET.SubElement(element, tag), "Value").text = str(int(lap[key]))
    intensity = "Resting" if lap.get("intensity") == "rest" else "Active"
    ET.SubElement(element, "Intensity").text = intensity
    trigger = _TCX_TRIGGERS.get(str(lap.get("lap_trigger")), "Manual")
    ET.SubElement(element, "TriggerMethod").text = trigger
    track = ET.SubElement(element, "Track")
    for record in records:
        _trackpoint(track, record, shift, with_heart_rate)


def _trackpoint(
    track: ET.Element, record: _Record, shift: timedelta, with_heart_rate: bool
) -> None:
    point = ET.SubElement(track, "Trackpoint")
    ET.SubElement(point, "Time").text = _iso(record.time + shift)
    if record.lat is not None and record.lon is not None:
        position = ET.SubElement(point, "Position")
        ET.SubElement(position, "LatitudeDegrees").text = f"{record.lat:.7f}"
        ET.SubElement(position, "LongitudeDegrees").text = f"{record.lon:.7f}"
    if record.altitude_m is not None:
        ET.SubElement(point, "AltitudeMeters").text = f"{record.altitude_m:.1f}"
    if record.distance_m is not None:
        ET.SubElement(point, "DistanceMeters").text = f"{record.distance_m:.2f}"
    if with_heart_rate and record.heart_rate is not None:
        heart = ET.SubElement(point, "HeartRateBpm")
        ET.SubElement(heart, "Value").text = str(record.heart_rate)
    if record.cadence is not None:
        extension = ET.SubElement(ET.SubElement(point, "Extensions"), _ext("TPX"))
        ET.SubElement(extension, _ext("RunCadence")).text = str(record.cadence)


def _ext(name: str) -> str:
    return f"ns3:{name}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + (
        f".{moment.microsecond // 1000:03d}Z" if moment.microsecond else "Z"
    )


# --- Hevy CSV ---------------------------------------------------------------------------------


def strength_fit_to_hevy(
    fit_path: Path,
    out: Path,
    *,
    time_zone: str = "UTC",
    shift_minutes: int = 0,
    names: Mapping[str, str] | None = None,
    rpe: float | None = 8.0,
    weight_unit: Literal["kg", "lbs"] = "kg",
    warmups: bool = False,
) -> Path:
    """Write the FIT strength session(s) as Hevy's "Export workouts" CSV would hold them; return `out`.

    One row per active set: Hevy lists each exercise's sets together (in the order the exercises were
    first done), with set_index counting within the exercise. Exercise titles are Hevy-style names from
    the FIT category (HEVY_NAMES); `names` overrides them, keyed by FIT profile exercise name or category
    name ("barbell_deadlift", "deadlift", "unknown"). Sets the watch did not recognise become
    UNKNOWN_STAND_IN: in Hevy the athlete named them. Start and end times are local wall-clock times in
    `time_zone`, minutes only ("3 Jul 2024, 15:36", seconds dropped as Hevy does), moved by
    `shift_minutes`. `rpe` fills every working set's rpe (None leaves it empty); `weight_unit` picks
    weight_kg or weight_lbs (and distance_km or distance_miles); `warmups` adds one warm-up row at half
    the weight before each exercise's first working set.
    """
    fit = _read_fit(fit_path)
    zone = ZoneInfo(time_zone)
    shift = timedelta(minutes=shift_minutes)
    workouts = [
        s for s in fit.sessions if s.sport == "training" or s.sub_sport == "strength_training"
    ]
    if not workouts:
        raise ValueError(f"{fit_path} holds no strength session")
    lines = [",".join(_header(weight_unit))]
    for session in workouts:
        sets = [s for s in fit.sets if session.start <= s.start <= session.end]
        title = fit.sport_name or "Strength Training"
        head = (
            title,
            _hevy_time(session.start + shift, zone),
            _hevy_time(session.end + shift, zone),
        )
        for exercise, set_index, set_type, fit_set, weight in _hevy_sets(sets, names, warmups):
            lines.append(
                _hevy_row(
                    [
                        *head,
                        "",
                        exercise,
                        None,
                        "",
                        set_index,
                        set_type,
                        _weight(weight, weight_unit),
                        fit_set.reps,
                        None,
                        0,
                        rpe if set_type == "normal" else None,
                    ]
                )
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    # Hevy writes UTF-8 with "\n" line ends.
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def hevy_name(
    category: str, exercise: str | None = None, names: Mapping[str, str] | None = None
) -> str:
    """The Hevy exercise title the builder writes for a FIT set of `category` (and profile `exercise`)."""
    names = names or {}
    if exercise is not None and exercise in names:
        return names[exercise]
    if category in names:
        return names[category]
    if category == UNKNOWN:
        return UNKNOWN_STAND_IN
    return HEVY_NAMES.get(category, category.replace("_", " ").title())


def _hevy_sets(
    sets: list[_Set], names: Mapping[str, str] | None, warmups: bool
) -> Iterator[tuple[str, int, str, _Set, float | None]]:
    """(title, set_index, set_type, FIT set, weight) per row, grouped by exercise as Hevy lists them."""
    by_exercise: dict[str, list[_Set]] = {}
    for fit_set in sets:
        by_exercise.setdefault(hevy_name(fit_set.category, fit_set.exercise, names), []).append(
            fit_set
        )
    for exercise, done in by_exercise.items():
        index = 0
        if warmups:
            first = done[0]
            half = None if first.weight_kg is None else math.floor(first.weight_kg / 5) * 2.5
            yield exercise, index, "warmup", first, half
            index += 1
        for fit_set in done:
            yield exercise, index, "normal", fit_set, fit_set.weight_kg
            index += 1


def _header(weight_unit: str) -> list[str]:
    columns = list(HEVY_COLUMNS)
    if weight_unit == "lbs":
        columns[columns.index("weight_kg")] = "weight_lbs"
        columns[columns.index("distance_km")] = "distance_miles"
    return [f'"{c}"' for c in columns]


def _weight(kg: float | None, unit: str) -> float | None:
    if kg is None or unit == "kg":
        return kg
    return round(kg / LB_KG, 2)


def _hevy_time(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def _hevy_row(cells: list[Any]) -> str:
    """Hevy's quoting: text quoted (even when empty), numbers bare, a missing number an empty cell."""
    out: list[str] = []
    for cell in cells:
        if cell is None:
            out.append("")
        elif isinstance(cell, str):
            out.append('"' + cell.replace('"', '""') + '"')
        elif isinstance(cell, float):
            # 14.0 as "14" and 62.5 as "62.5", the way Hevy writes numbers.
            out.append(f"{cell:.4f}".rstrip("0").rstrip("."))
        else:
            out.append(str(cell))
    return ",".join(out)


# --- pairs in the corpus ----------------------------------------------------------------------


def corpus_pairs() -> list[tuple[str, str, str]]:
    """Pairs of corpus files (paths relative to the corpus root) that hold the same session, and why.

    Checked by decoding both with the plugins: same start (to the second unless said), elapsed, distance
    and sport, or a stated, explained difference.
    """
    return [
        (
            "tcx/tcxparser__no_hr.tcx",
            "tcx/tcxparser__test.tcx",
            "same Forerunner 410 run (21:29:53Z, 1992.5 s, 4689 m); no_hr is test.tcx with the heart rate removed",
        ),
        (
            "fit/run/fitparse__Activity.fit",
            "fit/run/fitparse__activity-settings.fit",
            "same SDK run (13.7 s, 5.73 m); activity-settings chains an fr60 settings file after it",
        ),
        (
            "fit/run/fitparse__Activity.fit",
            "fit/invalid/fitparse__activity-filecrc.fit",
            "same SDK run; the copy has a bad file CRC and decodes salvaged with identical figures",
        ),
        (
            "fit/run/fitparse__Activity.fit",
            "fit/invalid/fitparse__activity-unexpected-eof.fit",
            "same SDK run; the copy is cut 3 bytes short and decodes salvaged with identical figures",
        ),
        (
            "fit/run/fitparse__activity-settings.fit",
            "fit/invalid/fitparse__activity-settings-corruptheader.fit",
            "same chained file with the settings file's header corrupted; the run decodes salvaged, identical",
        ),
        (
            "fit/run/fitparse__Activity.fit",
            "fit/other/muktihari-fit__activity_truncated.fit",
            "same 14 SDK records without positions, lap or session: rebuilt from records it reads "
            "generic/13.0 s/5.71 m against running/13.7 s/5.73 m",
        ),
        (
            "fit/other/FITfileR__garmin-fenix6-turbo.fit",
            "fit/other/FITfileR__zwift-turbo.fit",
            "one indoor ride recorded by a fenix 6 (3159.9 s, 0 m, HR 142) and by Zwift (3181 s, 28286 m, "
            "HR 141), same start second",
        ),
        (
            "fit/other/muktihari-fit__activity_poolswim.fit",
            "fit/other/muktihari-fit__chained_Activity_activity_poolswim.fit",
            "the chained file's second file is activity_poolswim byte for byte (840 s, 457.2 m); its first "
            "file is a paddleboard session with the same start instant, which is not this swim",
        ),
    ]


def corpus_distinct() -> list[tuple[str, str, str]]:
    """Pairs of corpus files close in time that hold different sessions, and why."""
    return [
        (
            "fit/run/fitparse__garmin-fenix-5-walk.fit",
            "fit/run/fitparse__garmin-fenix-5-run.fit",
            "same fenix 5 and route: a 45 s walk ends 33 s before a 57 s run starts",
        ),
        (
            "fit/other/fit-analyzer__20747700969_ACTIVITY.fit",
            "fit/strength/fit-analyzer__20748058539_ACTIVITY.fit",
            "same fr965: a 30 min indoor ride, then 4 min later (34 min after its start) a strength session",
        ),
        (
            "fit/other/fitparse__garmin-fenix-5-bike.fit",
            "fit/other/fitparse__garmin-edge-820-bike.fit",
            "one ride, two devices, but consecutive stretches: the fenix records 16:09:22-16:10:23Z, the "
            "Edge (on the fenix's HR broadcast) 16:10:15-16:11:20Z further north; they overlap 7 s of "
            "~60, so merging them would drop half the ride",
        ),
    ]

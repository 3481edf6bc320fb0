"""An Apple Health export (`export.zip` with `apple_health_export/export.xml` and `workout-routes/*.gpx`)
written the way the Health app writes it, with values drawn from a seeded RNG (nobody chose them). Used by
the Apple Health plugin's tests and by bench/apple_export_bench.py.

The shapes follow plugins/runlift-applehealth/README.md (its sources: Apple's documentation, public parsers
and excerpts of real exports): the internal DTD (iOS 16's malformed one on request), `<HealthData>`, then
`<ExportDate>`, `<Me>`, and records one per line with one space of indent; dates as
"2024-01-02 07:30:00 +0100"; per-minute heart rate with its motion context, a daily resting heart rate,
HRV as SDNN, watchOS 9 sleep stages (core, deep, REM, awake) beside the phone's "in bed", weigh-ins in kg
(or lb) with body fat as a fraction; workouts in the iOS 16 shape (statistics children, metadata with
units inside, a route file reference) and daily activity summaries.
"""

from __future__ import annotations

import math
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

WATCH = "Alex\u2019s Apple Watch"
PHONE = "Alex\u2019s iPhone"
DEVICE = (
    "<<HKDevice: 0x3012772a0>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch6,7, software:10.2>"
)
DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|\
VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
"""
# iOS 16's (HealthKit Export Version 12): an ATTLIST left open, which stops standard parsers at its line.
BROKEN_DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  brand            CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
>
]>
"""


def beat_time(moment: datetime, hundredths: int) -> str:
    """An HRV beat's time as an en_US phone writes it: "6:14:48.94 PM" (no date, no offset)."""
    return f"{moment:%-I:%M:%S}.{hundredths:02d} {'AM' if moment.hour < 12 else 'PM'}"


def when(moment: datetime) -> str:
    """The export's date: "2024-01-02 07:30:00 +0100"."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def element(
    name: str, attrs: dict[str, Any], children: list[str] | None = None, indent: str = " "
) -> str:
    text = " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items())
    if not children:
        return f"{indent}<{name} {text}/>\n"
    inner = "".join(children)
    return f"{indent}<{name} {text}>\n{inner}{indent}</{name}>\n"


@dataclass
class AppleExport:
    """What was written, for tests to compute expected values from."""

    root: Path
    resting: dict[date, int] = field(default_factory=dict)  # local day -> bpm
    sdnn: list[tuple[datetime, float]] = field(default_factory=list)
    nights: list[dict[str, Any]] = field(
        default_factory=list
    )  # per night: start, end, minutes per stage
    weigh_ins: list[tuple[datetime, float, float]] = field(
        default_factory=list
    )  # when, kg, fat fraction
    runs: list[dict[str, Any]] = field(default_factory=list)
    lifts: list[dict[str, Any]] = field(default_factory=list)
    records: int = 0

    @property
    def xml(self) -> Path:
        return self.root / "apple_health_export" / "export.xml"

    def zip(self, to: Path) -> Path:
        """`export.zip` as the Health app shares it."""
        with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(self.root).as_posix())
        return to


def apple_export(
    root: Path,
    *,
    seed: int,
    first: date,
    days: int,
    offset_h: int = 1,
    broken_dtd: bool = False,
    heart_rate_per_day: int = 60,
    unit: str = "kg",
) -> AppleExport:
    """Write `days` days from `first` (local days at UTC+`offset_h`) under `root`."""
    rng = random.Random(seed)
    tz = timezone(timedelta(hours=offset_h))
    export = AppleExport(root)
    folder = root / "apple_health_export"
    (folder / "workout-routes").mkdir(parents=True, exist_ok=True)
    with export.xml.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(BROKEN_DTD if broken_dtd else DTD)
        out.write('<HealthData locale="en_US">\n')
        end_of_export = datetime.combine(first + timedelta(days=days), datetime.min.time(), tz)
        out.write(element("ExportDate", {"value": when(end_of_export + timedelta(hours=8))}))
        out.write(
            element(
                "Me",
                {
                    "HKCharacteristicTypeIdentifierDateOfBirth": "1990-02-02",
                    "HKCharacteristicTypeIdentifierBiologicalSex": "HKBiologicalSexFemale",
                    "HKCharacteristicTypeIdentifierBloodType": "HKBloodTypeNotSet",
                },
            )
        )
        for k in range(days):
            day = first + timedelta(days=k)
            for line in _day(rng, export, day, tz, heart_rate_per_day, unit):
                out.write(line)
        out.write("</HealthData>\n")
    return export


def _day(
    rng: random.Random, export: AppleExport, day: date, tz: timezone, per_day: int, unit: str
) -> Iterator[str]:
    midnight = datetime.combine(day, datetime.min.time(), tz)
    yield from _night(rng, export, day, tz)
    # The watch's heart rate: `per_day` samples at 10 s steps anywhere in the day (a few hundred a day is a
    # typical watch; thousands when workouts record every few seconds).
    for second in sorted(rng.sample(range(0, 86_400, 10), per_day)):
        at = midnight + timedelta(seconds=second)
        export.records += 1
        yield element(
            "Record",
            {
                "type": "HKQuantityTypeIdentifierHeartRate",
                "sourceName": WATCH,
                "sourceVersion": "10.2",
                "device": DEVICE,
                "unit": "count/min",
                "creationDate": when(at + timedelta(seconds=6)),
                "startDate": when(at),
                "endDate": when(at),
                "value": rng.randrange(58, 120),
            },
            [
                element(
                    "MetadataEntry",
                    {"key": "HKMetadataKeyHeartRateMotionContext", "value": "0"},
                    indent="  ",
                )
            ],
        )
    resting = rng.randrange(46, 58)
    export.resting[day] = resting
    export.records += 1
    yield element(
        "Record",
        {
            "type": "HKQuantityTypeIdentifierRestingHeartRate",
            "sourceName": WATCH,
            "sourceVersion": "10.2",
            "unit": "count/min",
            "creationDate": when(midnight + timedelta(hours=23, minutes=59, seconds=30)),
            "startDate": when(midnight),
            "endDate": when(midnight + timedelta(hours=23, minutes=59)),
            "value": resting,
        },
    )
    for hour in rng.sample([3, 9, 14, 19], 2):
        at = midnight + timedelta(hours=hour, minutes=rng.randrange(60))
        value = round(rng.uniform(28, 75), 4)
        export.sdnn.append((at, value))
        export.records += 1
        beats = [
            element(
                "InstantaneousBeatsPerMinute",
                {
                    "bpm": rng.randrange(55, 80),
                    "time": beat_time(at + timedelta(seconds=s), rng.randrange(100)),
                },
                indent="   ",
            )
            for s in range(3)
        ]
        yield element(
            "Record",
            {
                "type": "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                "sourceName": WATCH,
                "sourceVersion": "10.2",
                "device": DEVICE,
                "unit": "ms",
                "creationDate": when(at + timedelta(minutes=1)),
                "startDate": when(at),
                "endDate": when(at + timedelta(minutes=1)),
                "value": value,
            },
            [
                f"  <HeartRateVariabilityMetadataList>\n{''.join(beats)}  </HeartRateVariabilityMetadataList>\n"
            ],
        )
    if day.weekday() == 6:
        at = midnight + timedelta(hours=7, minutes=rng.randrange(30))
        kg = round(rng.uniform(60, 64), 1)
        fat = round(rng.uniform(0.18, 0.24), 4)
        export.weigh_ins.append((at, kg, fat))
        value = kg if unit == "kg" else round(kg / 0.45359237, 1)
        for kind, unit_, shown in (
            ("HKQuantityTypeIdentifierBodyMass", unit, value),
            ("HKQuantityTypeIdentifierBodyFatPercentage", "%", fat),
        ):
            export.records += 1
            yield element(
                "Record",
                {
                    "type": kind,
                    "sourceName": "Withings",
                    "sourceVersion": "6.4",
                    "unit": unit_,
                    "creationDate": when(at + timedelta(minutes=2)),
                    "startDate": when(at),
                    "endDate": when(at),
                    "value": shown,
                },
            )
    if day.weekday() in (1, 3, 5):
        yield from _run(rng, export, day, tz)
    if day.weekday() in (0, 4):
        yield from _lift(rng, export, day, tz)
    export.records += 1
    yield element(
        "ActivitySummary",
        {
            "dateComponents": str(day),
            "activeEnergyBurned": round(rng.uniform(300, 900), 3),
            "activeEnergyBurnedGoal": "600",
            "activeEnergyBurnedUnit": "kcal",
            "appleExerciseTime": rng.randrange(10, 90),
            "appleExerciseTimeGoal": "30",
            "appleStandHours": rng.randrange(8, 15),
            "appleStandHoursGoal": "12",
        },
    )


def _night(rng: random.Random, export: AppleExport, day: date, tz: timezone) -> Iterator[str]:
    """The night that ends on the morning of `day`: the phone's "in bed" span and the watch's stages."""
    eve = datetime.combine(day - timedelta(days=1), datetime.min.time(), tz)
    bed = eve + timedelta(hours=22, minutes=rng.randrange(0, 90))
    at = bed + timedelta(minutes=rng.randrange(5, 20))
    start = at
    minutes = {"AsleepCore": 0.0, "AsleepDeep": 0.0, "AsleepREM": 0.0, "Awake": 0.0}
    segments = []
    for _ in range(rng.randrange(4, 6)):
        for stage, low, high in (
            ("AsleepCore", 20, 50),
            ("AsleepDeep", 10, 40),
            ("AsleepCore", 10, 30),
            ("AsleepREM", 10, 35),
            ("Awake", 1, 4),
        ):
            length = rng.randrange(low, high) * 60 + rng.randrange(0, 60)
            segments.append((stage, at, at + timedelta(seconds=length)))
            minutes[stage] += length / 60
            at += timedelta(seconds=length)
    export.nights.append({"day": day, "start": start, "end": at, "minutes": minutes})
    export.records += 1
    yield element(
        "Record",
        {
            "type": "HKCategoryTypeIdentifierSleepAnalysis",
            "sourceName": PHONE,
            "sourceVersion": "17.2",
            "creationDate": when(at + timedelta(minutes=10)),
            "startDate": when(bed),
            "endDate": when(at + timedelta(minutes=5)),
            "value": "HKCategoryValueSleepAnalysisInBed",
        },
    )
    for stage, begin, end in segments:
        export.records += 1
        yield element(
            "Record",
            {
                "type": "HKCategoryTypeIdentifierSleepAnalysis",
                "sourceName": WATCH,
                "sourceVersion": "10.2",
                "device": DEVICE,
                "creationDate": when(at + timedelta(minutes=3)),
                "startDate": when(begin),
                "endDate": when(end),
                "value": f"HKCategoryValueSleepAnalysis{stage}",
            },
        )


def _run(rng: random.Random, export: AppleExport, day: date, tz: timezone) -> Iterator[str]:
    start = datetime.combine(day, datetime.min.time(), tz) + timedelta(
        hours=7, minutes=rng.randrange(0, 40)
    )
    minutes = rng.randrange(30, 70)
    end = start + timedelta(minutes=minutes, seconds=rng.randrange(60))
    km = round(minutes / rng.uniform(5.0, 6.2), 3)
    hr = round(rng.uniform(135, 160), 1)
    climb_cm = rng.randrange(1000, 9000)
    route = f"route_{day}_{start:%-I.%M%p}".lower().replace("am", "am").replace("pm", "pm") + ".gpx"
    export.runs.append(
        {"start": start, "end": end, "km": km, "hr": hr, "climb_m": climb_cm / 100, "route": route}
    )
    _gpx(export.root / "apple_health_export" / "workout-routes" / route, start, end, km, rng)
    export.records += 1
    span = {"startDate": when(start), "endDate": when(end)}
    yield element(
        "Workout",
        {
            "workoutActivityType": "HKWorkoutActivityTypeRunning",
            "duration": round((end - start).total_seconds() / 60, 4),
            "durationUnit": "min",
            "sourceName": WATCH,
            "sourceVersion": "10.2",
            "device": DEVICE,
            "creationDate": when(end + timedelta(seconds=20)),
            **span,
        },
        [
            element("MetadataEntry", {"key": "HKIndoorWorkout", "value": "0"}, indent="  "),
            element(
                "MetadataEntry",
                {"key": "HKAverageMETs", "value": "9.66668 kcal/hr·kg"},
                indent="  ",
            ),
            element(
                "MetadataEntry",
                {"key": "HKElevationAscended", "value": f"{climb_cm} cm"},
                indent="  ",
            ),
            element("MetadataEntry", {"key": "HKWeatherHumidity", "value": "9400 %"}, indent="  "),
            element(
                "WorkoutEvent",
                {
                    "type": "HKWorkoutEventTypeSegment",
                    "date": when(start),
                    "duration": "5.1",
                    "durationUnit": "min",
                },
                indent="  ",
            ),
            element(
                "WorkoutStatistics",
                {
                    "type": "HKQuantityTypeIdentifierActiveEnergyBurned",
                    **span,
                    "sum": round(minutes * 10.5, 2),
                    "unit": "kcal",
                },
                indent="  ",
            ),
            element(
                "WorkoutStatistics",
                {
                    "type": "HKQuantityTypeIdentifierDistanceWalkingRunning",
                    **span,
                    "sum": km,
                    "unit": "km",
                },
                indent="  ",
            ),
            element(
                "WorkoutStatistics",
                {
                    "type": "HKQuantityTypeIdentifierHeartRate",
                    **span,
                    "average": hr,
                    "minimum": "98",
                    "maximum": "176",
                    "unit": "count/min",
                },
                indent="  ",
            ),
            element(
                "WorkoutRoute",
                {"sourceName": WATCH, "sourceVersion": "10.2", "creationDate": when(end), **span},
                [element("FileReference", {"path": f"/workout-routes/{route}"}, indent="   ")],
                indent="  ",
            ),
        ],
    )


def _lift(rng: random.Random, export: AppleExport, day: date, tz: timezone) -> Iterator[str]:
    start = datetime.combine(day, datetime.min.time(), tz) + timedelta(
        hours=18, minutes=rng.randrange(0, 30)
    )
    end = start + timedelta(minutes=rng.randrange(40, 65))
    export.lifts.append({"start": start, "end": end})
    span = {"startDate": when(start), "endDate": when(end)}
    export.records += 1
    yield element(
        "Workout",
        {
            "workoutActivityType": "HKWorkoutActivityTypeTraditionalStrengthTraining",
            "duration": round((end - start).total_seconds() / 60, 4),
            "durationUnit": "min",
            "sourceName": WATCH,
            "creationDate": when(end + timedelta(seconds=10)),
            **span,
        },
        [
            element("MetadataEntry", {"key": "HKIndoorWorkout", "value": "1"}, indent="  "),
            element(
                "WorkoutStatistics",
                {
                    "type": "HKQuantityTypeIdentifierActiveEnergyBurned",
                    **span,
                    "sum": "301",
                    "unit": "Cal",
                },
                indent="  ",
            ),
            element(
                "WorkoutStatistics",
                {
                    "type": "HKQuantityTypeIdentifierHeartRate",
                    **span,
                    "average": "118",
                    "minimum": "82",
                    "maximum": "161",
                    "unit": "count/min",
                },
                indent="  ",
            ),
        ],
    )


def _gpx(path: Path, start: datetime, end: datetime, km: float, rng: random.Random) -> None:
    """The route as the Health app writes it: GPX 1.1, a point every 5 s, times in UTC, the track as long
    as the workout's distance (heading north-east with some wander)."""
    lat, lon = 52.52 + rng.uniform(-0.01, 0.01), 13.40 + rng.uniform(-0.01, 0.01)
    steps = max(1, int((end - start).total_seconds() // 5))
    metres = km * 1000 / steps
    points = []
    for k in range(steps + 1):
        at = start + timedelta(seconds=5 * k)
        if k:
            heading = math.radians(45 + rng.uniform(-20, 20))
            lat += metres * math.cos(heading) / 111_320
            lon += metres * math.sin(heading) / (111_320 * math.cos(math.radians(lat)))
        stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f'<trkpt lon="{lon:.6f}" lat="{lat:.6f}"><ele>{34 + rng.uniform(-2, 2):.1f}</ele>'
            f"<time>{stamp}</time><extensions><speed>{metres / 5:.2f}</speed></extensions></trkpt>"
        )
    with path.open("w", encoding="utf-8") as out:
        _write_gpx(out, start, points)


def _write_gpx(out: IO[str], start: datetime, points: list[str]) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1">\n'
    )
    out.write(f"  <metadata><time>{start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</time></metadata>\n")
    out.write("  <trk><name>Route</name><trkseg>\n    ")
    out.write("\n    ".join(points))
    out.write("\n  </trkseg></trk>\n</gpx>\n")

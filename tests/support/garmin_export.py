"""A Garmin Connect account export ("Export your data") written the way Garmin writes it, with values drawn
from a seeded RNG (nobody chose them). Used by the Garmin export plugin's tests and the core's.

The layout and the records follow plugins/runlift-garminexport/README.md (its sources: public parsers
written against real exports): `DI_CONNECT/DI-Connect-Wellness/<from>_<to>_<id>_sleepData.json` in chunks
of 100 days, `DI-Connect-Aggregator/UDSFile_<from>_<to>.json`, `<id>_healthStatusData.json` and
`<id>_userBioMetrics.json`, each a JSON array; timestamps as "2024-01-02T03:47:00.0" without a zone (UTC in
`...GMT`/`...Gmt`/`...UTC` fields, the watch's clock in `...Local` ones), stages in seconds, weights in
grams. The watch's first days carry no HRV (ONBOARDING); some nights have no REM key, one window was not
confirmed as sleep, one entry is a nap, one day the watch was not worn and one has no stress (-1).
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.corpus import RUN_FIT, committed

USER_ID = 123456789
CHUNK_DAYS = 100
ONBOARDING_DAYS = 3


def stamp(moment: datetime) -> str:
    """The export's timestamp: "2024-01-02T03:47:00.0" (naive; the field's name says the clock)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.0")


def gmt(moment: datetime) -> str:
    return stamp(moment.astimezone(UTC))


@dataclass
class Export:
    """What was written: each file's records, for tests to compute expected values from."""

    root: Path
    nights: list[dict[str, Any]] = field(default_factory=list)
    days: list[dict[str, Any]] = field(default_factory=list)
    health: list[dict[str, Any]] = field(default_factory=list)
    biometrics: list[dict[str, Any]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def confirmed_nights(self) -> list[dict[str, Any]]:
        return [
            n
            for n in self.nights
            if "calendarDate" in n and n.get("sleepWindowConfirmationType") != "UNCONFIRMED"
        ]

    def days_with_readings(self) -> list[dict[str, Any]]:
        return [
            d
            for d in self.days
            if d.get("includesWellnessData") is not False
            and (d.get("restingHeartRate") or _stress(d) is not None)
        ]

    def hrv_days(self) -> list[dict[str, Any]]:
        return [h for h in self.health if "value" in h["metrics"][0]]

    def weigh_ins(self) -> list[dict[str, Any]]:
        return [b for b in self.biometrics if "weight" in b]

    def zip(self, to: Path) -> Path:
        """The export as Garmin delivers it: one zip of the whole tree."""
        with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(self.root).as_posix())
        return to


def _stress(day: dict[str, Any]) -> float | None:
    for aggregate in day.get("allDayStress", {}).get("aggregatorList", []):
        if aggregate["type"] == "TOTAL":
            level = aggregate["averageStressLevel"]
            return level if level >= 0 else None
    return None


def garmin_export(
    root: Path,
    *,
    seed: int,
    first: date,
    days: int,
    zone: str = "America/New_York",
    with_run: bool = True,
) -> Export:
    """Write `days` days of an athlete's export from `first` under `root` (in the watch's zone `zone`)."""
    rng = random.Random(seed)
    tz = ZoneInfo(zone)
    export = Export(root)
    wellness = root / "DI_CONNECT" / "DI-Connect-Wellness"
    aggregator = root / "DI_CONNECT" / "DI-Connect-Aggregator"
    wellness.mkdir(parents=True, exist_ok=True)
    aggregator.mkdir(parents=True, exist_ok=True)
    no_rem = rng.random() < 0.5  # a watch without REM detection writes no REM key at all
    not_worn = first + timedelta(days=rng.randrange(4, days))
    no_stress = first + timedelta(days=rng.randrange(4, days))
    unconfirmed = first + timedelta(days=rng.randrange(4, days))
    for k in range(days):
        day = first + timedelta(days=k)
        export.nights.append(_night(rng, day, tz, no_rem, unconfirmed=day == unconfirmed))
        export.days.append(_day(rng, day, tz, worn=day != not_worn, stress=day != no_stress))
        export.health.append(_health(rng, day, tz, onboarding=k < ONBOARDING_DAYS))
        if day.weekday() == 5:
            export.biometrics.append(_weigh_in(rng, day, tz, len(export.biometrics) + 1))
        if day.weekday() == 0:
            export.biometrics.append(
                {
                    "metaData": {
                        "calendarDate": f"{day}T00:00:00.0",
                        "sequence": len(export.biometrics) + 1,
                    },
                    "vo2MaxRunning": round(rng.uniform(48, 54), 1),
                }
            )
    nap_day = first + timedelta(days=days // 2)
    nap_start = datetime(nap_day.year, nap_day.month, nap_day.day, 14, 10, tzinfo=tz)
    export.nights.insert(
        days // 2,
        {
            "napList": [
                {
                    "calendarDate": str(nap_day),
                    "napStartTimestampGMT": gmt(nap_start),
                    "napEndTimestampGMT": gmt(nap_start + timedelta(minutes=30)),
                    "napTimeSec": 1800,
                }
            ]
        },
    )
    for start in range(0, days, CHUNK_DAYS):
        end = min(start + CHUNK_DAYS, days) - 1
        span = f"{first + timedelta(days=start)}_{first + timedelta(days=end)}"
        chunk = [n for n in export.nights if start <= (_night_day(n) - first).days <= end]
        export.files.append(_write(wellness / f"{span}_{USER_ID}_sleepData.json", chunk))
        export.files.append(
            _write(aggregator / f"UDSFile_{span}.json", export.days[start : end + 1])
        )
    export.files.append(_write(wellness / f"{USER_ID}_healthStatusData.json", export.health))
    export.files.append(_write(wellness / f"{USER_ID}_userBioMetrics.json", export.biometrics))
    if with_run:  # the activities: FIT files in a zip inside the export
        uploaded = root / "DI_CONNECT" / "DI-Connect-Uploaded-Files"
        uploaded.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(uploaded / "UploadedFiles_0-_Part1.zip", "w") as inner:
            inner.write(committed(RUN_FIT), "athlete@example.com_104857601.fit")
        export.files.append(uploaded / "UploadedFiles_0-_Part1.zip")
    return export


def _night_day(night: dict[str, Any]) -> date:
    if "calendarDate" in night:
        return date.fromisoformat(night["calendarDate"])
    return date.fromisoformat(night["napList"][0]["calendarDate"])


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records))
    return path


def _night(
    rng: random.Random, day: date, tz: ZoneInfo, no_rem: bool, *, unconfirmed: bool
) -> dict[str, Any]:
    """The night that ends on the morning of `day` (Garmin's calendarDate: the day one wakes)."""
    eve = day - timedelta(days=1)
    bed = datetime(eve.year, eve.month, eve.day, 22, 0, tzinfo=tz) + timedelta(
        minutes=rng.randrange(0, 110)
    )
    window = rng.randrange(390, 520) * 60
    wake = bed + timedelta(seconds=window)
    night: dict[str, Any] = {
        "sleepStartTimestampGMT": gmt(bed),
        "sleepEndTimestampGMT": gmt(wake),
        "calendarDate": str(day),
    }
    if unconfirmed:
        night.update(sleepWindowConfirmationType="UNCONFIRMED", retro=False)
        return night
    deep = round(window * rng.uniform(0.14, 0.24) / 60) * 60
    rem = 0 if no_rem else round(window * rng.uniform(0.18, 0.25) / 60) * 60
    awake = round(window * rng.uniform(0.02, 0.08) / 60) * 60
    night.update(
        sleepWindowConfirmationType=rng.choice(
            ["ENHANCED_CONFIRMED_FINAL", "AUTO_CONFIRMED_FINAL"]
        ),
        deepSleepSeconds=deep,
        lightSleepSeconds=window - deep - rem - awake,
        awakeSleepSeconds=awake,
        unmeasurableSeconds=0,
        retro=False,
        averageRespiration=round(rng.uniform(12, 16), 1),
        avgSleepStress=round(rng.uniform(10, 25), 2),
        sleepScores={
            "overallScore": rng.randrange(55, 95),
            "qualityScore": rng.randrange(50, 95),
            "durationScore": rng.randrange(50, 100),
            "feedback": "POSITIVE_DEEP_SLEEP",
            "insight": "NONE",
        },
    )
    if not no_rem:
        night["remSleepSeconds"] = rem
    return night


def _day(
    rng: random.Random, day: date, tz: ZoneInfo, *, worn: bool, stress: bool
) -> dict[str, Any]:
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    record: dict[str, Any] = {
        "userProfilePK": USER_ID,
        "calendarDate": str(day),
        "uuid": f"{rng.getrandbits(128):032x}",
        "wellnessStartTimeGmt": gmt(start),
        "wellnessStartTimeLocal": stamp(start),
        "wellnessEndTimeGmt": gmt(end),
        "wellnessEndTimeLocal": stamp(end),
        "durationInMilliseconds": int((end - start).total_seconds() * 1000),
        "includesWellnessData": worn,
    }
    if not worn:
        return record
    resting = rng.randrange(44, 57)
    record.update(
        totalSteps=rng.randrange(4000, 16000),
        minHeartRate=resting - rng.randrange(1, 5),
        maxHeartRate=rng.randrange(120, 182),
        restingHeartRate=resting,
        currentDayRestingHeartRate=resting,
        allDayStress={
            "aggregatorList": [
                {
                    "type": "TOTAL",
                    "averageStressLevel": rng.randrange(18, 42) if stress else -1,
                    "maxStressLevel": rng.randrange(60, 99) if stress else -1,
                },
                {"type": "AWAKE", "averageStressLevel": rng.randrange(20, 50)},
            ]
        },
        bodyBattery={"chargedValue": rng.randrange(30, 80), "drainedValue": rng.randrange(30, 80)},
    )
    return record


def _health(rng: random.Random, day: date, tz: ZoneInfo, *, onboarding: bool) -> dict[str, Any]:
    morning = datetime(day.year, day.month, day.day, 6, rng.randrange(0, 59), tzinfo=tz)
    hrv: dict[str, Any] = {"type": "HRV", "status": "ONBOARDING", "baselineLowerLimit": 0.0}
    if not onboarding:
        hrv = {
            "type": "HRV",
            "value": float(rng.randrange(42, 78)),
            "baselineLowerLimit": 49.0,
            "baselineUpperLimit": 66.0,
            "status": "IN_RANGE",
        }
    return {
        "calendarDate": str(day),
        "createTimestampUTC": gmt(morning),
        "updateTimestampUTC": gmt(morning),
        "outliersCount": 0,
        "metrics": [
            hrv,
            {"type": "HR", "value": float(rng.randrange(44, 57)), "status": "IN_RANGE"},
            {"type": "SKIN_TEMP_C", "value": round(rng.uniform(-0.5, 0.5), 1)},
        ],
    }


def _weigh_in(rng: random.Random, day: date, tz: ZoneInfo, sequence: int) -> dict[str, Any]:
    taken = datetime(day.year, day.month, day.day, 7, rng.randrange(0, 59), tzinfo=tz)
    grams = rng.randrange(74000, 79000, 50)
    return {
        "metaData": {"calendarDate": stamp(taken), "sequence": sequence},
        "weight": {
            "weight": float(grams),
            "timestampGMT": gmt(taken),
            "sourceType": "INDEX_SCALE",
            "bmi": round(grams / 1000 / 1.8**2, 1),
            "bodyFat": round(rng.uniform(14, 20), 1),
            "bodyWater": round(rng.uniform(54, 60), 1),
            "boneMass": float(rng.randrange(3200, 3600)),
            "muscleMass": float(rng.randrange(32000, 35000)),
        },
    }


def copy_tree(export: Export, to: Path) -> Path:
    """The unpacked export copied elsewhere (as a user drops the folder)."""
    shutil.copytree(export.root, to)
    return to

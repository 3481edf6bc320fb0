"""Payloads of the phone apps whose JSON runlift imports, built the way each app builds them, with values
drawn from a seeded RNG (nobody chose them). Used by the plugins' tests and the core's.

Health Connect Webhook (Android; `health_connect_week`): the shape follows the app's
`SyncManager.buildJsonPayload` and `HealthConnectManager` field by field
(github.com/mcnaveen/health-connect-webhook): the root's `timestamp` and `app_version` first, then one
array per data type in the app's order; instants as Java's `Instant.toString()`; sleep stages and exercise
types as the decimal strings of the AndroidX constants. Written as compact JSON, as kotlinx.serialization
writes it.

Health Auto Export (iOS; `health_auto_export_week`): the shape follows the app's JSON export format
(help.healthyapps.dev/en/health-auto-export/export-format, its "Workouts" page for version 2 workouts, and
github.com/Lybron/health-auto-export/wiki/API-Export---JSON-Format for sleep): `{"data": {"metrics": [...],
"workouts": [...]}}`, dates as "yyyy-MM-dd HH:mm:ss Z" in the phone's offset, sleep in hours, HRV as
Apple's SDNN in ms.
"""

from __future__ import annotations

import csv
import math
import random
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from tests.support.corpus import DATA

Payload = dict[str, Any]

APP_VERSION = "1.9.13"
PHONE = {
    "data_origin": "com.google.android.apps.fitness",
    "recording_method": "automatically_recorded",
}
WATCH = {
    "data_origin": "com.samsung.android.app.health",
    "recording_method": "automatically_recorded",
    "device": {"manufacturer": "Samsung", "model": "SM-R930", "type": 1},
}
# One sleep cycle: (stage code, shortest and longest minutes): light, deep, light, REM.
CYCLE = (("4", 20, 50), ("5", 10, 40), ("4", 10, 30), ("6", 10, 35))


def instant(moment: datetime) -> str:
    """Java's Instant.toString(): UTC with "Z", the fraction in groups of three digits when there is one."""
    text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"


def _stage(code: str, start: datetime, end: datetime) -> Payload:
    return {
        "stage": code,
        "start_time": instant(start),
        "end_time": instant(end),
        "duration_seconds": int((end - start).total_seconds()),
    }


def hc_exercise(
    code: str, start: datetime, end: datetime, distance_m: float | None = None, **extra: Any
) -> Payload:
    """An `exercise` record as the app writes it (optional keys only when Health Connect has them)."""
    record: Payload = {
        "type": code,
        "start_time": instant(start),
        "end_time": instant(end),
        "duration_seconds": int((end - start).total_seconds()),
    }
    if distance_m is not None:
        record["distance_meters"] = distance_m
    record.update(extra)
    record["metadata"] = WATCH
    return record


def health_connect_week(
    seed: int, first_morning: date, days: int, exercises: Iterable[Payload] = ()
) -> Payload:
    """`days` mornings of a phone synced with a watch, from `first_morning` on: each night with its
    stages, 2-4 RMSSD samples, the morning's resting heart rate, a weigh-in with body fat every other
    morning, a run or a strength session on two days of three, and the step and heart-rate records runlift
    does not read. `exercises` are added to the drawn ones."""
    rng = random.Random(seed)
    arrays: dict[str, list[Payload]] = {
        key: []
        for key in (
            "steps", "sleep", "heart_rate", "heart_rate_variability", "weight",
            "resting_heart_rate", "exercise", "body_fat",
        )
    }  # fmt: skip
    for k in range(days):
        morning = first_morning + timedelta(days=k)
        bed = datetime.combine(morning - timedelta(days=1), time(21, 30), UTC) + timedelta(
            minutes=rng.randint(0, 150), seconds=rng.randint(0, 59)
        )
        stages, t = [], bed
        target = timedelta(hours=rng.uniform(6.0, 8.5))
        while t - bed < target:
            for code, low, high in CYCLE:
                span = timedelta(minutes=rng.randint(low, high), seconds=rng.randint(0, 59))
                stages.append(_stage(code, t, t + span))
                t += span
            if rng.random() < 0.5:  # awake a few minutes between cycles
                span = timedelta(minutes=rng.randint(1, 8))
                stages.append(_stage("1", t, t + span))
                t += span
        arrays["sleep"].append(
            {
                "session_end_time": instant(t),
                "duration_seconds": int((t - bed).total_seconds()),
                "stages": stages,
                "metadata": WATCH,
            }
        )
        for _ in range(rng.randint(2, 4)):
            at = bed + (t - bed) * rng.random()
            rmssd = round(rng.lognormvariate(math.log(45), 0.2), 1)
            arrays["heart_rate_variability"].append(
                {"rmssd_millis": rmssd, "time": instant(at), "metadata": WATCH}
            )
        woke = t + timedelta(minutes=rng.randint(30, 90))
        arrays["resting_heart_rate"].append(
            {"bpm": rng.randint(46, 58), "time": instant(woke), "metadata": WATCH}
        )
        if k % 2 == 0:
            weighed = woke + timedelta(minutes=rng.randint(5, 30), milliseconds=rng.randint(1, 999))
            arrays["weight"].append(
                {"kilograms": round(rng.uniform(73.0, 76.0), 2), "time": instant(weighed)}
            )
            arrays["body_fat"].append(
                {"percentage": round(rng.uniform(14.0, 18.0), 1), "time": instant(weighed)}
            )
        start = datetime.combine(morning, time(17, 0), UTC) + timedelta(minutes=rng.randint(0, 90))
        minutes = rng.randint(30, 60)
        end = start + timedelta(minutes=minutes, seconds=rng.randint(0, 59))
        if k % 3 == 1:
            metres = round(minutes * rng.uniform(150.0, 200.0), 1)
            steps = round(minutes * rng.uniform(160.0, 175.0))
            arrays["exercise"].append(
                hc_exercise(
                    "56",
                    start,
                    end,
                    metres,
                    steps=steps,
                    avg_cadence_spm=steps / minutes,
                    max_cadence_spm=round(steps / minutes + rng.uniform(5.0, 12.0), 1),
                    stride_length_m=round(metres / steps, 3),
                )
            )
        elif k % 3 == 2:
            arrays["exercise"].append(hc_exercise("70", start, end))
        midnight = datetime.combine(morning, time(0, 0), UTC)
        arrays["steps"].append(
            {
                "count": rng.randint(4000, 14000),
                "start_time": instant(midnight),
                "end_time": instant(midnight + timedelta(days=1)),
                "metadata": PHONE,
            }
        )
        arrays["heart_rate"].append(
            {"bpm": rng.randint(55, 95), "time": instant(woke), "metadata": WATCH}
        )
    arrays["exercise"].extend(exercises)
    built = datetime.combine(first_morning + timedelta(days=days), time(8, 0, 0, 321_000), UTC)
    return {
        "timestamp": instant(built),
        "app_version": APP_VERSION,
        **{key: records for key, records in arrays.items() if records},
    }


# --- Health Auto Export ---------------------------------------------------------------------------------

APPLE_WATCH = "Jo\u2019s Apple Watch"
IPHONE = "Jo\u2019s iPhone"
# One night of Apple's sleep stages: (value, shortest and longest minutes): Core, Deep, Core, REM.
APPLE_CYCLE = (("Core", 20, 50), ("Deep", 10, 40), ("Core", 10, 30), ("REM", 10, 35))
# An aggregated night: (stage, fewest and most hours).
APPLE_HOURS = (("core", 3.0, 4.5), ("deep", 0.6, 1.5), ("rem", 1.2, 2.2), ("awake", 0.1, 0.6))


def hae_date(moment: datetime, offset_s: int) -> str:
    """The app's "yyyy-MM-dd HH:mm:ss Z": the phone's local time and its offset ("+0100")."""
    return moment.astimezone(timezone(timedelta(seconds=offset_s))).strftime("%Y-%m-%d %H:%M:%S %z")


def hae_workout(
    rng: random.Random,
    name: str,
    start: datetime,
    end: datetime,
    offset_s: int,
    distance_km: float | None = None,
) -> Payload:
    """A version 2 workout: id, name, start, end, duration, then the optional summaries the app writes
    when Apple Health has them, and series runlift does not read (heartRateData, route)."""
    hr = sorted(rng.randint(95, 185) for _ in range(3))
    seconds = (end - start).total_seconds()
    workout: Payload = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper(),
        "name": name,
        "start": hae_date(start, offset_s),
        "end": hae_date(end, offset_s),
        "duration": round(seconds - rng.uniform(0.0, 30.0), 3),
        "location": "Outdoor",
        "isIndoor": False,
        "activeEnergyBurned": {
            "qty": round(seconds / 60 * rng.uniform(8.0, 13.0), 3),
            "units": "kcal",
        },
        "heartRate": {
            "min": {"qty": hr[0], "units": "bpm"},
            "avg": {"qty": hr[1], "units": "bpm"},
            "max": {"qty": hr[2], "units": "bpm"},
        },
        "avgHeartRate": {"qty": hr[1], "units": "bpm"},
        "maxHeartRate": {"qty": hr[2], "units": "bpm"},
        "heartRateData": [
            {
                "date": hae_date(start + timedelta(minutes=m), offset_s),
                "Min": hr[0],
                "Avg": hr[1],
                "Max": hr[2],
                "units": "bpm",
                "source": APPLE_WATCH,
            }
            for m in range(0, int(seconds // 60), 10)
        ],
    }
    if distance_km is not None:
        workout["distance"] = {"qty": distance_km, "units": "km"}
        workout["elevationUp"] = {"qty": round(rng.uniform(5.0, 80.0), 1), "units": "m"}
        workout["stepCadence"] = {"qty": round(rng.uniform(158.0, 176.0), 1), "units": "spm"}
        workout["route"] = [
            {
                "latitude": 52.52 + rng.uniform(-0.01, 0.01),
                "longitude": 13.40 + rng.uniform(-0.01, 0.01),
                "altitude": round(rng.uniform(30.0, 60.0), 1),
                "timestamp": hae_date(start, offset_s),
                "speed": round(rng.uniform(2.5, 3.5), 2),
            }
        ]
    return workout


def health_auto_export_week(
    seed: int,
    first_morning: date,
    days: int,
    offset_s: int = 3600,
    *,
    staged_sleep: bool = True,
    workouts: Iterable[Payload] = (),
) -> Payload:
    """`days` mornings of an iPhone with an Apple Watch, from `first_morning` on, in a zone `offset_s`
    from UTC: each night aggregated ("Summarize Data" on: the hours in each stage) or, when
    `staged_sleep` is False, as the watch's stage segments beside the phone's in-bed span; 2-4 HRV (SDNN)
    readings a day, the day's resting heart rate, a weigh-in every other morning, a run or a strength
    workout on two days of three (`workouts` added to them), and the step and heart-rate metrics runlift
    does not read."""
    rng = random.Random(seed)
    sleep, hrv, rhr, weight, steps, heart_rate, drawn = [], [], [], [], [], [], []
    for k in range(days):
        morning = first_morning + timedelta(days=k)
        local_midnight = datetime.combine(morning, time(0, 0), UTC) - timedelta(seconds=offset_s)
        start = local_midnight - timedelta(minutes=rng.randint(15, 150), seconds=rng.randint(0, 59))
        if staged_sleep:
            hours = {stage: rng.uniform(low, high) for stage, low, high in APPLE_HOURS}
            end = start + timedelta(hours=sum(hours.values()))
            asleep = hours["core"] + hours["deep"] + hours["rem"]
            sleep.append(
                {
                    "date": morning.isoformat(),
                    "totalSleep": asleep,
                    "asleep": 0,
                    "core": hours["core"],
                    "deep": hours["deep"],
                    "rem": hours["rem"],
                    "awake": hours["awake"],
                    "sleepStart": hae_date(start, offset_s),
                    "sleepEnd": hae_date(end, offset_s),
                    "inBed": asleep + hours["awake"] + 0.2,
                    "inBedStart": hae_date(start - timedelta(minutes=6), offset_s),
                    "inBedEnd": hae_date(end + timedelta(minutes=6), offset_s),
                    "source": f"{IPHONE}|{APPLE_WATCH}",
                }
            )
        else:
            t = start
            target = timedelta(hours=rng.uniform(6.0, 8.5))
            while t - start < target:
                for value, low, high in APPLE_CYCLE:
                    span = timedelta(minutes=rng.randint(low, high), seconds=rng.randint(0, 59))
                    sleep.append(_segment(value, t, t + span, offset_s))
                    t += span
                if rng.random() < 0.5:
                    span = timedelta(minutes=rng.randint(1, 8))
                    sleep.append(_segment("Awake", t, t + span, offset_s))
                    t += span
            end = t
            in_bed = _segment(
                "In Bed", start - timedelta(minutes=9), end + timedelta(minutes=4), offset_s
            )
            sleep.append({**in_bed, "source": IPHONE})
        for _ in range(rng.randint(2, 4)):
            at = end + timedelta(minutes=rng.randint(-300, 600))
            sdnn = round(rng.lognormvariate(math.log(60), 0.25), 4)
            hrv.append({"date": hae_date(at, offset_s), "qty": sdnn, "source": APPLE_WATCH})
        rhr.append(
            {
                "date": hae_date(end + timedelta(hours=2), offset_s),
                "qty": rng.randint(46, 58),
                "source": APPLE_WATCH,
            }
        )
        if k % 2 == 0:
            weighed = end + timedelta(minutes=rng.randint(20, 50))
            weight.append(
                {
                    "date": hae_date(weighed, offset_s),
                    "qty": round(rng.uniform(73.0, 76.0), 2),
                    "source": IPHONE,
                }
            )
        begin = local_midnight + timedelta(hours=18, minutes=rng.randint(0, 90))
        finish = begin + timedelta(minutes=rng.randint(30, 60), seconds=rng.randint(0, 59))
        if k % 3 == 1:
            km = round((finish - begin).total_seconds() / 60 * rng.uniform(0.15, 0.2), 3)
            drawn.append(hae_workout(rng, "Outdoor Run", begin, finish, offset_s, km))
        elif k % 3 == 2:
            drawn.append(hae_workout(rng, "Traditional Strength Training", begin, finish, offset_s))
        steps.append(
            {
                "date": hae_date(local_midnight, offset_s),
                "qty": rng.randint(4000, 14000),
                "source": IPHONE,
            }
        )
        heart_rate.append(
            {
                "date": hae_date(end, offset_s),
                "Min": 48,
                "Avg": rng.randint(55, 70),
                "Max": 90,
                "source": APPLE_WATCH,
            }
        )
    return {
        "data": {
            "metrics": [
                {"name": "step_count", "units": "count", "data": steps},
                {"name": "heart_rate", "units": "count/min", "data": heart_rate},
                {"name": "heart_rate_variability", "units": "ms", "data": hrv},
                {"name": "resting_heart_rate", "units": "count/min", "data": rhr},
                {"name": "sleep_analysis", "units": "hr", "data": sleep},
                {"name": "weight_body_mass", "units": "kg", "data": weight},
            ],
            "workouts": [*drawn, *workouts],
        }
    }


def _segment(value: str, start: datetime, end: datetime, offset_s: int) -> Payload:
    """An unaggregated sleep_analysis point: one stage, its span in hours in `qty`."""
    return {
        "startDate": hae_date(start, offset_s),
        "endDate": hae_date(end, offset_s),
        "qty": (end - start).total_seconds() / 3600,
        "value": value,
        "source": APPLE_WATCH,
    }


# --- a watch's run that a phone app also recorded --------------------------------------------------------


def committed_run(relative: str) -> tuple[datetime, float, float]:
    """A committed FIT run's session as tests/data/MANIFEST.tsv gives it: start (UTC), elapsed seconds
    and metres, the figures a phone app that synced the same workout would also hold."""
    with (DATA / "MANIFEST.tsv").open(newline="") as fh:
        row = next(r for r in csv.DictReader(fh, delimiter="\t") if r["path"] == relative)
    start = datetime.fromisoformat(row["start_time"])
    return start, float(row["duration_s"]), float(row["distance_m"])


def as_a_phone_saw_it(
    rng: random.Random, run: tuple[datetime, float, float]
) -> tuple[datetime, datetime, float]:
    """The watch's run as a phone app holds it after a sync: start a few seconds off, elapsed time and
    distance within a percent or two (what the same-session rule allows), to the millisecond."""
    start, elapsed_s, distance_m = run
    start += timedelta(milliseconds=round(rng.uniform(-20_000, 20_000)))
    end = start + timedelta(milliseconds=round(elapsed_s * rng.uniform(0.99, 1.01) * 1000))
    return start, end, round(distance_m * rng.uniform(0.98, 1.02), 1)

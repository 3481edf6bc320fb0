"""Turns the webhook's JSON object into runlift's values: nights, recovery readings, weigh-ins, workouts.

Field names and shapes: the app's `SyncManager.buildJsonPayload` and `HealthConnectManager`
(github.com/mcnaveen/health-connect-webhook); README.md lists each field and what becomes of it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import fmean

from runlift.importers import (
    Activity,
    BodyComposition,
    Decoded,
    Device,
    SleepNight,
    Unimportable,
    Wellness,
)
from runlift.importers.json import describe
from runlift.importers.notes import Notes
from runlift_healthconnect.codes import sport_of, stage_of
from runlift_healthconnect.fields import Record

FORMAT = "Health Connect Webhook JSON"
# Keys the app always writes at the top level, beside one array per data type that has records.
ROOT_KEYS = ("timestamp", "app_version")


def decode_payload(data: object) -> Decoded:
    """Every fact of one payload; raises Unimportable naming the record when a field has the wrong type."""
    root = Record(data, "payload")
    missing = [key for key in ROOT_KEYS if key not in root.data]
    if missing:
        keys = ", ".join(sorted(root.data)[:12]) or "none"
        raise Unimportable(
            "not a Health Connect Webhook payload: its top level has no "
            + " and no ".join(repr(key) for key in missing)
            + f" (its keys: {keys})"
        )
    root.instant("timestamp")
    version = root.text("app_version", required=True)
    assert version is not None
    device = Device(product=f"Health Connect Webhook {version}".strip()[:200])
    if root.data.get("test") is True:
        # The app's "test webhook" button posts made-up values (MockPayloadBuilder): not the athlete's.
        note = "a test payload from the app's webhook screen (its values are made up): nothing imported"
        return Decoded(format=FORMAT, device=device, notes=(note,))
    notes = Notes()
    nights = tuple(_night(r, notes) for r in _records(root, "sleep"))
    return Decoded(
        format=FORMAT,
        activities=tuple(_activity(r) for r in _records(root, "exercise")),
        sleep=nights,
        body=_weigh_ins(root, notes),
        wellness=_wellness(root, nights, notes),
        device=device,
        notes=notes.lines(),
    )


def _records(root: Record, key: str) -> list[Record]:
    return [Record(value, f"{key}[{i}]") for i, value in enumerate(root.array(key))]


def _night(record: Record, notes: Notes) -> SleepNight:
    """A sleep session: `session_end_time` and `duration_seconds` (the app writes no start), and the
    minutes of each stage from its start and end times."""
    end = record.instant("session_end_time")
    seconds = record.number("duration_seconds", required=True)
    assert seconds is not None
    if seconds < 0:
        raise Unimportable(f"{record.where}.duration_seconds is negative ({seconds:g})")
    minutes: dict[str, float] = {}
    staged = False
    for i, value in enumerate(record.array("stages")):
        stage = Record(value, f"{record.where}.stages[{i}]")
        code = stage.data.get("stage")
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)
        elif not isinstance(code, str):
            raise Unimportable(
                f"{stage.where}.stage is {describe(code)}, not a stage name or number"
            )
        kind = stage_of(code)
        start, stop = stage.instant("start_time"), stage.instant("end_time")
        if kind is None:
            notes.add("sleep stages Health Connect does not define", f"{code!r}, {stage.where}")
            continue
        if stop < start:
            raise Unimportable(f"{stage.where} ends before it starts")
        minutes[kind] = minutes.get(kind, 0.0) + (stop - start).total_seconds() / 60
        staged = staged or kind in ("awake", "light", "deep", "rem")
    # A night whose device scores stages has 0 minutes of a stage it did not see; one that only says
    # "sleeping" (or has no stages: the app's summary resolution) has no stage figures at all.
    classified = any(kind in minutes for kind in ("light", "deep", "rem"))

    def stage_minutes(kind: str, known: bool) -> float | None:
        return minutes.get(kind, 0.0) if known else None

    return SleepNight(
        start_utc=end - timedelta(seconds=seconds),
        end_utc=end,
        deep_min=stage_minutes("deep", classified),
        light_min=stage_minutes("light", classified),
        rem_min=stage_minutes("rem", classified),
        awake_min=stage_minutes("awake", staged),
    )


def _wellness(root: Record, nights: tuple[SleepNight, ...], notes: Notes) -> tuple[Wellness, ...]:
    """Resting heart rate (`bpm`) and HeartRateVariabilityRmssdRecord: `rmssd_millis` per sample, or
    `avg` (beside `min` and `max`) when the app buckets samples (its resolution setting).

    The samples taken during a night of the payload become that night's HRV, their mean, measured when
    the night ends (as a watch's overnight HRV is): a night's samples on both sides of midnight then
    count for the morning, not half of them for the evening before. Samples outside the payload's nights
    stay as they are."""
    out = []
    for record in _records(root, "resting_heart_rate"):
        at, bpm = record.instant("time"), record.number("bpm", required=True)
        assert bpm is not None
        if bpm <= 0:
            notes.add("resting heart rates of no beats", f"{bpm:g} bpm, {record.where}")
            continue
        out.append(Wellness(measured_utc=at, resting_hr_bpm=bpm))
    overnight: dict[datetime, list[float]] = {}
    for record in _records(root, "heart_rate_variability"):
        key = "rmssd_millis" if "rmssd_millis" in record.data else "avg"
        at, rmssd = record.instant("time"), record.number(key, required=True)
        assert rmssd is not None
        if rmssd <= 0:
            notes.add("HRV readings of no variability", f"{rmssd:g} ms, {record.where}")
            continue
        night = next((n for n in nights if n.start_utc <= at <= n.end_utc), None)
        if night is None:
            out.append(Wellness(measured_utc=at, hrv_rmssd_ms=rmssd))
        else:
            overnight.setdefault(night.end_utc, []).append(rmssd)
    for end, values in overnight.items():
        out.append(Wellness(measured_utc=end, hrv_rmssd_ms=fmean(values)))
    return tuple(out)


def _weigh_ins(root: Record, notes: Notes) -> tuple[BodyComposition, ...]:
    """`weight` records, each with the `body_fat` percentage a scale wrote at the same instant."""
    fat: dict[datetime, float] = {}
    for record in _records(root, "body_fat"):
        percentage = record.number("percentage", required=True)
        assert percentage is not None
        fat[record.instant("time")] = percentage
    out = []
    for record in _records(root, "weight"):
        kilograms = record.number("kilograms", required=True)
        assert kilograms is not None
        at = record.instant("time")
        if kilograms <= 0:
            notes.add("weigh-ins of no weight", f"{kilograms:g} kg, {record.where}")
            continue
        share = fat.pop(at, None)
        out.append(
            BodyComposition(
                measured_utc=at,
                weight_kg=kilograms,
                body_fat_pct=share if share is not None and 0 <= share <= 100 else None,
            )
        )
    for at in fat:
        notes.add("body-fat readings without a weigh-in at the same instant", at.isoformat())
    return tuple(out)


def _activity(record: Record) -> Activity:
    """An exercise session's summary; the app sends no samples, laps, heart rate or title."""
    exercise = record.data.get("type")
    if isinstance(exercise, int) and not isinstance(exercise, bool):
        exercise = str(exercise)
    elif not isinstance(exercise, str):
        raise Unimportable(f"{record.where}.type is {describe(exercise)}, not an exercise type")
    sport, sub_sport = sport_of(exercise)
    start, end = record.instant("start_time"), record.instant("end_time")
    if end < start:
        raise Unimportable(f"{record.where} ends before it starts")
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start,
        elapsed_s=(end - start).total_seconds(),
        distance_m=_non_negative(record, "distance_meters"),
        avg_cadence_spm=_non_negative(record, "avg_cadence_spm"),
        max_cadence_spm=_non_negative(record, "max_cadence_spm"),
    )


def _non_negative(record: Record, key: str) -> float | None:
    """An optional number that cannot be below zero: a negative one is a gap."""
    value = record.number(key)
    return value if value is not None and value >= 0 else None

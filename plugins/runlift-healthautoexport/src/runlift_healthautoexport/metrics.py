"""Reads the health metrics runlift uses: sleep_analysis, resting_heart_rate, heart_rate_variability
(SDNN, as Apple Health measures it) and weight_body_mass. Other metrics are not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from runlift.importers import BodyComposition, SleepNight, Unimportable, Wellness
from runlift.importers.notes import Notes
from runlift_healthautoexport.fields import Moment, Record
from runlift_healthautoexport.units import factor

# Sleep stage segments of one source further apart than this are two sleeps (a night and a nap).
NIGHT_GAP = timedelta(hours=1)
# The `value` of an unaggregated sleep segment: Apple's sleep stages (Core is Apple's light sleep).
_SEGMENTS = {
    "core": "light",
    "deep": "deep",
    "rem": "rem",
    "awake": "awake",
    "asleep": "asleep",
    "asleep unspecified": "asleep",
    "unspecified": "asleep",
    "in bed": "in_bed",
    "inbed": "in_bed",
}


@dataclass
class Metrics:
    """What the metrics of one export hold in runlift's values."""

    sleep: list[SleepNight] = field(default_factory=list)
    body: list[BodyComposition] = field(default_factory=list)
    wellness: list[Wellness] = field(default_factory=list)


@dataclass(frozen=True)
class _Segment:
    start: Moment
    end: Moment
    kind: str


def read_metrics(values: list[object], notes: Notes) -> Metrics:
    out = Metrics()
    segments: dict[str, list[_Segment]] = {}
    for i, value in enumerate(values):
        metric = Record(value, f"metrics[{i}]")
        name = metric.text("name", required=True)
        units = metric.text("units") or ""
        reader = _READERS.get(name or "")
        if reader is None:
            continue
        where = f"metrics[{i}] ({name})"
        metric = Record(value, where)
        for j, point in enumerate(metric.array("data")):
            record = Record(point, f"{where}.data[{j}]")
            if name == "sleep_analysis" and record.has("startDate"):
                segment = _segment(record, notes)
                if segment is not None:
                    source = record.text("source") or ""
                    segments.setdefault(source, []).append(segment)
                continue
            reader(record, units, out, notes)
    for source_segments in segments.values():
        out.sleep.extend(_nights(source_segments, notes))
    return out


def _sleep(record: Record, units: str, out: Metrics, notes: Notes) -> None:
    """An aggregated night (the app's "Aggregate" or "Summarize Data" on): its times and the hours in
    each stage. Versions before 6.6.2 give only `asleep` and `inBed`: a night without stage figures."""
    if record.has("sleepStart") and record.has("sleepEnd"):
        start, end = record.moment("sleepStart"), record.moment("sleepEnd")
    elif record.has("inBedStart") and record.has("inBedEnd"):
        start, end = record.moment("inBedStart"), record.moment("inBedEnd")
    else:
        raise Unimportable(
            f"{record.where} has neither sleepStart and sleepEnd nor inBedStart and inBedEnd"
        )
    if end.utc < start.utc:
        raise Unimportable(f"{record.where} ends before it starts")
    minutes = factor("sleep duration (min)", units or "hr", record.where)

    def stage(key: str) -> float | None:
        value = record.number(key)
        return None if value is None or value < 0 else value * minutes

    deep, light, rem = stage("deep"), stage("core"), stage("rem")
    staged = any(value for value in (deep, light, rem))
    out.sleep.append(
        SleepNight(
            start_utc=start.utc,
            end_utc=end.utc,
            utc_offset_s=end.offset_s,
            deep_min=(deep or 0.0) if staged else None,
            light_min=(light or 0.0) if staged else None,
            rem_min=(rem or 0.0) if staged else None,
            awake_min=stage("awake"),
        )
    )


def _segment(record: Record, notes: Notes) -> _Segment | None:
    """One stage of a night, unaggregated: `startDate`, `endDate` and the stage in `value`."""
    start, end = record.moment("startDate"), record.moment("endDate")
    value = record.text("value", required=True)
    assert value is not None
    kind = _SEGMENTS.get(value.strip().lower())
    if kind is None:
        notes.add("sleep segments of a stage Apple Health does not define", f"{value!r}")
        return None
    if kind == "in_bed":
        notes.add("in-bed segments (time in bed is not sleep)", start.utc.isoformat())
        return None
    if end.utc < start.utc:
        raise Unimportable(f"{record.where} ends before it starts")
    return _Segment(start, end, kind)


def _nights(segments: list[_Segment], notes: Notes) -> list[SleepNight]:
    """One source's stage segments as nights: segments less than NIGHT_GAP apart are one sleep."""
    nights: list[list[_Segment]] = []
    for segment in sorted(segments, key=lambda s: s.start.utc):
        if nights and segment.start.utc - max(s.end.utc for s in nights[-1]) <= NIGHT_GAP:
            nights[-1].append(segment)
        else:
            nights.append([segment])
    out = []
    for night in nights:
        minutes: dict[str, float] = {}
        for segment in night:
            span = (segment.end.utc - segment.start.utc).total_seconds() / 60
            minutes[segment.kind] = minutes.get(segment.kind, 0.0) + span
        last = max(night, key=lambda s: s.end.utc)
        staged = any(kind in minutes for kind in ("light", "deep", "rem"))

        def stage(kind: str, known: bool, minutes: dict[str, float] = minutes) -> float | None:
            return minutes.get(kind, 0.0) if known else None

        out.append(
            SleepNight(
                start_utc=min(s.start.utc for s in night),
                end_utc=last.end.utc,
                utc_offset_s=last.end.offset_s,
                deep_min=stage("deep", staged),
                light_min=stage("light", staged),
                rem_min=stage("rem", staged),
                awake_min=stage("awake", staged or "awake" in minutes),
            )
        )
    return out


def _resting_hr(record: Record, units: str, out: Metrics, notes: Notes) -> None:
    at, bpm = record.moment("date"), _positive(record, notes, "resting heart rates")
    if bpm is not None:
        bpm *= factor("heart rate (bpm)", units or "bpm", record.where)
        out.wellness.append(
            Wellness(measured_utc=at.utc, utc_offset_s=at.offset_s, resting_hr_bpm=bpm)
        )


def _hrv(record: Record, units: str, out: Metrics, notes: Notes) -> None:
    """Apple Health's HRV is SDNN (HKQuantityTypeIdentifierHeartRateVariabilitySDNN), kept as SDNN."""
    at, sdnn = record.moment("date"), _positive(record, notes, "HRV readings")
    if sdnn is not None:
        sdnn *= factor("HRV (ms)", units or "ms", record.where)
        out.wellness.append(
            Wellness(measured_utc=at.utc, utc_offset_s=at.offset_s, hrv_sdnn_ms=sdnn)
        )


def _weight(record: Record, units: str, out: Metrics, notes: Notes) -> None:
    at, mass = record.moment("date"), _positive(record, notes, "weigh-ins")
    if mass is not None:
        # To the gram: a pound weight turned into kilograms carries float noise past that.
        kilograms = round(mass * factor("mass (kg)", units or "kg", record.where), 3)
        out.body.append(
            BodyComposition(measured_utc=at.utc, utc_offset_s=at.offset_s, weight_kg=kilograms)
        )


def _positive(record: Record, notes: Notes, what: str) -> float | None:
    """The point's required `qty`; zero or below is no reading (left out with a note)."""
    qty = record.number("qty", required=True)
    assert qty is not None
    if qty <= 0:
        notes.add(f"{what} of no value", f"{qty:g}, {record.where}")
        return None
    return qty


_READERS = {
    "sleep_analysis": _sleep,
    "resting_heart_rate": _resting_hr,
    "heart_rate_variability": _hrv,
    "weight_body_mass": _weight,
}

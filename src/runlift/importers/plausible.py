"""Leaves out what no real measurement can be (values.py's plausible ranges), saying what it left out.

It runs on every decoded file, whichever plugin read it, before anything is stored: the first-party
importers already drop what they know to be "no reading" markers as they read, so this is the core's
guarantee rather than its everyday work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from runlift.importers.values import (
    AHEAD,
    ALTITUDE_M,
    BODY_MASS_KG,
    CADENCE_SPM,
    DURATION_S,
    EARLIEST_UTC,
    HEART_RATE_BPM,
    HRV_RMSSD_MS,
    HRV_SDNN_MS,
    LOAD_KG,
    NIGHT_S,
    REPS,
    SETS,
    SPEED_MPS,
    STRESS,
    Activity,
    BodyComposition,
    Decoded,
    Lap,
    Plausible,
    Samples,
    SleepNight,
    StrengthSession,
    StrengthSet,
    Wellness,
    plausible_time,
)


class NothingPlausible(Exception):
    """Every fact of a file lies outside what a real measurement can be; the message says what was left out."""


def plausible(decoded: Decoded, now: datetime) -> Decoded:
    """`decoded` without what no real measurement can be, with a note for each kind of thing left out.

    A value outside its range (values.py) becomes a gap. A fact dated before the FIT epoch or more than a
    day after `now`, or lasting longer than its range allows, is left out whole: every figure of it is in
    doubt. Raises NothingPlausible when that leaves nothing of a file that held facts, so that the file is
    rejected with the reason instead of imported empty.
    """
    screen = _Screen(now)
    activities = _kept(screen.activity(i, a) for i, a in enumerate(decoded.activities))
    strength = _kept(screen.strength(i, s) for i, s in enumerate(decoded.strength_sessions))
    sleep = _kept(map(screen.night, decoded.sleep))
    body = _kept(map(screen.weigh_in, decoded.body))
    wellness = _kept(map(screen.wellness, decoded.wellness))
    if not screen.left_out:
        return decoded
    notes = screen.notes()
    if not (activities or strength or sleep or body or wellness):
        raise NothingPlausible("nothing in the file is plausible: " + "; ".join(notes))
    return replace(
        decoded,
        activities=activities,
        strength_sessions=strength,
        sleep=sleep,
        body=body,
        wellness=wellness,
        notes=(*decoded.notes, *notes),
    )


def _kept(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(item for item in items if item is not None)


# The summary fields each kind of fact is screened on.
_ACTIVITY_FIELDS = (
    ("avg_hr_bpm", HEART_RATE_BPM),
    ("max_hr_bpm", HEART_RATE_BPM),
    ("avg_cadence_spm", CADENCE_SPM),
    ("max_cadence_spm", CADENCE_SPM),
    ("avg_speed_mps", SPEED_MPS),
    ("moving_s", DURATION_S),
)
_LAP_FIELDS = (
    ("avg_hr_bpm", HEART_RATE_BPM),
    ("max_hr_bpm", HEART_RATE_BPM),
    ("avg_cadence_spm", CADENCE_SPM),
    ("avg_speed_mps", SPEED_MPS),
)
_SAMPLE_STREAMS = (
    ("heart_rate_bpm", HEART_RATE_BPM),
    ("speed_mps", SPEED_MPS),
    ("cadence_spm", CADENCE_SPM),
    ("altitude_m", ALTITUDE_M),
)
_STRENGTH_FIELDS = (
    ("avg_hr_bpm", HEART_RATE_BPM),
    ("max_hr_bpm", HEART_RATE_BPM),
    ("active_s", DURATION_S),
)
_SET_FIELDS = (
    ("reps", REPS),
    ("weight_kg", LOAD_KG),
    ("duration_s", DURATION_S),
    ("rest_after_s", DURATION_S),
)
_WELLNESS_FIELDS = (
    ("resting_hr_bpm", HEART_RATE_BPM),
    ("hrv_rmssd_ms", HRV_RMSSD_MS),
    ("hrv_sdnn_ms", HRV_SDNN_MS),
    ("stress", STRESS),
)
_DAY_MIN = 24 * 60.0


class _Screen:
    """Screens one file's facts, counting what it leaves out by kind, with the first example of each."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.left_out: dict[str, list[Any]] = {}

    def notes(self) -> list[str]:
        return [
            f"left out {what}: {count} (the first: {example})"
            for what, (count, example) in self.left_out.items()
        ]

    def drop(self, what: str, example: str, count: int = 1) -> None:
        entry = self.left_out.setdefault(what, [0, example])
        entry[0] += count

    def dated(self, moment: datetime, kinds: str) -> bool:
        if plausible_time(moment, self.now):
            return True
        window = f"{EARLIEST_UTC:%Y-%m-%d}..{self.now + AHEAD:%Y-%m-%d}"
        self.drop(f"{kinds} dated outside {window}", f"{moment:%Y-%m-%d %H:%M} UTC")
        return False

    def lasting(self, seconds: float, kinds: str, limit: Plausible = DURATION_S) -> bool:
        if seconds in limit:
            return True
        hours = f"{limit.low / 3600:g}..{limit.high / 3600:g} h"
        self.drop(f"{kinds} whose duration is outside {hours}", f"{seconds / 3600:.4g} h")
        return False

    def value(self, value: float | None, limit: Plausible, where: str) -> float | None:
        if value is None or value in limit:
            return value
        self.drop(f"{limit.quantity} values outside {limit}", f"{value:g}, {where}")
        return None

    def fields(
        self, fact: Any, checks: tuple[tuple[str, Plausible], ...], where: str
    ) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for name, limit in checks:
            value = getattr(fact, name)
            if value is not None and value not in limit:
                changes[name] = self.value(value, limit, f"{name} of {where}")
        return changes

    def activity(self, index: int, activity: Activity) -> Activity | None:
        where = f"activity {index + 1}"
        if not self.dated(activity.start_utc, "activities") or not self.lasting(
            activity.elapsed_s, "activities"
        ):
            return None
        changes = self.fields(activity, _ACTIVITY_FIELDS, where)
        distance, elapsed = activity.distance_m, activity.elapsed_s
        if distance and elapsed and distance / elapsed > SPEED_MPS.high:
            # Further than the fastest plausible speed covers in the time: a corrupt total.
            changes["distance_m"] = None
            self.drop(
                f"distances that would need more than {SPEED_MPS.high:g} m/s",
                f"{distance:g} m in {elapsed:g} s, {where}",
            )
        bounds = activity.hr_zone_bounds_bpm
        if bounds is not None and any(bound not in HEART_RATE_BPM for bound in bounds):
            changes["hr_zone_bounds_bpm"] = None
            self.drop(f"device heart-rate zone edges outside {HEART_RATE_BPM}", where)
        zone_s = activity.hr_zone_s
        if zone_s is not None and any(seconds not in DURATION_S for seconds in zone_s):
            changes["hr_zone_s"] = changes["hr_zone_bounds_bpm"] = None
            self.drop(f"device zone times outside {DURATION_S}", where)
        laps = tuple(self.lap(lap, where) for lap in activity.laps)
        if any(new is not old for new, old in zip(laps, activity.laps, strict=True)):
            changes["laps"] = _kept(laps)
        if activity.samples is not None:
            samples = self.samples(activity.samples, where)
            if samples is not activity.samples:
                changes["samples"] = samples
        return replace(activity, **changes) if changes else activity

    def lap(self, lap: Lap, where: str) -> Lap | None:
        if not self.dated(lap.start_utc, "laps") or not self.lasting(lap.elapsed_s, "laps"):
            return None
        changes = self.fields(lap, _LAP_FIELDS, f"a lap of {where}")
        return replace(lap, **changes) if changes else lap

    def samples(self, samples: Samples, where: str) -> Samples:
        changes: dict[str, Any] = {}
        for name, limit in _SAMPLE_STREAMS:
            values: tuple[float | None, ...] | None = getattr(samples, name)
            present = [v for v in values or () if v is not None]
            if not present or (limit.low <= min(present) and max(present) <= limit.high):
                continue
            outside = [v for v in present if v not in limit]
            self.drop(
                f"{limit.quantity} values outside {limit}",
                f"{outside[0]:g}, in the samples of {where}",
                len(outside),
            )
            kept = tuple(None if v is None or v not in limit else v for v in values or ())
            changes[name] = kept if any(v is not None for v in kept) else None
        return replace(samples, **changes) if changes else samples

    def strength(self, index: int, session: StrengthSession) -> StrengthSession | None:
        where = f"strength session {index + 1}"
        if not self.dated(session.start_utc, "strength sessions") or not self.lasting(
            session.elapsed_s, "strength sessions"
        ):
            return None
        if len(session.sets) not in SETS:
            self.drop(
                f"strength sessions of more than {SETS.high:g} sets", f"{len(session.sets)} sets"
            )
            return None
        changes = self.fields(session, _STRENGTH_FIELDS, where)
        sets = tuple(self.set(s, where) for s in session.sets)
        if any(new is not old for new, old in zip(sets, session.sets, strict=True)):
            changes["sets"] = sets
        return replace(session, **changes) if changes else session

    def set(self, strength_set: StrengthSet, where: str) -> StrengthSet:
        changes = self.fields(strength_set, _SET_FIELDS, f"a set of {where}")
        start = strength_set.start_utc
        if start is not None and not self.dated(start, "set start times"):
            changes["start_utc"] = None
        return replace(strength_set, **changes) if changes else strength_set

    def night(self, night: SleepNight) -> SleepNight | None:
        if not (self.dated(night.start_utc, "nights") and self.dated(night.end_utc, "nights")):
            return None
        if not self.lasting((night.end_utc - night.start_utc).total_seconds(), "nights", NIGHT_S):
            return None
        stages = ("deep_min", "light_min", "rem_min", "awake_min")
        changes: dict[str, Any] = {}
        for name in stages:
            minutes = getattr(night, name)
            if minutes is not None and minutes > _DAY_MIN:
                changes[name] = None
                self.drop("sleep stages longer than a day", f"{minutes:g} min")
        return replace(night, **changes) if changes else night

    def weigh_in(self, weigh_in: BodyComposition) -> BodyComposition | None:
        if not self.dated(weigh_in.measured_utc, "weigh-ins"):
            return None
        if self.value(weigh_in.weight_kg, BODY_MASS_KG, "a weigh-in") is None:
            return None
        return weigh_in

    def wellness(self, sample: Wellness) -> Wellness | None:
        if not self.dated(sample.measured_utc, "wellness measurements"):
            return None
        changes = self.fields(sample, _WELLNESS_FIELDS, "a wellness measurement")
        if not changes:
            return sample
        kept = replace(sample, **changes)
        readings = (kept.resting_hr_bpm, kept.hrv_rmssd_ms, kept.hrv_sdnn_ms, kept.stress)
        if all(reading is None for reading in readings):
            return None
        return kept

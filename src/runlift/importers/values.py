"""The typed, frozen values an importer returns; validated on construction and again by the core.

Plugins build these and nothing else: only the core turns them into domain events. Units are in the field
names; instants are timezone-aware; sequences are tuples. Construction raises pydantic's ValidationError on
a malformed value, which the core reports as the plugin's fault, naming the field.

The plausible ranges below say what a real measurement can be. A value outside one is a sensor or export
fault, not training data: importers leave it out (None) as they read, and the core leaves out whatever
still lies outside (`runlift.ingest.normalise.plausible`), with a note saying what it left out.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from pydantic import AwareDatetime, ConfigDict, Field
from pydantic.dataclasses import dataclass

# defer_build: a validator is built when a value is first made (in the decoding worker), not when the
# module is imported: the importing process only unpickles values, and every command starts sooner.
_STRICT = ConfigDict(strict=True, revalidate_instances="always", extra="forbid", defer_build=True)

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
# A UTC offset of the device's local clock; real zones lie within -12 h .. +14 h.
MAX_UTC_OFFSET_S = 14 * 3600
UtcOffset = Annotated[int, Field(ge=-MAX_UTC_OFFSET_S, le=MAX_UTC_OFFSET_S)]
SetType = Literal["working", "warmup", "dropset", "failure"]


@dataclasses.dataclass(frozen=True)
class Plausible:
    """The values a real measurement of one quantity can take, `low` to `high` inclusive."""

    quantity: str
    unit: str
    low: float
    high: float

    def keep(self, value: float | None) -> float | None:
        """`value` as a float when it is finite and within the range, else None (a gap)."""
        if value is None or not math.isfinite(value) or not self.low <= value <= self.high:
            return None
        return float(value)

    def __contains__(self, value: float) -> bool:
        return math.isfinite(value) and self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{self.low:g}..{self.high:g} {self.unit}"


# The lowest heart rate on record is 26 bpm; 0 is what writers put for "no reading", and 255 is FIT's
# invalid marker, which some apps copy into GPX and TCX.
HEART_RATE_BPM = Plausible("heart rate", "bpm", 20.0, 250.0)
SPEED_MPS = Plausible("speed", "m/s", 0.0, 100.0)
# 254 strides a minute (508 steps), the largest FIT cadence that is not its invalid marker 255.
CADENCE_SPM = Plausible("cadence", "steps/min", 0.0, 508.0)
ALTITUDE_M = Plausible("altitude", "m", -1_000.0, 10_000.0)
# A session, lap or set longer than a week is a corrupt field (and would overflow date arithmetic).
DURATION_S = Plausible("duration", "s", 0.0, 7 * 86_400.0)
NIGHT_S = Plausible("night's sleep", "s", 0.0, 86_400.0)
REPS = Plausible("reps", "reps", 0.0, 1_000.0)
# A thousand sets at one a half-minute is more than eight hours of lifting.
SETS = Plausible("sets", "sets", 0.0, 1_000.0)
# Heavier than any lift or leg press on record.
LOAD_KG = Plausible("load", "kg", 0.0, 1_500.0)
BODY_MASS_KG = Plausible("body weight", "kg", 10.0, 500.0)
# Overnight HRV in its two time-domain metrics, which are never compared with each other: RMSSD (FIT
# devices, Health Connect) and SDNN (Apple Health). Both stay below a few hundred ms in healthy adults.
HRV_RMSSD_MS = Plausible("HRV (RMSSD)", "ms", 1.0, 500.0)
HRV_SDNN_MS = Plausible("HRV (SDNN)", "ms", 1.0, 500.0)
STRESS = Plausible("stress", "", 0.0, 100.0)

# No device writes an earlier time than the FIT epoch; FIT times soon after it come from a clock that was
# never set, which the FIT importer imports as other FIT tools read it, with a note. Later than a day
# ahead of the import is a clock set wrong, or a corrupt field.
EARLIEST_UTC = datetime(1989, 12, 31, tzinfo=UTC)
AHEAD = timedelta(days=1)


def plausible_time(moment: datetime, now: datetime) -> bool:
    """Whether an instant can be one a device really recorded, importing at `now`."""
    return EARLIEST_UTC <= moment <= now + AHEAD


@dataclass(frozen=True, config=_STRICT)
class Device:
    """The device or app that wrote the file."""

    manufacturer: Text | None = None
    product: Text | None = None
    serial: Text | None = None


@dataclass(frozen=True, config=_STRICT)
class Samples:
    """Per-sample streams of an activity: `t_s` is seconds from its start, every other stream aligned with it."""

    t_s: tuple[NonNegative, ...]
    heart_rate_bpm: tuple[NonNegative | None, ...] | None = None
    speed_mps: tuple[NonNegative | None, ...] | None = None
    cadence_spm: tuple[NonNegative | None, ...] | None = None
    altitude_m: tuple[Finite | None, ...] | None = None
    distance_m: tuple[NonNegative | None, ...] | None = None
    latitude_deg: tuple[Latitude | None, ...] | None = None
    longitude_deg: tuple[Longitude | None, ...] | None = None


@dataclass(frozen=True, config=_STRICT)
class Lap:
    """One lap (or split) of an activity."""

    start_utc: AwareDatetime
    elapsed_s: NonNegative
    distance_m: NonNegative | None = None
    avg_hr_bpm: NonNegative | None = None
    max_hr_bpm: NonNegative | None = None
    avg_cadence_spm: NonNegative | None = None
    avg_speed_mps: NonNegative | None = None


@dataclass(frozen=True, config=_STRICT)
class Activity:
    """An endurance session. `sport` and `sub_sport` use FIT profile names (running, trail, walking, cycling...);
    the core decides from them and the athlete's config whether it is a run."""

    sport: Text
    start_utc: AwareDatetime
    elapsed_s: NonNegative
    sub_sport: Text | None = None
    utc_offset_s: UtcOffset | None = None
    moving_s: NonNegative | None = None
    distance_m: NonNegative | None = None
    avg_hr_bpm: NonNegative | None = None
    max_hr_bpm: NonNegative | None = None
    # Seconds per heart-rate zone as the device counted them, and the lower edges (bpm) of its zones 2, 3, ...
    hr_zone_s: tuple[NonNegative, ...] | None = None
    hr_zone_bounds_bpm: tuple[NonNegative, ...] | None = None
    avg_cadence_spm: NonNegative | None = None
    max_cadence_spm: NonNegative | None = None
    avg_speed_mps: NonNegative | None = None
    elevation_gain_m: NonNegative | None = None
    elevation_loss_m: NonNegative | None = None
    calories_kcal: NonNegative | None = None
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    title: Text | None = None
    laps: tuple[Lap, ...] = ()
    samples: Samples | None = None


@dataclass(frozen=True, config=_STRICT)
class StrengthSet:
    """One set of an exercise. Rest periods are not sets: give them as the previous set's `rest_after_s`.
    Cardio rows of a lifting app (a row on the erg) are sets with `duration_s` and `distance_m`."""

    exercise_name: Text
    set_type: SetType = "working"
    reps: Count | None = None
    weight_kg: NonNegative | None = None
    start_utc: AwareDatetime | None = None
    duration_s: NonNegative | None = None
    exercise_category: Text | None = None
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    rest_after_s: NonNegative | None = None
    distance_m: NonNegative | None = None
    note: Reason | None = None


@dataclass(frozen=True, config=_STRICT)
class StrengthSession:
    """A resistance-training session and its sets in the order they were done."""

    start_utc: AwareDatetime
    elapsed_s: NonNegative
    sets: tuple[StrengthSet, ...]
    utc_offset_s: UtcOffset | None = None
    active_s: NonNegative | None = None
    avg_hr_bpm: NonNegative | None = None
    max_hr_bpm: NonNegative | None = None
    calories_kcal: NonNegative | None = None
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    title: Text | None = None
    note: Reason | None = None


@dataclass(frozen=True, config=_STRICT)
class SleepNight:
    """One sleep period with minutes per stage and the device's score when it gives one."""

    start_utc: AwareDatetime
    end_utc: AwareDatetime
    utc_offset_s: UtcOffset | None = None
    deep_min: NonNegative | None = None
    light_min: NonNegative | None = None
    rem_min: NonNegative | None = None
    awake_min: NonNegative | None = None
    score: NonNegative | None = None


@dataclass(frozen=True, config=_STRICT)
class BodyComposition:
    """A weigh-in."""

    measured_utc: AwareDatetime
    weight_kg: Positive
    utc_offset_s: UtcOffset | None = None
    body_fat_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    muscle_mass_kg: NonNegative | None = None
    bone_mass_kg: NonNegative | None = None
    water_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    bmi: NonNegative | None = None


@dataclass(frozen=True, config=_STRICT)
class Wellness:
    """A recovery measurement: resting heart rate, HRV and/or a stress level. HRV keeps the metric the
    source measured: `hrv_rmssd_ms` (RMSSD: FIT devices, Health Connect) or `hrv_sdnn_ms` (SDNN: Apple
    Health); never convert one into the other."""

    measured_utc: AwareDatetime
    utc_offset_s: UtcOffset | None = None
    resting_hr_bpm: NonNegative | None = None
    hrv_rmssd_ms: NonNegative | None = None
    stress: NonNegative | None = None
    hrv_sdnn_ms: NonNegative | None = None


@dataclass(frozen=True, config=_STRICT)
class Decoded:
    """Everything an importer read from one file. An empty Decoded is a valid file with no training data.

    `format` names what the file was ("FIT activity", "Hevy CSV"); `salvaged` says why, when the data came
    from the readable part of a damaged file, and `truncated` whether that damage is the file ending early
    (as a file still being copied does: the daemon waits for the rest before it salvages); `notes` tell the
    user what was left out and why (an untimed track, a monitoring record without values), without
    rejecting the file.
    """

    format: Text
    activities: tuple[Activity, ...] = ()
    strength_sessions: tuple[StrengthSession, ...] = ()
    sleep: tuple[SleepNight, ...] = ()
    body: tuple[BodyComposition, ...] = ()
    wellness: tuple[Wellness, ...] = ()
    device: Device | None = None
    salvaged: Reason | None = None
    notes: tuple[Reason, ...] = ()
    truncated: bool = False

"""The fuzzing property: a file imports (possibly salvaged) with only plausible training data, or is rejected
with a reason; never an unhandled exception, never malformed values, never a hang.

`check_decode` runs a file through the core exactly as an import does up to saving (sniff, decode in the
chosen plugin, validation, the plausibility screen, normalisation into event fields); `implausible` reads
event fields, whether fresh from normalisation or read back from a store, and lists every value no real
measurement could have, by the ranges in runlift.importers.values.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers.decode import Athlete, decode_file
from runlift.importers.manager import PluginSource, Registry, load_registry
from runlift.importers.outcomes import DecodeFailure, DecodeSuccess
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
    SPEED_MPS,
    STRESS,
    Plausible,
)
from runlift.ingest.normalise import facts
from runlift.settings import defaults

PROFILE = replace(defaults().profile(), zone=ZoneInfo("Europe/Berlin"))
# Far beyond any decode of the small files fuzzed (the plugin time limit is 120 s by default): a decode
# that takes this long is hanging.
DECODE_LIMIT_S = 30.0
# What the FIT importer notes when a device's clock was never set and its times read as 1989/1990.
UNSET_CLOCK = "the device's clock was not set"
_YEAR_1990 = datetime(1990, 1, 1, tzinfo=UTC)


@cache
def registry() -> Registry:
    """The installed importer plugins, loaded once per test process."""
    return load_registry(PluginSource())


@dataclass(frozen=True)
class Outcome:
    """What the core made of one file: the failure, or the decoded values and their event fields."""

    failure: DecodeFailure | None
    success: DecodeSuccess | None
    fields: list[tuple[str, dict[str, Any]]]


def check_decode(path: Path, filename: str | None = None) -> Outcome:
    """Decode `path` as an import does and assert the fuzzing property of the outcome."""
    began = time.monotonic()
    outcome = decode_file(
        registry(), path, filename or path.name, {}, athlete=Athlete("Europe/Berlin")
    )
    took = time.monotonic() - began
    assert took < DECODE_LIMIT_S, f"{path.name}: decoding took {took:.1f} s"
    if isinstance(outcome, DecodeFailure):
        assert_a_reason(outcome.stage, outcome.reason, outcome.importer, path.name)
        return Outcome(outcome, None, [])
    assert isinstance(outcome, DecodeSuccess)
    fields = [(cls.__name__, values) for cls, values in facts(outcome.decoded, PROFILE)]
    problems = implausible(fields, outcome.decoded.notes, datetime.now(UTC))
    assert not problems, f"{path.name} ({outcome.importer}) stores implausible values: {problems}"
    return Outcome(None, outcome, fields)


def assert_a_reason(stage: str, reason: str, importer: str | None, name: str) -> None:
    """A rejection must come from a plugin refusing the file (or no plugin recognising it), with words
    saying why: a plugin's unhandled exception, or values that break the contract, are bugs."""
    assert reason.strip(), f"{name}: rejected at {stage} without a reason"
    assert stage in ("sniff", "decode", "validate"), f"{name}: rejected at {stage}: {reason}"
    assert not reason.startswith(f"importer {importer!r} failed:"), f"{name}: {reason}"
    assert "returned malformed values" not in reason, f"{name}: {reason}"
    if stage == "validate":
        assert reason.startswith("nothing in the file is plausible: left out "), f"{name}: {reason}"


def implausible(
    records: Iterable[tuple[str, Mapping[str, Any]]], notes: Iterable[str], now: datetime
) -> list[str]:
    """Every value of the event fields (type name, fields) that no real measurement can have."""
    problems: list[str] = []
    flagged_clock = any(UNSET_CLOCK in note for note in notes)

    def check(name: str, limit: Plausible, value: Any) -> None:
        if value is not None and not (
            isinstance(value, int | float) and limit.low <= value <= limit.high
        ):
            problems.append(f"{name}={value!r}")

    def check_time(name: str, value: Any) -> None:
        if value is None:
            return
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        if not EARLIEST_UTC <= moment <= now + AHEAD:
            problems.append(f"{name}={moment.isoformat()}")
        elif moment < _YEAR_1990 and not flagged_clock:
            problems.append(f"{name}={moment.isoformat()} without a note on the device's clock")

    for event_type, fields in records:
        for key in ("start_utc", "end_utc", "measured_utc"):
            check_time(f"{event_type}.{key}", fields.get(key))
        for key in ("avg_hr_bpm", "max_hr_bpm", "resting_hr_bpm"):
            check(f"{event_type}.{key}", HEART_RATE_BPM, fields.get(key))
        for key in ("avg_cadence_spm", "max_cadence_spm"):
            check(f"{event_type}.{key}", CADENCE_SPM, fields.get(key))
        check(f"{event_type}.avg_speed_mps", SPEED_MPS, fields.get("avg_speed_mps"))
        for key in ("elapsed_s", "moving_s", "active_s", "rest_after_s"):
            check(f"{event_type}.{key}", DURATION_S, fields.get(key))
        check(f"{event_type}.hrv_rmssd_ms", HRV_RMSSD_MS, fields.get("hrv_rmssd_ms"))
        check(f"{event_type}.hrv_sdnn_ms", HRV_SDNN_MS, fields.get("hrv_sdnn_ms"))
        check(f"{event_type}.stress", STRESS, fields.get("stress"))
        elapsed, distance = fields.get("elapsed_s"), fields.get("distance_m")
        if event_type in ("RunCompleted", "ActivityCompleted") and elapsed and distance:
            check(f"{event_type} distance over time", SPEED_MPS, distance / elapsed)
        for lap in fields.get("laps") or ():
            check_time("lap.start_utc", lap["start_utc"])
            check("lap.elapsed_s", DURATION_S, lap["elapsed_s"])
            for key in ("avg_hr_bpm", "max_hr_bpm"):
                check(f"lap.{key}", HEART_RATE_BPM, lap.get(key))
            check("lap.avg_cadence_spm", CADENCE_SPM, lap.get("avg_cadence_spm"))
            check("lap.avg_speed_mps", SPEED_MPS, lap.get("avg_speed_mps"))
        if event_type == "ActivitySamplesRecorded":
            streams = (
                ("heart_rate_bpm", HEART_RATE_BPM),
                ("speed_mps", SPEED_MPS),
                ("cadence_spm", CADENCE_SPM),
                ("altitude_m", ALTITUDE_M),
            )
            for key, limit in streams:
                for value in fields.get(key) or ():
                    check(f"samples.{key}", limit, value)
        if event_type == "SetLogged":
            check("set.reps", REPS, fields.get("reps"))
            check("set.weight_kg", LOAD_KG, fields.get("weight_kg"))
            check("set.duration_s", DURATION_S, fields.get("duration_s"))
        if event_type == "SleepRecorded":
            check("sleep.duration_s", NIGHT_S, fields.get("duration_s"))
        if event_type == "BodyCompositionRecorded":
            check("body.weight_kg", BODY_MASS_KG, fields.get("weight_kg"))
        if isinstance(fields.get("local_day"), date | str):
            day = fields["local_day"]
            year = day.year if isinstance(day, date) else int(day[:4])
            if not 1989 <= year <= now.year + 1:
                problems.append(f"{event_type}.local_day={day}")
    return problems

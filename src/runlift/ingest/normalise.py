"""Turns a plugin's decoded values into domain event fields: local days, run or other sport, zone times."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Any

from runlift.coaching import formulas
from runlift.domain import events as ev
from runlift.domain.days import local_day
from runlift.importers.values import Activity, Decoded, Samples, StrengthSession
from runlift.settings import Profile

Fact = tuple[type[ev.FileEvent], dict[str, Any]]


def facts(decoded: Decoded, profile: Profile) -> list[Fact]:
    """Every training fact of a decoded file, in a stable order, as (event class, fields)."""
    out: list[Fact] = []
    for index, activity in enumerate(decoded.activities):
        out.extend(_activity(index, activity, profile, decoded.salvaged))
    for index, session in enumerate(decoded.strength_sessions):
        out.extend(_strength(index, session, profile))
    for night in decoded.sleep:
        out.append(
            (
                ev.SleepRecorded,
                dict(
                    start_utc=night.start_utc,
                    end_utc=night.end_utc,
                    local_day=local_day(night.end_utc, night.utc_offset_s, profile.zone),
                    duration_s=(night.end_utc - night.start_utc).total_seconds(),
                    deep_min=night.deep_min,
                    light_min=night.light_min,
                    rem_min=night.rem_min,
                    awake_min=night.awake_min,
                    score=night.score,
                ),
            )
        )
    for weigh_in in decoded.body:
        out.append(
            (
                ev.BodyCompositionRecorded,
                dict(
                    measured_utc=weigh_in.measured_utc,
                    local_day=local_day(weigh_in.measured_utc, weigh_in.utc_offset_s, profile.zone),
                    weight_kg=weigh_in.weight_kg,
                    body_fat_pct=weigh_in.body_fat_pct,
                    muscle_mass_kg=weigh_in.muscle_mass_kg,
                    bone_mass_kg=weigh_in.bone_mass_kg,
                    water_pct=weigh_in.water_pct,
                    bmi=weigh_in.bmi,
                ),
            )
        )
    for sample in decoded.wellness:
        out.append(
            (
                ev.WellnessRecorded,
                dict(
                    measured_utc=sample.measured_utc,
                    local_day=local_day(sample.measured_utc, sample.utc_offset_s, profile.zone),
                    resting_hr_bpm=sample.resting_hr_bpm,
                    hrv_rmssd_ms=sample.hrv_rmssd_ms,
                    hrv_sdnn_ms=sample.hrv_sdnn_ms,
                    stress=sample.stress,
                ),
            )
        )
    return out


def counts(facts: Sequence[Fact]) -> dict[str, int]:
    """How many facts of each event type (stored in FileImported, shown by `runlift import`)."""
    out: dict[str, int] = {}
    for event_class, _ in facts:
        out[event_class.__name__] = out.get(event_class.__name__, 0) + 1
    return out


def is_run(activity: Activity, running_sports: frozenset[str]) -> bool:
    """A run is an activity whose sport (or "sport/sub_sport") the athlete counts as running."""
    sport = activity.sport.lower()
    full = f"{sport}/{(activity.sub_sport or '').lower()}"
    return sport in running_sports or full in running_sports


def _activity(
    index: int, activity: Activity, profile: Profile, salvaged: str | None
) -> Iterator[Fact]:
    event_class = (
        ev.RunCompleted if is_run(activity, profile.running_sports) else ev.ActivityCompleted
    )
    zone_s, bounds = _zones(activity, profile)
    yield (
        event_class,
        dict(
            activity_index=index,
            sport=activity.sport.lower(),
            sub_sport=activity.sub_sport.lower() if activity.sub_sport else None,
            start_utc=activity.start_utc,
            local_day=local_day(activity.start_utc, activity.utc_offset_s, profile.zone),
            utc_offset_s=activity.utc_offset_s,
            elapsed_s=activity.elapsed_s,
            moving_s=activity.moving_s,
            distance_m=activity.distance_m,
            avg_hr_bpm=activity.avg_hr_bpm,
            max_hr_bpm=activity.max_hr_bpm,
            hr_zone_s=zone_s,
            hr_zone_bounds_bpm=bounds,
            avg_cadence_spm=activity.avg_cadence_spm,
            max_cadence_spm=activity.max_cadence_spm,
            avg_speed_mps=activity.avg_speed_mps,
            elevation_gain_m=activity.elevation_gain_m,
            elevation_loss_m=activity.elevation_loss_m,
            calories_kcal=activity.calories_kcal,
            rpe=activity.rpe,
            title=activity.title,
            laps=[asdict(lap) for lap in activity.laps],
            has_samples=activity.samples is not None,
            salvaged=salvaged,
        ),
    )
    if activity.samples is not None:
        yield ev.ActivitySamplesRecorded, _samples(index, activity, activity.samples)


def _samples(index: int, activity: Activity, samples: Samples) -> dict[str, Any]:
    def stream(values: Sequence[float | None] | None) -> list[float | None] | None:
        return None if values is None else list(values)

    return dict(
        activity_index=index,
        start_utc=activity.start_utc,
        t_s=list(samples.t_s),
        heart_rate_bpm=stream(samples.heart_rate_bpm),
        speed_mps=stream(samples.speed_mps),
        cadence_spm=stream(samples.cadence_spm),
        altitude_m=stream(samples.altitude_m),
        distance_m=stream(samples.distance_m),
        latitude_deg=stream(samples.latitude_deg),
        longitude_deg=stream(samples.longitude_deg),
    )


def _zones(activity: Activity, profile: Profile) -> tuple[list[float] | None, list[float] | None]:
    """Seconds per heart-rate zone: from the samples with the athlete's zones, so every file and device is
    counted alike; the device's own figures (and its zone edges) only when there are no samples."""
    samples = activity.samples
    if samples is None or samples.heart_rate_bpm is None or not any(samples.heart_rate_bpm):
        if activity.hr_zone_s is None:
            return None, None
        device_bounds = activity.hr_zone_bounds_bpm
        return list(activity.hr_zone_s), list(device_bounds) if device_bounds is not None else None
    bounds = formulas.zone_bounds(
        profile.resting_hr_bpm, profile.max_hr_bpm, formulas.ZONE_EDGES_HRR
    )
    seconds = formulas.zone_seconds(
        formulas.stream(samples.t_s),
        formulas.stream(samples.heart_rate_bpm),
        bounds,
        profile.max_sample_gap_s,
    )
    return [round(s, 1) for s in seconds], bounds


def _strength(index: int, session: StrengthSession, profile: Profile) -> Iterator[Fact]:
    day = local_day(session.start_utc, session.utc_offset_s, profile.zone)
    yield (
        ev.StrengthSessionCompleted,
        dict(
            session_index=index,
            start_utc=session.start_utc,
            local_day=day,
            utc_offset_s=session.utc_offset_s,
            elapsed_s=session.elapsed_s,
            active_s=session.active_s,
            avg_hr_bpm=session.avg_hr_bpm,
            max_hr_bpm=session.max_hr_bpm,
            calories_kcal=session.calories_kcal,
            rpe=session.rpe,
            title=session.title,
            note=session.note,
            n_sets=len(session.sets),
        ),
    )
    for set_index, s in enumerate(session.sets):
        yield (
            ev.SetLogged,
            dict(
                session_index=index,
                set_index=set_index,
                start_utc=s.start_utc,
                local_day=day,
                duration_s=s.duration_s,
                reps=s.reps,
                weight_kg=s.weight_kg,
                set_type=s.set_type,
                exercise_name=s.exercise_name,
                exercise_category=s.exercise_category,
                rpe=s.rpe,
                rest_after_s=s.rest_after_s,
                distance_m=s.distance_m,
                note=s.note,
            ),
        )

"""The history's FIT files (runs, lifts, sleep, HRV, resting heart rate, weigh-ins) as a Garmin device writes them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import numpy as np
from garmin_fit_sdk import Encoder, Profile

from runlift.demo.athlete import (
    HRV,
    MONITOR,
    RUN_DAYS,
    SLEEP,
    WEIGHT,
    ZONE,
    fitness,
    local,
    rng_for,
    season,
)
from runlift.demo.lifts import Workout
from runlift.demo.nights import AWAKE, night, resting_hr, sleep_score, sleep_stages
from runlift.demo.runs import Track

FIT_EPOCH_UNIX_S = 631_065_600
PRODUCT, SCALE_PRODUCT, SERIAL = 3113, 2429, 3_396_447_510  # a Forerunner 945 and an Index scale
MESG = Profile["mesg_num"]
RECORD = MESG["RECORD"]
CATEGORIES = {name: number for number, name in Profile["types"]["exercise_category"].items()}
SLEEP_EVENT = 74  # Garmin's sleep event, which the SDK's profile does not name


def fit_seconds(moment: datetime) -> int:
    return int(moment.timestamp()) - FIT_EPOCH_UNIX_S


def utc_offset_s(moment: datetime) -> int:
    offset = moment.astimezone(ZONE).utcoffset()
    return 0 if offset is None else int(offset.total_seconds())


def message(name: str, **fields: Any) -> dict[str, Any]:
    """A message for the SDK's encoder: its number and its fields by profile name."""
    return {"mesg_num": MESG[name.upper()], **fields}


class RecordEncoder(Encoder):
    """The SDK's encoder, building the definition of a file's record messages once rather than per record.

    Encoder.on_mesg builds a definition for every message and compares it field by field with the active
    ones. A run writes thousands of records with the same fields (all single numbers, so of fixed sizes):
    one definition per set of field names, recognised by identity, gives the same bytes about 40 % faster.
    The two methods overridden are the SDK's own, not its documented API; a test checks that the bytes
    stay those of the plain Encoder.
    """

    def __init__(self) -> None:
        super().__init__()
        self._record_definitions: dict[tuple[str, ...], Any] = {}

    def _create_mesg_definition(self, mesg_num: int, mesg: dict[str, Any]) -> Any:
        if mesg_num != RECORD:
            return super()._create_mesg_definition(mesg_num, mesg)  # type: ignore[misc]
        names = tuple(mesg)
        if names not in self._record_definitions:
            made = super()._create_mesg_definition(mesg_num, mesg)  # type: ignore[misc]
            self._record_definitions[names] = made
        return self._record_definitions[names]

    def _find_local_mesg_definition(self, definition: Any) -> Any:
        active_ones = self._local_mesg_definitions  # type: ignore[attr-defined]
        if any(active is definition for active in active_ones):
            return definition
        return super()._find_local_mesg_definition(definition)  # type: ignore[misc]


def encode(messages: Iterable[dict[str, Any]]) -> bytes:
    """A FIT file (header, definitions, messages, checksum) of the messages, in order."""
    encoder = RecordEncoder()
    for fields in messages:
        encoder.write_mesg(fields)
    data: bytes = encoder.close()
    return data


def device(file_type: str | int, created: int, product: int = PRODUCT) -> list[dict[str, Any]]:
    """file_id and the creator's device_info, with which a Garmin device starts every file."""
    ids: dict[str, Any] = {"manufacturer": "garmin", "product": product, "serial_number": SERIAL}
    return [
        message("file_id", type=file_type, time_created=created, **ids),
        message(
            "device_info", timestamp=created, device_index="creator", software_version=26.0, **ids
        ),
    ]


def closing(end: int, elapsed: float, offset: int, session: dict[str, Any]) -> list[dict[str, Any]]:
    """The timer's stop, the session message and the activity message that end an activity file."""
    return [
        message("event", timestamp=end, event="timer", event_type="stop_all", event_group=0),
        message(
            "session",
            message_index=0,
            event="session",
            event_type="stop",
            trigger="activity_end",
            first_lap_index=0,
            **session,
        ),
        message(
            "activity",
            timestamp=end,
            total_timer_time=elapsed,
            num_sessions=1,
            type="manual",
            event="activity",
            event_type="stop",
            local_timestamp=end + offset,
        ),
    ]


def run_fit(track: Track) -> bytes:
    """A FIT activity file of a run: a record every second, a lap every kilometre, the session."""
    t0 = fit_seconds(track.start)
    laps = lap_bounds(track.distance)
    session = {
        **totals(track, t0, 0, track.elapsed_s),
        "sub_sport": "generic",
        "num_laps": len(laps),
        "start_position_lat": int(track.lat[0]),
        "start_position_long": int(track.lon[0]),
    }
    return encode(
        [
            *device("activity", t0),
            message("event", timestamp=t0, event="timer", event_type="start", event_group=0),
            *records_and_laps(track, t0, laps),
            *closing(t0 + track.elapsed_s, track.elapsed_s, utc_offset_s(track.start), session),
        ]
    )


def lap_bounds(distance: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) record of each lap: the watch laps automatically every kilometre."""
    marks = np.searchsorted(distance, np.arange(1000, distance[-1], 1000)).tolist()
    edges = [0, *marks, len(distance) - 1]
    return [(a, b) for a, b in pairwise(edges) if b > a]


def records_and_laps(
    track: Track, t0: int, laps: list[tuple[int, int]]
) -> Iterator[dict[str, Any]]:
    """The records in order, each lap message right after the record that closes it."""
    lap_ending = {b: index for index, (_, b) in enumerate(laps)}
    columns = zip(
        track.lat.tolist(),
        track.lon.tolist(),
        track.distance.tolist(),
        track.speed.tolist(),
        track.altitude.tolist(),
        track.heart_rate.tolist(),
        track.cadence.tolist(),
        strict=True,
    )
    for i, (lat, lon, distance, speed, altitude, bpm, cadence) in enumerate(columns):
        yield {
            "mesg_num": RECORD,
            "timestamp": t0 + i,
            "position_lat": lat,
            "position_long": lon,
            "distance": distance,
            "enhanced_speed": speed,
            "enhanced_altitude": altitude,
            "heart_rate": bpm,
            "cadence": cadence,
        }
        if i in lap_ending:
            index = lap_ending[i]
            trigger = "session_end" if index == len(laps) - 1 else "distance"
            yield message(
                "lap",
                message_index=index,
                event="lap",
                event_type="stop",
                lap_trigger=trigger,
                **totals(track, t0, *laps[index]),
            )


def totals(track: Track, t0: int, a: int, b: int) -> dict[str, Any]:
    """The summary fields of laps and sessions over the records from a to b."""
    covered = float(track.distance[b] - track.distance[a])
    bpm, cadence = track.heart_rate[a + 1 : b + 1], track.cadence[a + 1 : b + 1]
    climb = np.diff(track.altitude[a : b + 1])
    return {
        "timestamp": t0 + b,
        "start_time": t0 + a,
        "sport": "running",
        "total_elapsed_time": b - a,
        "total_timer_time": b - a,
        "total_distance": covered,
        "enhanced_avg_speed": round(covered / (b - a), 3),
        "enhanced_max_speed": float(track.speed[a + 1 : b + 1].max()),
        "avg_heart_rate": round(float(bpm.mean())),
        "max_heart_rate": int(bpm.max()),
        "avg_cadence": round(float(cadence.mean())),
        "total_ascent": round(float(climb[climb > 0].sum())),
        "total_descent": round(float(-climb[climb < 0].sum())),
        "total_calories": round(covered / 1000 * 75),
    }


def lift_fit(session: Workout) -> bytes:
    """A FIT activity file of a strength session: its set messages (active and rest), one lap, the session."""
    t0 = fit_seconds(session.start)
    end = t0 + session.elapsed_s
    summary = {
        "timestamp": end,
        "start_time": t0,
        "sport": "training",
        "sub_sport": "strength_training",
        "total_elapsed_time": session.elapsed_s,
        "total_timer_time": session.elapsed_s,
        "avg_heart_rate": session.avg_hr_bpm,
        "max_heart_rate": session.max_hr_bpm,
        "total_calories": round(session.elapsed_s / 60 * 5.5),
    }
    lap = message("lap", message_index=0, event="lap", event_type="stop", lap_trigger="session_end")
    return encode(
        [
            *device("activity", t0),
            message("event", timestamp=t0, event="timer", event_type="start", event_group=0),
            *set_messages(session, t0),
            lap | summary,
            *closing(
                end, session.elapsed_s, utc_offset_s(session.start), summary | {"num_laps": 1}
            ),
        ]
    )


def set_messages(session: Workout, t0: int) -> Iterator[dict[str, Any]]:
    """An active set message for each set and a rest between sets, as Garmin's strength activity writes them."""
    following = [*session.sets[1:], None]
    for number, (done, after) in enumerate(zip(session.sets, following, strict=True)):
        begin = t0 + done.start_s
        end = begin + math.ceil(done.duration_s)
        yield message(
            "set",
            timestamp=end,
            duration=done.duration_s,
            repetitions=done.reps,
            weight=done.weight_kg,
            set_type="active",
            start_time=begin,
            category=CATEGORIES[done.lift.category],
            category_subtype=done.lift.subtype,
            weight_display_unit="kilogram",
            message_index=2 * number,
        )
        if after is not None:
            next_start = t0 + after.start_s
            yield message(
                "set",
                timestamp=next_start,
                duration=next_start - end,
                set_type="rest",
                start_time=end,
                message_index=2 * number + 1,
            )


def sleep_fit(seed: int, day: date) -> bytes:
    """A Garmin sleep file (file type 49) of the night of `day`: start and stop events, the stages, the score."""
    rng = rng_for(seed, day, SLEEP)
    bed, wake = (fit_seconds(moment) for moment in night(seed, day))
    stages = sleep_stages(rng, bed, wake)
    awakenings = sum(1 for at, level in stages[1:] if level == AWAKE)
    return encode(
        [
            *device(49, wake + 120),
            message("event", timestamp=bed, event=SLEEP_EVENT, event_type="start"),
            message("event", timestamp=wake, event=SLEEP_EVENT, event_type="stop"),
            message(
                "sleep_assessment",
                overall_sleep_score=sleep_score(rng, stages, wake),
                awakenings_count=awakenings,
            ),
            *(message("sleep_level", timestamp=at, sleep_level=level) for at, level in stages),
        ]
    )


def hrv_fit(seed: int, start: date, day: date) -> bytes:
    """A Garmin overnight HRV file (file type 68): RMSSD every 5 minutes of the night and the night's summary.

    Lower after a hard day (the long run, the tempo or interval session), higher as fitness grows."""
    rng = rng_for(seed, day, HRV)
    bed, wake = night(seed, day)
    baseline = 48 + 12 * fitness(start, day)
    tired = 0.9 if RUN_DAYS.get(day.weekday()) in ("long", "quality") else 1.0
    tonight = baseline * tired * math.exp(rng.normal(0, 0.08))
    times = range(fit_seconds(bed) + 300, fit_seconds(wake), 300)
    values = np.round(tonight * np.exp(rng.normal(0, 0.2, len(times))), 1).tolist()
    average = round(float(np.mean(values)))
    low, high = round(0.88 * baseline), round(1.15 * baseline)
    status = "balanced" if low <= average <= high else "low" if average < low else "unbalanced"
    summary_at = fit_seconds(wake) + int(rng.integers(60, 240))
    return encode(
        [
            *device(68, summary_at),
            correlation(bed),
            *(
                message("hrv_value", timestamp=at, value=v)
                for at, v in zip(times, values, strict=True)
            ),
            message(
                "hrv_status_summary",
                timestamp=summary_at,
                weekly_average=round(baseline * 0.98),
                last_night_average=average,
                last_night_5_min_high=round(max(values)),
                baseline_low_upper=round(0.8 * baseline),
                baseline_balanced_lower=low,
                baseline_balanced_upper=high,
                status=status,
            ),
            correlation(wake),
        ]
    )


def monitoring_fit(seed: int, start: date, day: date) -> bytes:
    """The watch's monitoring file (monitoring_b) of the night after `day`, from local midnight to the sync
    after waking: the day's count of steps so far and, as Garmin watches write it (monitoring_hr_data),
    the morning's resting heart rate and its 7-day average."""
    rng = rng_for(seed, day, MONITOR)
    today = resting_hr(seed, start, day)  # the generator's first draw
    week = [resting_hr(seed, start, day - timedelta(days=k)) for k in range(1, 7)]
    steps = int(rng.integers(20, 400))
    begin = local(day + timedelta(days=1), 0)
    at, sync = fit_seconds(begin), fit_seconds(night(seed, day)[1]) + int(rng.integers(180, 900))
    return encode(
        [
            *device("monitoring_b", at),
            message(
                "monitoring_info",
                timestamp=at,
                local_timestamp=at + utc_offset_s(begin),
                activity_type=["walking", "running"],
                cycles_to_distance=[1.638, 2.457],
                cycles_to_calories=[0.0448, 0.1412],
                resting_metabolic_rate=1850,
            ),
            message(
                "monitoring",
                timestamp=sync,
                activity_type="walking",
                cycles=steps / 2,  # steps, counted in strides
                distance=round(steps * 0.75, 2),
                active_time=steps * 0.6,
                active_calories=round(steps * 0.04),
                duration_min=(sync - at) // 60,
            ),
            message(
                "monitoring_hr_data",
                timestamp=sync,
                resting_heart_rate=round(float(np.mean([today, *week]))),
                current_day_resting_heart_rate=today,
            ),
        ]
    )


def correlation(moment: datetime) -> dict[str, Any]:
    """A timestamp_correlation: the UTC time and the local time the watch showed."""
    at = fit_seconds(moment)
    return message("timestamp_correlation", timestamp=at, local_timestamp=at + utc_offset_s(moment))


def weight_fit(seed: int, start: date, day: date) -> bytes:
    """A weight scale file of the Sunday weigh-in: weight and body composition, a little lighter each year."""
    rng = rng_for(seed, day, WEIGHT)
    form, summer = fitness(start, day), season(day)
    kg = round(79 - 4 * form - 0.8 * summer + rng.normal(0, 0.4), 1)
    fat = round(19 - 4 * form - 0.6 * summer + rng.normal(0, 0.5), 1)
    at = fit_seconds(local(day, 7 + rng.uniform(0, 0.25)))
    return encode(
        [
            *device("weight", at, SCALE_PRODUCT),
            message(
                "user_profile", message_index=0, gender="male", age=day.year - 1985, height=1.8
            ),
            message(
                "weight_scale",
                timestamp=at,
                weight=kg,
                percent_fat=fat,
                percent_hydration=round(55 + 0.3 * (19 - fat) + rng.normal(0, 0.3), 1),
                bone_mass=round(3.3 + rng.normal(0, 0.05), 1),
                muscle_mass=round(kg * (1 - fat / 100) * 0.52, 1),
                bmi=round(kg / 1.8**2, 1),
                user_profile_index=0,
            ),
        ]
    )

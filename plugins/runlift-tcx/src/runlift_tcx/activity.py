"""Turns one TCX Activity record into runlift's Activity: sport, times, distance, laps and samples."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from runlift.importers import Activity, Lap, Samples
from runlift.importers.values import ALTITUDE_M, CADENCE_SPM, HEART_RATE_BPM, SPEED_MPS
from runlift_tcx.climb import gain_and_loss
from runlift_tcx.reader import ActivityRecord, LapRecord, Point

# TCX knows three sports; "Other" is FIT's "generic", the name every importer gives an unstated sport.
SPORTS = {"Running": "running", "Biking": "cycling", "Other": "generic"}
GENERIC = "generic"

# Trackpoints spanning this share of the session describe all of it.
STREAM_COVERAGE = 0.9


class NotARecording(Exception):
    """An Activity element that records nothing; `reason` says why, for the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def activity_of(record: ActivityRecord) -> Activity:
    """The activity a TCX Activity element records; raises NotARecording when it holds no times."""
    sport = SPORTS.get(record.sport or "", GENERIC)
    # Garmin writes running cadence per leg (strides a minute, ~85); runlift stores steps a minute.
    # Bike cadence is crank revolutions, which runlift's steps-a-minute fields cannot hold: left out.
    steps = sport == "running"
    points = [point for lap in record.laps for point in lap.points if point.time is not None]
    starts = [lap.start for lap in record.laps if lap.start is not None]
    starts += [point.time for point in points if point.time is not None]
    if not starts and record.id_time is not None:
        starts = [record.id_time]
    if not starts:
        raise NotARecording("the activity has neither lap start times nor timed trackpoints")
    start = min(starts)
    # Laps give timer time and trackpoints wall-clock time; either may stop short of the other
    # (a five-point sample of a long ride, a last lap whose summary ends before its trackpoints do),
    # so the session runs to whichever ends last.
    ends = [point.time for point in points if point.time is not None]
    ends += [
        lap.start + timedelta(seconds=lap.total_time_s)
        for lap in record.laps
        if lap.start is not None and lap.total_time_s is not None
    ]
    elapsed_s = (max(ends, default=start) - start).total_seconds()
    timer_s = _sum(lap.total_time_s for lap in record.laps)
    samples = _samples(points, start, steps=steps) if points else None
    laps_m = _sum(lap.distance_m for lap in record.laps)
    distance_m = _max(laps_m, _last_distance(points))
    moving_s = min(timer_s, elapsed_s) if timer_s is not None else None
    laps = tuple(_lap(lap, start, steps=steps) for lap in record.laps)
    calories = _sum(lap.calories_kcal for lap in record.laps)
    heart_rates = _present(samples, "heart_rate_bpm")
    # Zero cadence is standing still; devices leave it out of their averages, and so do we.
    cadences = [c for c in _present(samples, "cadence_spm") if c > 0]
    # Averages and climb come from the trackpoints when they cover the session, else from the lap
    # summaries (gpsbabel's Kona sample keeps 5 trackpoints of a 5-hour ride; Strava's lap cadence
    # counts stops, which the trackpoints let us leave out).
    covered = samples is not None and _covers(samples, elapsed_s)
    laps_hr = _lap_weighted(laps, "avg_hr_bpm")
    laps_cadence = _lap_weighted(laps, "avg_cadence_spm")
    climb = gain_and_loss(samples.altitude_m or ()) if samples is not None and covered else None
    return Activity(
        sport=sport,
        start_utc=start,
        elapsed_s=elapsed_s,
        moving_s=moving_s,
        distance_m=distance_m,
        avg_hr_bpm=_average(heart_rates, laps_hr, covered=covered),
        max_hr_bpm=_max(_max_of(lap.max_hr_bpm for lap in laps), _max_of(heart_rates)),
        avg_cadence_spm=_average(cadences, laps_cadence, covered=covered),
        max_cadence_spm=_max(
            _max_of(_cadence(lap.max_cadence, steps) for lap in record.laps),
            _max_of(_present(samples, "cadence_spm")),
        ),
        avg_speed_mps=_speed(laps_m, timer_s) or _speed(distance_m, elapsed_s),
        elevation_gain_m=climb[0] if climb else None,
        elevation_loss_m=climb[1] if climb else None,
        # Strava and Movescount write 0 for calories they do not know; no session burns none.
        calories_kcal=calories or None,
        title=(record.notes or "")[:200] or None,
        laps=laps,
        samples=samples,
    )


def _speed(metres: float | None, seconds: float | None) -> float | None:
    """Metres over seconds, the way the device reports it: laps' distance over laps' timer time."""
    if metres is None or not seconds:
        return None
    return SPEED_MPS.keep(metres / seconds)


def _lap(lap: LapRecord, activity_start: datetime, *, steps: bool) -> Lap:
    timed = [point.time for point in lap.points if point.time is not None]
    start = lap.start or (min(timed) if timed else activity_start)
    elapsed = _non_negative(lap.total_time_s)
    if elapsed is None:
        elapsed = (max(timed) - start).total_seconds() if timed else 0.0
    distance = _non_negative(lap.distance_m)
    speed = SPEED_MPS.keep(lap.avg_speed_mps)
    if speed is None and distance is not None and elapsed > 0:
        speed = distance / elapsed
    return Lap(
        start_utc=start,
        elapsed_s=max(elapsed, 0.0),
        distance_m=distance,
        avg_hr_bpm=_heart_rate(lap.avg_hr_bpm),
        max_hr_bpm=_heart_rate(lap.max_hr_bpm),
        avg_cadence_spm=_cadence(lap.avg_cadence, steps),
        avg_speed_mps=SPEED_MPS.keep(speed),
    )


def _samples(points: Sequence[Point], start: datetime, *, steps: bool) -> Samples:
    t_s = [(point.time - start).total_seconds() for point in points if point.time is not None]
    distance = [_non_negative(point.distance_m) for point in points]
    speed = [SPEED_MPS.keep(point.speed_mps) for point in points]
    if all(value is None for value in speed):
        speed = _speeds_from(distance, t_s)
    return Samples(
        t_s=tuple(t_s),
        heart_rate_bpm=_stream([_heart_rate(point.heart_rate_bpm) for point in points]),
        speed_mps=_stream(speed),
        cadence_spm=_stream([_cadence(point.cadence, steps) for point in points]),
        altitude_m=_stream([ALTITUDE_M.keep(point.altitude_m) for point in points]),
        distance_m=_stream(distance),
        latitude_deg=_stream([_within(point.latitude_deg, -90.0, 90.0) for point in points]),
        longitude_deg=_stream([_within(point.longitude_deg, -180.0, 180.0) for point in points]),
    )


def _speeds_from(distance: Sequence[float | None], t_s: Sequence[float]) -> list[float | None]:
    """Speed at each point from the distance and time since the previous point that has a distance."""
    speeds: list[float | None] = []
    previous: int | None = None
    for index, metres in enumerate(distance):
        speed = None
        if metres is not None and previous is not None:
            seconds = t_s[index] - t_s[previous]
            before = distance[previous]
            if seconds > 0 and before is not None:
                speed = SPEED_MPS.keep((metres - before) / seconds)
        speeds.append(speed)
        if metres is not None:
            previous = index
    return speeds


def _average(stream: Sequence[float], laps: float | None, *, covered: bool) -> float | None:
    if stream and (covered or laps is None):
        return _mean(stream)
    return laps


def _covers(samples: Samples, elapsed_s: float) -> bool:
    span = samples.t_s[-1] - samples.t_s[0] if samples.t_s else 0.0
    return span >= STREAM_COVERAGE * elapsed_s


def _lap_weighted(laps: Sequence[Lap], field: str) -> float | None:
    """The laps' figure averaged by lap time, when every lap with time gives it."""
    pairs: list[tuple[float | None, float]] = [
        (getattr(lap, field), lap.elapsed_s) for lap in laps if lap.elapsed_s > 0
    ]
    known = [(value, seconds) for value, seconds in pairs if value is not None]
    if not known or len(known) < len(pairs):
        return None
    return sum(value * seconds for value, seconds in known) / sum(s for _, s in known)


def _cadence(strides: float | None, steps: bool) -> float | None:
    return CADENCE_SPM.keep(strides * 2) if steps and strides is not None else None


def _heart_rate(value: float | None) -> float | None:
    # Zero is what some writers put for "no reading", 255 FIT's invalid marker copied over.
    return HEART_RATE_BPM.keep(value)


def _last_distance(points: Sequence[Point]) -> float | None:
    return _max_of(_non_negative(point.distance_m) for point in points)


def _present(samples: Samples | None, stream: str) -> list[float]:
    values: tuple[float | None, ...] | None = getattr(samples, stream) if samples else None
    return [value for value in values or () if value is not None]


def _stream(values: list[float | None]) -> tuple[float | None, ...] | None:
    return tuple(values) if any(value is not None for value in values) else None


def _sum(values: Iterable[float | None]) -> float | None:
    present = [value for value in map(_non_negative, values) if value is not None]
    # Huge laps can add up to infinity: no total then.
    return _non_negative(sum(present)) if present else None


def _max_of(values: Iterable[float | None]) -> float | None:
    return max((value for value in values if value is not None), default=None)


def _max(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _within(value: float | None, low: float, high: float) -> float | None:
    if value is None or not math.isfinite(value) or not low <= value <= high:
        return None
    return float(value)


def _non_negative(value: float | None) -> float | None:
    return _within(value, 0.0, math.inf)

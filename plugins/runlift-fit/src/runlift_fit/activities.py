"""Endurance activities from FIT session, lap, record and time_in_zone messages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from runlift.importers import Activity, Lap, Samples
from runlift.importers.values import ALTITUDE_M, CADENCE_SPM, HEART_RATE_BPM, SPEED_MPS
from runlift_fit.clean import non_negative, non_negatives, plausible, plausibles, text
from runlift_fit.clock import to_utc
from runlift_fit.reading import (
    ALTITUDE,
    CADENCE,
    DISTANCE,
    ENHANCED_ALTITUDE,
    ENHANCED_SPEED,
    FRACTIONAL_CADENCE,
    HEART_RATE,
    LAP,
    POSITION_LAT,
    POSITION_LONG,
    SPEED,
    SPORT,
    TIME_IN_ZONE,
    TIMESTAMP,
    WORKOUT,
    Message,
    Row,
)
from runlift_fit.sessions import FileView, Session, Span, counts_steps, sport_name

_GARMIN_ZONE_SLOTS = 7


def _record_span(session: Session, view: FileView) -> Span:
    """The stretch whose records belong to the session. Records are stamped in whole seconds while the
    elapsed time is not: a lone session ending at 18:52:18.999 still owns its record of 18:52:19. (Legs of a
    multisport file keep their exact spans: the next leg may start on that second.)"""
    span = session.span
    if len(view.sessions) == 1:
        return Span(span.start, math.ceil(span.end))
    return span


def activity_of(session: Session, view: FileView) -> Activity:
    """One Activity from a session message, its laps, zone times and the records within its span."""
    m = session.message
    steps = session.counts_steps
    rows = view.timeline.within(_record_span(session, view))
    distance = non_negative(m.get("total_distance"))
    zones = _zone_times(session, view)
    return Activity(
        sport=session.sport,
        sub_sport=session.sub_sport,
        start_utc=to_utc(session.span.start),
        elapsed_s=session.span.elapsed,
        utc_offset_s=view.utc_offset_s,
        moving_s=non_negative(m.get("total_timer_time")),
        distance_m=distance if distance is not None else _record_distance(rows),
        avg_hr_bpm=plausible(m.get("avg_heart_rate"), HEART_RATE_BPM),
        max_hr_bpm=plausible(m.get("max_heart_rate"), HEART_RATE_BPM),
        hr_zone_s=zones[0] if zones else None,
        hr_zone_bounds_bpm=zones[1] if zones else None,
        avg_cadence_spm=_cadence(m, "avg", steps),
        max_cadence_spm=_cadence(m, "max", steps),
        avg_speed_mps=_speed(m),
        elevation_gain_m=non_negative(m.get("total_ascent")),
        elevation_loss_m=non_negative(m.get("total_descent")),
        calories_kcal=non_negative(m.get("total_calories")),
        title=workout_name(view),
        laps=_laps(session, view),
        samples=_samples(rows, session.span.start, steps),
    )


def activity_from_records(view: FileView) -> Activity | None:
    """An activity from records alone, for devices that write no session; None if they span no time."""
    span = view.timeline.span()
    if span is None or span.elapsed <= 0 or len(view.timeline.rows) < 2:
        return None
    sport_message = view.file.first(SPORT) or {}
    sport = sport_name(sport_message.get("sport")) or "generic"
    sub_sport = sport_name(sport_message.get("sub_sport"))
    steps = counts_steps(sport, sub_sport)
    rows = view.timeline.rows
    heart_rates = [
        bpm
        for bpm in plausibles((row[HEART_RATE] for row in rows), HEART_RATE_BPM)
        if bpm is not None
    ]
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=to_utc(span.start),
        elapsed_s=span.elapsed,
        utc_offset_s=view.utc_offset_s,
        distance_m=_record_distance(rows),
        avg_hr_bpm=round(sum(heart_rates) / len(heart_rates), 1) if heart_rates else None,
        max_hr_bpm=max(heart_rates) if heart_rates else None,
        title=workout_name(view),
        samples=_samples(rows, span.start, steps),
    )


def workout_name(view: FileView) -> str | None:
    """The name of the planned workout the device followed, if it followed one."""
    workout = view.file.first(WORKOUT)
    return None if workout is None else text(workout.get("wkt_name"))


# How far a session's summary may differ from what its records cover before the user is told: records
# count from their first sample (one interval short) and pools record per length, hence the metres too.
_SUMMARY_TOLERANCE = 0.05
_SUMMARY_TOLERANCE_M = 100.0


def summary_check(session: Session, view: FileView) -> str | None:
    """A note when the session's summary and its records disagree on the distance covered.

    The summary is what the device computed (it survives a recording cut short or thinned out), so it is
    kept; the note lets the user see which figure a number came from.
    """
    summary = non_negative(session.message.get("total_distance"))
    covered = _record_distance(view.timeline.within(session.span))
    if not summary or not covered:
        return None
    if abs(summary - covered) <= max(
        _SUMMARY_TOLERANCE * max(summary, covered), _SUMMARY_TOLERANCE_M
    ):
        return None
    return (
        f"the {session.sport} session's summary says {summary / 1000:.2f} km but its records cover "
        f"{covered / 1000:.2f} km; the summary is kept"
    )


def _record_distance(rows: Sequence[Row]) -> float | None:
    """The distance covered over the records (some writers leave it out of the session summary).

    Record distances count from the start of the whole recording, so a multisport leg covers the
    difference between its last and first record.
    """
    distances = [d for d in non_negatives(row[DISTANCE] for row in rows) if d is not None]
    return max(distances) - min(distances) if distances else None


def _speed(message: Message) -> float | None:
    """The enhanced (32-bit) average speed when present, else its 16-bit original."""
    value = plausible(message.get("enhanced_avg_speed"), SPEED_MPS)
    return value if value is not None else plausible(message.get("avg_speed"), SPEED_MPS)


def _cadence(message: Message, kind: str, steps: bool) -> float | None:
    """Average or maximum cadence in steps per minute, for foot sports only.

    FIT stores running and walking cadence per leg (strides per minute, named avg_running_cadence when the
    profile resolves the subfield) with a fractional part in 1/128ths; steps per minute are twice that.
    Other sports' cadence (crank revolutions, strokes) is not in steps, and Activity has no field for it.
    """
    if not steps:
        return None
    whole = non_negative(message.get(f"{kind}_running_cadence"))
    if whole is None:
        whole = non_negative(message.get(f"{kind}_cadence"))
    if whole is None:
        return None
    fraction = non_negative(message.get(f"{kind}_fractional_cadence")) or 0.0
    return CADENCE_SPM.keep(round(2 * (whole + fraction), 1))


def _zone_times(
    session: Session, view: FileView
) -> tuple[tuple[float, ...], tuple[float, ...] | None] | None:
    """The device's seconds per heart-rate zone for this session and the lower edges (bpm) of its zones
    2-5, from its time_in_zone message."""
    index = session.message.get("message_index")
    alone = len(view.sessions) == 1
    for zone in view.file.all(TIME_IN_ZONE):
        if zone.get("reference_mesg") != "session":
            continue
        if zone.get("reference_index") != index and not alone:
            continue
        seconds = zone.get("time_in_hr_zone")
        if not isinstance(seconds, tuple):
            seconds = (seconds,)
        cleaned = [non_negative(s) for s in seconds]
        if all(s is None for s in cleaned):
            return None
        times = [s or 0.0 for s in cleaned]
        bounds: tuple[float, ...] | None = None
        if len(times) == _GARMIN_ZONE_SLOTS:
            # Garmin writes time below zone 1, zones 1-5 and time above the top boundary; runlift's zone 1
            # is everything below zone 2 and its zone 5 everything above zone 4, so fold the two outliers in.
            times = [times[0] + times[1], *times[2:5], times[5] + times[6]]
            # Its six high boundaries close zones 0-5: those of zones 1-4 open runlift's zones 2-5.
            edges = zone.get("hr_zone_high_boundary")
            if isinstance(edges, tuple) and len(edges) == _GARMIN_ZONE_SLOTS - 1:
                cleaned_edges = [plausible(e, HEART_RATE_BPM) for e in edges[1:5]]
                if all(e is not None for e in cleaned_edges):
                    bounds = tuple(float(e) for e in cleaned_edges if e is not None)
        return tuple(times), bounds
    return None


def _laps(session: Session, view: FileView) -> tuple[Lap, ...]:
    laps: list[Lap] = []
    for m in view.file.all(LAP):
        start = view.clock.seconds(m.get("start_time"))
        elapsed = non_negative(m.get("total_elapsed_time"))
        if start is None or elapsed is None or not session.span.begins(start):
            continue
        laps.append(
            Lap(
                start_utc=to_utc(start),
                elapsed_s=elapsed,
                distance_m=non_negative(m.get("total_distance")),
                avg_hr_bpm=plausible(m.get("avg_heart_rate"), HEART_RATE_BPM),
                max_hr_bpm=plausible(m.get("max_heart_rate"), HEART_RATE_BPM),
                avg_cadence_spm=_cadence(m, "avg", session.counts_steps),
                avg_speed_mps=_speed(m),
            )
        )
    laps.sort(key=lambda lap: lap.start_utc)
    return tuple(laps)


def _samples(rows: Sequence[Row], start: int, steps: bool) -> Samples | None:
    """Sample streams from record rows, column by column; a stream with no valid value at all is left
    out (None)."""
    if not rows:
        return None
    columns = list(zip(*rows, strict=True))
    t_s = [float(t - start) for t in columns[TIMESTAMP]]
    enhanced_speed = plausibles(columns[ENHANCED_SPEED], SPEED_MPS)
    speed = [
        e if e is not None else s
        for e, s in zip(enhanced_speed, plausibles(columns[SPEED], SPEED_MPS), strict=True)
    ]
    cadence: list[float | None] = []
    if steps:
        # FIT cadence for foot sports is strides per minute (one leg): steps are twice that.
        fractions = non_negatives(columns[FRACTIONAL_CADENCE])
        cadence = plausibles(
            (
                None if strides is None else 2 * (strides + (fraction or 0.0))
                for strides, fraction in zip(
                    non_negatives(columns[CADENCE]), fractions, strict=True
                )
            ),
            CADENCE_SPM,
        )
    enhanced_altitude = plausibles(columns[ENHANCED_ALTITUDE], ALTITUDE_M)
    altitude = [
        e if e is not None else a
        for e, a in zip(enhanced_altitude, plausibles(columns[ALTITUDE], ALTITUDE_M), strict=True)
    ]
    return Samples(
        t_s=tuple(t_s),
        heart_rate_bpm=_stream(plausibles(columns[HEART_RATE], HEART_RATE_BPM)),
        speed_mps=_stream(speed),
        cadence_spm=_stream(cadence) if steps else None,
        altitude_m=_stream(altitude),
        distance_m=_stream(non_negatives(columns[DISTANCE])),
        latitude_deg=_stream(_positions(columns[POSITION_LAT], 90.0)),
        longitude_deg=_stream(_positions(columns[POSITION_LONG], 180.0)),
    )


def _positions(semicircles: Sequence[Any], limit: float) -> list[float | None]:
    """FIT positions are semicircles (2^31 to 180 degrees); out-of-range values are sensor junk."""
    degrees = [v * _DEGREES_PER_SEMICIRCLE if type(v) is int else None for v in semicircles]
    return [d if d is not None and -limit <= d <= limit else None for d in degrees]


_DEGREES_PER_SEMICIRCLE = 180.0 / 2**31


def _stream(values: list[Any]) -> tuple[float | None, ...] | None:
    return tuple(values) if any(v is not None for v in values) else None

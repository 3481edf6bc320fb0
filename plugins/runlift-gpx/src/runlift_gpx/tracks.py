"""Turns one recorded GPX track into an Activity: times, distance, climb and per-point samples."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

from gpxpy.gpx import GPXTrack, GPXTrackPoint

from runlift.importers import Activity, Samples
from runlift.importers.values import ALTITUDE_M, CADENCE_SPM, HEART_RATE_BPM, SPEED_MPS
from runlift_gpx.extensions import read_extras
from runlift_gpx.sports import counts_steps, sport_of

# A track whose timestamps span less than this has no duration to speak of: a path, not a session.
MIN_ELAPSED_S = 1.0


class NotARecording(Exception):
    """A track that holds no recorded session; `reason` says why, for the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


EMPTY_TRACK = "the track holds no points"


def to_utc(moment: datetime) -> datetime | None:
    """The instant as an aware UTC datetime; None when it names no instant datetime can hold.

    GPX 1.0 and 1.1 define <time> as UTC ("not local time!"), so a time written without an offset is UTC
    that lost its "Z", not the athlete's local clock: it is read as UTC, never shifted by a time zone.
    An offset of a day or more, or a year 1 or 9999 time that the offset moves out of range, is no time.
    """
    try:
        if moment.tzinfo is None or moment.utcoffset() is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def activity_of(track: GPXTrack, default_sport: str) -> Activity:
    """The activity `track` records; raises NotARecording for an empty, untimed or timeless track."""
    _clean(track)
    points = [point for segment in track.segments for point in segment.points]
    if not points:
        raise NotARecording(EMPTY_TRACK)
    times = [point.time for point in points if point.time is not None]
    if not times:
        raise NotARecording(
            "the track has no timestamps, so it is a planned course, not a recording"
        )
    start, end = min(times), max(times)
    if (end - start).total_seconds() < MIN_ELAPSED_S:
        # Seen from GPS units whose clock was never set: every point stamped 1901-12-13T20:45:52Z.
        raise NotARecording(
            f"every point of the track carries the same time ({start:%Y-%m-%dT%H:%M:%SZ}), "
            "so it records a path, not a session"
        )
    sport, sub_sport = sport_of(track.type, default_sport)
    samples = _samples(track, start, steps=counts_steps(sport))
    elapsed_s = (end - start).total_seconds()
    distance_m = _finite(track.length_3d())
    moving = track.get_moving_data()
    moving_s = min(max(moving.moving_time, 0.0), elapsed_s) if moving is not None else None
    gain_m, loss_m = _climb(track, points)
    heart_rates = _present(samples.heart_rate_bpm)
    # Zero cadence is standing still; devices leave it out of their averages, and so do we.
    cadences = [c for c in _present(samples.cadence_spm) if c > 0]
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start,
        elapsed_s=elapsed_s,
        moving_s=moving_s,
        distance_m=distance_m,
        avg_hr_bpm=_mean(heart_rates),
        max_hr_bpm=max(heart_rates, default=None),
        avg_cadence_spm=_mean(cadences),
        max_cadence_spm=max(cadences, default=None),
        avg_speed_mps=SPEED_MPS.keep(distance_m / moving_s)
        if distance_m is not None and moving_s
        else None,
        elevation_gain_m=gain_m,
        elevation_loss_m=loss_m,
        title=_title(track.name),
        samples=samples,
    )


def _clean(track: GPXTrack) -> None:
    """Make the track's points safe for gpxpy's arithmetic, as a device would have meant them.

    gpxpy mixes naive and aware datetimes as the file does: all become UTC before it subtracts them (a time
    that names no instant becomes none). A point without a real position (latitude beyond 90, infinite)
    is sensor junk and is left out: gpxpy's distances would fail on it. An impossible elevation becomes
    none, which gpxpy's climb skips.
    """
    for segment in track.segments:
        segment.points = [point for point in segment.points if _positioned(point)]
        for point in segment.points:
            if point.time is not None:
                point.time = to_utc(point.time)
            if point.elevation is not None:
                point.elevation = ALTITUDE_M.keep(point.elevation)


def _positioned(point: GPXTrackPoint) -> bool:
    latitude, longitude = point.latitude, point.longitude
    return (
        isinstance(latitude, float | int)
        and isinstance(longitude, float | int)
        and -90.0 <= latitude <= 90.0
        and -180.0 <= longitude <= 180.0
    )


def _samples(track: GPXTrack, start: datetime, *, steps: bool) -> Samples:
    """One sample per timed point; distance runs on across segments without bridging the gaps.

    Cadence is kept only when `steps`: strides doubled to steps a minute; for other sports it is left out.
    """
    t_s: list[float] = []
    heart_rate: list[float | None] = []
    cadence: list[float | None] = []
    speed: list[float | None] = []
    altitude: list[float | None] = []
    distance: list[float | None] = []
    latitude: list[float | None] = []
    longitude: list[float | None] = []
    travelled = 0.0
    for segment in track.segments:
        points: list[GPXTrackPoint] = segment.points
        along: list[float] = []
        for index, point in enumerate(points):
            if index:
                travelled += _finite(point.distance_3d(points[index - 1])) or 0.0
            along.append(travelled)
        timed = [
            (index, point.time) for index, point in enumerate(points) if point.time is not None
        ]
        for k, (index, time) in enumerate(timed):
            point = points[index]
            extras = read_extras(point.extensions)
            steps_a_minute = extras.cadence * 2 if steps and extras.cadence is not None else None
            own_speed = point.speed if point.speed is not None else extras.speed_mps
            t_s.append((time - start).total_seconds())
            # Zero is what some writers put for "no reading", 255 FIT's invalid marker copied over.
            heart_rate.append(HEART_RATE_BPM.keep(extras.heart_rate_bpm))
            cadence.append(CADENCE_SPM.keep(steps_a_minute))
            speed.append(
                SPEED_MPS.keep(own_speed)
                if own_speed is not None
                else _speed_between(along, timed, k)
            )
            altitude.append(point.elevation)
            distance.append(along[index])
            latitude.append(float(point.latitude))
            longitude.append(float(point.longitude))
    return Samples(
        t_s=tuple(t_s),
        heart_rate_bpm=_stream(heart_rate),
        speed_mps=_stream(speed),
        cadence_spm=_stream(cadence),
        altitude_m=_stream(altitude),
        distance_m=_stream(distance),
        latitude_deg=_stream(latitude),
        longitude_deg=_stream(longitude),
    )


def _speed_between(
    along: Sequence[float], timed: Sequence[tuple[int, datetime]], k: int
) -> float | None:
    """Speed at the k-th timed point from its timed neighbours in the segment (a centred difference)."""
    before = timed[k - 1] if k > 0 else timed[k]
    after = timed[k + 1] if k + 1 < len(timed) else timed[k]
    seconds = (after[1] - before[1]).total_seconds()
    if seconds <= 0:
        return None
    return SPEED_MPS.keep((along[after[0]] - along[before[0]]) / seconds)


def _climb(track: GPXTrack, points: Sequence[GPXTrackPoint]) -> tuple[float | None, float | None]:
    if all(point.elevation is None for point in points):
        return None, None
    # gpxpy smooths each elevation with its neighbours before summing, so GPS jitter does not add up.
    climb = track.get_uphill_downhill()
    return _finite(climb.uphill), _finite(climb.downhill)


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return float(value)


def _stream(values: list[float | None]) -> tuple[float | None, ...] | None:
    return tuple(values) if any(value is not None for value in values) else None


def _present(values: tuple[float | None, ...] | None) -> list[float]:
    return [value for value in values or () if value is not None]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _title(name: str | None) -> str | None:
    text = " ".join((name or "").split())
    return text[:200] or None

"""Recovery measurements: overnight HRV (file type 68) and daily resting heart rate and stress (monitoring)."""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean

from runlift.importers import Wellness
from runlift.importers.values import HEART_RATE_BPM
from runlift_fit.clean import non_negative, plausible, positive
from runlift_fit.clock import to_utc
from runlift_fit.reading import HRV_STATUS_SUMMARY, HRV_VALUE, MONITORING_HR_DATA, STRESS_LEVEL
from runlift_fit.sessions import FileView

# Fields by number, read raw (fitdecode's profile may not name these messages).
_TIMESTAMP = 253
_HRV_VALUE = 0  # hrv_value.value: RMSSD of a 5-minute window, 1/128 ms
_LAST_NIGHT_AVERAGE = 1  # hrv_status_summary.last_night_average, 1/128 ms
_HRV_SCALE = 128
_RESTING_HR, _CURRENT_DAY_RESTING_HR = 0, 1  # monitoring_hr_data
_STRESS_VALUE, _STRESS_TIME = 0, 1  # stress_level; values below 0 mean "could not measure"
_MAX_STRESS = 100
_DAY_S = 86_400


def overnight_hrv_of(view: FileView) -> Wellness | None:
    """The night's HRV (RMSSD, ms) from an overnight HRV file.

    The device's own nightly figure (hrv_status_summary.last_night_average) is used when present: it is
    what the athlete sees on the watch. Without it, the mean of the 5-minute RMSSD values (hrv_value) is
    the same quantity computed the plain way; windows the watch could not measure are left out.
    """
    clock = view.clock
    summary = view.file.first(HRV_STATUS_SUMMARY)
    values: list[float] = []
    last_at: int | None = None
    for raw in view.file.all(HRV_VALUE):
        value = positive(raw.get(_HRV_VALUE))
        at = clock.seconds(raw.get(_TIMESTAMP))
        if value is not None and at is not None:
            values.append(value / _HRV_SCALE)
            last_at = at if last_at is None else max(last_at, at)
    rmssd: float | None = None
    measured_at = last_at
    if summary is not None:
        average = positive(summary.get(_LAST_NIGHT_AVERAGE))
        if average is not None:
            rmssd = average / _HRV_SCALE
            measured_at = clock.seconds(summary.get(_TIMESTAMP)) or measured_at
    if rmssd is None and values:
        rmssd = round(fmean(values), 1)
    if rmssd is None or measured_at is None:
        return None
    return Wellness(
        measured_utc=to_utc(measured_at), utc_offset_s=view.utc_offset_s, hrv_rmssd_ms=rmssd
    )


def daily_wellness_of(view: FileView) -> list[Wellness]:
    """One Wellness per local day of a monitoring file: the day's resting heart rate and mean stress.

    Monitoring values are stamped at the end of the interval they cover, so a value stamped exactly at
    local midnight closes the day before; the day's Wellness is placed at its last value, never past the
    day's end, so the core files it under the right local day.
    """
    clock = view.clock
    offset = view.utc_offset_s or 0
    resting: dict[int, tuple[int, float]] = {}
    stress: dict[int, list[float]] = defaultdict(list)
    latest: dict[int, int] = {}

    def day_of(at: int) -> int:
        day = (at + offset - 1) // _DAY_S
        latest[day] = max(latest.get(day, at), at)
        return day

    for raw in view.file.all(MONITORING_HR_DATA):
        at = clock.seconds(raw.get(_TIMESTAMP))
        bpm = plausible(raw.get(_CURRENT_DAY_RESTING_HR), HEART_RATE_BPM) or plausible(
            raw.get(_RESTING_HR), HEART_RATE_BPM
        )
        if at is not None and bpm is not None:
            day = day_of(at)
            if day not in resting or resting[day][0] <= at:
                resting[day] = (at, bpm)
    for raw in view.file.all(STRESS_LEVEL):
        at = clock.seconds(raw.get(_STRESS_TIME))
        level = non_negative(raw.get(_STRESS_VALUE))
        if at is not None and level is not None and level <= _MAX_STRESS:
            stress[day_of(at)].append(level)
    days = sorted(set(resting) | set(stress))
    return [
        Wellness(
            measured_utc=to_utc(min(latest[day], (day + 1) * _DAY_S - offset - 1)),
            utc_offset_s=view.utc_offset_s,
            resting_hr_bpm=resting[day][1] if day in resting else None,
            stress=round(fmean(stress[day]), 1) if stress.get(day) else None,
        )
        for day in days
    ]

"""An activity's sample streams reduced to the figures the read models keep (TRIMP, zones, drift, cadence)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from runlift.coaching import formulas as f
from runlift.domain import events as ev

if TYPE_CHECKING:
    from runlift.settings import Profile

# Below this speed a sample is standing, not running (drift and cadence figures skip it).
MOVING_MPS = 1.0


def sample_figures(samples: ev.ActivitySamplesRecorded, profile: Profile) -> dict[str, Any]:
    """What the read models need from an activity's streams: TRIMP, zone times, mean heart-rate reserve,
    drift and cadence, all with the athlete's current profile."""
    figures: dict[str, Any] = {}
    t = f.stream(samples.t_s)
    hr = f.stream(samples.heart_rate_bpm) if samples.heart_rate_bpm else None
    speed = f.stream(samples.speed_mps) if samples.speed_mps else None
    cadence = f.stream(samples.cadence_spm) if samples.cadence_spm else None
    if hr is not None and not np.all(np.isnan(hr)):
        trimp, minutes = f.banister_trimp(
            t,
            hr,
            resting_bpm=profile.resting_hr_bpm,
            max_bpm=profile.max_hr_bpm,
            sex=profile.sex,
            max_gap_s=profile.max_sample_gap_s,
        )
        bounds = f.zone_bounds(profile.resting_hr_bpm, profile.max_hr_bpm, f.ZONE_EDGES_HRR)
        weights = f.sample_weights(t, profile.max_sample_gap_s)
        has = ~np.isnan(hr)
        hrr = np.clip(
            (hr[has] - profile.resting_hr_bpm) / (profile.max_hr_bpm - profile.resting_hr_bpm), 0, 1
        )
        total = float(np.sum(weights[has]))
        figures.update(
            hr_trimp=trimp,
            hr_minutes=minutes,
            zone_s=[round(s, 1) for s in f.zone_seconds(t, hr, bounds, profile.max_sample_gap_s)],
            zone_bounds_bpm=bounds,
            mean_hrr=float(np.sum(hrr * weights[has]) / total) if total > 0 else None,
        )
        if speed is not None:
            figures["drift_pct"] = f.aerobic_decoupling(speed, hr, min_speed_mps=MOVING_MPS)
    if cadence is not None:
        moving = cadence > 0
        if speed is not None:
            moving &= speed >= MOVING_MPS
        steps = cadence[moving]
        if len(steps) >= 20:
            figures["cadence_spm"] = float(np.mean(steps))
            figures["cadence_cv_pct"] = float(np.std(steps) / np.mean(steps) * 100)
    return figures

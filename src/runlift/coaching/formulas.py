"""The training formulas of docs/coaching.md as pure functions: load, fitness/fatigue, ratios, strength estimates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Banister's weighting: y = a * e^(b * HRr), by sex.
BANISTER = {"male": (0.64, 1.92), "female": (0.86, 1.67)}


def heart_rate_reserve(hr_bpm: float, resting_bpm: float, max_bpm: float) -> float:
    """The fraction of heart-rate reserve a heart rate uses, clamped to 0-1 (Karvonen)."""
    return min(max((hr_bpm - resting_bpm) / (max_bpm - resting_bpm), 0.0), 1.0)


# Karvonen (%HRR) lower edges of zones 2-5; zone 1 is everything below 60 % of heart-rate reserve.
ZONE_EDGES_HRR = (0.6, 0.7, 0.8, 0.9)


def zone_bounds(resting_bpm: float, max_bpm: float, edges_hrr: Sequence[float]) -> list[float]:
    """Heart rates at the given fractions of heart-rate reserve (Karvonen), to 0.1 bpm: zone edges."""
    reserve = max_bpm - resting_bpm
    return [round(resting_bpm + edge * reserve, 1) for edge in edges_hrr]


def banister_weight(hrr: float, sex: str) -> float:
    """Banister's weight for one minute at this heart-rate reserve: HRr x a x e^(b x HRr)."""
    a, b = BANISTER[sex]
    return hrr * a * math.exp(b * hrr)


def banister_minutes(hrr: float, minutes: float, sex: str) -> float:
    """TRIMP of `minutes` at one heart-rate reserve (how the estimates without heart rate are scored)."""
    return minutes * banister_weight(hrr, sex)


def stream(values: Sequence[float | None]) -> NDArray[np.float64]:
    """A sample stream as floats, NaN where a sample was not measured."""
    return np.array(values, dtype=np.float64)


def sample_weights(t_s: NDArray[np.float64], max_gap_s: float) -> NDArray[np.float64]:
    """Seconds each sample counts for: until the next sample, never more than `max_gap_s` (a pause is not
    training); the last sample counts for nothing."""
    dt = np.zeros_like(t_s)
    dt[:-1] = np.clip(np.diff(t_s), 0.0, max_gap_s)
    return dt


def banister_trimp(
    t_s: NDArray[np.float64],
    hr_bpm: NDArray[np.float64],
    *,
    resting_bpm: float,
    max_bpm: float,
    sex: str,
    max_gap_s: float,
) -> tuple[float, float]:
    """TRIMP summed over samples with a heart rate, and the minutes that carried one."""
    a, b = BANISTER[sex]
    has = ~np.isnan(hr_bpm)
    dt = sample_weights(t_s, max_gap_s)[has]
    hrr = np.clip((hr_bpm[has] - resting_bpm) / (max_bpm - resting_bpm), 0.0, 1.0)
    trimp = float(np.sum(dt / 60 * hrr * a * np.exp(b * hrr)))
    return trimp, float(np.sum(dt)) / 60


def zone_seconds(
    t_s: NDArray[np.float64],
    hr_bpm: NDArray[np.float64],
    bounds_bpm: Sequence[float],
    max_gap_s: float,
) -> list[float]:
    """Seconds in each heart-rate zone; zone k holds heart rates at or above the first k bounds."""
    has = ~np.isnan(hr_bpm)
    zones = np.searchsorted(np.asarray(bounds_bpm, dtype=np.float64), hr_bpm[has], side="right")
    seconds = np.bincount(
        zones, weights=sample_weights(t_s, max_gap_s)[has], minlength=len(bounds_bpm) + 1
    )
    return [float(x) for x in seconds]


def rpe_to_hrr(rpe: float) -> float:
    """The heart-rate reserve a CR-10 effort corresponds to (linear: RPE 3 -> 0.60, 9 -> 0.90)."""
    return min(max(0.45 + 0.05 * rpe, 0.0), 1.0)


def pace_to_hrr(speed_mps: float, threshold_speed_mps: float) -> float:
    """The heart-rate reserve a running speed is estimated to use: 0.60 at 60 % of threshold speed, 0.90 at
    threshold, linear between and beyond, clamped to 0.40-1.0."""
    fraction = speed_mps / threshold_speed_mps
    return min(max(0.6 + 0.75 * (fraction - 0.6), 0.4), 1.0)


def session_rpe_load(rpe: float, minutes: float) -> float:
    """Foster's session load: CR-10 RPE x minutes (arbitrary units)."""
    return rpe * minutes


def default_lifting_rpe(working_sets: int) -> float:
    """The RPE assumed for a strength session that recorded none: 4, plus 1 per 4 working sets, at most 8."""
    return min(4.0 + working_sets / 4, 8.0)


def volume_load(sets: Sequence[tuple[int | None, float | None]]) -> float:
    """Sum of reps x kg over sets that recorded both."""
    return sum(reps * kg for reps, kg in sets if reps is not None and kg is not None)


@dataclass(frozen=True)
class Pmc:
    """Fitness (CTL), fatigue (ATL) and the EWMA acute and chronic loads after a day."""

    ctl: float
    atl: float
    acute: float
    chronic: float


ZERO = Pmc(0.0, 0.0, 0.0, 0.0)


def ewma_lambda(n_days: int) -> float:
    """Williams et al. (2017): lambda = 2 / (N + 1)."""
    return 2 / (n_days + 1)


def pmc_step(
    previous: Pmc,
    load: float,
    *,
    ctl_days: int = 42,
    atl_days: int = 7,
    acute_days: int = 7,
    chronic_days: int = 28,
) -> Pmc:
    """One day forward: CTL_t = CTL_t-1 + (L - CTL_t-1)/42, ATL likewise over 7 days, and the EWMA acute and
    chronic loads with lambda = 2/(N+1)."""
    acute_l, chronic_l = ewma_lambda(acute_days), ewma_lambda(chronic_days)
    return Pmc(
        ctl=previous.ctl + (load - previous.ctl) / ctl_days,
        atl=previous.atl + (load - previous.atl) / atl_days,
        acute=previous.acute + acute_l * (load - previous.acute),
        chronic=previous.chronic + chronic_l * (load - previous.chronic),
    )


def form(previous: Pmc) -> float:
    """TSB_t = CTL_t-1 - ATL_t-1: today's form is yesterday's fitness minus yesterday's fatigue."""
    return previous.ctl - previous.atl


def acwr(pmc: Pmc) -> float | None:
    """The EWMA acute:chronic ratio, None while the chronic load is still zero."""
    return pmc.acute / pmc.chronic if pmc.chronic > 0 else None


def monotony_strain(daily_loads: Sequence[float]) -> tuple[float | None, float]:
    """Foster's monotony (mean / standard deviation of the week's daily loads) and strain (weekly load x
    monotony). Monotony is None when every day had the same load (no spread to divide by)."""
    total = sum(daily_loads)
    mean = total / len(daily_loads)
    sd = math.sqrt(sum((x - mean) ** 2 for x in daily_loads) / len(daily_loads))
    if sd == 0:
        return None, 0.0
    monotony = mean / sd
    return monotony, total * monotony


def epley(weight_kg: float, reps: int) -> float:
    """Estimated 1RM, Epley: w x (1 + r/30); one rep is the weight itself."""
    return weight_kg if reps == 1 else weight_kg * (1 + reps / 30)


def brzycki(weight_kg: float, reps: int) -> float:
    """Estimated 1RM, Brzycki: w x 36 / (37 - r)."""
    return weight_kg * 36 / (37 - reps)


def weight_for_reps(one_rm_kg: float, reps: int) -> float:
    """The load an Epley 1RM predicts for `reps` repetitions (Epley inverted)."""
    return one_rm_kg if reps == 1 else one_rm_kg / (1 + reps / 30)


def aerobic_decoupling(
    speed_mps: NDArray[np.float64], hr_bpm: NDArray[np.float64], *, min_speed_mps: float
) -> float | None:
    """Cardiac drift as Pa:HR decoupling in %: how much speed per heartbeat fell from the first half of the
    moving samples to the second (EF = mean speed / mean heart rate). None with fewer than 20 such samples."""
    moving = (speed_mps >= min_speed_mps) & (hr_bpm > 0)
    speed, hr = speed_mps[moving], hr_bpm[moving]
    if len(speed) < 20:
        return None
    half = len(speed) // 2
    ef1 = float(np.sum(speed[:half]) / np.sum(hr[:half]))
    ef2 = float(np.sum(speed[half:]) / np.sum(hr[half:]))
    return (ef1 - ef2) / ef1 * 100


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Standard deviation / mean in %, None for fewer than two values or a zero mean."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    if mean == 0:
        return None
    sd = math.sqrt(sum((x - mean) ** 2 for x in values) / len(values))
    return sd / mean * 100


def z_score(value: float, baseline: Sequence[float], min_sd: float = 0.0) -> float | None:
    """How many standard deviations (sample SD, at least `min_sd`) `value` lies from the baseline's mean;
    None without spread to divide by."""
    if len(baseline) < 2:
        return None
    mean = sum(baseline) / len(baseline)
    sd = max(math.sqrt(sum((x - mean) ** 2 for x in baseline) / (len(baseline) - 1)), min_sd)
    if sd == 0:
        return None
    return (value - mean) / sd

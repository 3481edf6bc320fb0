"""Daily readiness (runlift.projections.readiness.readiness) from hand-built inputs, without a database.

Every rule of docs/projections.md is checked on the side where it fires and just on the other side of its
threshold. Expected values are written as the arithmetic that produces them (default ReadinessConfig:
sleep target 7-9 h, 3 short nights of 5, bedtime SD 60 min, 28-day baselines, drift bound 5 %, cadence CV
rise 2 points, check-ins within 2 days, green >= 67, red <= 33).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from runlift.projections import readiness as r
from runlift.settings import defaults

CONFIG = defaults().readiness
ZONE = ZoneInfo("UTC")
DAY = date(2025, 3, 12)  # a Wednesday; every input is placed relative to it
# Scores are stored rounded to 0.1.
ROUNDED = 0.05


def ago(days: int) -> date:
    return DAY - timedelta(days=days)


def sleep_row(day: date, hours: float, bedtime: tuple[int, int] = (23, 0)) -> SimpleNamespace:
    """The night ending on `day`: to bed at `bedtime` (UTC; the evening before for times after noon)."""
    hour, minute = bedtime
    bed_day = day - timedelta(days=1) if hour >= 12 else day
    start = datetime(bed_day.year, bed_day.month, bed_day.day, hour, minute, tzinfo=UTC)
    return SimpleNamespace(
        start_utc=start, end_utc=start + timedelta(hours=hours), duration_s=hours * 3600
    )


def with_nights(
    nights: dict[date, float], bedtimes: dict[date, tuple[int, int]] | None = None
) -> r.Inputs:
    inputs = r.Inputs()
    for day, hours in nights.items():
        inputs.sleep[day].append(sleep_row(day, hours, (bedtimes or {}).get(day, (23, 0))))
    return inputs


def baseline(values: list[float], today: float | None = None) -> dict[date, float]:
    """Values on the days before DAY (the first value yesterday), and today's if given."""
    series = {ago(k + 1): value for k, value in enumerate(values)}
    if today is not None:
        series[DAY] = today
    return series


def easy_run(drift: float | None = None, cadence_cv: float | None = None) -> SimpleNamespace:
    return SimpleNamespace(drift_pct=drift, cadence_cv_pct=cadence_cv)


def checkin(
    day: date = DAY,
    mood: int | None = 3,
    energy: int | None = 3,
    soreness: int | None = 3,
    joint_pain: int | None = 1,
    pain_site: str | None = None,
) -> SimpleNamespace:
    return SimpleNamespace(
        local_day=day,
        mood=mood,
        energy=energy,
        soreness=soreness,
        joint_pain=joint_pain,
        pain_site=pain_site,
    )


def run(inputs: r.Inputs, day: date = DAY) -> dict[str, Any]:
    return r.readiness(day, inputs, CONFIG, ZONE)


def own_reasons(result: dict[str, Any]) -> list[str]:
    """The reasons other than the "baseline still building" note every short-baseline day carries."""
    return [x for x in result["reasons"] if not x.startswith("baseline still building")]


# --- sleep: hours against the target ----------------------------------------------------------------


@pytest.mark.parametrize("hours", [7.5, 8.0, 9.0])
def test_a_night_inside_the_7_to_9_hour_target_scores_100(hours):
    result = run(with_nights({DAY: hours}))

    assert result["components"]["sleep"]["score"] == 100.0
    assert own_reasons(result) == []


def test_five_and_a_half_hours_costs_25_points_per_hour_short():
    result = run(with_nights({DAY: 5.5}))

    # 100 - 25 x (7 - 5.5) = 62.5
    assert result["components"]["sleep"]["score"] == pytest.approx(100 - 25 * (7 - 5.5))
    assert "slept 5.5 h, below the 7-9 h target" in result["reasons"]


def test_exactly_seven_hours_is_not_short():
    result = run(with_nights({DAY: 7.0}))

    assert result["components"]["sleep"]["score"] == 100.0
    assert not any(x.startswith("slept") for x in result["reasons"])


def test_a_very_short_night_does_not_score_below_zero():
    result = run(with_nights({DAY: 2.0}))

    # 100 - 25 x (7 - 2) = -25, floored at 0
    assert result["components"]["sleep"]["score"] == 0.0


def test_without_a_night_there_is_no_sleep_component():
    result = run(with_nights({ago(1): 8.0}))

    assert "sleep" not in result["components"]


def test_overlapping_records_of_one_night_count_once_and_a_separate_nap_adds():
    inputs = r.Inputs()
    main = sleep_row(DAY, 6.0)
    inputs.sleep[DAY] = [
        main,
        # the same night from a second device, inside the first: the longest (6 h) counts
        SimpleNamespace(
            start_utc=main.start_utc + timedelta(minutes=30),
            end_utc=main.end_utc,
            duration_s=5.5 * 3600,
        ),
        # a separate 30-minute nap in the afternoon adds to it
        SimpleNamespace(
            start_utc=datetime(2025, 3, 12, 14, 0, tzinfo=UTC),
            end_utc=datetime(2025, 3, 12, 14, 30, tzinfo=UTC),
            duration_s=0.5 * 3600,
        ),
    ]

    sleep = run(inputs)["components"]["sleep"]

    # 6 + 0.5 = 6.5 h; 100 - 25 x (7 - 6.5) = 87.5
    assert sleep["hours"] == pytest.approx(6.0 + 0.5)
    assert sleep["score"] == pytest.approx(100 - 25 * (7 - 6.5))


# --- sleep: short-night streak ----------------------------------------------------------------------


def test_three_short_nights_in_five_lower_sleep_by_20():
    # last night was fine (8 h), but three of the five nights ending today were 6.5 h
    inputs = with_nights({DAY: 8.0, ago(1): 6.5, ago(2): 8.0, ago(3): 6.5, ago(4): 6.5})

    result = run(inputs)

    # 100 (8 h is inside the target) - 20 for the streak = 80
    assert result["components"]["sleep"]["score"] == pytest.approx(100 - 20)
    assert result["components"]["sleep"]["short_nights"] == 3
    assert "3 of the last 5 nights under 7 h" in result["reasons"]


def test_two_short_nights_in_five_are_no_streak():
    inputs = with_nights({DAY: 8.0, ago(1): 6.5, ago(2): 8.0, ago(3): 6.5, ago(4): 8.0})

    result = run(inputs)

    assert result["components"]["sleep"]["score"] == 100.0
    assert result["components"]["sleep"]["short_nights"] == 2
    assert own_reasons(result) == []


def test_a_short_night_six_days_ago_is_outside_the_five_night_window():
    inputs = with_nights({DAY: 8.0, ago(1): 6.5, ago(3): 6.5, ago(5): 6.5})

    result = run(inputs)

    assert result["components"]["sleep"]["short_nights"] == 2
    assert result["components"]["sleep"]["score"] == 100.0


def test_the_streak_adds_to_the_hours_short():
    inputs = with_nights({DAY: 6.0, ago(1): 6.0, ago(2): 6.0})

    result = run(inputs)

    # 100 - 25 x (7 - 6) - 20 = 55
    assert result["components"]["sleep"]["score"] == pytest.approx(100 - 25 * (7 - 6) - 20)


# --- sleep: bedtime regularity ----------------------------------------------------------------------

WEEK = [ago(k) for k in range(7)]


def test_bedtimes_spread_over_an_hour_lower_sleep_by_15():
    # 7 nights of 8 h: three at 21:10, three at 23:50, one at 22:30 -> +-80 min around 22:30
    clocks = [(21, 10), (23, 50)] * 3 + [(22, 30)]
    inputs = with_nights(dict.fromkeys(WEEK, 8.0), dict(zip(WEEK, clocks, strict=True)))

    result = run(inputs)

    # population SD = sqrt(6 x 80^2 / 7) = 74.07 min > 60
    spread = math.sqrt(6 * 80**2 / 7)
    sleep = result["components"]["sleep"]
    assert sleep["bedtime_sd_min"] == pytest.approx(spread, abs=ROUNDED)
    assert sleep["score"] == pytest.approx(100 - 15)
    assert [x for x in result["reasons"] if x.startswith("bedtimes varied by")] == [
        f"bedtimes varied by ±{spread:.0f} min over the last 7 nights"
    ]


def test_bedtimes_within_an_hour_keep_the_full_sleep_score():
    # +-60 min around 22:30: 21:30 and 23:30, three each, one at 22:30
    clocks = [(21, 30), (23, 30)] * 3 + [(22, 30)]
    inputs = with_nights(dict.fromkeys(WEEK, 8.0), dict(zip(WEEK, clocks, strict=True)))

    result = run(inputs)

    # sqrt(6 x 60^2 / 7) = 55.5 min <= 60
    assert result["components"]["sleep"]["bedtime_sd_min"] == pytest.approx(
        math.sqrt(6 * 60**2 / 7), abs=ROUNDED
    )
    assert result["components"]["sleep"]["score"] == 100.0
    assert own_reasons(result) == []


def test_a_bedtime_spread_of_exactly_60_minutes_is_not_over_the_bound():
    # six nights, three each at 21:30 and 23:30: every bedtime 60 min from the mean, SD = 60
    clocks = [(21, 30), (23, 30)] * 3
    days = WEEK[:6]
    inputs = with_nights(dict.fromkeys(days, 8.0), dict(zip(days, clocks, strict=True)))

    result = run(inputs)

    assert result["components"]["sleep"]["bedtime_sd_min"] == pytest.approx(60.0)
    assert result["components"]["sleep"]["score"] == 100.0


def test_bedtimes_either_side_of_midnight_count_as_close():
    # 23:30 and 00:30 alternate: 690 and 750 minutes after noon, one hour apart
    clocks = [(23, 30), (0, 30)] * 3 + [(23, 30)]
    inputs = with_nights(dict.fromkeys(WEEK, 8.0), dict(zip(WEEK, clocks, strict=True)))

    result = run(inputs)

    # four at 690 and three at 750: SD = 60 x sqrt(4/7 x 3/7) = 60 x sqrt(12) / 7 = 29.7 min
    sleep = result["components"]["sleep"]
    assert sleep["bedtime_sd_min"] == pytest.approx(60 * math.sqrt(12) / 7, abs=ROUNDED)
    assert sleep["score"] == 100.0
    assert not any(x.startswith("bedtimes") for x in result["reasons"])


def test_bedtime_regularity_needs_four_nights():
    # three nights hours apart (20:00, 02:00, 20:00) are not enough to judge
    days = WEEK[:3]
    clocks = [(20, 0), (2, 0), (20, 0)]
    inputs = with_nights(dict.fromkeys(days, 8.0), dict(zip(days, clocks, strict=True)))

    sleep = run(inputs)["components"]["sleep"]

    assert sleep["bedtime_sd_min"] is None
    assert sleep["score"] == 100.0


# --- resting heart rate -----------------------------------------------------------------------------

# 28 days alternating 50 and 52 bpm: mean 51, sample SD sqrt(28 x 1^2 / 27) = 1.018
RHR_BASELINE = [50.0, 52.0] * 14
RHR_SD = math.sqrt(28 / 27)


def test_resting_hr_seven_bpm_above_baseline_lowers_its_score_and_says_so():
    inputs = r.Inputs(resting_hr=baseline(RHR_BASELINE, today=58.0))

    result = run(inputs)

    component = result["components"]["resting_hr"]
    # z = (58 - 51) / 1.018 = 6.87; 75 - 15 x 6.87 = -28, clamped to 0
    assert component["z"] == pytest.approx((58 - 51) / RHR_SD, abs=0.005)
    assert component["score"] == max(0.0, 75 - 15 * (58 - 51) / RHR_SD)
    assert component["baseline_bpm"] == pytest.approx(51.0)
    assert "resting HR 7 bpm above your 28-day baseline" in result["reasons"]


def test_resting_hr_two_sd_above_scores_75_minus_15_z():
    inputs = r.Inputs(resting_hr=baseline(RHR_BASELINE, today=53.0))

    result = run(inputs)

    # z = (53 - 51) / 1.018 = 1.96; 75 - 15 x 1.96 = 45.5
    assert result["components"]["resting_hr"]["score"] == pytest.approx(
        75 - 15 * (53 - 51) / RHR_SD, abs=ROUNDED
    )
    assert "resting HR 2 bpm above your 28-day baseline" in result["reasons"]


def test_resting_hr_within_one_sd_gives_no_reason():
    inputs = r.Inputs(resting_hr=baseline(RHR_BASELINE, today=52.0))

    result = run(inputs)

    # z = (52 - 51) / 1.018 = 0.98 < 1; 75 - 15 x 0.98 = 60.3
    assert result["components"]["resting_hr"]["score"] == pytest.approx(
        75 - 15 * (52 - 51) / RHR_SD, abs=ROUNDED
    )
    assert own_reasons(result) == []


def test_resting_hr_below_baseline_scores_above_75():
    inputs = r.Inputs(resting_hr=baseline(RHR_BASELINE, today=50.0))

    result = run(inputs)

    # z = (50 - 51) / 1.018 = -0.98; 75 + 15 x 0.98 = 89.7
    assert result["components"]["resting_hr"]["score"] == pytest.approx(
        75 + 15 * (51 - 50) / RHR_SD, abs=ROUNDED
    )


def test_resting_hr_needs_five_baseline_values_for_a_score():
    four = run(r.Inputs(resting_hr=baseline([50.0, 52.0, 50.0, 52.0], today=58.0)))
    five = run(r.Inputs(resting_hr=baseline([50.0, 52.0, 50.0, 52.0, 51.0], today=58.0)))

    assert "score" not in four["components"]["resting_hr"]
    assert four["components"]["resting_hr"]["inputs"] == 4
    assert four["score"] is None
    assert not any(x.startswith("resting HR") for x in four["reasons"])
    # five values: mean 51, sample SD sqrt((1 + 1 + 1 + 1 + 0) / 4) = 1; z = 7 -> clamped to 0
    assert five["components"]["resting_hr"]["score"] == 0.0


def test_resting_hr_older_than_28_days_is_not_baseline():
    # 28 days at 50/52 and, before them, days at 80 that would move the mean if they counted
    inputs = r.Inputs(resting_hr=baseline([*RHR_BASELINE, 80.0, 80.0, 80.0], today=58.0))

    component = run(inputs)["components"]["resting_hr"]

    assert component["inputs"] == 28
    assert component["baseline_bpm"] == pytest.approx(51.0)


# --- HRV (ln RMSSD) ---------------------------------------------------------------------------------

# ln RMSSD alternating 4.0 and 4.2 (55 and 67 ms): mean 4.1, sample SD 0.1 x sqrt(28/27)
HRV_BASELINE = [4.0, 4.2] * 14
HRV_SD = 0.1 * math.sqrt(28 / 27)


def test_hrv_well_below_baseline_scores_low_and_says_so():
    inputs = r.Inputs(ln_rmssd=baseline(HRV_BASELINE, today=3.8))

    result = run(inputs)

    # z = (3.8 - 4.1) / 0.1018 = -2.95; 75 + 15 x (-2.95) = 30.8
    assert result["components"]["hrv"]["score"] == pytest.approx(
        75 + 15 * (3.8 - 4.1) / HRV_SD, abs=ROUNDED
    )
    (reason,) = [x for x in result["reasons"] if "HRV (ln RMSSD)" in x]
    assert "below" in reason
    # e^3.8 = 45 ms against e^4.1 = 60 ms
    assert f"{math.exp(3.8):.0f} ms vs {math.exp(4.1):.0f} ms" in reason


def test_higher_hrv_scores_higher():
    low = run(r.Inputs(ln_rmssd=baseline(HRV_BASELINE, today=4.05)))
    high = run(r.Inputs(ln_rmssd=baseline(HRV_BASELINE, today=4.15)))

    # 75 - 15 x 0.05/0.1018 = 67.6 against 75 + 15 x 0.05/0.1018 = 82.4
    assert low["components"]["hrv"]["score"] == pytest.approx(75 - 15 * 0.05 / HRV_SD, abs=ROUNDED)
    assert high["components"]["hrv"]["score"] == pytest.approx(75 + 15 * 0.05 / HRV_SD, abs=ROUNDED)
    assert high["components"]["hrv"]["score"] > low["components"]["hrv"]["score"]
    # both within 1 SD: no reason
    assert own_reasons(low) == own_reasons(high) == []


def test_hrv_well_above_baseline_is_reported_as_above():
    result = run(r.Inputs(ln_rmssd=baseline(HRV_BASELINE, today=4.4)))

    # z = (4.4 - 4.1) / 0.1018 = 2.95; 75 + 44.2 = 100 at most
    assert result["components"]["hrv"]["score"] == pytest.approx(
        min(100.0, 75 + 15 * 0.3 / HRV_SD), abs=ROUNDED
    )
    (reason,) = [x for x in result["reasons"] if "HRV (ln RMSSD)" in x]
    assert "above" in reason


# --- HRV in two metrics: RMSSD and SDNN never share a baseline ------------------------------------------


def on_days(values: dict[int, float]) -> dict[date, float]:
    """Values keyed by how many days before DAY (0 = DAY itself)."""
    return {ago(k): value for k, value in values.items()}


# A phone that reported SDNN (Apple Health) from 28 to 11 days ago, then a watch that reports RMSSD from 10
# days ago on. ln SDNN alternates 4.5 and 4.7 (90 and 110 ms), ln RMSSD 3.9 and 4.1 (49 and 60 ms).
SDNN_THEN = on_days({k: 4.5 if k % 2 else 4.7 for k in range(11, 29)})
RMSSD_NOW = on_days({k: 3.9 if k % 2 else 4.1 for k in range(1, 11)})


def test_a_history_of_sdnn_days_followed_by_rmssd_days_scores_rmssd_against_rmssd_only():
    inputs = r.Inputs(ln_sdnn=SDNN_THEN, ln_rmssd={**RMSSD_NOW, DAY: 3.8})

    hrv = run(inputs)["components"]["hrv"]

    # RMSSD baseline: the 10 RMSSD days alone, mean 4.0, sample SD sqrt(10 x 0.1^2 / 9) = 0.1054;
    # z = (3.8 - 4.0) / 0.1054 = -1.90; 75 + 15 x (-1.90) = 46.5. With the SDNN days mixed in (mean
    # 4.31 over 28 days) the day would read as 3 SD low.
    sd = math.sqrt(10 * 0.1**2 / 9)
    assert hrv["metric"] == "rmssd"
    assert hrv["inputs"] == 10
    assert hrv["z"] == pytest.approx((3.8 - 4.0) / sd, abs=0.005)
    assert hrv["score"] == pytest.approx(75 + 15 * (3.8 - 4.0) / sd, abs=ROUNDED)
    assert hrv["rmssd_ms"] == round(math.exp(3.8), 1)
    assert hrv["baseline_rmssd_ms"] == round(math.exp(4.0), 1)
    assert "sdnn_ms" not in hrv
    assert "ln(RMSSD)" in hrv["formula"]


def test_an_sdnn_day_is_scored_against_the_sdnn_days_only():
    # Ten days ago the athlete still wore the phone alone: SDNN today against SDNN days 11..28 ago.
    inputs = r.Inputs(ln_sdnn={**SDNN_THEN, DAY: 4.2}, ln_rmssd=RMSSD_NOW)

    result = run(inputs)
    hrv = result["components"]["hrv"]

    # SDNN baseline: 18 days (the 10 RMSSD days between are not part of it), mean 4.6, sample SD
    # sqrt(18 x 0.1^2 / 17) = 0.1029; z = (4.2 - 4.6) / 0.1029 = -3.89; 75 - 58.3 = 16.7.
    sd = math.sqrt(18 * 0.1**2 / 17)
    assert hrv["metric"] == "sdnn"
    assert hrv["inputs"] == 18
    assert hrv["score"] == pytest.approx(75 + 15 * (4.2 - 4.6) / sd, abs=ROUNDED)
    assert hrv["sdnn_ms"] == round(math.exp(4.2), 1)
    assert hrv["baseline_sdnn_ms"] == round(math.exp(4.6), 1)
    assert "ln(SDNN)" in hrv["formula"]
    (reason,) = [x for x in result["reasons"] if x.startswith("HRV")]
    assert reason.startswith("HRV (ln SDNN) 3.9 SD below your 28-day SDNN baseline")
    assert f"({math.exp(4.2):.0f} ms vs {math.exp(4.6):.0f} ms)" in reason


def test_a_day_with_both_uses_rmssd_once_its_baseline_has_five_days():
    inputs = r.Inputs(ln_sdnn={**SDNN_THEN, DAY: 4.6}, ln_rmssd={**RMSSD_NOW, DAY: 4.0})

    hrv = run(inputs)["components"]["hrv"]

    # 10 RMSSD days: enough (5); today's RMSSD equals its mean, z = 0, score 75.
    assert (hrv["metric"], hrv["inputs"], hrv["score"]) == ("rmssd", 10, 75.0)


def test_a_day_with_both_uses_sdnn_while_rmssd_has_fewer_than_five_days():
    early_rmssd = on_days({1: 3.9, 2: 4.1, 3: 3.9, 4: 4.1})  # the watch's first 4 days
    inputs = r.Inputs(ln_sdnn={**SDNN_THEN, DAY: 4.5}, ln_rmssd={**early_rmssd, DAY: 4.0})

    hrv = run(inputs)["components"]["hrv"]

    # SDNN baseline of 18 days, mean 4.6, SD 0.1029: z = (4.5 - 4.6) / 0.1029 = -0.97; 75 - 14.6 = 60.4
    sd = math.sqrt(18 * 0.1**2 / 17)
    assert (hrv["metric"], hrv["inputs"]) == ("sdnn", 18)
    assert hrv["score"] == pytest.approx(75 + 15 * (4.5 - 4.6) / sd, abs=ROUNDED)


def test_an_rmssd_day_without_an_rmssd_baseline_is_not_scored_against_sdnn():
    early_rmssd = on_days({1: 3.9, 2: 4.1, 3: 3.9})
    inputs = r.Inputs(ln_sdnn=SDNN_THEN, ln_rmssd={**early_rmssd, DAY: 3.5})

    result = run(inputs)
    hrv = result["components"]["hrv"]

    # 3 RMSSD days are too few for a z-score; the 18 SDNN days are another metric: no score, no reason.
    assert (hrv["metric"], hrv["inputs"]) == ("rmssd", 3)
    assert "score" not in hrv
    assert "z" not in hrv
    assert not any(x.startswith("HRV") for x in result["reasons"])


def test_confidence_counts_the_longer_hrv_baseline_of_one_metric():
    # 18 SDNN days and 10 RMSSD days (28 days of HRV in all): medium (14 to 20), not high.
    result = run(r.Inputs(ln_sdnn=SDNN_THEN, ln_rmssd=RMSSD_NOW))

    assert result["confidence"] == "medium"


# --- load: acute:chronic ratio of yesterday ---------------------------------------------------------


def test_a_ratio_above_1_3_yesterday_costs_150_points_per_unit():
    inputs = r.Inputs(acwr={ago(1): 1.5})

    result = run(inputs)

    # 80 - 150 x (1.5 - 1.3) = 50
    assert result["components"]["load"]["score"] == pytest.approx(80 - 150 * (1.5 - 1.3))
    assert "acute:chronic load ratio 1.50, above 1.3" in result["reasons"]


def test_a_ratio_of_exactly_1_3_keeps_80():
    result = run(r.Inputs(acwr={ago(1): 1.3}))

    assert result["components"]["load"]["score"] == 80.0
    assert own_reasons(result) == []


def test_readiness_reads_yesterdays_ratio_not_todays():
    result = run(r.Inputs(acwr={DAY: 2.0}))

    assert "load" not in result["components"]


def test_the_ratio_bound_comes_from_the_inputs():
    result = run(r.Inputs(acwr={ago(1): 1.5}, acwr_upper=1.5))

    assert result["components"]["load"]["score"] == 80.0
    assert own_reasons(result) == []


def test_a_ratio_not_yet_known_gives_no_load_component():
    result = run(r.Inputs(acwr={ago(1): None}))

    assert "load" not in result["components"]


@pytest.mark.parametrize(("history_days", "left_out"), [(20, True), (21, False)])
def test_during_the_cold_start_the_ratio_is_left_out_with_the_reason(history_days, left_out):
    # given: training history began `history_days` days before today (through yesterday); the load
    # projection has no ratio before 21 days of it, one from then on
    first = ago(history_days)
    ratio = 1.1 if history_days >= 21 else None
    inputs = r.Inputs(acwr={ago(1): ratio}, load_first_day=first, acwr_min_days=21)
    # when
    result = run(inputs)
    # then
    load = result["components"]["load"]
    if left_out:
        why = (
            "the acute:chronic load ratio is left out: 20 day(s) of training history, it means "
            "nothing before 21"
        )
        assert load == {"left_out": why, "history_days": 20, "window_days": 28}
        assert why in result["reasons"]
        assert "score" not in load  # not scored: the other components decide
    else:
        assert load["score"] == 80.0


# --- drift of easy runs -----------------------------------------------------------------------------


def test_eight_percent_drift_costs_8_points_per_point_over_5():
    inputs = r.Inputs()
    inputs.easy_runs[DAY].append(easy_run(drift=7.0))
    inputs.easy_runs[ago(3)].append(easy_run(drift=9.0))

    result = run(inputs)

    # mean (7 + 9) / 2 = 8 %; 80 - 8 x (8 - 5) = 56
    assert result["components"]["drift"]["drift_pct"] == pytest.approx((7 + 9) / 2)
    assert result["components"]["drift"]["score"] == pytest.approx(80 - 8 * (8 - 5))
    assert (
        "heart rate drifted 8.0 % at steady pace in recent easy runs (above 5 %)"
        in result["reasons"]
    )


def test_five_percent_drift_keeps_80():
    inputs = r.Inputs()
    inputs.easy_runs[ago(2)].append(easy_run(drift=5.0))

    result = run(inputs)

    assert result["components"]["drift"]["score"] == 80.0
    assert own_reasons(result) == []


def test_drift_counts_only_the_last_seven_days():
    inputs = r.Inputs()
    inputs.easy_runs[ago(6)].append(easy_run(drift=4.0))
    inputs.easy_runs[ago(7)].append(easy_run(drift=20.0))  # a week ago: not recent

    result = run(inputs)

    assert result["components"]["drift"]["inputs"] == 1
    assert result["components"]["drift"]["score"] == 80.0


# --- cadence steadiness -----------------------------------------------------------------------------


def with_cadence(recent_cv: float, older_cvs: list[float]) -> r.Inputs:
    inputs = r.Inputs()
    inputs.easy_runs[ago(1)].append(easy_run(cadence_cv=recent_cv))
    for k, cv in enumerate(older_cvs):
        inputs.easy_runs[ago(10 + 3 * k)].append(easy_run(cadence_cv=cv))
    return inputs


def test_cadence_cv_2_5_points_above_baseline_scores_60():
    result = run(with_cadence(6.0, [3.5, 3.5, 3.5]))

    # 6 - 3.5 = 2.5 > 2
    assert result["components"]["cadence"]["score"] == 60.0
    assert "cadence less steady than usual (CV 6.0 % vs 3.5 %)" in result["reasons"]


def test_cadence_cv_exactly_2_points_above_baseline_keeps_80():
    result = run(with_cadence(5.5, [3.5, 3.5, 3.5]))

    # 5.5 - 3.5 = 2, not more than 2
    assert result["components"]["cadence"]["score"] == 80.0
    assert own_reasons(result) == []


def test_cadence_needs_three_older_runs_for_a_baseline():
    result = run(with_cadence(6.0, [3.5, 3.5]))

    assert "cadence" not in result["components"]


# --- check-in ---------------------------------------------------------------------------------------


def test_checkin_maps_each_answer_onto_0_to_100():
    inputs = r.Inputs(checkins={DAY: checkin(mood=4, energy=3, soreness=2, joint_pain=1)})

    component = run(inputs)["components"]["checkin"]

    # mood (4 - 1) x 25 = 75, energy (3 - 1) x 25 = 50, soreness (5 - 2) x 25 = 75,
    # joint pain (5 - 1) x 25 = 100; mean (75 + 50 + 75 + 100) / 4 = 75
    assert component["score"] == pytest.approx((75 + 50 + 75 + 100) / 4)
    assert component["inputs"] == 4


def test_checkin_averages_only_the_answers_given():
    inputs = r.Inputs(checkins={DAY: checkin(mood=5, energy=None, soreness=None, joint_pain=None)})

    component = run(inputs)["components"]["checkin"]

    # mood (5 - 1) x 25 = 100 alone
    assert component["score"] == 100.0
    assert component["inputs"] == 1


def test_joint_pain_4_holds_readiness_at_red():
    inputs = with_nights({DAY: 8.0})  # sleep 100
    inputs.checkins[DAY] = checkin(
        mood=5, energy=5, soreness=1, joint_pain=4, pain_site="left knee"
    )

    result = run(inputs)

    # checkin (100 + 100 + 100 + 25) / 4 = 81.25; both components far above 33, capped at 33
    assert result["components"]["checkin"]["score"] == pytest.approx(81.25, abs=ROUNDED)
    assert result["score"] == 33.0
    assert result["band"] == "red"
    assert "joint pain 4/5 (left knee): readiness held at red" in result["reasons"]


def test_joint_pain_3_does_not_cap_readiness():
    inputs = with_nights({DAY: 8.0})
    inputs.checkins[DAY] = checkin(mood=5, energy=5, soreness=1, joint_pain=3)

    result = run(inputs)

    # checkin (100 + 100 + 100 + 50) / 4 = 87.5; (2 x 100 + 2 x 87.5) / (2 + 2) = 93.75 -> 93.8
    assert result["score"] == pytest.approx((2 * 100 + 2 * 87.5) / 4, abs=ROUNDED)
    assert result["band"] == "green"
    assert not any("joint pain" in x for x in result["reasons"])


def test_the_joint_pain_cap_never_raises_a_lower_score():
    inputs = r.Inputs(acwr={ago(1): 2.0})  # load 80 - 150 x 0.7 = -25 -> 0
    inputs.checkins[DAY] = checkin(mood=1, energy=1, soreness=5, joint_pain=5)  # all 0

    result = run(inputs)

    assert result["score"] == 0.0


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"mood": 2}, "mood 2/5 in your check-in"),
        ({"energy": 2}, "energy 2/5 in your check-in"),
        ({"soreness": 4}, "soreness 4/5 in your check-in"),
    ],
)
def test_low_mood_or_energy_and_high_soreness_are_reasons(answers, reason):
    result = run(r.Inputs(checkins={DAY: checkin(**answers)}))

    assert own_reasons(result) == [reason]


def test_mood_and_energy_3_and_soreness_3_are_no_reasons():
    result = run(r.Inputs(checkins={DAY: checkin(mood=3, energy=3, soreness=3, joint_pain=3)}))

    assert own_reasons(result) == []


def test_yesterdays_checkin_still_counts():
    result = run(r.Inputs(checkins={ago(1): checkin(day=ago(1), mood=5)}))

    assert result["components"]["checkin"]["day"] == ago(1).isoformat()


def test_a_checkin_older_than_two_days_is_ignored():
    result = run(r.Inputs(checkins={ago(2): checkin(day=ago(2), joint_pain=5)}))

    assert "checkin" not in result["components"]
    assert result["score"] is None
    assert not any("joint pain" in x for x in result["reasons"])


def test_the_latest_checkin_wins():
    inputs = r.Inputs(
        checkins={ago(1): checkin(day=ago(1), joint_pain=5), DAY: checkin(joint_pain=1)}
    )

    result = run(inputs)

    assert result["components"]["checkin"]["day"] == DAY.isoformat()
    assert result["components"]["checkin"]["joint_pain"] == 1


# --- the overall score and its bands ----------------------------------------------------------------


def test_the_score_is_the_weighted_mean_of_the_components_present():
    inputs = with_nights({DAY: 5.5})  # sleep 100 - 25 x 1.5 = 62.5, weight 2
    inputs.acwr[ago(1)] = 1.5  # load 80 - 150 x 0.2 = 50, weight 1.5

    result = run(inputs)

    assert set(result["components"]) == {"sleep", "load"}
    assert r.WEIGHTS["sleep"] == 2.0
    assert r.WEIGHTS["load"] == 1.5
    # (2 x 62.5 + 1.5 x 50) / (2 + 1.5) = 200 / 3.5 = 57.14 -> 57.1
    assert result["score"] == pytest.approx((2 * 62.5 + 1.5 * 50) / (2 + 1.5), abs=ROUNDED)
    assert result["band"] == "amber"


def test_a_component_without_a_score_does_not_count_in_the_mean():
    inputs = with_nights({DAY: 5.5})
    inputs.resting_hr = baseline([50.0, 52.0], today=70.0)  # two values: no z, no score

    result = run(inputs)

    assert "score" not in result["components"]["resting_hr"]
    assert result["score"] == pytest.approx(62.5)


def test_a_day_without_inputs_has_no_score():
    result = run(r.Inputs())

    assert result["score"] is None
    assert result["band"] is None
    assert result["components"] == {}


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100.0, "green"),
        (67.0, "green"),
        (66.9, "amber"),
        (33.1, "amber"),
        (33.0, "red"),
        (0.0, "red"),
    ],
)
def test_bands_are_green_from_67_and_red_up_to_33(score, expected):
    assert r.band(score, CONFIG) == expected


# --- confidence -------------------------------------------------------------------------------------


def test_thirteen_baseline_days_give_low_confidence():
    result = run(r.Inputs(resting_hr=baseline([50.0, 52.0] * 6 + [51.0], today=51.0)))

    assert result["confidence"] == "low"
    assert "baseline still building: 13 of 14 days of resting HR or HRV so far" in result["reasons"]


def test_fourteen_baseline_days_give_medium_confidence():
    result = run(r.Inputs(resting_hr=baseline([50.0, 52.0] * 7, today=51.0)))

    assert result["confidence"] == "medium"
    assert not any(x.startswith("baseline still building") for x in result["reasons"])


def test_twenty_baseline_days_are_still_medium():
    result = run(r.Inputs(ln_rmssd=baseline([4.0, 4.2] * 10)))

    assert result["confidence"] == "medium"


def test_twenty_one_baseline_days_give_high_confidence():
    result = run(r.Inputs(resting_hr=baseline([50.0, 52.0] * 10 + [51.0], today=51.0)))

    assert result["confidence"] == "high"


def test_confidence_takes_the_longer_of_the_two_baselines():
    inputs = r.Inputs(
        resting_hr=baseline([50.0, 52.0] * 5), ln_rmssd=baseline([4.0, 4.2] * 10 + [4.1])
    )

    result = run(inputs)

    # 10 days of resting HR, 21 of HRV: high
    assert result["confidence"] == "high"


def test_a_flat_resting_hr_baseline_still_shows_a_rise() -> None:
    # 28 mornings at exactly 50 bpm (SD 0, taken as the 1 bpm floor), then 65: z = (65 - 50) / 1 = 15.
    inputs = r.Inputs()
    inputs.resting_hr = baseline([50.0] * 28, today=65.0)
    result = r.readiness(DAY, inputs, defaults().readiness, ZoneInfo("UTC"))
    assert result["components"]["resting_hr"]["z"] == 15.0
    assert result["components"]["resting_hr"]["score"] == 0.0  # 75 - 15 x 15, clamped at 0
    assert "resting HR 15 bpm above your 28-day baseline" in result["reasons"]


def test_a_reason_never_shows_a_figure_equal_to_the_bound_it_crossed() -> None:
    inputs = with_nights({DAY: 6.96})
    result = r.readiness(DAY, inputs, defaults().readiness, ZoneInfo("UTC"))
    assert "slept 6.96 h, below the 7-9 h target" in result["reasons"]

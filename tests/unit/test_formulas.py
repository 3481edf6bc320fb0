"""The training formulas (runlift.coaching.formulas) against values worked out by hand.

Every expected value is written as the arithmetic that produces it, so a reader can check it with a pencil:
no expected value here comes from calling the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from runlift.coaching import formulas as f

# A profile with round numbers: heart-rate reserve 190 - 50 = 140 bpm, so 120 bpm is HRr 70/140 = 0.5.
REST, MAX = 50.0, 190.0
# Zone bounds of that profile: 50 + edge x 140 for edges 0.6, 0.7, 0.8, 0.9.
BOUNDS = [134.0, 148.0, 162.0, 176.0]
TIGHT = 1e-12


# --- heart-rate reserve and Banister's weighting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("hr", "expected"),
    [
        (120.0, (120 - 50) / (190 - 50)),  # 70/140 = 0.5
        (162.0, (162 - 50) / (190 - 50)),  # 112/140 = 0.8
        (50.0, 0.0),  # resting: no reserve used
        (40.0, 0.0),  # below resting: (40-50)/140 = -0.071, clamped to 0
        (190.0, 1.0),  # maximum
        (205.0, 1.0),  # above maximum: 155/140 = 1.107, clamped to 1
    ],
)
def test_heart_rate_reserve_is_karvonen_clamped_to_0_1(hr, expected):
    assert f.heart_rate_reserve(hr, REST, MAX) == pytest.approx(expected, rel=TIGHT)


def test_trimp_weights_men_by_0_64_e_1_92():
    # y = HRr x 0.64 x e^(1.92 x HRr); at HRr 0.5: 0.5 x 0.64 x e^0.96 = 0.32 x 2.6117 = 0.8357
    assert f.banister_weight(0.5, "male") == pytest.approx(0.5 * 0.64 * math.exp(1.92 * 0.5))
    assert f.banister_weight(0.5, "male") == pytest.approx(0.8357, abs=1e-4)


def test_trimp_weights_women_by_0_86_e_1_67():
    # y = HRr x 0.86 x e^(1.67 x HRr); at HRr 0.5: 0.5 x 0.86 x e^0.835 = 0.43 x 2.3048 = 0.9911
    assert f.banister_weight(0.5, "female") == pytest.approx(0.5 * 0.86 * math.exp(1.67 * 0.5))
    assert f.banister_weight(0.5, "female") == pytest.approx(0.9911, abs=1e-4)


@pytest.mark.parametrize(
    ("sex", "expected"),
    [
        ("male", 0.64 * math.exp(1.92)),  # 0.64 x 6.8210 = 4.3654
        ("female", 0.86 * math.exp(1.67)),  # 0.86 x 5.3122 = 4.5685
    ],
)
def test_trimp_weight_at_full_reserve_is_a_e_b(sex, expected):
    assert f.banister_weight(1.0, sex) == pytest.approx(expected, rel=TIGHT)


def test_trimp_weight_at_no_reserve_is_zero():
    assert f.banister_weight(0.0, "male") == 0.0
    assert f.banister_weight(0.0, "female") == 0.0


@pytest.mark.parametrize(
    ("sex", "expected"),
    [
        ("male", 30 * 0.5 * 0.64 * math.exp(1.92 * 0.5)),  # 30 min x 0.8357 = 25.07
        ("female", 30 * 0.5 * 0.86 * math.exp(1.67 * 0.5)),  # 30 min x 0.9911 = 29.73
    ],
)
def test_banister_minutes_is_minutes_times_the_weight(sex, expected):
    assert f.banister_minutes(0.5, 30, sex) == pytest.approx(expected, rel=TIGHT)


# --- TRIMP over sample streams -------------------------------------------------------------------------


def _trimp(t, hr, *, sex="male", max_gap_s=30.0):
    return f.banister_trimp(
        f.stream(t), f.stream(hr), resting_bpm=REST, max_bpm=MAX, sex=sex, max_gap_s=max_gap_s
    )


def test_stream_marks_missing_samples_as_nan():
    values = f.stream([120, None, 130.5])

    assert values.dtype == np.float64
    assert values[0] == 120.0
    assert math.isnan(values[1])
    assert values[2] == 130.5


@pytest.mark.parametrize(
    ("sex", "a", "b"),
    [("male", 0.64, 1.92), ("female", 0.86, 1.67)],
)
def test_trimp_sums_each_sample_until_the_next(sex, a, b):
    # Samples 0, 10, 20, 30 s at 120, 162, 190 bpm and a last one at 50 bpm:
    # HRr 0.5, 0.8, 1.0 each for 10 s (1/6 min); the last sample counts for nothing.
    trimp, minutes = _trimp([0, 10, 20, 30], [120, 162, 190, 50], sex=sex)

    expected = (10 / 60) * (0.5 * a * math.exp(b * 0.5))
    expected += (10 / 60) * (0.8 * a * math.exp(b * 0.8))
    expected += (10 / 60) * (1.0 * a * math.exp(b * 1.0))
    assert trimp == pytest.approx(expected, rel=TIGHT)
    assert minutes == pytest.approx(30 / 60, rel=TIGHT)


def test_trimp_skips_samples_without_heart_rate():
    # t 0, 20, 40, 60 s; the sample at 20 s has no heart rate, so its 20 s count neither as load nor as
    # minutes with heart rate: 0 s and 40 s at HRr 0.5 for 20 s each; the last counts for nothing.
    trimp, minutes = _trimp([0, 20, 40, 60], [120, None, 120, 190])

    assert trimp == pytest.approx((40 / 60) * 0.5 * 0.64 * math.exp(1.92 * 0.5), rel=TIGHT)
    assert minutes == pytest.approx(40 / 60, rel=TIGHT)


def test_trimp_caps_a_gap_longer_than_max_gap_s():
    # t 0, 10, 310 s at HRr 0.5: 10 s, then a 300 s pause counted as max_gap_s = 30 s: 40 s in all.
    trimp, minutes = _trimp([0, 10, 310], [120, 120, 120], max_gap_s=30)

    assert trimp == pytest.approx((40 / 60) * 0.5 * 0.64 * math.exp(1.92 * 0.5), rel=TIGHT)
    assert minutes == pytest.approx(40 / 60, rel=TIGHT)


def test_trimp_last_sample_counts_for_nothing():
    # A hard last sample (190 bpm, weight 0.64 x e^1.92 = 4.37) adds nothing: only 0..60 s at HRr 0.5.
    trimp, minutes = _trimp([0, 60], [120, 190], max_gap_s=600)

    assert trimp == pytest.approx(1.0 * 0.5 * 0.64 * math.exp(1.92 * 0.5), rel=TIGHT)
    assert minutes == pytest.approx(1.0, rel=TIGHT)


def test_trimp_of_a_single_sample_is_zero():
    assert _trimp([0], [150]) == (0.0, 0.0)


def test_trimp_clamps_heart_rate_below_resting_to_no_load_but_counts_its_minutes():
    # 40 bpm is below resting: HRr clamped to 0, so 0 load, but its 30 s still carried a heart rate.
    trimp, minutes = _trimp([0, 30, 60], [40, 120, 120])

    assert trimp == pytest.approx((30 / 60) * 0.5 * 0.64 * math.exp(1.92 * 0.5), rel=TIGHT)
    assert minutes == pytest.approx(60 / 60, rel=TIGHT)


def test_trimp_counts_time_going_backwards_as_nothing():
    # t 0, 20, 10, 30: the step from 20 back to 10 s is clipped to 0 s; 20 s + 0 s + 20 s at HRr 0.5.
    trimp, minutes = _trimp([0, 20, 10, 30], [120, 120, 120, 120])

    assert trimp == pytest.approx((40 / 60) * 0.5 * 0.64 * math.exp(1.92 * 0.5), rel=TIGHT)
    assert minutes == pytest.approx(40 / 60, rel=TIGHT)


def test_sample_weights_run_until_the_next_sample_capped_and_zero_for_the_last():
    # diffs 1, 5, 100 (capped to 30) and the last sample 0.
    weights = f.sample_weights(f.stream([0, 1, 6, 106]), 30.0)

    assert weights.tolist() == [1.0, 5.0, 30.0, 0.0]


# --- heart-rate zones -----------------------------------------------------------------------------------


def test_zone_k_holds_heart_rates_at_or_above_the_first_k_bounds():
    # Samples every 10 s; bounds 134, 148, 162, 176:
    #   100 -> zone 0; 134 (equal to bound 1) -> zone 1; 147.9 -> zone 1; None -> skipped;
    #   148 (equal to bound 2) -> zone 2; 176 (equal to bound 4) -> zone 4; 200 -> zone 4;
    #   120 is the last sample and counts 0 s.
    t = [0, 10, 20, 30, 40, 50, 60, 70]
    hr = [100, 134, 147.9, None, 148, 176, 200, 120]

    seconds = f.zone_seconds(f.stream(t), f.stream(hr), BOUNDS, 30.0)

    assert seconds == [10.0, 20.0, 10.0, 0.0, 20.0]


def test_a_heart_rate_equal_to_a_bound_goes_into_the_higher_zone():
    for k, bound in enumerate(BOUNDS, start=1):
        seconds = f.zone_seconds(f.stream([0, 10]), f.stream([bound, bound]), BOUNDS, 30.0)
        assert seconds.index(10.0) == k
        assert sum(seconds) == 10.0


def test_zone_seconds_cap_gaps_like_trimp():
    # 0 -> 100 s is a pause: counted 30 s in zone 3 (170 bpm), then 10 s in zone 0.
    seconds = f.zone_seconds(f.stream([0, 100, 110]), f.stream([170, 90, 90]), BOUNDS, 30.0)

    assert seconds == [10.0, 0.0, 0.0, 30.0, 0.0]


# --- performance management chart -----------------------------------------------------------------------


def test_ewma_lambda_is_2_over_n_plus_1():
    assert f.ewma_lambda(7) == 0.25  # 2 / (7 + 1)
    assert f.ewma_lambda(28) == pytest.approx(2 / 29, rel=TIGHT)


def test_pmc_first_step_from_zero():
    pmc = f.pmc_step(f.ZERO, 100.0)

    assert pmc.ctl == pytest.approx(100 / 42, rel=TIGHT)  # 0 + (100 - 0) / 42 = 2.381
    assert pmc.atl == pytest.approx(100 / 7, rel=TIGHT)  # 0 + (100 - 0) / 7 = 14.286
    assert pmc.acute == pytest.approx(100 * 2 / 8, rel=TIGHT)  # lambda 2/(7+1): 25.0
    assert pmc.chronic == pytest.approx(100 * 2 / 29, rel=TIGHT)  # lambda 2/(28+1): 6.897


def test_pmc_second_step_carries_the_first():
    day1 = f.pmc_step(f.ZERO, 100.0)
    day2 = f.pmc_step(day1, 50.0)

    ctl1, atl1, acute1, chronic1 = 100 / 42, 100 / 7, 25.0, 200 / 29
    assert day2.ctl == pytest.approx(ctl1 + (50 - ctl1) / 42, rel=TIGHT)  # 2.381 + 1.134 = 3.515
    assert day2.atl == pytest.approx(atl1 + (50 - atl1) / 7, rel=TIGHT)  # 14.286 + 5.102 = 19.388
    assert day2.acute == pytest.approx(
        acute1 + 0.25 * (50 - acute1), rel=TIGHT
    )  # 25 + 6.25 = 31.25
    assert day2.acute == 31.25
    # 6.897 + (2/29) x 43.103 = 6.897 + 2.973 = 9.869
    assert day2.chronic == pytest.approx(chronic1 + 2 / 29 * (50 - chronic1), rel=TIGHT)


def test_pmc_step_uses_the_given_time_constants():
    pmc = f.pmc_step(f.ZERO, 60.0, ctl_days=30, atl_days=5, acute_days=3, chronic_days=19)

    assert pmc.ctl == pytest.approx(60 / 30, rel=TIGHT)  # 2.0
    assert pmc.atl == pytest.approx(60 / 5, rel=TIGHT)  # 12.0
    assert pmc.acute == pytest.approx(60 * 2 / 4, rel=TIGHT)  # lambda 2/(3+1): 30.0
    assert pmc.chronic == pytest.approx(60 * 2 / 20, rel=TIGHT)  # lambda 2/(19+1): 6.0


def test_a_rest_day_decays_every_load():
    day1 = f.pmc_step(f.ZERO, 100.0)
    rest = f.pmc_step(day1, 0.0)

    assert rest.ctl == pytest.approx(100 / 42 * (1 - 1 / 42), rel=TIGHT)
    assert rest.atl == pytest.approx(100 / 7 * (1 - 1 / 7), rel=TIGHT)
    assert rest.acute == pytest.approx(25 * (1 - 0.25), rel=TIGHT)
    assert rest.chronic == pytest.approx(200 / 29 * (1 - 2 / 29), rel=TIGHT)


def test_form_is_yesterdays_fitness_minus_yesterdays_fatigue():
    yesterday = f.pmc_step(f.ZERO, 100.0)

    assert f.form(f.ZERO) == 0.0
    # TSB today = CTL yesterday - ATL yesterday = 100/42 - 100/7 = 2.381 - 14.286 = -11.905
    assert f.form(yesterday) == pytest.approx(100 / 42 - 100 / 7, rel=TIGHT)
    assert f.form(f.Pmc(ctl=50.0, atl=40.0, acute=0.0, chronic=0.0)) == 10.0


def test_acwr_is_acute_over_chronic():
    pmc = f.pmc_step(f.ZERO, 100.0)

    # 25 / (200/29) = 25 x 29 / 200 = 3.625
    assert f.acwr(pmc) == pytest.approx(25 / (200 / 29), rel=TIGHT)
    assert f.acwr(pmc) == pytest.approx(3.625, rel=TIGHT)
    assert f.acwr(f.Pmc(ctl=0.0, atl=0.0, acute=30.0, chronic=20.0)) == 1.5


def test_acwr_is_none_while_the_chronic_load_is_zero():
    assert f.acwr(f.ZERO) is None
    assert f.acwr(f.Pmc(ctl=1.0, atl=1.0, acute=5.0, chronic=0.0)) is None


# --- monotony and strain --------------------------------------------------------------------------------


def test_monotony_is_mean_over_population_sd_and_strain_is_weekly_load_times_monotony():
    # Loads 1..7: mean 4; population variance (9+4+1+0+1+4+9)/7 = 4, SD 2; monotony 4/2 = 2;
    # strain = weekly total 28 x 2 = 56.
    monotony, strain = f.monotony_strain([1, 2, 3, 4, 5, 6, 7])

    assert monotony == pytest.approx(2.0, rel=TIGHT)
    assert strain == pytest.approx(56.0, rel=TIGHT)


def test_monotony_of_an_uneven_week():
    # 0, 100, 0, 100, 0, 100, 50: total 350, mean 50; deviations +-50 six times and 0:
    # population SD = sqrt(6 x 2500 / 7) = 46.29; monotony 50 / 46.29 = 1.080; strain 350 x 1.080 = 378.0
    monotony, strain = f.monotony_strain([0, 100, 0, 100, 0, 100, 50])

    expected = 50 / math.sqrt(6 * 50**2 / 7)
    assert monotony == pytest.approx(expected, rel=TIGHT)
    assert strain == pytest.approx(350 * expected, rel=TIGHT)


@pytest.mark.parametrize("loads", [[60.0] * 7, [0.0] * 7])
def test_monotony_is_none_when_every_day_had_the_same_load(loads):
    assert f.monotony_strain(loads) == (None, 0.0)


# --- strength estimates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "reps", "epley", "brzycki"),
    [
        (100.0, 5, 100 * (1 + 5 / 30), 100 * 36 / (37 - 5)),  # 116.67 and 100 x 36/32 = 112.5
        (100.0, 10, 100 * (1 + 10 / 30), 100 * 36 / (37 - 10)),  # 133.33 and 100 x 36/27 = 133.33
        (80.0, 3, 80 * (1 + 3 / 30), 80 * 36 / (37 - 3)),  # 88.0 and 80 x 36/34 = 84.71
    ],
)
def test_epley_and_brzycki_one_rep_max(weight, reps, epley, brzycki):
    assert f.epley(weight, reps) == pytest.approx(epley, rel=TIGHT)
    assert f.brzycki(weight, reps) == pytest.approx(brzycki, rel=TIGHT)


def test_epley_and_brzycki_by_the_numbers_at_5_and_10_reps():
    assert f.epley(100, 5) == pytest.approx(116.6667, abs=1e-4)
    assert f.brzycki(100, 5) == 112.5
    assert f.epley(100, 10) == pytest.approx(133.3333, abs=1e-4)
    assert f.brzycki(100, 10) == pytest.approx(133.3333, abs=1e-4)


def test_one_rep_is_the_weight_itself():
    # Epley's formula would say 100 x 31/30 = 103.33; a single is the 1RM.
    assert f.epley(100.0, 1) == 100.0
    assert f.brzycki(100.0, 1) == 100.0  # 100 x 36 / 36
    assert f.weight_for_reps(100.0, 1) == 100.0


@pytest.mark.parametrize("reps", [2, 5, 8, 10, 12])
def test_weight_for_reps_inverts_epley(reps):
    assert f.weight_for_reps(f.epley(90.0, reps), reps) == pytest.approx(90.0, rel=TIGHT)


def test_weight_for_reps_of_a_known_one_rep_max():
    # 1RM 120 kg for 5 reps: 120 / (1 + 5/30) = 120 / 1.1667 = 102.86 kg
    assert f.weight_for_reps(120.0, 5) == pytest.approx(120 / (1 + 5 / 30), rel=TIGHT)


# --- load estimates without heart rate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rpe", "expected"),
    [
        (3, 0.60),  # 0.45 + 0.05 x 3
        (9, 0.90),  # 0.45 + 0.05 x 9
        (0, 0.45),
        (10, 0.95),
        (12, 1.0),  # 0.45 + 0.60 = 1.05, clamped to 1
        (-10, 0.0),  # 0.45 - 0.50 = -0.05, clamped to 0
    ],
)
def test_rpe_to_hrr_is_linear_and_clamped(rpe, expected):
    assert f.rpe_to_hrr(rpe) == pytest.approx(expected, rel=TIGHT, abs=TIGHT)


@pytest.mark.parametrize(
    ("speed", "expected"),
    [
        (2.4, 0.60),  # 60 % of 4.0 m/s
        (3.2, 0.75),  # 80 %: 0.6 + 0.75 x 0.2
        (4.0, 0.90),  # threshold: 0.6 + 0.75 x 0.4
        (4.4, 0.975),  # 110 %: 0.6 + 0.75 x 0.5
        (4.8, 1.0),  # 120 %: 0.6 + 0.75 x 0.6 = 1.05, clamped to 1
        (0.8, 0.40),  # 20 %: 0.6 - 0.75 x 0.4 = 0.30, clamped to 0.40
        (0.0, 0.40),
    ],
)
def test_pace_to_hrr_is_linear_through_60_and_90_percent_and_clamped(speed, expected):
    assert f.pace_to_hrr(speed, 4.0) == pytest.approx(expected, rel=1e-12)


def test_session_rpe_load_is_rpe_times_minutes():
    assert f.session_rpe_load(7, 60) == 420  # Foster: 7 x 60
    assert f.session_rpe_load(4.5, 45.0) == pytest.approx(202.5, rel=TIGHT)


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        (0, 4.0),  # 4 + 0/4
        (4, 5.0),  # 4 + 4/4
        (10, 6.5),  # 4 + 10/4
        (16, 8.0),  # 4 + 16/4 = 8, the cap
        (20, 8.0),  # 4 + 20/4 = 9, capped at 8
    ],
)
def test_default_lifting_rpe_is_4_plus_sets_over_4_capped_at_8(sets, expected):
    assert f.default_lifting_rpe(sets) == expected


def test_volume_load_skips_sets_missing_reps_or_kg():
    # 5 x 100 + 8 x 62.5 = 500 + 500; the sets without reps or kg are left out.
    sets = [(5, 100.0), (None, 100.0), (5, None), (8, 62.5), (None, None)]

    assert f.volume_load(sets) == 1000.0
    assert f.volume_load([]) == 0


def test_volume_load_counts_bodyweight_sets_at_zero_kg():
    assert f.volume_load([(10, 0.0), (3, 20.0)]) == 60.0  # 10 x 0 + 3 x 20


# --- drift, spread and deviation ------------------------------------------------------------------------


def test_aerobic_decoupling_of_a_steady_run_whose_heart_rate_rises_5_percent():
    # 40 moving samples at a steady 3.0 m/s: 140 bpm in the first half, 147 (= 140 x 1.05) in the second.
    # EF1 = 3/140, EF2 = 3/147; decoupling = (EF1 - EF2) / EF1 = 1 - 140/147 = 7/147 = 4.76 %.
    # Standing samples (below 1 m/s) and samples without heart rate (0) are left out, wherever they are.
    speed = [0.5] * 5 + [3.0] * 20 + [3.0] * 3 + [3.0] * 20 + [0.2] * 5
    hr = [100.0] * 5 + [140.0] * 20 + [0.0] * 3 + [147.0] * 20 + [90.0] * 5

    drift = f.aerobic_decoupling(f.stream(speed), f.stream(hr), min_speed_mps=1.0)

    assert drift == pytest.approx((1 - 140 / 147) * 100, rel=1e-12)
    assert drift == pytest.approx(4.7619, abs=1e-4)


def test_aerobic_decoupling_splits_the_moving_samples_in_half():
    # 21 moving samples: the first half is 21 // 2 = 10 samples (speed 3.0), the second 11 (speed 2.7),
    # all at 150 bpm: EF1 = 30/1500, EF2 = 29.7/1650; (EF1 - EF2) / EF1 = 1 - 0.018/0.02 = 10 %.
    speed = [3.0] * 10 + [2.7] * 11
    hr = [150.0] * 21

    drift = f.aerobic_decoupling(f.stream(speed), f.stream(hr), min_speed_mps=1.0)

    ef1, ef2 = (10 * 3.0) / (10 * 150), (11 * 2.7) / (11 * 150)
    assert drift == pytest.approx((ef1 - ef2) / ef1 * 100, rel=1e-12)
    assert drift == pytest.approx(10.0, rel=1e-12)


def test_aerobic_decoupling_is_none_for_fewer_than_20_moving_samples():
    # 19 moving samples, plus standing ones and ones without heart rate that do not count.
    speed = [3.0] * 19 + [0.5] * 10 + [3.0] * 5
    hr = [140.0] * 19 + [140.0] * 10 + [0.0] * 5

    assert f.aerobic_decoupling(f.stream(speed), f.stream(hr), min_speed_mps=1.0) is None
    # One more moving sample and there is a figure.
    enough = f.aerobic_decoupling(f.stream([3.0] * 20), f.stream([140.0] * 20), min_speed_mps=1.0)
    assert enough == pytest.approx(0.0, abs=1e-12)


def test_coefficient_of_variation_is_population_sd_over_mean_in_percent():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; population SD
    # sqrt(32/8) = 2; CV = 2/5 = 40 %.
    assert f.coefficient_of_variation([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(40.0, rel=TIGHT)
    # 170, 180, 190: mean 180, population SD sqrt(200/3) = 8.165; CV 4.536 %.
    expected = math.sqrt(200 / 3) / 180 * 100
    assert f.coefficient_of_variation([170, 180, 190]) == pytest.approx(expected, rel=TIGHT)


@pytest.mark.parametrize("values", [[], [175.0], [-1.0, 1.0]])
def test_coefficient_of_variation_is_none_for_fewer_than_two_values_or_a_zero_mean(values):
    assert f.coefficient_of_variation(values) is None


def test_z_score_uses_the_sample_sd():
    # Baseline 2, 4, 4, 4, 5, 5, 7, 9: mean 5; sample SD (n-1) = sqrt(32/7) = 2.138 (population would be 2).
    # z(9) = (9 - 5) / 2.138 = 1.871, not 4/2 = 2.
    baseline = [2, 4, 4, 4, 5, 5, 7, 9]

    assert f.z_score(9, baseline) == pytest.approx(4 / math.sqrt(32 / 7), rel=TIGHT)
    assert f.z_score(9, baseline) == pytest.approx(1.8708, abs=1e-4)
    assert f.z_score(5, baseline) == 0.0
    assert f.z_score(1, baseline) == pytest.approx(-4 / math.sqrt(32 / 7), rel=TIGHT)


def test_z_score_of_two_values():
    # Baseline 60, 64: mean 62, sample SD sqrt((4 + 4) / 1) = 2.828; z(66) = 4 / 2.828 = 1.414
    assert f.z_score(66, [60, 64]) == pytest.approx(4 / math.sqrt(8), rel=TIGHT)


@pytest.mark.parametrize("baseline", [[], [55.0], [55.0, 55.0, 55.0]])
def test_z_score_is_none_without_spread(baseline):
    assert f.z_score(60.0, baseline) is None

"""The muscle projection's formulas against hand arithmetic: decay, a hard set's units on primary and secondary
muscles, a run's share with its fast and downhill factors, and the hard-set rule with its just-below cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from runlift.coaching.exercises import identify
from runlift.projections.muscle_days import day_end, day_of
from runlift.projections.muscle_units import (
    Lifted,
    decay,
    fatigue_pct,
    is_hard,
    lift_label,
    lift_shares,
    reps_possible,
    run_hrr,
    run_label,
    run_units,
    short_name,
)
from runlift.settings import defaults

C = defaults().muscles
HOUR = 3600.0
TUESDAY = date(2025, 3, 4)


@pytest.mark.parametrize(
    ("hours", "left"),
    [(0, 1.0), (18, 2**-0.5), (36, 0.5), (72, 0.25), (108, 0.125), (96, 0.5 ** (96 / 36))],
)
def test_a_unit_halves_every_36_hours(hours: float, left: float) -> None:
    assert decay(hours * HOUR, C) == pytest.approx(left, rel=1e-12)


def test_fatigue_is_ten_percent_a_unit_up_to_100() -> None:
    assert fatigue_pct(0.0, C) == 0.0
    assert fatigue_pct(4.5, C) == pytest.approx(45.0)
    assert fatigue_pct(10.0, C) == 100.0
    assert fatigue_pct(12.7, C) == 100.0
    # Three hard sets of squats ended 60 hours ago: 3 x 0.5^(60/36) units, 10 % each.
    assert fatigue_pct(3 * decay(60 * HOUR, C), C) == pytest.approx(30 * 0.5 ** (60 / 36))


def test_a_hard_set_gives_a_primary_muscle_a_unit_and_a_secondary_half() -> None:
    squat = identify("Squat (Barbell)")  # primary quadriceps, glutes; secondary adductors, ...
    assert squat.primary == ("quadriceps", "glutes")
    assert "hamstrings" in squat.secondary

    shares = lift_shares([Lifted(squat, [[5, 100.0, 8.0]], None)], C)

    for muscle in squat.primary:
        assert (shares[muscle].units, shares[muscle].hard_sets) == (1.0, 1.0)
        assert shares[muscle].volume_kg == 500.0  # 5 x 100 kg
    for muscle in squat.secondary:
        assert (shares[muscle].units, shares[muscle].hard_sets) == (0.5, 0.5)
        assert shares[muscle].volume_kg == 250.0  # the same half of the volume
    assert set(shares) == set(squat.primary) | set(squat.secondary)


def test_an_easy_set_counts_its_volume_and_no_unit() -> None:
    squat = identify("Squat (Barbell)")
    shares = lift_shares(
        [Lifted(squat, [[5, 100.0, 6.5], [5, 100.0, 7.0], [5, 100.0, None]], 150.0)], C
    )
    # The set at RPE 7 is hard; 6.5 is not; the one without RPE has 30 x (150/100 - 1) = 15 reps in it,
    # 10 in reserve: not hard.
    assert shares["quadriceps"].units == 1.0
    assert shares["quadriceps"].hard_sets == 1.0
    assert shares["quadriceps"].volume_kg == 1500.0
    assert shares["hamstrings"].units == 0.5


def test_exercises_of_one_session_add_up_and_the_label_names_the_one_that_gave_most() -> None:
    squat, rdl = identify("Squat (Barbell)"), identify("Romanian Deadlift (Barbell)")
    shares = lift_shares(
        [
            Lifted(squat, [[5, 100.0, 8.0]] * 3, None),  # hamstrings: 3 x 0.5 (secondary)
            Lifted(rdl, [[8, 60.0, 8.0]] * 2, None),  # hamstrings: 2 x 1 (primary)
        ],
        C,
    )
    assert shares["hamstrings"].units == 3.5
    assert shares["hamstrings"].hard_sets == 3.5
    assert shares["hamstrings"].volume_kg == 0.5 * 1500 + 960
    assert lift_label(TUESDAY, shares["hamstrings"]) == "Tuesday's romanian deadlifts"
    assert lift_label(TUESDAY, shares["quadriceps"]) == "Tuesday's back squats"


@pytest.mark.parametrize(
    ("minutes", "hrr", "descent_m", "units"),
    [
        (60, 0.6, None, 2.0),  # 60 / 30
        (45, None, 0.0, 1.5),
        (60, 0.8, None, 3.0),  # fast: x 1.5
        (60, 0.79, None, 2.0),  # just below fast
        (60, 0.6, 250.0, 3.0),  # downhill: x (1 + 250 / 500)
        (60, 0.85, 250.0, 4.5),  # both: 2 x 1.5 x 1.5
        (120, 0.7, 500.0, 8.0),  # a long hilly run: 4 x 2
    ],
)
def test_a_runs_share_by_minutes_pace_and_descent(
    minutes: float, hrr: float | None, descent_m: float | None, units: float
) -> None:
    assert run_units(minutes, hrr, descent_m, C) == pytest.approx(units)


def test_a_run_without_heart_rate_is_fast_by_its_rpe() -> None:
    assert run_hrr(0.72, 9) == 0.72  # the samples first
    assert run_hrr(None, 7) == pytest.approx(0.8)  # 0.45 + 0.05 x 7: fast
    assert run_hrr(None, 6.5) == pytest.approx(0.775)  # just below
    assert run_hrr(None, None) is None
    assert run_units(30, run_hrr(None, 7), None, C) == pytest.approx(1.5)
    assert run_label(date(2025, 3, 9), 110.4, 0.7, C) == "Sunday's 110-min run"
    assert run_label(TUESDAY, 45, 0.85, C) == "Tuesday's 45-min fast run"


@pytest.mark.parametrize(
    ("reps", "kg", "rpe", "e1rm", "hard"),
    [
        (5, 100.0, 7.0, None, True),  # RPE 7: hard
        (5, 100.0, 6.9, None, False),  # just below
        (5, 100.0, 6.5, 200.0, False),  # an RPE decides, the e1RM is not asked
        (12, 20.0, 9.5, 100.0, True),
        # No RPE: reps possible = 30 x (e1RM / load - 1). At 75 kg of a 100 kg e1RM: 10.
        (7, 75.0, None, 100.0, True),  # 3 in reserve
        (6, 75.0, None, 100.0, False),  # 4 in reserve: just below
        # At 80 kg: 7.5 reps possible.
        (5, 80.0, None, 100.0, True),  # 2.5 in reserve
        (4, 80.0, None, 100.0, False),  # 3.5
        (3, 110.0, None, 100.0, True),  # heavier than the e1RM: none in reserve
        # Neither an RPE nor an e1RM (or nothing to compare): hard.
        (5, 100.0, None, None, True),
        (12, None, None, 100.0, True),  # body weight
        (None, 40.0, None, 100.0, True),  # timed
    ],
)
def test_a_hard_set_by_rpe_else_reps_in_reserve_else_always(
    reps: int | None, kg: float | None, rpe: float | None, e1rm: float | None, hard: bool
) -> None:
    assert is_hard(reps, kg, rpe, e1rm, C) is hard


def test_reps_possible_is_epley_inverted() -> None:
    assert reps_possible(100.0, 75.0) == pytest.approx(10.0)
    assert reps_possible(116.0, 100.0) == pytest.approx(4.8)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Barbell Back Squat", "back squats"),
        ("Goblet Squat", "goblet squats"),
        ("Barbell Bench Press", "bench presses"),
        ("Dumbbell Row", "rows"),
        ("Cable Fly", "flies"),
        ("Plank", "planks"),
        ("Wall Sit", "wall sits"),
        ("Farmer's Walk", "farmer's walk"),  # not a known noun: as written
    ],
)
def test_a_label_says_the_exercise_short_and_plural(name: str, short: str) -> None:
    assert short_name(name) == short


def test_a_days_figure_is_taken_at_its_local_midnight() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert day_end(date(2025, 3, 4), berlin) == datetime(2025, 3, 4, 23, tzinfo=UTC)
    assert day_end(date(2025, 3, 29), berlin) == datetime(2025, 3, 29, 23, tzinfo=UTC)
    assert day_end(date(2025, 3, 30), berlin) == datetime(2025, 3, 30, 22, tzinfo=UTC)  # 23 h
    # An instant belongs to the day whose end is the first at or after it.
    assert day_of(datetime(2025, 3, 4, 23, tzinfo=UTC), berlin) == date(2025, 3, 4)
    assert day_of(datetime(2025, 3, 4, 23, 0, 1, tzinfo=UTC), berlin) == date(2025, 3, 5)

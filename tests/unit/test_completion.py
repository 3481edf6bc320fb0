"""A lift session against its prescription, and the reset load: hand arithmetic (COACHING.md, rule 4)."""

from __future__ import annotations

import pytest

from runlift.coaching.completion import Logged, completion, reset_load


def sets(*pairs: tuple[int | None, float | None]) -> list[Logged]:
    return [Logged(reps, weight) for reps, weight in pairs]


@pytest.mark.parametrize(
    ("logged", "missed"),
    [
        (sets((8, 60), (8, 60), (8, 60)), 0),  # met
        (sets((8, 60), (9, 62.5), (8, 60), (5, 60)), 0),  # more than asked: the best three count
        (sets((8, 60), (8, 60), (6, 60)), 2),  # 24 - 22
        (sets((8, 60), (8, 60)), 8),  # a set not done misses all its reps
        (sets((10, 57.5), (10, 57.5), (10, 57.5)), 24),  # more reps, lighter: not at the load
        (sets((8, 59.4), (8, 59.4), (8, 59.4)), 0),  # within 1 % of 60 (59.4): at the load
        (sets((8, 59.3), (8, 60), (8, 60)), 8),  # just below 1 %: that set is not
        (sets((None, 60), (8, 60), (8, 60)), 8),  # a set without reps counts none
    ],
)
def test_a_session_meets_sets_times_reps_at_the_load(logged, missed):
    done = completion(3, 8, 60.0, logged)

    assert done.missed_reps == missed
    assert done.met is (missed == 0)


def test_the_hardest_rpe_and_the_words():
    done = completion(3, 5, 100.0, [Logged(5, 100, 8.5), Logged(5, 100, 9.5), Logged(3, 100)])

    assert done.hardest_rpe == 9.5
    assert done.said() == "3x5 @ 100 kg prescribed: 5, 5, 3 logged at the load"


@pytest.mark.parametrize(
    ("load", "pct", "step", "expected"),
    [
        (100.0, 7.5, 2.5, 92.5),  # 92.5 exactly
        (40.0, 7.5, 0.5, 37.0),
        (60.0, 7.5, 2.5, 55.0),  # 55.5 -> 55 (-8.3 %), within 5-10 %
        (62.5, 5.0, 2.5, 57.5),  # 59.375: no plate within 5-10 % is nearer than 57.5 (-8 %)
        (20.0, 7.5, 2.5, 17.5),  # steps too coarse for 5-10 %: one step down
    ],
)
def test_a_reset_lands_on_a_plate_between_five_and_ten_percent_lighter(load, pct, step, expected):
    assert reset_load(load, pct, step) == expected

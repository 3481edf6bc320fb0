"""Strength progression (figures.progress) and how a session's load is scored (load.session_load), pure.

The sessions are hand-built rows of `view_lift_session` (oldest first) and of `view_session`; every expected
value is the arithmetic of docs/projections.md with the default [strength] and [load] settings: progression
after 21 days, plateau over 4 training weeks within 1 %, threshold pace 300 s/km, default RPE 4.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runlift.coaching.exercises import identify
from runlift.projections import load
from runlift.projections.driver import ProjectionSettings
from runlift.queries import figures
from runlift.settings import defaults

SETTINGS = ProjectionSettings(
    athlete_id="athlete",
    profile=defaults().profile(),
    time_zone="UTC",
    load=defaults().load,
    readiness=defaults().readiness,
    strength=defaults().strength,
)
MONDAY = date(2025, 3, 3)  # a Monday; sessions are placed relative to it
BENCH = "Bench Press (Barbell)"


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def lift(
    on: date,
    top: float | None = 100.0,
    e1rm: float | None = None,
    completed: bool = True,
    volume: float = 1500.0,
    name: str = BENCH,
    reps: int | None = 5,
) -> SimpleNamespace:
    """One exercise's session row; the e1RM defaults to Epley of 5 reps at the top weight."""
    if e1rm is None and top is not None:
        e1rm = top * (1 + 5 / 30)
    exercise = identify(name)
    return SimpleNamespace(
        exercise=exercise.id,
        name=exercise.name,
        local_day=on,
        e1rm_epley_kg=e1rm,
        e1rm_brzycki_kg=None if top is None else top * 36 / (37 - 5),
        best_reps=5,
        best_weight_kg=top,
        top_weight_kg=top,
        volume_kg=volume,
        work_sets=3,
        completed=completed,
        top_reps=reps,
    )


def progress(sessions: list[SimpleNamespace], as_of: date) -> dict[str, Any]:
    return figures.progress(sessions, SETTINGS, as_of)


# --- last load increase -----------------------------------------------------------------------------


def test_the_last_load_increase_is_the_latest_session_that_beat_the_best_before():
    sessions = [
        lift(day(0), 100.0),
        lift(day(2), 102.5),  # an increase
        lift(day(4), 105.0),  # the latest increase
        lift(day(7), 105.0),  # same load: no increase
        lift(day(9), 105.0),
    ]

    result = progress(sessions, day(10))

    assert result["last_load_increase"] == day(4).isoformat()
    assert result["exercise"] == "Barbell Bench Press"  # the catalogue's display name
    assert result["key"] == identify(BENCH).id
    assert result["sessions"] == 5
    assert result["last_session"] == day(9).isoformat()


def test_a_lighter_session_is_no_increase():
    sessions = [lift(day(0), 100.0), lift(day(2), 105.0), lift(day(4), 95.0)]

    assert progress(sessions, day(5))["last_load_increase"] == day(2).isoformat()


def test_returning_to_the_load_after_a_lighter_session_is_not_an_increase():
    # 100 -> 105 -> 95 -> 105: coming back from a deload does not beat the best of the window before it
    sessions = [lift(day(0), 100.0), lift(day(2), 105.0), lift(day(4), 95.0), lift(day(7), 105.0)]

    assert progress(sessions, day(8))["last_load_increase"] == day(2).isoformat()


def test_a_top_load_above_the_best_of_the_window_is_an_increase_and_older_bests_are_forgotten():
    window = SETTINGS.strength.increase_window_days
    sessions = [
        lift(day(0), 110.0),  # the best, but it falls out of the window
        lift(day(window - 10), 100.0),
        lift(day(window + 1), 105.0),  # above the best of the window before it (100)
    ]

    assert progress(sessions, day(window + 2))["last_load_increase"] == day(window + 1).isoformat()


@pytest.mark.parametrize(
    ("reps", "increase"),
    [(7, True), (3, True), (8, False), (2, False), (1, False), (None, True)],
)
def test_a_load_increase_is_above_the_best_for_comparable_reps(reps, increase):
    # Fives at 100 kg, then a heavier top set: an increase when its reps are within 2 of five (the
    # default comparable_reps); a heavy triple is, a heavy double or single after fives is not, nor is
    # a heavier set of eight (a different rep range). Unknown reps compare with any.
    sessions = [lift(day(0), 100.0, reps=5), lift(day(3), 105.0, reps=reps)]

    expected = day(3).isoformat() if increase else None
    assert progress(sessions, day(4))["last_load_increase"] == expected


@pytest.mark.parametrize("name", ["Burpee", "Sit Up", "Plank"])
def test_a_body_weight_or_timed_exercise_is_never_due_for_progression(name):
    # a watch logs a weight for a burpee now and then (the athlete's vest, a mis-set field)
    sessions = [lift(day(0), 4.5, name=name), lift(day(30), 4.5, name=name)]

    result = progress(sessions, day(40))

    assert result["due_for_progression"]["value"] is False
    assert progress([lift(day(0), 60.0), lift(day(30), 60.0)], day(40))["due_for_progression"][
        "value"
    ]


def test_without_any_increase_there_is_no_last_increase():
    sessions = [lift(day(0), 100.0), lift(day(2), 100.0), lift(day(4), 97.5)]

    assert progress(sessions, day(5))["last_load_increase"] is None


# --- due for progression ----------------------------------------------------------------------------


def increase_on_day_2(*, completed_after: bool = True) -> list[SimpleNamespace]:
    """100 kg, then 105 kg on day 2 and three more sessions at 105 kg."""
    return [
        lift(day(0), 100.0),
        lift(day(2), 105.0),
        lift(day(7), 105.0),
        lift(day(14), 105.0, completed=completed_after),
        lift(day(21), 105.0),
    ]


def test_due_for_progression_21_days_after_the_last_increase_with_every_set_done():
    result = progress(increase_on_day_2(), day(2 + 21))

    due = result["due_for_progression"]
    assert due["value"] is True
    # day 23 - day 2 = 21 days
    assert due["days_since"] == 21


def test_not_due_20_days_after_the_last_increase():
    result = progress(increase_on_day_2(), day(2 + 20))

    assert result["due_for_progression"]["value"] is False
    assert result["due_for_progression"]["days_since"] == 20


def test_not_due_when_a_session_since_the_increase_was_not_completed():
    result = progress(increase_on_day_2(completed_after=False), day(2 + 21))

    assert result["due_for_progression"]["value"] is False


def test_a_missed_set_before_the_last_increase_does_not_block_progression():
    sessions = increase_on_day_2()
    sessions[0].completed = False  # day 0, before the increase on day 2

    assert progress(sessions, day(2 + 21))["due_for_progression"]["value"] is True


def test_without_an_increase_the_days_count_from_the_first_session():
    sessions = [lift(day(0), 100.0), lift(day(7), 100.0), lift(day(14), 100.0)]

    assert progress(sessions, day(21))["due_for_progression"]["value"] is True
    assert progress(sessions, day(20))["due_for_progression"]["value"] is False


def test_bodyweight_work_is_never_due_for_a_load_increase():
    sessions = [lift(day(0), top=None), lift(day(7), top=None), lift(day(14), top=None)]

    result = progress(sessions, day(30))

    assert result["due_for_progression"]["value"] is False
    assert result["last_load_increase"] is None


# --- plateau ----------------------------------------------------------------------------------------


def weekly(bests: list[float], *, first_week: int = 0) -> list[SimpleNamespace]:
    """One session a week (on Wednesdays) with these e1RMs."""
    return [lift(day(7 * (first_week + k) + 2), 100.0, e1rm=e1rm) for k, e1rm in enumerate(bests)]


def test_four_training_weeks_within_1_percent_of_the_first_are_a_plateau():
    # the first week 100 kg; the best later week 101 = 100 x (1 + 1/100), not more than 1 % above
    result = progress(weekly([100.0, 100.5, 101.0, 99.0]), day(30))

    assert result["plateau"]["value"] is True
    assert result["plateau"]["weeks"] == 4


def test_a_later_week_1_5_percent_above_the_first_is_progress():
    # 101.5 = 100 x (1 + 1.5/100) > 101
    result = progress(weekly([100.0, 100.5, 101.5, 99.0]), day(30))

    assert result["plateau"]["value"] is False


def test_three_training_weeks_are_too_few_to_call_a_plateau():
    result = progress(weekly([100.0, 100.0, 100.0]), day(30))

    assert result["plateau"]["value"] is False
    assert result["plateau"]["weeks"] == 3


def test_a_plateau_looks_at_the_last_four_training_weeks_only():
    # an early 90 kg week is older than the last four (100, 100.5, 100, 100)
    result = progress(weekly([90.0, 100.0, 100.5, 100.0, 100.0]), day(40))

    assert result["plateau"]["value"] is True


def test_weeks_without_training_are_skipped():
    # training weeks 0, 1, 4 and 6: four training weeks over seven calendar weeks
    sessions = [
        lift(day(2), 100.0, e1rm=100.0),
        lift(day(9), 100.0, e1rm=100.0),
        lift(day(30), 100.0, e1rm=100.5),
        lift(day(44), 100.0, e1rm=100.0),
    ]

    result = progress(sessions, day(45))

    assert result["plateau"]["weeks"] == 4
    assert result["plateau"]["value"] is True


def test_each_week_counts_its_best_e1rm():
    # week 0 best 100; week 1 has 99 (Monday) and 102 (Friday): its best 102 > 101 breaks the plateau
    sessions = [
        lift(day(2), 100.0, e1rm=100.0),
        lift(day(7), 100.0, e1rm=99.0),
        lift(day(11), 100.0, e1rm=102.0),
        lift(day(16), 100.0, e1rm=100.0),
        lift(day(23), 100.0, e1rm=100.0),
    ]

    assert progress(sessions, day(24))["plateau"]["value"] is False


def test_iso_weeks_run_monday_to_sunday():
    # Sunday day 6 and Monday day 7 are different weeks: 4 training weeks, not 3
    sessions = [
        lift(day(6), 100.0, e1rm=100.0),
        lift(day(7), 100.0, e1rm=100.0),
        lift(day(14), 100.0, e1rm=100.0),
        lift(day(21), 100.0, e1rm=100.0),
    ]

    assert progress(sessions, day(22))["plateau"]["weeks"] == 4


# --- 3-5RM and this week's volume -------------------------------------------------------------------


def test_the_3_to_5_rm_is_epley_inverted_from_the_latest_e1rm():
    sessions = [lift(day(0), 100.0, e1rm=130.0), lift(day(2), 100.0, e1rm=120.0)]

    result = progress(sessions, day(3))

    # 5 reps: 120 / (1 + 5/30) = 102.857 -> 102.9; 3 reps: 120 / (1 + 3/30) = 109.09 -> 109.1
    assert result["rm_3_to_5_kg"]["value"] == [
        pytest.approx(round(120 / (1 + 5 / 30), 1)),
        pytest.approx(round(120 / (1 + 3 / 30), 1)),
    ]
    assert result["rm_3_to_5_kg"]["value"] == [pytest.approx(102.9), pytest.approx(109.1)]
    assert result["e1rm_kg"]["value"] == 120.0
    assert result["best_e1rm_kg"]["value"] == 130.0


def test_the_3_to_5_rm_uses_the_latest_session_with_an_e1rm():
    sessions = [lift(day(0), 100.0, e1rm=120.0), lift(day(2), top=None)]

    result = progress(sessions, day(3))

    # 120 / (7/6) = 102.9 and 120 / 1.1 = 109.1, from the loaded session before the unloaded one
    assert result["rm_3_to_5_kg"]["value"] == [pytest.approx(102.9), pytest.approx(109.1)]


def test_no_e1rm_no_3_to_5_rm():
    result = progress([lift(day(0), top=None)], day(1))

    assert result["rm_3_to_5_kg"]["value"] is None
    assert result["e1rm_kg"]["value"] is None


def test_this_weeks_volume_sums_monday_to_sunday_of_the_as_of_week():
    sessions = [
        lift(day(6), volume=900.0),  # Sunday of the week before
        lift(day(7), volume=1000.0),  # Monday
        lift(day(9), volume=1200.0),  # Wednesday
        lift(day(13), volume=1300.0),  # Sunday
    ]

    # as of Sunday day 13: 1000 + 1200 + 1300 = 3500; the Sunday before is last week
    assert progress(sessions, day(13))["volume_this_week_kg"]["value"] == pytest.approx(
        1000 + 1200 + 1300
    )
    # as of Sunday day 6, only that week's 900
    assert progress(sessions[:1], day(6))["volume_this_week_kg"]["value"] == pytest.approx(900)


def test_no_session_this_week_is_zero_volume():
    sessions = [lift(day(0), volume=1000.0)]

    assert progress(sessions, day(7))["volume_this_week_kg"]["value"] == 0


# --- how a session's load is scored (load.session_load) ---------------------------------------------

CONFIG = defaults().load


def session(
    kind: str,
    minutes: float,
    *,
    rpe: float | None = None,
    hr_trimp: float | None = None,
    hr_minutes: float = 0.0,
    distance_m: float | None = None,
    moving: bool = True,
) -> SimpleNamespace:
    seconds = minutes * 60
    return SimpleNamespace(
        kind=kind,
        moving_s=seconds if moving else None,
        elapsed_s=seconds,
        rpe=rpe,
        hr_trimp=hr_trimp,
        hr_minutes=hr_minutes,
        distance_m=distance_m,
    )


def male(hrr: float, minutes: float) -> float:
    """Banister's TRIMP of `minutes` at one HRr for a man: minutes x HRr x 0.64 e^(1.92 HRr)."""
    return minutes * hrr * 0.64 * math.exp(1.92 * hrr)


def test_heart_rate_over_half_the_session_gives_its_banister_trimp():
    # 30 of 60 minutes carried a heart rate: 50 %
    row = session("run", 60, rpe=5, hr_trimp=77.7, hr_minutes=30.0)

    scored = load.session_load(row, "male", CONFIG, 0, None)

    assert scored.method == "banister_trimp"
    assert scored.trimp == 77.7
    assert scored.srpe is None


def test_heart_rate_over_49_percent_of_the_session_falls_back_to_the_rpe():
    # 29.4 of 60 minutes = 49 %
    row = session("run", 60, rpe=5, hr_trimp=77.7, hr_minutes=29.4)

    scored = load.session_load(row, "male", CONFIG, 0, None)

    assert scored.method == "session_rpe"
    # HRr 0.45 + 0.05 x 5 = 0.70 for all 60 minutes
    assert scored.trimp == pytest.approx(male(0.70, 60))


def test_a_run_with_rpe_5_for_30_minutes_is_banister_at_hrr_0_70():
    scored = load.session_load(session("run", 30, rpe=5), "male", CONFIG, 0, None)

    assert scored.method == "session_rpe"
    # 30 x 0.70 x 0.64 e^(1.92 x 0.70) = 30 x 0.448 x 3.834 = 51.5
    assert scored.trimp == pytest.approx(30 * 0.70 * 0.64 * math.exp(1.92 * 0.70))


def test_a_woman_is_weighted_by_0_86_e_1_67():
    scored = load.session_load(session("run", 30, rpe=5), "female", CONFIG, 0, None)

    # 30 x 0.70 x 0.86 e^(1.67 x 0.70)
    assert scored.trimp == pytest.approx(30 * 0.70 * 0.86 * math.exp(1.67 * 0.70))


def test_a_run_without_rpe_is_estimated_from_its_pace():
    # 10 km in 50 min: 10000 / 3000 = 3.333 m/s, the threshold speed 1000 / 300 = 3.333 m/s
    row = session("run", 50, distance_m=10_000)

    scored = load.session_load(row, "male", CONFIG, 0, None)

    assert scored.method == "pace_estimate"
    # at threshold HRr = 0.6 + 0.75 x (1 - 0.6) = 0.90
    assert scored.trimp == pytest.approx(male(0.90, 50))


def test_an_easy_pace_is_estimated_at_hrr_0_60():
    # 6 km in 50 min: 2 m/s = 60 % of the 3.333 m/s threshold -> HRr 0.60
    scored = load.session_load(session("run", 50, distance_m=6_000), "male", CONFIG, 0, None)

    assert scored.trimp == pytest.approx(male(0.60, 50))


def test_a_strength_session_without_rpe_takes_its_rpe_from_volume():
    scored = load.session_load(session("strength", 60, moving=False), "male", CONFIG, 12, None)

    # RPE 4 + 12/4 = 7; Foster 7 x 60 = 420; combined: Banister at HRr 0.45 + 0.05 x 7 = 0.80
    assert scored.method == "default_rpe_from_volume"
    assert scored.srpe_method == "default_rpe_from_volume"
    assert scored.srpe == pytest.approx((4 + 12 / 4) * 60)
    assert scored.trimp == pytest.approx(male(0.80, 60))


def test_the_rpe_from_volume_stops_at_8():
    scored = load.session_load(session("strength", 60, moving=False), "male", CONFIG, 20, None)

    # 4 + 20/4 = 9, at most 8: 8 x 60
    assert scored.srpe == pytest.approx(8 * 60)


def test_a_strength_session_with_a_date_but_no_times_lasts_three_minutes_a_work_set():
    # Some exports give a workout's day and its sets, no start or end: 0 minutes would be 0 load.
    scored = load.session_load(session("strength", 0, moving=False), "male", CONFIG, 12, None)
    # default RPE from volume: 4 + 12/4 = 7; 12 sets x 3 min = 36 min; Foster 7 x 36 = 252
    assert scored.srpe == pytest.approx(252.0)
    assert scored.srpe_method == "default_rpe_from_volume+duration_from_sets"
    assert scored.trimp == pytest.approx(male(0.45 + 0.05 * 7, 36))


def test_a_strength_session_with_set_rpe_uses_it():
    scored = load.session_load(session("strength", 60, moving=False), "male", CONFIG, 12, 8.0)

    assert scored.method == "session_rpe"
    assert scored.srpe_method == "session_rpe"
    # 8 x 60 = 480; combined at HRr 0.45 + 0.05 x 8 = 0.85
    assert scored.srpe == pytest.approx(8 * 60)
    assert scored.trimp == pytest.approx(male(0.85, 60))


def test_a_strength_sessions_own_rpe_wins_over_its_sets():
    row = session("strength", 60, rpe=6, moving=False)

    scored = load.session_load(row, "male", CONFIG, 12, 8.0)

    assert scored.srpe == pytest.approx(6 * 60)


def test_a_strength_session_with_heart_rate_keeps_its_foster_load():
    row = session("strength", 60, hr_trimp=40.0, hr_minutes=45.0, moving=False)

    scored = load.session_load(row, "male", CONFIG, 12, None)

    assert scored.method == "banister_trimp"
    assert scored.trimp == 40.0
    assert scored.srpe == pytest.approx((4 + 12 / 4) * 60)
    assert scored.srpe_method == "default_rpe_from_volume"


def test_another_sport_without_anything_is_scored_at_the_default_rpe():
    scored = load.session_load(session("other", 45), "male", CONFIG, 0, None)

    assert scored.method == "default_rpe"
    # default RPE 4: HRr 0.45 + 0.05 x 4 = 0.65 for 45 minutes
    assert scored.trimp == pytest.approx(male(0.65, 45))


def test_a_run_without_rpe_or_distance_is_scored_at_the_default_rpe():
    scored = load.session_load(session("run", 45), "male", CONFIG, 0, None)

    assert scored.method == "default_rpe"


def test_a_session_without_a_load_does_not_hide_the_next_increase() -> None:
    # Top loads 100, none (a bodyweight day), 105: the 105 session beat the last loaded one.
    sessions = [lift(day(0), top=100.0), lift(day(2), top=None), lift(day(4), top=105.0)]
    assert progress(sessions, day(5))["last_load_increase"] == day(4).isoformat()


# --- the incremental state equals the rules read literally ------------------------------------------


def literal_rules(sessions: list[Any], as_of: date) -> tuple[str | None, bool, bool]:
    """docs/projections.md's rules read literally over the whole list: the last load increase, due for
    progression, plateau (what `Progression` keeps up to date one session at a time)."""
    c = SETTINGS.strength
    loaded = [x for x in sessions if x.top_weight_kg]
    increase = None
    for k, after in enumerate(loaded):
        window = after.local_day - timedelta(days=c.increase_window_days)
        before = [x.top_weight_kg for x in loaded[:k] if x.local_day >= window]
        if before and after.top_weight_kg > max(before):
            increase = after
    since = increase.local_day if increase else sessions[0].local_day
    done = all(x.completed for x in sessions if x.local_day >= since)
    due = bool(loaded) and (as_of - since).days >= c.progression_days and done
    weeks: dict[date, float] = {}
    for x in sessions:
        if x.e1rm_epley_kg is not None:
            monday = load.week_start(x.local_day)
            weeks[monday] = max(weeks.get(monday, 0.0), x.e1rm_epley_kg)
    recent = [weeks[m] for m in sorted(weeks)][-c.plateau_weeks :]
    plateau = len(recent) == c.plateau_weeks and max(recent[1:]) <= recent[0] * (
        1 + c.plateau_gain_pct / 100
    )
    return (increase.local_day.isoformat() if increase else None), due, plateau


session_rows = st.lists(
    st.tuples(
        st.integers(0, 3),  # days after the session before (several a day happen)
        st.one_of(st.none(), st.sampled_from([0.0, 60.0, 62.5, 65.0, 70.0])),  # top load
        st.booleans(),  # completed
        st.booleans(),  # has an e1RM
    ),
    min_size=1,
    max_size=40,
)


@given(rows=session_rows, later=st.integers(0, 40))
@settings(max_examples=300, deadline=None)
def test_progression_kept_session_by_session_equals_the_rules_read_literally(
    rows: list[tuple[int, float | None, bool, bool]], later: int
) -> None:
    sessions = []
    on = MONDAY
    for gap, top, completed, rated in rows:
        on += timedelta(days=gap)
        e1rm = (top or 50.0) * 1.1 if rated else None
        session = lift(on, top, e1rm=e1rm, completed=completed)
        session.e1rm_epley_kg = e1rm  # lift() fills an e1RM in when given None
        sessions.append(session)
        state = progress(sessions, on)
        literal = literal_rules(sessions, on)
        assert (
            state["last_load_increase"],
            state["due_for_progression"]["value"],
            state["plateau"]["value"],
        ) == literal
    as_of = on + timedelta(days=later)
    assert (
        progress(sessions, as_of)["due_for_progression"]["value"]
        == literal_rules(sessions, as_of)[1]
    )

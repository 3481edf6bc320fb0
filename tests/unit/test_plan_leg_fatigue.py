"""The leg-fatigue rules (COACHING.md, "Fatigue per muscle group"), one at a time and inside `plan`, without
a database.

Given the default week of config/plan.toml (tests/unit/test_plan_rules.py draws it) and the legs' fatigue
at the start of each day (`State.legs`, what the muscle projection says; here written by hand), when a rule
runs, then these adjustments with these reasons. The threshold is `State.legs_threshold_pct` ([muscles]
legs_threshold_pct, 60 by default): a figure of 60.0 fires, 59.9 does not.

    Mon 03  easy run 40 min, then "Posture and core" (core work and a Face Pull, upper)
    Tue 04  strides 25 min
    Wed 05  "Hips and posterior chain" (all lower body) before the tempo run 35 min
    Thu 06  easy run 30 min
    Fri 07  "Upper body and trunk stability"
    Sat 08  long run 80 min
    Sun 09  full rest
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from runlift.coaching import rules
from runlift.coaching.exercises import identify
from runlift.coaching.legs import leg_fatigue_lift, leg_fatigue_run, said
from runlift.coaching.model import (
    LiftState,
    MuscleState,
    PlannedSession,
    Prescription,
    State,
    Week,
)
from runlift.coaching.plan_config import load_plan_config
from runlift.coaching.rules import apply, plan
from runlift.coaching.template import generate_week

CONFIG = load_plan_config(None)
MONDAY = date(2025, 3, 3)
MON, TUE, WED, THU, FRI, SAT, SUN = (MONDAY + timedelta(days=k) for k in range(7))
SQUATS = "Tuesday's squats"
LONG_RUN = "Sunday's long run"
DUE = LiftState(e1rm_kg=None, due=True, plateau=False, last_increase=date(2025, 2, 3))


# --- helpers -----------------------------------------------------------------------------------------------


def base_week() -> Week:
    return generate_week(MONDAY, CONFIG, "base", {})


def key(day: date, kind: str) -> str:
    return f"{day.isoformat()}:{kind}"


def session(week: Week, day: date, kind: str) -> PlannedSession:
    found = week.find(key(day, kind))
    assert found is not None, f"no {kind} on {day}"
    return found


def legs(
    quadriceps: float = 0.0,
    hamstrings: float = 0.0,
    glutes: float = 0.0,
    cause: str | None = SQUATS,
) -> dict[str, MuscleState]:
    """The three leg muscles at the start of a day, all from one cause."""
    figures = {"quadriceps": quadriceps, "hamstrings": hamstrings, "glutes": glutes}
    return {m: MuscleState(m, pct, cause if pct else None) for m, pct in figures.items()}


def run_as(week: Week, day: date, run_type: str) -> Week:
    """The week with `day`'s run of another type (same minutes)."""
    run = session(week, day, "run")
    return week.replace_session(run.key, replace(run, type=run_type, title=f"{run_type} run"))


def without(week: Week, day: date, kind: str) -> Week:
    return week.replace_session(key(day, kind), None)


def moved(week: Week, from_day: date, to_day: date, kind: str) -> Week:
    planned = session(week, from_day, kind)
    again = replace(planned, day=to_day, order="after" if kind == "lift" else planned.order)
    return week.replace_session(planned.key, None).replace_session(again.key, again)


def changes(adjustments: list) -> list[tuple[str, str, dict[str, object]]]:
    return [(a.rule, a.session, a.change) for a in adjustments]


# --- the reason's wording ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fatigued", "text"),
    [
        (
            [MuscleState("quadriceps", 78.3, SQUATS), MuscleState("hamstrings", 64.0, SQUATS)],
            "quadriceps 78 % fatigued, hamstrings 64 % (after Tuesday's squats)",
        ),
        (
            [
                MuscleState("quadriceps", 78.0, SQUATS),
                MuscleState("glutes", 70.0, LONG_RUN),
                MuscleState("hamstrings", 64.0, SQUATS),
            ],
            "quadriceps 78 % fatigued, hamstrings 64 % (after Tuesday's squats), "
            "glutes 70 % (after Sunday's long run)",
        ),
        ([MuscleState("glutes", 60.0, None)], "glutes 60 % fatigued"),  # at the bound: as it is
        ([MuscleState("glutes", 60.04, None)], "glutes 60.04 % fatigued"),  # never shown as "60"
    ],
)
def test_the_reason_names_each_muscle_its_figure_and_its_cause_once(fatigued, text):
    assert said(fatigued, 60) == text


# --- quality runs on tired legs ----------------------------------------------------------------------------
# Fires when a leg muscle is at >= legs_threshold_pct (60) at the start of a quality run's day (tempo,
# intervals, race). The run moves to the next later day of the week with nothing planned, no hard run the day
# before or after, no lift the day after, no lower-body lift the day before, and the legs under 60 %; in the
# default week no day is (Thu holds a run, Fri a lift and the long run after it, Sat the long run, Sun the
# rest), so the tempo becomes an easy run of the same 35 minutes.


def test_a_tempo_on_legs_at_sixty_percent_becomes_easy():
    # given: the quadriceps at exactly 60.0 % when Wednesday starts
    week, state = base_week(), State(today=MON, legs={WED: legs(quadriceps=60.0)})
    # when
    adjustments = leg_fatigue_run(week, state, CONFIG)
    # then
    assert changes(adjustments) == [
        ("leg_fatigue_run", key(WED, "run"), {"action": "run", "type": "easy", "minutes": 35})
    ]
    assert adjustments[0].reason == (
        "tempo run made easy: quadriceps 60 % fatigued (after Tuesday's squats); legs under 60 % "
        "before quality running"
    )
    run = session(apply(week, adjustments[0], CONFIG), WED, "run")
    assert (run.type, run.minutes, run.title) == ("easy", 35, "easy run")


def test_the_reason_names_every_tired_leg_muscle_with_its_figure_and_cause():
    # given: after a squat day, the quadriceps at 78 %, the hamstrings at 64 %, the glutes at 40 % (< 60)
    state = State(today=MON, legs={WED: legs(78.0, 64.0, 40.0)})
    # when
    (adjustment,) = leg_fatigue_run(base_week(), state, CONFIG)
    # then: the glutes, under the threshold, go unnamed; every figure is kept
    assert adjustment.reason == (
        "tempo run made easy: quadriceps 78 % fatigued, hamstrings 64 % (after Tuesday's squats); "
        "legs under 60 % before quality running"
    )
    assert adjustment.figures == {
        "day": "2025-03-05",
        "threshold_pct": 60.0,
        "legs": {
            "quadriceps": {"fatigue_pct": 78.0, "cause": SQUATS},
            "hamstrings": {"fatigue_pct": 64.0, "cause": SQUATS},
            "glutes": {"fatigue_pct": 40.0, "cause": SQUATS},
        },
    }


@pytest.mark.parametrize(
    ("today", "figures"),
    [
        (MON, {WED: legs(59.9, 59.9, 59.9)}),  # just below the threshold, every muscle
        (MON, {TUE: legs(90.0), THU: legs(90.0)}),  # tired legs on the days around it only
        (MON, {}),  # no figures at all
        (THU, {WED: legs(90.0)}),  # Wednesday is past: rules never change it
    ],
)
def test_a_tempo_on_legs_under_the_threshold_stays(today, figures):
    # given / when / then
    assert leg_fatigue_run(base_week(), State(today=today, legs=figures), CONFIG) == []


@pytest.mark.parametrize("quality", ["intervals", "race"])
def test_every_quality_run_type_waits_for_the_legs(quality):
    # given: Wednesday's run is of another quality type ([rules] quality_runs)
    week = run_as(base_week(), WED, quality)
    state = State(today=MON, legs={WED: legs(hamstrings=61.0)})
    # when
    adjustments = leg_fatigue_run(week, state, CONFIG)
    # then
    assert changes(adjustments) == [
        ("leg_fatigue_run", key(WED, "run"), {"action": "run", "type": "easy", "minutes": 35})
    ]
    assert adjustments[0].reason.startswith(f"{quality} run made easy: hamstrings 61 % fatigued")


def test_easy_strides_and_long_runs_are_left_to_tired_legs():
    # given: the legs at 90 % on every day of the week
    state = State(today=MON, legs={day: legs(90.0, 90.0, 90.0) for day in base_week().days})
    # when
    adjustments = leg_fatigue_run(base_week(), state, CONFIG)
    # then: only Wednesday's tempo changes; Mon's easy run, Tue's strides, Thu's easy and Sat's long stay
    assert [a.session for a in adjustments] == [key(WED, "run")]


def free_friday() -> Week:
    """The default week without Friday's session, and Saturday's long run easy: Friday can take the tempo
    (nothing planned; no hard run on Thu or Sat; no lift on Sat; no lower-body lift on Thu)."""
    return run_as(without(base_week(), FRI, "lift"), SAT, "easy")


def test_a_tempo_on_tired_legs_moves_to_the_next_free_day_with_fresh_legs():
    # given: Wednesday starts with the quadriceps at 66 %, Friday with them at 30 %
    week = free_friday()
    state = State(today=MON, legs={WED: legs(quadriceps=66.0), FRI: legs(quadriceps=30.0)})
    # when
    adjustments = leg_fatigue_run(week, state, CONFIG)
    # then: Thu holds a run, so Friday is the next free day
    assert changes(adjustments) == [
        ("leg_fatigue_run", key(WED, "run"), {"action": "move", "to": "2025-03-07"})
    ]
    assert adjustments[0].reason == (
        "tempo run moved from Wed to Fri: quadriceps 66 % fatigued (after Tuesday's squats); legs under "
        "60 % before quality running"
    )
    assert adjustments[0].figures["to_legs"]["quadriceps"] == {"fatigue_pct": 30.0, "cause": SQUATS}
    after = apply(week, adjustments[0], CONFIG)
    assert after.find(key(WED, "run")) is None
    tempo = session(after, FRI, "run")
    assert (tempo.type, tempo.minutes, tempo.order) == ("tempo", 35, None)


@pytest.mark.parametrize(
    ("week", "friday_pct"),
    [
        # Friday free, but its legs at 60.0 % still tired
        pytest.param(free_friday(), 60.0, id="friday-legs-tired"),
        # the long run on Saturday: hard days are not put back to back
        pytest.param(without(base_week(), FRI, "lift"), 0.0, id="long-run-the-day-after"),
        # a lift on Saturday would follow the tempo within 24 h
        pytest.param(moved(free_friday(), MON, SAT, "lift"), 0.0, id="lift-the-day-after"),
        # a lower-body lift on Thursday would be the day before a quality run
        pytest.param(moved(free_friday(), WED, THU, "lift"), 0.0, id="lower-body-the-day-before"),
    ],
)
def test_with_no_day_free_for_it_the_tempo_becomes_easy(week, friday_pct):
    # given: Wednesday's legs tired
    state = State(today=MON, legs={WED: legs(quadriceps=70.0), FRI: legs(quadriceps=friday_pct)})
    # when
    adjustments = leg_fatigue_run(week, state, CONFIG)
    # then
    assert [a.change for a in adjustments] == [{"action": "run", "type": "easy", "minutes": 35}]


def test_the_threshold_is_the_states():
    # given: [muscles] legs_threshold_pct = 70
    week = base_week()
    below = State(today=MON, legs={WED: legs(glutes=69.9)}, legs_threshold_pct=70)
    at = replace(below, legs={WED: legs(glutes=70.0)})
    # when / then
    assert leg_fatigue_run(week, below, CONFIG) == []
    (adjustment,) = leg_fatigue_run(week, at, CONFIG)
    assert adjustment.reason.endswith(
        "glutes 70 % fatigued (after Tuesday's squats); legs under 70 % before quality running"
    )


# --- heavy lower-body sessions on tired legs ---------------------------------------------------------------
# Fires when a lift with loaded lower-body work falls on a day whose start finds a leg muscle at >= 60 %. It
# moves to the next later day with no other lift, the legs under 60 % and rule 1 kept (no lift in the 24 h
# after a hard run, no lower-body lift the day before a quality run); else its lower-body exercises lose
# [rules] legs_set_cut (1) set each, same loads.


def test_a_lower_body_session_on_legs_at_sixty_percent_is_lightened_when_no_day_is_free():
    # given: the legs at 60.0 % on Wednesday after Sunday's long run. Thu follows the tempo, Fri holds a lift,
    # Sat is the long run, Sun follows it: no day is free.
    week = base_week()
    state = State(today=MON, legs={WED: legs(quadriceps=60.0, cause=LONG_RUN)})
    # when
    adjustments = leg_fatigue_lift(week, state, CONFIG)
    # then
    assert changes(adjustments) == [
        (
            "leg_fatigue_lift",
            key(WED, "lift"),
            {"action": "cut_sets", "by": 1, "region": "lower"},
        )
    ]
    assert adjustments[0].reason == (
        "Hips and posterior chain: 1 set fewer per lower-body exercise, same load: quadriceps 60 % "
        "fatigued (after Sunday's long run); no heavy lower-body session while the legs are at 60 % or "
        "more, and no later day this week is free with them under it"
    )
    before = session(week, WED, "lift").exercises
    after = session(apply(week, adjustments[0], CONFIG), WED, "lift").exercises
    assert [(e.name, e.sets, e.load_kg) for e in after] == [
        (e.name, e.sets - 1, e.load_kg) for e in before
    ]  # 3, 3, 2, 2 sets -> 2, 2, 1, 1


def test_lightening_leaves_the_upper_body_and_core_work_of_a_mixed_session():
    # given: a session of a deadlift and a bench press, the legs tired, no day free
    week = base_week()
    lift = session(week, WED, "lift")
    mixed = replace(
        lift,
        exercises=(
            Prescription("Romanian Deadlift (Barbell)", 3, 10, 40.0, None, "lower"),
            Prescription("Bench Press (Dumbbell)", 3, 10, 14.0, None, "upper"),
            Prescription("Pallof Press", 2, 10, 8.0, None, "core"),
        ),
    )
    week = week.replace_session(lift.key, mixed)
    state = State(today=MON, legs={WED: legs(hamstrings=75.0)})
    # when
    (adjustment,) = leg_fatigue_lift(week, state, CONFIG)
    # then
    after = session(apply(week, adjustment, CONFIG), WED, "lift").exercises
    assert [(e.name, e.sets) for e in after] == [
        ("Romanian Deadlift (Barbell)", 2),
        ("Bench Press (Dumbbell)", 3),
        ("Pallof Press", 2),
    ]


def easy_wednesday() -> Week:
    """The default week with Wednesday's run easy: Thursday no longer follows a hard run."""
    return run_as(base_week(), WED, "easy")


def test_a_lower_body_session_on_tired_legs_moves_to_the_next_day_with_fresh_legs():
    # given: Wednesday's run easy, the legs at 66 % on Wednesday and at 40 % on Thursday
    week = easy_wednesday()
    state = State(
        today=MON,
        legs={
            WED: legs(quadriceps=66.0, cause=LONG_RUN),
            THU: legs(quadriceps=40.0, cause=LONG_RUN),
        },
    )
    # when
    adjustments = leg_fatigue_lift(week, state, CONFIG)
    # then
    assert changes(adjustments) == [
        ("leg_fatigue_lift", key(WED, "lift"), {"action": "move", "to": "2025-03-06"})
    ]
    assert adjustments[0].reason == (
        "Hips and posterior chain moved from Wed to Thu: quadriceps 66 % fatigued (after Sunday's long "
        "run); no heavy lower-body session while the legs are at 60 % or more"
    )
    lift = session(apply(week, adjustments[0], CONFIG), THU, "lift")
    assert (lift.title, lift.order) == ("Hips and posterior chain", "after")


def test_a_moved_session_skips_a_day_whose_legs_are_still_tired():
    # given: Friday free (its session gone), the legs at 70 % Wed, 60.0 % Thu, 45 % Fri
    week = without(easy_wednesday(), FRI, "lift")
    state = State(
        today=MON, legs={WED: legs(quadriceps=70.0), THU: legs(quadriceps=60.0), FRI: legs(45.0)}
    )
    # when / then: Fri, the day before the long run (hard, not quality), takes it
    assert [a.change for a in leg_fatigue_lift(week, state, CONFIG)] == [
        {"action": "move", "to": "2025-03-07"}
    ]


@pytest.mark.parametrize(
    ("week", "figures"),
    [
        (easy_wednesday(), {WED: legs(59.9, 59.9, 59.9)}),  # just below
        # the upper-body session on Friday and the posture and core session on Monday, on tired legs
        (base_week(), {MON: legs(90.0, 90.0, 90.0), FRI: legs(90.0, 90.0, 90.0)}),
    ],
)
def test_sessions_without_heavy_lower_body_work_or_on_fresh_legs_stay(week, figures):
    # given / when / then
    assert leg_fatigue_lift(week, State(today=MON, legs=figures), CONFIG) == []


def test_a_lower_body_session_of_holds_only_is_not_heavy():
    # given: the knee flagged, injury mode turned the lower-body lifts into a wall sit
    week, injured = base_week(), State(today=MON, injuries=("left knee",))
    for adjustment in rules.injury_mode(week, injured, CONFIG):
        week = apply(week, adjustment, CONFIG)
    # when / then
    assert leg_fatigue_lift(week, State(today=MON, legs={WED: legs(90.0)}), CONFIG) == []


# --- reassessment (rule 9) waits for the legs too -----------------------------------------------------------


def test_a_reassessment_goes_on_the_first_light_day_with_the_legs_under_the_threshold():
    # given: no reassessment yet; Tuesday is the first light day, but the legs are at 60.0 % when it starts
    state = State(today=MON, legs={TUE: legs(glutes=60.0), THU: legs(glutes=59.9)})
    # when
    (adjustment,) = rules.reassessment(base_week(), state, CONFIG)
    # then: Wed has a lift and the tempo, so Thursday (59.9 %) takes the tests
    assert adjustment.change == {"action": "test", "day": THU.isoformat()}


# --- in the plan -------------------------------------------------------------------------------------------


def test_after_a_heavy_leg_day_the_tempo_is_made_easy_and_the_leg_session_waits_a_day():
    # given: an unplanned squat day on Tuesday: the legs at 78/64/40 % when Wednesday starts, at 44/36/22 %
    # when Thursday does
    week = base_week()
    state = State(
        today=WED,
        legs={
            WED: legs(78.0, 64.0, 40.0),
            THU: legs(44.0, 36.0, 22.0),
            FRI: legs(25.0, 20.0, 12.0),
        },
    )
    # when
    adjusted, adjustments = plan(week, state, CONFIG, rules.NIGHTLY)
    # then: no free day for the tempo, so it is easy; Wednesday no longer holds a hard run, so Thursday
    # (fresh legs, no lift) takes the lower-body session
    assert [(a.rule, a.change) for a in adjustments if a.rule.startswith("leg_fatigue")] == [
        ("leg_fatigue_run", {"action": "run", "type": "easy", "minutes": 35}),
        ("leg_fatigue_lift", {"action": "move", "to": "2025-03-06"}),
    ]
    assert session(adjusted, WED, "run").type == "easy"
    assert session(adjusted, THU, "lift").title == "Hips and posterior chain"
    assert adjusted.find(key(WED, "lift")) is None
    # and planning again gives the same adjustments (the nightly job stays idempotent)
    assert plan(week, state, CONFIG, rules.NIGHTLY) == (adjusted, adjustments)


# Progression after the legs' rule: a lower-body exercise due for more load keeps its load on a day whose
# start finds the legs at the threshold (the day its sets were cut, no free day being left); upper-body work
# of the same day, and the same exercise on fresh legs, progress as rule 4 says.


@pytest.mark.parametrize(("quadriceps", "held"), [(60.0, True), (59.9, False)])
def test_a_lower_body_lift_due_for_more_load_keeps_it_on_tired_legs(quadriceps, held):
    # given: every exercise of Wednesday's lower-body session due, readiness green, the legs tired on
    # Wednesday and Thursday (Friday holds a lift): no free day later
    week = base_week()
    due = {identify(e.name).id: DUE for e in session(week, WED, "lift").exercises}
    tired = legs(quadriceps=quadriceps, cause=LONG_RUN)
    state = State(today=MON, readiness_band="green", lifts=due, legs={WED: tired, THU: tired})
    # when
    adjusted, adjustments = plan(week, state, CONFIG, rules.NIGHTLY)
    # then
    wed = [a for a in adjustments if a.session == key(WED, "lift")]
    loads = [a for a in wed if a.rule == "progression" and a.change["action"] == "load"]
    holds = [a for a in wed if a.rule == "progression" and a.change["action"] == "note"]
    loaded = [e for e in session(week, WED, "lift").exercises if e.load_kg]
    if held:
        assert wed[0].rule == "leg_fatigue_lift"
        assert wed[0].change["action"] == "cut_sets"
        assert loads == []
        assert [a.change["text"] for a in holds] == [f"{e.name}: load held" for e in loaded]
        assert holds[0].reason == (
            f"{loaded[0].name}: held at {loaded[0].load_kg:g} kg although due: quadriceps 60 % "
            "fatigued (after Sunday's long run) on Wed"
        )
        assert [e.load_kg for e in session(adjusted, WED, "lift").exercises] == [
            e.load_kg for e in session(week, WED, "lift").exercises
        ]
    else:
        assert not any(a.rule == "leg_fatigue_lift" for a in wed)
        assert holds == []
        assert len(loads) >= 1
        assert all(a.change["to"] > a.change["from"] for a in loads)


def test_upper_body_work_on_a_tired_leg_day_still_progresses():
    # given: Monday's session (core and a Face Pull, upper body) due, the legs tired on Monday
    week = base_week()
    due = {identify(e.name).id: DUE for e in session(week, MON, "lift").exercises}
    state = State(today=MON, readiness_band="green", lifts=due, legs={MON: legs(quadriceps=80.0)})
    # when
    adjustments = rules.progression(week, state, CONFIG)
    # then: the Face Pull (upper, loaded) gains load; nothing is held for the legs
    assert [a.change.get("exercise") for a in adjustments if a.change["action"] == "load"] == [
        "Face Pull"
    ]
    assert all("fatigued" not in a.reason for a in adjustments)

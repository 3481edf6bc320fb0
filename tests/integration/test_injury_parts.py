"""Flagging and clearing injured parts through the plan service (as the CLI and the web API do), checked."""

from __future__ import annotations

from datetime import date

import pytest

from runlift.bootstrap import Runlift
from runlift.coaching.safety import UnknownBodyPart
from runlift.domain.plan import NotInjured

DAY = date(2025, 3, 31)


def flagged(app: Runlift) -> dict[str, date]:
    program = app.plans().planner.program()
    return dict(program.injuries) if program is not None else {}


def test_a_part_is_flagged_in_its_one_form_and_cleared_however_it_is_written(app: Runlift) -> None:
    plans = app.plans()
    assert plans.flag_injury("Left Knee ", DAY, "sore on stairs") == "left knee"
    assert plans.flag_injury("shoulders", DAY) == "shoulder"
    assert flagged(app) == {"left knee": DAY, "shoulder": DAY}

    assert plans.clear_injury("LEFT knees", DAY) == "left knee"
    assert flagged(app) == {"shoulder": DAY}


def test_an_unknown_part_is_refused_and_stores_nothing(app: Runlift) -> None:
    with pytest.raises(UnknownBodyPart, match="unknown body part 'left elbow pit'"):
        app.plans().flag_injury("left elbow pit", DAY)
    assert app.planner.recorder.max_notification_id() in (None, 0)
    with pytest.raises(UnknownBodyPart):
        app.plans().clear_injury("elbow pit", DAY)


def test_clearing_a_known_part_that_is_not_flagged_lists_the_flagged_ones(app: Runlift) -> None:
    app.plans().flag_injury("right ankle", DAY)
    with pytest.raises(NotInjured, match=r"'left ankle' is not flagged \(flagged: right ankle\)"):
        app.plans().clear_injury("Left Ankle", DAY)


def test_a_part_flagged_before_parts_were_checked_can_still_be_cleared(app: Runlift) -> None:
    plans = app.plans()
    program = plans.program(DAY)
    program.flag("Elbow Pit", DAY, None)  # as `runlift injury flag` stored any text before
    program.flag("Right Knee", DAY, None)
    app.planner.save(program)

    assert plans.clear_injury("Elbow Pit", DAY) == "Elbow Pit"  # its exact text
    assert plans.clear_injury("right knee", DAY) == "Right Knee"  # or any form of a known part
    assert flagged(app) == {}

"""`runlift injury flag|clear` checks the part: an unknown one exits non-zero saying which parts it knows."""

from __future__ import annotations

import json

from tests.support.processes import runlift


def test_flagging_an_unknown_part_exits_2_and_lists_the_known_ones(home, store_url):
    result = runlift(home, "injury", "flag", "left elbow pit", store_url=store_url)

    assert result.returncode == 2
    message = " ".join(result.stderr.split())  # the terminal may wrap it
    assert message.startswith(
        "error: unknown body part 'left elbow pit': flag one of achilles, ankle"
    )
    assert "optionally after left or right (e.g. 'left knee')" in message
    assert "Traceback" not in result.stderr
    events = runlift(home, "events", "--json", "--type", "InjuryFlagged", store_url=store_url)
    assert (events.returncode, events.stdout.strip()) == (0, "")  # nothing was stored


def test_a_known_part_is_flagged_in_its_one_form_and_cleared_as_written(home, store_url):
    flagged = runlift(
        home, "injury", "flag", "Left Knees", "--day", "2025-03-31", store_url=store_url
    )
    assert flagged.returncode == 0, flagged.stderr
    [event] = [
        json.loads(line)
        for line in runlift(
            home, "events", "--json", "--type", "InjuryFlagged", store_url=store_url
        ).stdout.splitlines()
    ]
    assert event["part"] == "left knee"

    cleared = runlift(
        home, "injury", "clear", "left knee", "--day", "2025-04-01", store_url=store_url
    )
    assert cleared.returncode == 0, cleared.stderr

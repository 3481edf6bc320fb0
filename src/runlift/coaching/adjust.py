"""Making an adjustment: the week with one rule's change applied (how a plan is rebuilt from its events)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from runlift.coaching.model import Adjustment, PlannedSession, Prescription, Week
from runlift.coaching.plan_config import PlanConfig
from runlift.coaching.safety import HOLDS


def apply(week: Week, adjustment: Adjustment, config: PlanConfig) -> Week:
    """The week with one adjustment made (how the plan is rebuilt from its events, too)."""
    change = adjustment.change
    action = change["action"]
    if action == "block":
        return replace(week, block=change["to"])
    if action == "test":
        day = week.start.fromisoformat(change["day"])
        test = PlannedSession(
            day, "test", "reassessment", "Reassessment", minutes=45, notes=(adjustment.reason,)
        )
        return week.replace_session(test.key, test)
    session = week.find(adjustment.session)
    if session is None:
        return week
    if action == "move":
        # A moved lift follows its new day's run; a run has no order.
        order = "after" if session.kind == "lift" else session.order
        moved = replace(session, day=week.start.fromisoformat(change["to"]), order=order)
        return week.replace_session(session.key, None).replace_session(moved.key, moved)
    if action == "drop":
        return week.replace_session(session.key, None)
    new = _changed(session, change, config)
    return week.replace_session(session.key, new)


def _changed(session: PlannedSession, change: dict[str, Any], config: PlanConfig) -> PlannedSession:
    action = change["action"]
    if action == "note":
        return session.with_note(change["text"])
    if action == "run":
        return replace(
            session, type=change["type"], title=f"{change['type']} run", minutes=change["minutes"]
        )
    if action == "mobility":
        return replace(
            session, kind="mobility", type="mobility", title="Mobility", minutes=20, exercises=()
        )
    if action == "holds":
        kept = [e for e in session.exercises if not (e.region == change["region"] and e.load_kg)]
        hold = Prescription(HOLDS[change["region"]], 3, 1, None, change["hold_s"], change["region"])
        return replace(session, exercises=(*kept, hold))
    exercises: list[Prescription] = []
    for e in session.exercises:
        # cut_sets: every exercise's sets, or only one region's when the change names it
        if action == "cut_sets" and change.get("region", e.region) == e.region:
            e = replace(e, sets=max(1, e.sets - change["by"]))
        elif action == "drop_accessories" and e.accessory:
            continue
        elif action == "load" and e.name == change["exercise"]:
            e = replace(e, load_kg=change["to"])
        elif action == "set_rep_range" and e.name == change["exercise"]:
            e = replace(e, sets=change["sets"], reps=change["reps"], load_kg=change["load_kg"])
        exercises.append(e)
    return replace(session, exercises=tuple(exercises))

"""How the plan looks in a terminal: the week's table and one line per session."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from runlift.coaching.model import PlannedSession, Prescription
from runlift.plans.service import WeekView


def describe(s: PlannedSession) -> str:
    if s.kind == "run":
        return f"{s.type} run {s.minutes:g} min"
    if s.kind == "lift":
        lifts = ", ".join(prescription(e) for e in s.exercises)
        return f"{s.title}{' (before the run)' if s.order == 'before' else ''}: {lifts}"
    return s.title


def prescription(e: Prescription) -> str:
    load = f" @ {e.load_kg:g} kg" if e.load_kg else ""
    hold = f" ({e.hold_s:g} s)" if e.hold_s else ""
    return f"{e.name} {e.sets}x{e.reps}{load}{hold}"


def week_table(view: WeekView) -> Table:
    from runlift.cli.tables import FitTable

    table = FitTable(
        "day",
        "session",
        "status",
        title=f"week of {view.week.start} ({view.week.block} block)",
        caption_justify="left",
    )
    for s in view.week.sessions:
        status = "done" if s.key in view.completed else "missed" if s.key in view.missed else ""
        text = describe(s) + "".join(f"\n  note: {n}" for n in s.notes)
        table.add_row(f"{s.day:%a %d %b}", escape(text), status)
    reasons = [
        escape(f"[{a.rule}] {a.reason}")
        for a in view.adjustments
        if a.change.get("action") != "note"
    ]
    if reasons:
        table.caption = "adjustments:\n" + "\n".join(reasons)
    return table

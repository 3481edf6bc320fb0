"""The messages' words: a title and a short plain-text body, with the reason, for each thing worth telling."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from runlift.domain.events import FileRejected, PlanAdjusted

# A body lists at most this many lines of changes or files; the rest are counted.
MAX_LINES = 10


def plan_changes(adjustments: Sequence[PlanAdjusted]) -> tuple[str, str]:
    """A re-plan's new adjustments: each session, its change's reason and the rule that made it."""
    count = len(adjustments)
    title = "runlift: plan changed" if count == 1 else f"runlift: {count} plan changes"
    night = adjustments[0].on_day
    lines = [f"Re-plan of {_day(night)}:"]
    lines += [f"- {_session(a.session)}: {a.reason} ({a.rule})" for a in adjustments[:MAX_LINES]]
    if count > MAX_LINES:
        lines.append(f"... and {count - MAX_LINES} more (runlift plan)")
    return title, "\n".join(lines)


def rejections(rejected: Sequence[FileRejected]) -> tuple[str, str]:
    """Rejected files: each file's name (and archive) and why it was rejected."""
    count = len(rejected)
    title = "runlift: file rejected" if count == 1 else f"runlift: {count} files rejected"
    lines = []
    for event in rejected[:MAX_LINES]:
        where = f" (in {event.archive})" if event.archive else ""
        lines.append(f"{event.filename}{where}: {event.reason}")
    if count > MAX_LINES:
        lines.append(f"... and {count - MAX_LINES} more (see failed/)")
    return title, "\n".join(lines)


def readiness_red(day: date, readiness: dict[str, Any]) -> tuple[str, str]:
    """Today's readiness turned red: its score and the reasons behind it."""
    score = readiness.get("score")
    shown = f"{score:.0f}/100" if isinstance(score, int | float) else "red"
    lines = [f"Readiness {shown} on {_day(day)}: an easy day."]
    lines += [f"- {reason}" for reason in readiness.get("reasons", [])[:MAX_LINES]]
    return "runlift: readiness red today", "\n".join(lines)


def prompt(day: date, adjustment: PlanAdjusted) -> tuple[str, str]:
    """One of the plan's prompts, on its day."""
    return f"runlift: for {_day(day)}", adjustment.reason


def test_message() -> tuple[str, str]:
    """What `runlift notify test` sends."""
    return (
        "runlift: test notification",
        "This target is set up: runlift will send re-plans, red readiness, the plan's prompts and "
        "rejected files here.",
    )


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _session(key: str) -> str:
    """A plan session's key ("2025-03-12:lift") as it reads: "Wed 12 Mar lift"."""
    day, _, kind = key.partition(":")
    try:
        return f"{_day(date.fromisoformat(day))} {kind}".strip()
    except ValueError:
        return key

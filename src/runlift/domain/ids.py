"""Deterministic aggregate ids: the same bytes for the same athlete always map to the same id."""

from datetime import date
from uuid import UUID, uuid5

NAMESPACE = UUID("6f0c7a52-9a43-4d0e-8f5e-2b1c6d3a9e71")


def imported_file_id(athlete_id: str, sha256: str, revision: int = 0) -> UUID:
    """The id of the aggregate holding everything a file's bytes yielded; a second save collides.

    A forced re-import (`runlift import --force`) stores the same bytes again as revision 1, 2, ...
    """
    suffix = f"/r{revision}" if revision else ""
    return uuid5(NAMESPACE, f"file/{athlete_id}/{sha256}{suffix}")


def session_day_id(athlete_id: str, utc_day: date) -> UUID:
    """The id of the index of one UTC day's sessions."""
    return uuid5(NAMESPACE, f"day/{athlete_id}/{utc_day.isoformat()}")


def fact_month_id(athlete_id: str, month: str) -> UUID:
    """The id of the index of the fact identities of one UTC month ("2026-03")."""
    return uuid5(NAMESPACE, f"facts/{athlete_id}/{month}")


def link_id(session: str, duplicate_of: str) -> str:
    """A short, stable id for a duplicate link (shown by `runlift duplicates`, taken by `unlink`)."""
    return uuid5(NAMESPACE, f"link/{session}/{duplicate_of}").hex[:12]


def rejected_file_id(athlete_id: str, sha256: str | None, filename: str, reason: str) -> UUID:
    """The id of a rejection: the same bytes (or, unread, the same name) rejected for the same reason
    are recorded once."""
    what = sha256 if sha256 is not None else f"unread/{filename}"
    return uuid5(NAMESPACE, f"rejected/{athlete_id}/{what}/{reason}")


def plan_week_id(athlete_id: str, week_start: date) -> UUID:
    """The id of one week of an athlete's plan (generated once: a second generation collides)."""
    return uuid5(NAMESPACE, f"plan-week/{athlete_id}/{week_start.isoformat()}")


def exercise_names_id(athlete_id: str) -> UUID:
    """The id of an athlete's corrections of exercise identity."""
    return uuid5(NAMESPACE, f"exercise-names/{athlete_id}")


def program_id(athlete_id: str) -> UUID:
    """The id of an athlete's program: blocks and injuries."""
    return uuid5(NAMESPACE, f"program/{athlete_id}")

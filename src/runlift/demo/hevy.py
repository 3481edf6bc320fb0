"""Hevy's "Export workouts" CSV of the strength sessions, as the athlete's phone writes it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from runlift.demo.athlete import ZONE
from runlift.demo.lifts import Workout

# The columns of Hevy's export, in its order (weights and distances in kg and km).
HEVY_COLUMNS = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)

# Hevy writes English month names whatever the phone's language, so strftime's locale-bound %b is not used.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hevy_csv(sessions: Sequence[Workout]) -> str:
    """Hevy's "Export workouts" CSV of the sessions: a row per set, the newest workout first."""
    lines = [",".join(f'"{column}"' for column in HEVY_COLUMNS)]
    for session in sorted(sessions, key=lambda s: s.start, reverse=True):
        lines.extend(hevy_rows(session))
    return "\n".join(lines) + "\n"


def hevy_rows(session: Workout) -> Iterator[str]:
    """The session's sets as Hevy writes them: local times to the minute, text quoted, numbers bare."""
    begin = hevy_time(session.start)
    end = hevy_time(session.start + timedelta(seconds=session.elapsed_s))
    for done in session.sets:
        texts = (session.title, begin, end, "", done.lift.hevy)
        rpe = "" if done.rpe is None else f"{done.rpe:g}"
        kind = "warmup" if done.warmup else "normal"
        cells = [*map(quoted, texts), "", quoted(""), str(done.index), quoted(kind)]
        cells += [f"{done.weight_kg:g}", str(done.reps), "", "0", rpe]
        yield ",".join(cells)


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def hevy_time(moment: datetime) -> str:
    """Hevy's local time to the minute: "3 Jul 2024, 15:36"."""
    wall = moment.astimezone(ZONE)
    return f"{wall.day} {MONTHS[wall.month - 1]} {wall.year}, {wall:%H:%M}"

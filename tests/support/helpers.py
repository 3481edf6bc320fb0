"""Small helpers shared by the core's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runlift.bootstrap import Runlift
from runlift.queries import eventlog


def toy_file(folder: Path, name: str, *runs: tuple[str, float, float], magic: str = "TOY") -> Path:
    """Write a toy run list: (start ISO time, seconds, metres) per run."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    lines = [magic] + [f"{start},{seconds},{metres}" for start, seconds, metres in runs]
    path.write_text("\n".join(lines) + "\n")
    return path


def stored(app: Runlift, *types: str) -> list[dict[str, Any]]:
    """Every stored event of the history (optionally of some types), as audit-log records."""
    return list(eventlog.read_events(app.history, types))


INDEX_TYPES = frozenset(
    {
        "SessionDayStarted",
        "SessionIndexed",
        "DuplicateLinked",
        "DuplicateUnlinked",
        "FactMonthStarted",
        "FactsNoted",
    }
)


def types_of(records: list[dict[str, Any]]) -> list[str]:
    """The types of the events of imported files, leaving out the day index that sits beside them."""
    return [r["type"] for r in records if r["type"] not in INDEX_TYPES]

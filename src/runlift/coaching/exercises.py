"""Exercise identity: one key per exercise however an app or a watch spells its name."""

from __future__ import annotations


def exercise_key(name: str) -> str:
    """One key per exercise however an app spells it: "Bench Press (Barbell)" -> "bench press barbell"."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.lower()).split())

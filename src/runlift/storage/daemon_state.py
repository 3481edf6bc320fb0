"""The daemon's state file (<home>/daemon.json): written by the daemon, read by `runlift status`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STATE_NAME = "daemon.json"


def write_state(home: Path, state: dict[str, Any]) -> None:
    """Replace the state file in one step (a reader never sees half of it)."""
    target = home / STATE_NAME
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(state, indent=2), encoding="utf-8")
    temporary.replace(target)


def read_state(home: Path, heartbeat_s: float) -> dict[str, Any] | None:
    """The daemon's last state as `runlift status` shows it, with `running` judged from its heartbeat."""
    path = home / STATE_NAME
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    beat = datetime.fromisoformat(state.get("heartbeat") or state["started"])
    fresh = (datetime.now(UTC) - beat).total_seconds() < 3 * heartbeat_s + 5
    state["running"] = fresh and "stopped" not in state and _alive(int(state["pid"]))
    return state


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

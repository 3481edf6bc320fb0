"""What `runlift notify` shows: each target and its retry state, the messages waiting and those sent lately."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from runlift.notify.outbox import Message, Outbox
from runlift.notify.send import TARGETS, privacy, target_id
from runlift.settings import Home

# `runlift notify` lists this many of the messages sent lately.
SENT_SHOWN = 10


def overview(home: Home, urls: Sequence[str]) -> dict[str, Any]:
    """Targets (as Apprise masks them), waiting messages and the latest sent ones (docs/cli.md)."""
    box = Outbox.of(home)
    states = box.read(TARGETS)
    shown = {target_id(url): privacy(url) for url in urls}
    targets = []
    for tid, where in shown.items():
        state = states.get(tid, {})
        targets.append(
            {
                "target": where,
                "failures": int(state.get("failures", 0)),
                "error": state.get("error") or None,
                "retry_at": _when(state.get("retry_at")),
                "last_ok": _when(state.get("last_ok")),
            }
        )
    pending = [
        {**_row(m), "waiting_for": [shown[t] for t in shown if t not in m.delivered]}
        for _, m in box.pending()
    ]
    sent = sorted(box.messages(box.sent), key=lambda m: m.created, reverse=True)[:SENT_SHOWN]
    return {"targets": targets, "pending": pending, "sent": [_row(m) for m in sent]}


def _row(message: Message) -> dict[str, Any]:
    return {
        "key": message.key,
        "kind": message.kind,
        "title": message.title,
        "body": message.body,
        "queued": _when(message.created),
    }


def _when(stamp: float | None) -> str | None:
    if not stamp:
        return None
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")

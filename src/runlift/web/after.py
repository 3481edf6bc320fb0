"""What follows a write through the API: notifications of what it changed, queued at once and sent aside."""

from __future__ import annotations

import threading

from runlift.bootstrap import Runlift


def file_pushed(app: Runlift) -> None:
    """A pushed file was taken: its rejection (a FileRejected event) is notified like a dropped file's."""
    recorded(app)


def recorded(app: Runlift) -> None:
    """Queue the notifications the store now calls for, then send them from a thread of their own (a slow
    or failing target never holds up the answer; the outbox keeps what did not go for the next try)."""
    urls = app.settings.config.notify.urls
    if not urls:
        return
    from runlift.notify import queue_due, send_configured  # Apprise loads only where it is used

    queue_due(app)  # never raises: a failure is logged, and the next write or the daemon catches up
    threading.Thread(
        target=send_configured, args=(app.settings,), name="runlift-notify", daemon=True
    ).start()

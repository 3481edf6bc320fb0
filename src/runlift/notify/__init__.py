"""Notifications: messages derived from the store, kept in an outbox on disk, and sent through Apprise.

`queue_due(app)` writes what is due into `<home>/notify/outbox/` (no network); `send_pending(home, urls)`
sends it (no store; any thread). docs/notifications.md says what is sent when.
"""

from runlift.notify.courier import Courier
from runlift.notify.queue import queue_due
from runlift.notify.send import Retry, Summary, send_configured, send_pending, send_test

__all__ = [
    "Courier",
    "Retry",
    "Summary",
    "queue_due",
    "send_configured",
    "send_pending",
    "send_test",
]

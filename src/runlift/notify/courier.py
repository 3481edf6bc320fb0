"""A thread that sends the outbox when woken, every minute while it runs, and when a failed target is due."""

from __future__ import annotations

import logging
import threading
import time

from runlift.notify.send import Retry, send_pending
from runlift.settings import Settings

log = logging.getLogger(__name__)

# Without a wake-up or a retry due, the outbox is looked at this often (messages queued by another
# process: `runlift plan replan`, a job run by hand).
LOOK_EVERY_S = 60.0
# Another sender holds the outbox: looked at again this soon.
BUSY_S = 5.0


class Courier:
    """Sends `<home>/notify/outbox/` in a daemon thread: `wake()` after queueing, `stop()` at the end."""

    def __init__(self, settings: Settings, *, look_every_s: float = LOOK_EVERY_S) -> None:
        config = settings.config.notify
        self.home = settings.home
        self.urls = config.urls
        self.retry = Retry.of(config)
        self.look_every_s = look_every_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.urls and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="runlift-notify", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Send now (what was just queued)."""
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop after the message being sent, if any (waiting at most `timeout`)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            summary = send_pending(self.home, self.urls, retry=self.retry)
            wait = self.look_every_s
            if summary.busy:
                wait = BUSY_S
            elif summary.retry_at is not None:
                wait = min(wait, max(1.0, summary.retry_at - time.time()))
            self._wake.wait(wait)

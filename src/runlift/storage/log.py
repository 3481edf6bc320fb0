"""Reading an application's notification log page by page (bounded memory, any size of history)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from eventsourcing.persistence import ApplicationRecorder, Notification

PAGE = 1000


def notifications(
    recorder: ApplicationRecorder, topics: Sequence[str] = (), start: int = 1
) -> Iterator[Notification]:
    """Every stored notification from `start` on, in log order, optionally only of some topics."""
    position = start
    while True:
        page = recorder.select_notifications(position, PAGE, topics=topics)
        yield from page
        if len(page) < PAGE:
            return
        position = page[-1].id + 1

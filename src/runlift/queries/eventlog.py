"""Reads the stored events of every application as one audit log, in plain JSON-ready dicts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from runlift.domain.events import EVENT_TYPES
from runlift.storage.application import RunliftApplication
from runlift.storage.athletes import athlete_in
from runlift.storage.log import PAGE, notifications

_BASE_FIELDS = ("originator_id", "originator_version", "timestamp", "originator_topic")


class UnknownEventType(ValueError):
    """`--type` named an event type runlift does not have."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown event type {name!r}; known: {', '.join(sorted(EVENT_TYPES))}")


def topics_for(type_names: Sequence[str]) -> list[str]:
    """Stored topics of the named event types (empty: all types)."""
    topics = []
    for name in type_names:
        if name not in EVENT_TYPES:
            raise UnknownEventType(name)
        topics.append(get_topic(EVENT_TYPES[name]))
    return topics


def read_events(
    app: RunliftApplication,
    type_names: Sequence[str] = (),
    start: int = 1,
    athlete_id: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Every event of one application in log order (only `athlete_id`'s if given: a store may be shared),
    as a dict with `type`, `id`, `recorded_at` and fields.

    `id` is "<application>:<position>", unique and stable across runs.
    """
    for notification in notifications(app.recorder, topics_for(type_names), start):
        if athlete_id is not None and athlete_of(app, notification) != athlete_id:
            continue
        event = app.mapper.to_domain_event(notification)
        yield as_record(app.name.lower(), notification.id, event)


def athlete_of(app: RunliftApplication, notification: Notification) -> str | None:
    """The athlete a stored event belongs to, read from the head of its state (decoded whole, upcast,
    only when the head does not say)."""
    found = athlete_in(notification.state)
    if found is not None:
        return found
    athlete: str | None = getattr(app.mapper.to_domain_event(notification), "athlete_id", None)
    return athlete


def read_latest(
    app: RunliftApplication, type_names: Sequence[str], limit: int, athlete_id: str | None = None
) -> list[dict[str, Any]]:
    """The last `limit` events of the named types (only `athlete_id`'s if given), newest first: read back
    from the end of the log a page at a time, so that a long history is not read whole for its latest
    events."""
    topics = topics_for(type_names)
    found: list[dict[str, Any]] = []
    stop = app.recorder.max_notification_id() or 0
    while stop >= 1 and len(found) < limit:
        start = max(1, stop - PAGE + 1)
        page = app.recorder.select_notifications(start, PAGE, stop=stop, topics=topics)
        for notification in reversed(page):
            if len(found) == limit:
                break
            if athlete_id is not None and athlete_of(app, notification) != athlete_id:
                continue
            event = app.mapper.to_domain_event(notification)
            found.append(as_record(app.name.lower(), notification.id, event))
        stop = start - 1
    return found


def merged(logs: Iterable[Iterator[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Events of several applications in order of recording."""
    return sorted((record for log in logs for record in log), key=lambda r: r["recorded_at"])


def as_record(app: str, position: int, event: Any) -> dict[str, Any]:
    """A stable, JSON-ready record of one event (documented in docs/cli.md)."""
    record: dict[str, Any] = {
        "type": type(event).__name__,
        "id": f"{app}:{position}",
        "recorded_at": _plain(event.timestamp),
        "aggregate_id": str(event.originator_id),
        "version": event.originator_version,
    }
    for key, value in vars(event).items():
        if key not in _BASE_FIELDS:
            record[key] = _plain(value)
    return record


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value

"""What is due to be told: messages derived from the store and the views, each written to the outbox once.

Re-plans and rejections follow the events (`PlanAdjusted`, `FileRejected`) past a cursor kept per kind in
notify/state.json; readiness and prompts follow today's views and plan. Every message has a stable key
("plan:FIRST-LAST" and "rejected:FIRST-LAST" by event positions, "readiness-red:DAY", "prompt:DAY:ID"),
and a key once queued (waiting, sent or given up) is never queued again.
"""

from __future__ import annotations

import logging
import time as _time
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, Any, Protocol

from eventsourcing.utils import get_topic

from runlift.domain.events import FileRejected, PlanAdjusted
from runlift.notify import compose
from runlift.notify.outbox import Message, Outbox
from runlift.projections.load import week_start
from runlift.queries import figures
from runlift.queries.eventlog import athlete_of
from runlift.queries.reader import Sources
from runlift.settings import NotifyConfig
from runlift.storage.application import RunliftApplication
from runlift.storage.log import PAGE

if TYPE_CHECKING:
    from runlift.plans.service import PlanService

log = logging.getLogger(__name__)

STATE = "state.json"
# Another process queueing holds the queue this long at most (it takes milliseconds).
QUEUE_WAIT_S = 10.0


class Wired(Sources, Protocol):
    """What queueing reads of a wired runlift (bootstrap.Runlift is one): what the queries read (settings,
    the store, the files' event log, the read models), and the plan's event log and service."""

    @property
    def planner(self) -> RunliftApplication: ...

    def plans(self) -> PlanService: ...


def queue_due(app: Wired, *, now: datetime | None = None) -> int:
    """Write the messages due now into `<home>/notify/outbox/`: new re-plan adjustments, rejected files,
    today's readiness if red, today's prompts. No network; nothing when no URL is configured. Never
    raises (a failure is logged and the next call catches up); returns how many messages it wrote."""
    config = app.settings.config.notify
    if not config.urls:
        return 0
    box = Outbox.of(app.settings.home)
    try:
        with box.lock("queue", QUEUE_WAIT_S) as held:
            if not held:
                log.warning("notifications: another process kept the queue busy; queued next time")
                return 0
            moment = now or datetime.now(app.settings.config.athlete.zone)
            return _queue(app, box, config, moment)
    except Exception:
        log.exception("notifications: queueing failed (tried again at the next import or job)")
        return 0


def _queue(app: Wired, box: Outbox, config: NotifyConfig, now: datetime) -> int:
    state = box.read(STATE)
    same_home = state.get("store") == app.store.display and state.get("athlete") == (
        app.settings.athlete_id
    )
    cursors: dict[str, int] = dict(state.get("cursors", {})) if same_home else {}
    messages: list[Message] = []
    stamp = (
        _time.time()
    )  # when it was queued (what give_up_after_h counts from), whatever `now` says

    for kind, log_app, event_type in (
        ("rejected", app.history, FileRejected),
        ("plan", app.planner, PlanAdjusted),
    ):
        cursor = cursors.get(kind)
        if cursor is not None:  # a message written before its cursor was saved counts as moved on
            cursor = max(cursor, box.last_covered(kind))
        since = None if cursor is not None else now - timedelta(hours=config.first_look_back_h)
        found, stop = _events(app, log_app, event_type, cursor, since)
        if kind in config.kinds:
            messages += _event_messages(kind, found, stamp)
        cursors[kind] = stop

    today = now.date()
    if "readiness" in config.kinds:
        messages += _readiness(app, today, stamp)
    if "prompts" in config.kinds and now.time() >= time.fromisoformat(config.prompts_at):
        messages += _prompts(app, today, stamp)

    written = 0
    for message in messages:
        if not box.known(message.key):
            box.put(message)
            written += 1
            log.info("notification queued: %s (%s)", message.title, message.key)
    box.write(
        STATE,
        {"store": app.store.display, "athlete": app.settings.athlete_id, "cursors": cursors},
    )
    box.prune_sent()
    return written


def _events(
    app: Wired,
    log_app: RunliftApplication,
    event_type: type[Any],
    cursor: int | None,
    since: datetime | None,
) -> tuple[list[tuple[int, Any]], int]:
    """The athlete's events of one type after the cursor (or, without one, recorded since `since`), with
    their positions, and the log's last position when read (the next cursor)."""
    recorder = log_app.recorder
    stop = recorder.max_notification_id() or 0
    position = (cursor or 0) + 1
    topics = [get_topic(event_type)]
    athlete = app.settings.athlete_id
    found: list[tuple[int, Any]] = []
    while position <= stop:
        page = recorder.select_notifications(position, PAGE, stop=stop, topics=topics)
        for notification in page:
            if athlete_of(log_app, notification) != athlete:
                continue
            event: Any = log_app.mapper.to_domain_event(notification)
            if since is None or event.timestamp >= since:
                found.append((notification.id, event))
        if len(page) < PAGE:
            break
        position = page[-1].id + 1
    return found, max(stop, cursor or 0)


def _event_messages(kind: str, found: Sequence[tuple[int, Any]], stamp: float) -> list[Message]:
    """Re-plans: one message per night re-planned, prompts left for their day; rejections: one message
    for the files found together."""
    if kind == "rejected":
        if not found:
            return []
        title, body = compose.rejections([event for _, event in found])
        return [_message(kind, f"{found[0][0]}-{found[-1][0]}", title, body, stamp)]
    changes = [(p, e) for p, e in found if e.rule != "prompts"]
    out = []
    for _, group in groupby(changes, key=lambda item: (item[1].originator_id, item[1].on_day)):
        batch = list(group)
        title, body = compose.plan_changes([event for _, event in batch])
        out.append(_message(kind, f"{batch[0][0]}-{batch[-1][0]}", title, body, stamp))
    return out


def _readiness(app: Wired, today: date, stamp: float) -> list[Message]:
    projections = app.projections()
    projections.catch_up()
    with projections.engine.connect() as conn:
        readiness = figures.readiness_on(conn, app.projection_settings(), today)
    if readiness.get("band") != "red":
        return []
    title, body = compose.readiness_red(today, readiness)
    return [_message("readiness-red", today.isoformat(), title, body, stamp, kind="readiness")]


def _prompts(app: Wired, today: date, stamp: float) -> list[Message]:
    """The plan's prompts whose session is today's (and still in the plan: not dropped or moved)."""
    view = app.plans().planned(week_start(today))
    if view is None:
        return []
    sessions = {s.key for s in view.week.sessions if s.day == today}
    out = []
    for adjustment in view.adjustments:
        if adjustment.rule == "prompts" and adjustment.session in sessions:
            title, body = compose.prompt(today, adjustment)
            key = f"{today.isoformat()}:{adjustment.adjustment_id}"
            out.append(_message("prompt", key, title, body, stamp, kind="prompts"))
    return out


def _message(
    prefix: str, suffix: str, title: str, body: str, stamp: float, *, kind: str | None = None
) -> Message:
    return Message(f"{prefix}:{suffix}", kind or prefix, title, body, stamp)

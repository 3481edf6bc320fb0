"""Figures for `runlift status`: where things are and what the store holds (stable JSON, docs/cli.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from runlift import __version__
from runlift.domain.events import EVENT_TYPES, INDEX_EVENT_TYPES
from runlift.projections.duplicates import Duplicates
from runlift.projections.first_day import HistoryStart
from runlift.queries import training
from runlift.queries.eventlog import athlete_of
from runlift.queries.figures import last_data_day, left_out
from runlift.queries.reader import Sources
from runlift.storage.daemon_state import read_state
from runlift.storage.log import notifications


def report(app: Sources, as_of: date | None = None) -> dict[str, Any]:
    """`runlift status --json` and the API's /api/status: what the store holds, and the training figures
    of `as_of` (default: today in the athlete's time zone)."""
    figures = collect(app)
    figures["training"] = training_of(app, as_of)
    return figures


def training_of(app: Sources, as_of: date | None = None) -> dict[str, Any]:
    """The training part of `report`: the figures of `as_of`, or of today (of the last day with data
    when that ends more than [status] stale_after_days ago), with where the data ends."""
    today = training.today(app)
    settings = app.projection_settings()
    last, left = training.read_views(
        app, lambda conn: (last_data_day(conn, settings), left_out(conn, settings))
    )
    stale_after = app.settings.config.status.stale_after_days
    stale = as_of is None and last is not None and (today - last).days > stale_after
    day = last if stale and last is not None else (as_of or today)
    figures = training.snapshot(app, day)
    figures["data"] = {
        "last_day": None if last is None else last.isoformat(),
        "today": today.isoformat(),
        "stale": stale,
        "note": _note(last, today, stale, str(app.settings.home.drop)),
        "left_out": _left_out(left, settings.history_start),
    }
    return figures


# How the facts left out are counted: a session's sets and samples go with it.
_LEFT_OUT_KINDS = {
    "run": "sessions",
    "other": "sessions",
    "strength": "sessions",
    "sleep": "nights",
    "wellness": "readings",
    "checkin": "check_ins",
}
_WHY = {"fit_power_on": "a device clock never set", "first_day": "your [athlete] first_day"}


def _left_out(counts: dict[str, int], start: HistoryStart) -> dict[str, Any]:
    """The facts dated before the athlete's history: stored, shown by `runlift events`, but in no figure."""
    by_kind = dict.fromkeys(_LEFT_OUT_KINDS.values(), 0)
    for kind, count in counts.items():
        by_kind[_LEFT_OUT_KINDS[kind]] += count
    total = sum(by_kind.values())
    note = None
    if total:
        plural = {kind: kind.replace("_", "-") for kind in by_kind}  # "check-ins"
        said = [f"{n} {plural[k] if n > 1 else plural[k][:-1]}" for k, n in by_kind.items() if n]
        listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
        note = (
            f"left out {listed} dated before {start.before.isoformat()} ({_WHY[start.rule]}): "
            f"`runlift events` shows {'it' if total == 1 else 'them'}"
        )
    return {
        "count": total,
        "by_kind": by_kind,
        "before": start.before.isoformat(),
        "rule": start.rule,
        "note": note,
    }


def _note(last: date | None, today: date, stale: bool, drop: str) -> str | None:
    """What to do when there is no data, or none lately."""
    catch_up = f"import recent files (`runlift import PATH`, or drop them into {drop})"
    if last is None:
        return f"no training data yet: {catch_up.replace('recent ', '')}"
    if stale:
        return (
            f"your data ends on {last.isoformat()}, {(today - last).days} days ago: these are the "
            f"figures of that day. `runlift status --as-of DAY` shows another day; {catch_up} to see "
            "today's"
        )
    return None


def collect(app: Sources) -> dict[str, Any]:
    """Counts of the athlete's stored events by type, files imported and rejected, and the home's
    folders."""
    by_topic: dict[str, int] = {}
    athlete = app.settings.athlete_id
    for application in app.event_logs:
        for notification in notifications(application.recorder):
            if athlete_of(application, notification) == athlete:  # a store may be shared
                by_topic[notification.topic] = by_topic.get(notification.topic, 0) + 1
    by_type = {name: 0 for name in sorted(EVENT_TYPES)}
    for topic, count in by_topic.items():
        name = topic.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
        by_type[name] = by_type.get(name, 0) + count
    index = {name: n for name, n in by_type.items() if name in INDEX_EVENT_TYPES}
    home = app.settings.home
    return {
        "version": __version__,
        "home": str(home.root),
        "store": app.store.display,
        "backend": app.store.backend,
        "athlete_id": app.settings.athlete_id,
        "files": {
            "imported": by_type.get("FileImported", 0),
            "rejected": by_type.get("FileRejected", 0),
            "waiting_in_drop_folder": _count_files(home.drop),
            "in_failed_folder": len(list(home.failed.glob("*.error.txt"))),
        },
        "duplicates": {
            "groups": len(Duplicates.of(app.history).groups()),
            "how": "workouts recorded in more than one file; only each group's primary counts",
        },
        "events": {
            "total": sum(n for name, n in by_type.items() if name not in INDEX_EVENT_TYPES),
            "by_type": by_type,
            # runlift's own indexes (sessions by day, facts by identity), not in the total
            "index": {
                "total": sum(index.values()),
                "by_type": index,
            },
        },
        "daemon": read_state(home.root, app.settings.config.daemon.heartbeat_s),
    }


def _count_files(folder: Any) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0

"""Figures for `runlift status`: where things are and what the store holds (stable JSON, docs/cli.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from runlift import __version__
from runlift.domain.events import EVENT_TYPES
from runlift.projections.duplicates import Duplicates
from runlift.queries import training
from runlift.queries.eventlog import athlete_of
from runlift.queries.reader import Sources
from runlift.storage.daemon_state import read_state
from runlift.storage.log import notifications


def report(app: Sources, as_of: date | None = None) -> dict[str, Any]:
    """`runlift status --json` and the API's /api/status: what the store holds, and the training figures
    of `as_of` (default: today in the athlete's time zone)."""
    figures = collect(app)
    figures["training"] = training.snapshot(app, as_of or training.today(app))
    return figures


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
        "events": {"total": sum(by_topic.values()), "by_type": by_type},
        "daemon": read_state(home.root, app.settings.config.daemon.heartbeat_s),
    }


def _count_files(folder: Any) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0

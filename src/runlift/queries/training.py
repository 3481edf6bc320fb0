"""What the CLI and the dashboard API read of training: today's date, the status snapshot, the views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection

from runlift.queries import figures
from runlift.queries.reader import Sources

T = TypeVar("T")


def today(app: Sources) -> date:
    """Today in the athlete's time zone."""
    return datetime.now(app.settings.config.athlete.zone).date()


def read_views(app: Sources, read: Callable[[Connection], T]) -> T:
    """Catch the read models up, then read them."""
    projections = app.projections()
    projections.catch_up()
    with projections.engine.connect() as conn:
        return read(conn)


def snapshot(app: Sources, as_of: date) -> dict[str, Any]:
    """What `status` shows about training on a day (the views caught up first)."""
    return read_views(app, lambda conn: figures.snapshot(conn, app.projection_settings(), as_of))

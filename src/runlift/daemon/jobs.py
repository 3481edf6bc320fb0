"""The scheduled jobs as plain functions of a home: the scheduler, the CLI and tests all call them."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import select

from runlift.bootstrap import bootstrap
from runlift.notify import queue_due, send_configured
from runlift.projections.load import week_start
from runlift.settings import Settings

log = logging.getLogger(__name__)

# The protein window after a resistance session (docs/coaching.md rule 11).
PROTEIN_WINDOW = timedelta(hours=2)


def _today(app: Any) -> date:
    return datetime.now(app.settings.config.athlete.zone).date()


def nightly_replan(home: str, day: str | None = None) -> list[str]:
    """Catch the projections up, then re-plan `day` (default: today in the athlete's zone) and send the
    notifications it made due; the reasons of the adjustments it added."""
    with bootstrap(Path(home)) as app:
        target = date.fromisoformat(day) if day else _today(app)
        added = app.plans().replan(target)
        queue_due(app)
        settings = app.settings
    for adjustment in added:
        log.info("plan %s: [%s] %s", target, adjustment.rule, adjustment.reason)
    _send(settings)
    return [a.reason for a in added]


def weekly_plan(home: str, day: str | None = None) -> str:
    """Generate next week's plan (its block decided by periodisation; reassessment and the other rules
    run on its Monday); the Monday generated."""
    with bootstrap(Path(home)) as app:
        today = date.fromisoformat(day) if day else _today(app)
        monday = week_start(today) + timedelta(days=7)
        plans = app.plans()
        plans.ensure_week(monday)
        plans.replan(monday)
        queue_due(app)
        settings = app.settings
    log.info("plan generated for the week of %s", monday)
    _send(settings)
    return monday.isoformat()


# A job sending what it queued waits this long for another sender (the daemon's courier) to finish.
SEND_WAIT_S = 30.0


def _send(settings: Settings) -> None:
    """Send what a job queued (never raises: a target that fails is retried by the daemon's courier)."""
    if settings.config.notify.urls:
        summary = send_configured(settings, wait_s=SEND_WAIT_S)
        if summary.sent:
            log.info("notifications: %d sent", summary.sent)


def protein_reminders(home: str, now: str | None = None) -> list[str]:
    """Reminders for resistance sessions that ended within the protein window (1-2 h): the texts."""
    with bootstrap(Path(home)) as app:
        projections = app.projections()
        projections.catch_up()
        moment = (
            datetime.fromisoformat(now) if now else datetime.now(app.settings.config.athlete.zone)
        )
        s = rm.session.c
        with projections.engine.connect() as conn:
            rows = conn.execute(
                select(s.session, s.start_utc, s.elapsed_s, s.title).where(
                    s.athlete_id == app.settings.athlete_id,
                    s.kind == "strength",
                    s.primary_session == s.session,
                    s.local_day >= (moment - PROTEIN_WINDOW).date() - timedelta(days=1),
                )
            ).all()
    texts = []
    for row in rows:
        start = (
            row.start_utc if row.start_utc.tzinfo else row.start_utc.replace(tzinfo=moment.tzinfo)
        )
        ended = start + timedelta(seconds=row.elapsed_s)
        if timedelta(0) <= moment - ended <= PROTEIN_WINDOW:
            text = f"{row.title or 'Strength session'} ended {ended:%H:%M}: a protein-rich meal within 1-2 h"
            log.info("reminder: %s", text)
            texts.append(text)
    return texts

"""What the athlete tells runlift: `runlift checkin` and `runlift injury flag|clear`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from runlift.cli.support import DAY, open_runlift, out
from runlift.domain.checkins import Report
from runlift.queries.training import today

SCALE = click.IntRange(1, 5)


@click.command()
@click.option(
    "--day", type=click.DateTime(["%Y-%m-%d"]), help="The day (default: today, your time zone)."
)
@click.option("--mood", type=SCALE, help="1 (low) to 5 (great).")
@click.option("--energy", type=SCALE, help="1 (drained) to 5 (full of energy).")
@click.option("--soreness", type=SCALE, help="1 (none) to 5 (very sore).")
@click.option("--joint-pain", type=SCALE, help="1 (none) to 5 (severe).")
@click.option("--pain-site", help="Where it hurts (e.g. 'left knee').")
@click.option("--note", help="Anything else worth remembering about the day.")
@click.pass_context
def checkin(ctx: click.Context, /, day: datetime | None, **answers: Any) -> None:
    """Record how you feel: mood, energy, soreness, joint pain (1-5) and a note, for today or --day."""
    report = Report(**answers)
    if report.empty:
        raise click.UsageError(
            "say something: --mood, --energy, --soreness, --joint-pain, --pain-site or --note"
        )
    with open_runlift(ctx) as app:
        local_day = day.date() if day else datetime.now(app.settings.config.athlete.zone).date()
        app.journal.check_in(local_day, report)
        app.projections().catch_up()
    out.print(f"check-in recorded for {local_day.isoformat()}", highlight=False)


@click.group()
def injury() -> None:
    """Flag or clear an injured body part: the plan goes into injury mode for it (rule 8)."""


@injury.command()
@click.argument("part")
@click.option("--note", help="Anything worth remembering about it.")
@click.option("--day", type=DAY, help="Since when (default: today).")
@click.pass_context
def flag(ctx: click.Context, part: str, note: str | None, day: datetime | None) -> None:
    """Flag PART (e.g. 'left knee'): runs are cut and its loaded lifts become isometric holds."""
    with open_runlift(ctx) as app:
        when = _day(day, today(app))
        app.plans().flag_injury(part, when, note)
    out.print(
        f"{part} flagged from {when}; `runlift plan` shows the adjusted week", highlight=False
    )


@injury.command()
@click.argument("part")
@click.option("--day", type=DAY, help="Since when (default: today).")
@click.pass_context
def clear(ctx: click.Context, part: str, day: datetime | None) -> None:
    """Clear a flagged PART."""
    with open_runlift(ctx) as app:
        when = _day(day, today(app))
        app.plans().clear_injury(part, when)
    out.print(f"{part} cleared from {when}", highlight=False)


def _day(value: datetime | None, fallback: date) -> date:
    return value.date() if value else fallback

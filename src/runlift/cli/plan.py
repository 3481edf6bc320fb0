"""The plan commands: `runlift plan` (the week), `plan explain`, `plan replan` and `plan export`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import click

from runlift.cli import render_plan
from runlift.cli.notify import send_now
from runlift.cli.support import DAY, open_runlift, out
from runlift.notify import queue_due
from runlift.plans import fit_workouts
from runlift.plans.ics import KINDS, weeks_ics
from runlift.plans.service import adjustment_json
from runlift.projections.load import week_start
from runlift.queries.training import today


def _day(value: datetime | None, fallback: date) -> date:
    return value.date() if value else fallback


@click.group(invoke_without_command=True)
@click.option("--week", "week", type=DAY, help="A day of the week to show (default: this week).")
@click.option("--json", "as_json", is_flag=True, help="Print the week as JSON (docs/cli.md).")
@click.pass_context
def plan(ctx: click.Context, week: datetime | None, as_json: bool) -> None:
    """The week's plan: each session's prescription and every adjustment with its reason."""
    if ctx.invoked_subcommand is not None:
        return
    with open_runlift(ctx) as app:
        now = today(app)
        plans = app.plans()
        if week is None:
            plans.replan(
                now
            )  # the nightly job, if it has not run today (running it again adds nothing)
        view = plans.view(week_start(_day(week, now)))
    if as_json:
        click.echo(json.dumps(view.as_json(), indent=2))
    else:
        out.print(render_plan.week_table(view), highlight=False)


@plan.command()
@click.argument("day", type=DAY)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def explain(ctx: click.Context, day: datetime, as_json: bool) -> None:
    """Why DAY's sessions are what they are: the template's prescription and each rule that changed it."""
    with open_runlift(ctx) as app:
        view = app.plans().view(week_start(day.date()))
    key_day = day.date().isoformat()
    planned = [s for s in view.generated.sessions if s.day == day.date()]
    now = [s for s in view.week.sessions if s.day == day.date()]
    changes = [a for a in view.adjustments if a.session.startswith(key_day)]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "day": key_day,
                    "block": view.week.block,
                    "template": [s.to_dict() for s in planned],
                    "sessions": [s.to_dict() for s in now],
                    "adjustments": [adjustment_json(a) for a in changes],
                },
                indent=2,
            )
        )
        return
    out.print(f"{key_day} ({view.week.block} block)", highlight=False)
    out.print(
        "template: " + ("; ".join(render_plan.describe(s) for s in planned) or "nothing"),
        highlight=False,
    )
    if not changes:
        out.print("no rule changed it", highlight=False)
    for a in changes:
        figures = ", ".join(f"{k}={v}" for k, v in a.figures.items() if v is not None)
        suffix = f" ({figures})" if figures else ""
        out.print(f"- [{a.rule}] on {a.on_day}: {a.reason}{suffix}", highlight=False, markup=False)
    out.print(
        "now: " + ("; ".join(render_plan.describe(s) for s in now) or "nothing"), highlight=False
    )
    for s in now:
        for e in s.exercises:
            if e.basis:
                out.print(f"  {e.name}: {e.basis}", highlight=False, markup=False)
        for note in s.notes:
            out.print(f"  {s.title}: {note}", highlight=False, markup=False)


@plan.command()
@click.option("--day", type=DAY, help="The day to plan for (default: today).")
@click.pass_context
def replan(ctx: click.Context, day: datetime | None) -> None:
    """Run the nightly re-plan now: match what was done, apply the rules, record new adjustments."""
    with open_runlift(ctx) as app:
        target = _day(day, today(app))
        added = app.plans().replan(target)
        queue_due(app)  # the new adjustments, as the nightly job would tell them
        settings = app.settings
    out.print(f"{len(added)} new adjustment(s) for {target}", highlight=False)
    for a in added:
        out.print(f"- [{a.rule}] {a.reason}", highlight=False, markup=False)
    send_now(settings)  # a failure is a warning; the plan was re-planned all the same


@plan.command()
@click.option(
    "--ics",
    "ics_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an iCalendar feed of the sessions to FILE.",
)
@click.option(
    "--fit",
    "fit_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a FIT workout file per run and lift of the week into DIR.",
)
@click.option("--week", "week", type=DAY, help="A day of the week to export (default: this week).")
@click.option(
    "--weeks",
    type=click.IntRange(1, 52),
    default=1,
    show_default=True,
    help="ICS: that week and the weeks planned before it, this many in all.",
)
@click.option(
    "--run-at",
    type=click.DateTime(["%H:%M"]),
    default="07:00",
    show_default=True,
    help="ICS: local time the day's run starts.",
)
@click.pass_context
def export(
    ctx: click.Context,
    ics_file: Path | None,
    fit_dir: Path | None,
    week: datetime | None,
    weeks: int,
    run_at: datetime,
) -> None:
    """Export the week's sessions: an iCalendar feed (--ics) and FIT workouts for a watch (--fit)."""
    if ics_file is None and fit_dir is None:
        raise click.UsageError("give --ics FILE, --fit DIR or both")
    with open_runlift(ctx) as app:
        now = today(app)
        plans = app.plans()
        if week is None:
            plans.replan(now)  # as `runlift plan` does: the week as tonight's re-plan leaves it
        else:
            plans.projections.catch_up()  # a week generated now reads the lifts' e1RMs
        start = week_start(_day(week, now))
        earlier = [start - timedelta(days=7 * k) for k in range(weeks - 1, 0, -1)]
        # Weeks never planned are skipped, not generated after the fact.
        starts = [s for s in earlier if plans.planner.week(s) is not None] + [start]
        views = [plans.view(s) for s in starts]
        zone = app.settings.config.athlete.zone
        calendar_id = plans.athlete_id
    if ics_file is not None:
        data = weeks_ics(views, zone, run_at=run_at.time(), calendar_id=calendar_id)
        ics_file.parent.mkdir(parents=True, exist_ok=True)
        partial = ics_file.with_name(ics_file.name + ".partial")
        partial.write_bytes(data)
        partial.replace(ics_file)  # whole, for a calendar reading the file as it is rewritten
        count = sum(1 for v in views for s in v.week.sessions if s.kind in KINDS)
        out.print(
            f"{ics_file}: {count} session(s) from {starts[0]} to {start + timedelta(days=6)}",
            highlight=False,
            markup=False,
        )
    if fit_dir is not None:
        for path in fit_workouts.write_week(views[-1].week, fit_dir):
            out.print(str(path), highlight=False, markup=False)

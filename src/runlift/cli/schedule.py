"""`runlift schedule`: the scheduled jobs, when they run next, and running one by hand."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import import_module
from typing import Any

import click
from rich.markup import escape

from runlift.cli.support import open_runlift, out
from runlift.daemon import scheduler as sched

JOBS = {"nightly-replan", "weekly-plan", "protein-reminders"}


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the jobs as JSON.")
@click.pass_context
def schedule(ctx: click.Context, as_json: bool) -> None:
    """The scheduled jobs (the daemon runs them; missed runs run once when it starts)."""
    if ctx.invoked_subcommand is not None:
        return
    with open_runlift(ctx) as app:
        specs = sched.job_specs(app.settings)
        scheduler = sched.offline(app.settings, app.store)
        sched.start(scheduler, specs, str(app.settings.home.root), paused=True)
        try:
            jobs = [
                {
                    "id": job.id,
                    "job": job.id.split(":", 1)[1],
                    "what": job.name,
                    "trigger": str(job.trigger),
                    "next_run": job.next_run_time.isoformat() if job.next_run_time else None,
                }
                for job in scheduler.get_jobs()
                if job.id in {s.id for s in specs}
            ]
        finally:
            scheduler.shutdown(wait=False)
    if as_json:
        click.echo(json.dumps(jobs, indent=2))
        return
    from runlift.cli.tables import FitTable

    table = FitTable("job", "what", "when", "next run")
    for job in jobs:
        table.add_row(job["job"], job["what"], escape(job["trigger"]), _when(job["next_run"]))
    out.print(table)


def _when(next_run: str | None) -> str:
    """A run's time to the minute, with its UTC offset (`--json` has it to the microsecond)."""
    if next_run is None:
        return "-"
    return datetime.fromisoformat(next_run).isoformat(" ", timespec="minutes")


@schedule.command()
@click.argument("job", type=click.Choice(sorted(JOBS)))
@click.option("--day", help="The day (YYYY-MM-DD) the job runs for (default: today).")
@click.pass_context
def run(ctx: click.Context, job: str, day: str | None) -> None:
    """Run one job now, as the scheduler would."""
    with open_runlift(ctx) as app:
        spec = next(s for s in sched.job_specs(app.settings) if s.id.endswith(f":{job}"))
        home = str(app.settings.home.root)
    module, name = spec.func.split(":")
    result: Any = getattr(import_module(module), name)(home, day)
    out.print(f"{job}: {json.dumps(result)}", highlight=False, markup=False)

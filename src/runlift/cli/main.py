"""The `runlift` command group: the global options, and every command family added to it."""

from __future__ import annotations

from pathlib import Path

import click

from runlift import __version__
from runlift.cli import (
    daemon,
    demo,
    exercises,
    imports,
    journal,
    plan,
    schedule,
    setup,
    status,
    training,
    web,
)
from runlift.cli.errors import RunliftGroup


@click.group(cls=RunliftGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="runlift")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="RUNLIFT_HOME",
    help="The runlift home (config, drop folder, done/, failed/, SQLite store). "
    "Default: $RUNLIFT_HOME, else the per-user data directory.",
)
@click.pass_context
def main(ctx: click.Context, home: Path | None) -> None:
    """runlift: your runs, lifts, sleep and recovery in one event log, and a plan that adapts."""
    ctx.obj = home


for command in (
    setup.init,
    demo.demo,
    imports.import_,
    imports.events,
    journal.checkin,
    exercises.exercises,
    imports.duplicates,
    setup.plugins,
    status.status_,
    setup.config,
    training.history,
    training.rebuild,
    plan.plan,
    journal.injury,
    schedule.schedule,
    daemon.daemon,
    web.serve,
):
    main.add_command(command)

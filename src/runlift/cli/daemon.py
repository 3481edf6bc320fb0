"""`runlift daemon`: the long-running process that imports dropped files and runs the scheduled jobs."""

from __future__ import annotations

import sys

import click

from runlift.cli.support import EXIT_USAGE, err
from runlift.daemon import logs
from runlift.daemon.runner import AlreadyRunning, open_daemon
from runlift.settings import ConfigError
from runlift.storage.persistence import StoreURLError


@click.command()
@click.option(
    "--once", is_flag=True, help="Import what is in the drop folder, run due jobs, and exit."
)
@click.option(
    "--poll/--no-poll",
    default=None,
    help="Watch by polling (network drives, container mounts). Default: [daemon] poll.",
)
@click.option("--json-logs", is_flag=True, help="Log JSON lines instead of readable text.")
@click.pass_context
def daemon(ctx: click.Context, once: bool, poll: bool | None, json_logs: bool) -> None:
    """Watch the drop folder: import each complete file once, move it to done/ (or failed/ with its
    reason), keep the training views current and run the scheduled jobs, until SIGTERM or Ctrl-C."""
    try:
        runner = open_daemon(ctx.obj, once=once, poll=poll)
    except (ConfigError, StoreURLError) as exc:
        err.print(f"[red]configuration error:[/] {exc}", highlight=False)
        sys.exit(EXIT_USAGE)
    logs.configure(runner.home.root, runner.config, json_lines=json_logs)
    try:
        status = runner.run()
    except AlreadyRunning as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        status = EXIT_USAGE
    finally:
        runner.app.close()
    sys.exit(status)

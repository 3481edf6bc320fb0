"""`runlift daemon`: the long-running process that imports dropped files and runs the scheduled jobs."""

from __future__ import annotations

import click

from runlift.daemon import logs
from runlift.daemon.runner import open_daemon


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
    runner = open_daemon(ctx.obj, once=once, poll=poll)
    logs.configure(runner.home.root, runner.config, json_lines=json_logs)
    try:
        status = runner.run()
    finally:
        runner.app.close()
    ctx.exit(status)

"""The `runlift` command group: the global options, and every command, loaded when it is run.

A command's module (and what it imports: the store, the web server, the daemon) is imported only when that
command runs, so `runlift --help` and each command pay only for what they use (docs/benchmarks.md, "Command
line start-up"). The listing's one-line helps are kept here; tests/unit/test_cli_commands.py checks that
they are each command's own.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click

from runlift.cli.errors import RunliftGroup

# name: (module under runlift.cli, attribute, the first sentence of its help, which `runlift --help` shortens)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "checkin": (
        "journal",
        "checkin",
        "Record how you feel: mood, energy, soreness, joint pain (1-5) and a note, for today or --day.",
    ),
    "club": (
        "club",
        "club",
        "A club's athletes, each a runlift home of their own, served from one place (docs/club.md).",
    ),
    "config": (
        "setup",
        "config",
        "The effective configuration (defaults merged with the home's runlift.toml), as JSON.",
    ),
    "daemon": (
        "daemon",
        "daemon",
        "Watch the drop folder: import each complete file once, move it to done/ (or failed/ with its reason), "
        "keep the training views current and run the scheduled jobs, until SIGTERM or Ctrl-C.",
    ),
    "demo": (
        "demo",
        "demo",
        "Fill a new home with a runner who lifts: WEEKS of watch files and a Hevy CSV up to yesterday.",
    ),
    "duplicates": (
        "imports",
        "duplicates",
        "Workouts that arrived in several files: each group, its primary record, and why they were linked.",
    ),
    "events": (
        "imports",
        "events",
        "The audit log: every stored event of the athlete, oldest first.",
    ),
    "exercises": (
        "exercises",
        "exercises",
        'Every exercise in your files: its catalogue match (or "unmatched"), the names apps wrote, sessions.',
    ),
    "history": (
        "training",
        "history",
        "Time series of the read models: load, readiness, one lift's progression, or muscle fatigue.",
    ),
    "import": (
        "imports",
        "import_",
        "Import files, folders (recursively) and .zip archives (e.g. a whole Garmin export).",
    ),
    "init": (
        "setup",
        "init",
        "Create the runlift home: folders and a runlift.toml with a new athlete id.",
    ),
    "injury": (
        "journal",
        "injury",
        "Flag or clear an injured body part: the plan goes into injury mode for it (rule 8).",
    ),
    "notify": (
        "notify",
        "notify",
        "The notifications: each target, the messages waiting to be sent and the latest sent.",
    ),
    "plan": (
        "plan",
        "plan",
        "The week's plan: each session's prescription and every adjustment with its reason.",
    ),
    "plugins": (
        "setup",
        "plugins",
        "The importer plugins: name, version, formats and where each was loaded from.",
    ),
    "rebuild": (
        "training",
        "rebuild",
        "Recompute read models from scratch: every one (replaying the events) or the derived ones named "
        "(training_load, readiness, strength, muscles are recomputed from the facts; facts replays the "
        "events).",
    ),
    "schedule": (
        "schedule",
        "schedule",
        "The scheduled jobs (the daemon runs them; missed runs run once when it starts).",
    ),
    "serve": (
        "web",
        "serve",
        "Serve the dashboard (pages at /, JSON API at /api/, pushed files) until Ctrl-C or SIGTERM.",
    ),
    "status": (
        "status",
        "status_",
        "Today's training load, readiness and lifts, and what the store holds.",
    ),
}


class LazyGroup(RunliftGroup):
    """A group whose commands are imported when run; its listing comes from COMMANDS."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(import_module(f"runlift.cli.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line helps, shortened as click shortens them, without importing
        one."""
        width = formatter.width - 6 - max(len(name) for name in COMMANDS)
        # A stand-in with the command's help shortens it as the command itself would.
        rows = [
            (name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(width))
            for name in sorted(COMMANDS)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="runlift", prog_name="runlift")
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

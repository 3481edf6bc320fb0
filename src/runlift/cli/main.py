"""The `runlift` command line: parse arguments, call bootstrapped services, print (JSON is documented)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from runlift import __version__
from runlift.cli import daemon as cli_daemon
from runlift.cli import plan as cli_plan
from runlift.cli import render as display
from runlift.cli import render_training as display_training
from runlift.cli import schedule as cli_schedule
from runlift.cli import training as cli_training
from runlift.cli import web as cli_web
from runlift.cli.support import EXIT_REJECTED, EXIT_USAGE, err, out
from runlift.cli.support import open_runlift as _runlift
from runlift.domain.sessions import UnknownLink
from runlift.ingest.history import StoreFailed
from runlift.ingest.service import FileResult
from runlift.projections.duplicates import Duplicates, groups_json
from runlift.queries import eventlog, status
from runlift.settings import ConfigError, init_home, load_settings, resolve_home
from runlift.storage.persistence import StoreURLError, parse_store_url


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@click.option("--time-zone", help="IANA time zone of the athlete (default: this machine's).")
@click.pass_context
def init(ctx: click.Context, time_zone: str | None) -> None:
    """Create the runlift home: folders and a runlift.toml with a new athlete id."""
    home = resolve_home(ctx.obj)
    created = init_home(home, time_zone)
    try:
        settings = load_settings(home.root)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/] {exc}", highlight=False)
        sys.exit(EXIT_USAGE)
    verb = "created" if created else "already set up"
    out.print(f"runlift home {verb}: {home.root}", highlight=False)
    out.print(f"  config:      {home.config_file}", highlight=False)
    out.print(f"  drop folder: {home.drop}", highlight=False)
    out.print(f"  store:       {settings.database_url}", highlight=False)
    out.print(f"  athlete id:  {settings.athlete_id}", highlight=False)


@main.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (docs/cli.md).")
@click.option(
    "--force",
    is_flag=True,
    help="Import files already stored once more, as a new revision (e.g. after a plugin upgrade); "
    "the richer record of each session then counts.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Decoding worker processes (default: [import] workers; 0 there is one per CPU core).",
)
@click.pass_context
def import_(
    ctx: click.Context, paths: tuple[Path, ...], as_json: bool, force: bool, workers: int | None
) -> None:
    """Import files, folders (recursively) and .zip archives (e.g. a whole Garmin export).

    Exit status: 0 when every file went in (or was already in), 1 when any file was rejected.
    """
    with _runlift(ctx) as app, _progress(disabled=as_json) as progress:
        if workers is not None:
            app.workers = workers
        task = progress.add_task("importing", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def finished(result: FileResult) -> None:
            progress.update(task, advance=1, description=Path(result.file).name[:40])

        try:
            report = app.importer().import_paths(
                paths, on_start=started, on_result=finished, force=force
            )
        except StoreFailed as exc:
            progress.stop()
            err.print(f"[red]store error:[/] {exc}", highlight=False)
            sys.exit(EXIT_REJECTED)
        progress.update(task, description="updating training views")
        caught_up = app.projections().catch_up()
    if as_json:
        click.echo(json.dumps(display.import_json(report, caught_up), indent=2))
    else:
        out.print(display.import_table(report))
        for line in display.rejection_lines(report):
            out.print(line, style="red", highlight=False, markup=False)
        out.print(display.import_summary(report), highlight=False)
        out.print(display.catch_up_line(caught_up), highlight=False)
    sys.exit(0 if report.ok else EXIT_REJECTED)


@contextmanager
def _progress(*, disabled: bool) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=disabled,
    )
    with progress:
        yield progress


@main.command()
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (docs/cli.md).")
@click.pass_context
def events(ctx: click.Context, types: tuple[str, ...], as_json: bool) -> None:
    """The audit log: every stored event of the athlete, oldest first."""
    with _runlift(ctx) as app:
        try:
            athlete = app.settings.athlete_id
            records = eventlog.merged(
                eventlog.read_events(a, types, athlete_id=athlete) for a in app.event_logs
            )
        except eventlog.UnknownEventType as exc:
            raise click.BadParameter(str(exc), param_hint="--type") from None
    if as_json:
        for record in records:
            click.echo(json.dumps(record, separators=(",", ":")))
    else:
        out.print(display.events_table(records))


SCALE = click.IntRange(1, 5)


@main.command()
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
def checkin(
    ctx: click.Context,
    day: datetime | None,
    mood: int | None,
    energy: int | None,
    soreness: int | None,
    joint_pain: int | None,
    pain_site: str | None,
    note: str | None,
) -> None:
    """Record how you feel: mood, energy, soreness, joint pain (1-5) and a note, for today or --day."""
    if all(v is None for v in (mood, energy, soreness, joint_pain, pain_site, note)):
        raise click.UsageError(
            "say something: --mood, --energy, --soreness, --joint-pain, --pain-site or --note"
        )
    with _runlift(ctx) as app:
        local_day = day.date() if day else datetime.now(app.settings.config.athlete.zone).date()
        app.journal.check_in(
            local_day,
            mood=mood,
            energy=energy,
            soreness=soreness,
            joint_pain=joint_pain,
            pain_site=pain_site,
            note=note,
        )
        app.projections().catch_up()
    out.print(f"check-in recorded for {local_day.isoformat()}", highlight=False)


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.pass_context
def duplicates(ctx: click.Context, as_json: bool) -> None:
    """Workouts that arrived in several files: each group, its primary record, and why they were linked."""
    if ctx.invoked_subcommand is not None:
        return
    with _runlift(ctx) as app:
        groups = groups_json(app.history, Duplicates.of(app.history))
    if as_json:
        click.echo(json.dumps(groups, indent=2))
    else:
        out.print(display.duplicates_table(groups))


@duplicates.command()
@click.argument("link_id")
@click.option(
    "--reason", default="split by the athlete", help="Why the link is wrong (kept in history)."
)
@click.pass_context
def unlink(ctx: click.Context, link_id: str, reason: str) -> None:
    """Split a wrong link (LINK_ID from `runlift duplicates`): both records count again."""
    with _runlift(ctx) as app:
        try:
            app.history.unlink(link_id, reason)
        except UnknownLink as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            sys.exit(EXIT_USAGE)
    out.print(f"unlinked {link_id}", highlight=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """The importer plugins: name, version, formats and where each was loaded from."""
    with _runlift(ctx) as app:
        infos = app.registry().plugins
    if as_json:
        click.echo(json.dumps([display.plugin_json(p) for p in infos], indent=2))
    else:
        out.print(display.plugins_table(infos))


@main.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Figures for this day (default: today)."
)
@click.pass_context
def status_(ctx: click.Context, as_json: bool, as_of: datetime | None) -> None:
    """Today's training load, readiness and lifts, and what the store holds."""
    with _runlift(ctx) as app:
        figures = status.report(app, as_of.date() if as_of else None)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        out.print(display.status_panel(figures))
        for renderable in display_training.training(figures["training"]):
            out.print(renderable)


@main.command()
@click.pass_context
def config(ctx: click.Context) -> None:
    """The effective configuration (defaults merged with the home's runlift.toml), as JSON."""
    try:
        settings = load_settings(ctx.obj)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/] {exc}", highlight=False)
        sys.exit(EXIT_USAGE)
    effective: dict[str, Any] = settings.config.model_dump(mode="json", by_alias=True)
    try:
        effective["store"]["url"] = parse_store_url(settings.database_url).display
    except StoreURLError as exc:
        err.print(f"[red]configuration error:[/] {exc}", highlight=False)
        sys.exit(EXIT_USAGE)
    click.echo(json.dumps(effective, indent=2))


main.add_command(cli_training.history)
main.add_command(cli_training.rebuild)
main.add_command(cli_plan.plan)
main.add_command(cli_plan.injury)
main.add_command(cli_schedule.schedule)
main.add_command(cli_daemon.daemon)
main.add_command(cli_web.serve)

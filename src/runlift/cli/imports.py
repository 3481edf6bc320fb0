"""Getting files in and looking at what came: `runlift import`, `runlift events`, `runlift duplicates`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from runlift.cli import render
from runlift.cli.support import EXIT_REJECTED, err, open_runlift, out
from runlift.ingest.summary import ImportSummary
from runlift.spawn import Spawned

if TYPE_CHECKING:  # the store's modules load once the decoder is starting (`import_`)
    from runlift.bootstrap import Runlift
    from runlift.ingest.service import FileResult, ImportReport
    from runlift.projections.driver import CatchUp


@click.command(name="import")
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
    spare = Spawned()  # a decoder boots while this process loads and opens the store
    try:
        with open_runlift(ctx) as app:
            if workers is not None:
                app.workers = workers
            app.importer().adopt(spare)
            report, caught_up = import_with_progress(app, paths, force=force, quiet=as_json)
    finally:
        spare.discard()
    whole = ImportSummary.of(report.results)
    if as_json:
        click.echo(json.dumps(render.import_json(report, whole, caught_up), indent=2))
    else:
        out.print(render.import_table(report))
        for line in render.rejection_lines(whole):
            out.print(line, style="red", highlight=False, markup=False)
        out.print(render.import_summary(report, whole), highlight=False)
        out.print(render.catch_up_line(caught_up), highlight=False)
    ctx.exit(0 if report.ok else EXIT_REJECTED)


def import_with_progress(
    app: Runlift, paths: Sequence[Path], *, force: bool = False, quiet: bool = False
) -> tuple[ImportReport, CatchUp]:
    """Import `paths` with a progress bar on stderr (none when `quiet`), then catch the views up."""
    with _progress(disabled=quiet) as progress:
        task = progress.add_task("importing", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def finished(result: FileResult) -> None:
            progress.update(task, advance=1, description=Path(result.file).name[:40])

        def reading(name: str, read_bytes: int, size: int) -> None:
            # A large file an importer streams: how far into it, in the description.
            share = f"{read_bytes / size:.0%} of {_size(size)}" if size else ""
            progress.update(task, description=f"{Path(name).name[:24]} {share}")

        report = app.importer().import_paths(
            paths, on_start=started, on_result=finished, on_progress=reading, force=force
        )
        progress.update(task, description="updating training views")
        return report, app.projections().catch_up()


def _size(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size:,} bytes"


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


@click.command()
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (docs/cli.md).")
@click.pass_context
def events(ctx: click.Context, types: tuple[str, ...], as_json: bool) -> None:
    """The audit log: every stored event of the athlete, oldest first."""
    from runlift.queries import eventlog

    with open_runlift(ctx) as app:
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
        out.print(render.events_table(records))


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.pass_context
def duplicates(ctx: click.Context, as_json: bool) -> None:
    """Workouts that arrived in several files: each group, its primary record, and why they were linked."""
    if ctx.invoked_subcommand is not None:
        return
    from runlift.projections.duplicates import Duplicates, groups_json

    with open_runlift(ctx) as app:
        groups = groups_json(app.history, Duplicates.of(app.history))
    if as_json:
        click.echo(json.dumps(groups, indent=2))
    else:
        out.print(render.duplicates_table(groups))


@duplicates.command()
@click.argument("link_id")
@click.option(
    "--reason", default="split by the athlete", help="Why the link is wrong (kept in history)."
)
@click.pass_context
def unlink(ctx: click.Context, link_id: str, reason: str) -> None:
    """Split a wrong link (LINK_ID from `runlift duplicates`): both records count again."""
    with open_runlift(ctx) as app:
        app.history.unlink(link_id, reason)
    out.print(f"unlinked {link_id}", highlight=False)

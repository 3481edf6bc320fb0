"""`runlift demo`: a new home holding months of one runner who lifts, up to yesterday, imported as files."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import click

from runlift.cli import render
from runlift.cli.imports import import_with_progress
from runlift.cli.support import open_runlift, out
from runlift.demo.athlete import TIME_ZONE, ZONE
from runlift.demo.export import make_history, report
from runlift.demo.runs import MAX_HR
from runlift.ingest.summary import ImportSummary
from runlift.queries import eventlog
from runlift.settings import init_home, resolve_home

# The demo athlete has trained for years before the files begin: their fitness and loads are a trained
# runner's who lifts, not a beginner's.
YEARS_BEFORE = 3
EXPORT = "demo-export"


@click.command()
@click.option(
    "--weeks", type=click.IntRange(1, 520), default=16, show_default=True, help="Weeks of files."
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Another seed, another athlete."
)
@click.option(
    "--jobs", type=click.IntRange(1, 64), help="Processes writing the files (default: CPUs)."
)
@click.pass_context
def demo(ctx: click.Context, weeks: int, seed: int, jobs: int | None) -> None:
    """Fill a new home with a runner who lifts: WEEKS of watch files and a Hevy CSV up to yesterday.

    Writes real exports into <home>/demo-export (FIT runs with a record every second, strength sessions
    with their sets, nights with sleep stages, overnight HRV and resting HR, weigh-ins; the lifts also as
    Hevy's CSV), imports them as `runlift import` does and plans this week, so that `status`, `plan` and
    `serve` show a living athlete today.
    """
    home = resolve_home(ctx.obj)
    if init_home(home, TIME_ZONE):  # the demo athlete's heart: their files' maximum
        text = home.config_file.read_text(encoding="utf-8")
        home.config_file.write_text(
            text.replace("# max_hr_bpm = 190", f"max_hr_bpm = {MAX_HR}"), encoding="utf-8"
        )
    with open_runlift(ctx) as app:
        held = eventlog.read_latest(app.history, ["FileImported"], 1, app.settings.athlete_id)
        if held:
            raise click.UsageError(
                f"runlift demo fills a new home, and {home.root} already holds imported files: "
                "give it another (--home DIR)"
            )
        zone = app.settings.config.athlete.time_zone
        if (
            zone != TIME_ZONE
        ):  # the lifting app's CSV holds wall-clock times, read in the home's zone
            raise click.UsageError(
                f"the demo athlete lives in {TIME_ZONE}, and {home.root} is set to {zone} "
                "([athlete] time_zone): give the demo a new home (--home DIR)"
            )
        today = datetime.now(ZONE).date()
        first = today - timedelta(weeks=weeks)
        start = first.replace(year=first.year - YEARS_BEFORE)
        export = home.root / EXPORT
        out.print(f"writing {weeks} weeks of exports into {export} ...", highlight=False)
        summary = make_history(
            export, seed=seed, start=start, jobs=jobs, first=first, days=(today - start).days
        )
        out.print(report(summary), highlight=False)
        imported, caught_up = import_with_progress(app, [export])
        out.print(
            render.import_summary(imported, ImportSummary.of(imported.results)), highlight=False
        )
        out.print(render.catch_up_line(caught_up), highlight=False)
        app.plans().replan(today)
    out.print(
        "\nThe demo athlete is ready (their settings: "
        f"{home.config_file}). Try:\n"
        f"  runlift --home {_shown(home.root)} status\n"
        f"  runlift --home {_shown(home.root)} plan\n"
        f"  runlift --home {_shown(home.root)} serve",
        highlight=False,
    )


def _shown(path: Path) -> str:
    """The home as the user may type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)

"""The training commands: `runlift history load|readiness|lift|muscles` time series and `runlift rebuild`."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import click
from rich.table import Table
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from runlift.bootstrap import Runlift
from runlift.cli.errors import CommandFailed
from runlift.cli.support import DAY, open_runlift, out
from runlift.coaching.exercises import MUSCLES, catalogue
from runlift.projections.driver import NAMES
from runlift.projections.load import CHANNELS
from runlift.queries import figures
from runlift.queries.muscles import DAY_COLUMNS, muscle_series
from runlift.queries.training import read_views, snapshot, today


def _series_options(command: Any) -> Any:
    command = click.option("--from", "start", type=DAY, help="First day (YYYY-MM-DD).")(command)
    command = click.option("--to", "end", type=DAY, help="Last day (YYYY-MM-DD).")(command)
    command = click.option("--json", "as_json", is_flag=True, help="A JSON list of rows.")(command)
    return click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")(command)


@click.group()
def history() -> None:
    """Time series of the read models: load, readiness, one lift's progression, or muscle fatigue."""


@history.command()
@click.option("--channel", type=click.Choice(CHANNELS), help="One channel (default: all three).")
@_series_options
@click.pass_context
def load(
    ctx: click.Context,
    channel: str | None,
    start: datetime | None,
    end: datetime | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Daily load, fitness (CTL), fatigue (ATL), form (TSB) and acute:chronic ratio per channel."""
    from runlift.cli.render_history import load_table

    _series(
        ctx,
        lambda c, athlete: figures.load_series(c, athlete, *_days(start, end), channel),
        (as_json, as_csv),
        ("day", "channel", "load", "sessions", "distance_m", "ctl", "atl", "tsb", "acwr"),
        load_table,
    )


@history.command()
@_series_options
@click.pass_context
def readiness(
    ctx: click.Context, start: datetime | None, end: datetime | None, as_json: bool, as_csv: bool
) -> None:
    """Daily readiness score, band, confidence and reasons."""
    from runlift.cli.render_history import readiness_table

    _series(
        ctx,
        lambda c, athlete: figures.readiness_series(c, athlete, *_days(start, end)),
        (as_json, as_csv),
        ("day", "score", "band", "confidence", "reasons"),
        readiness_table,
    )


@history.command()
@click.argument("name")
@_series_options
@click.pass_context
def lift(
    ctx: click.Context,
    name: str,
    start: datetime | None,
    end: datetime | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """One exercise's sessions: e1RM (Epley, Brzycki), best set, top load, volume, completion."""
    from runlift.cli.render_history import lift_table

    with open_runlift(ctx) as app:
        rows = read_views(
            app, lambda c: figures.lift_series(c, app.settings.athlete_id, name, *_days(start, end))
        )
        if not rows:
            with app.projections().engine.connect() as conn:
                known = [
                    f"{exercise.name} ({exercise.id})"
                    for exercise in map(
                        catalogue().get, figures.exercises(conn, app.settings.athlete_id)
                    )
                    if exercise is not None
                ]
            raise CommandFailed(
                f"no sessions of {name!r}; exercises with sessions: {', '.join(known) or 'none'}"
            )
    _print(
        rows,
        as_json,
        as_csv,
        (
            "local_day",
            "name",
            "e1rm_epley_kg",
            "e1rm_brzycki_kg",
            "best_reps",
            "best_weight_kg",
            "top_weight_kg",
            "volume_kg",
            "work_sets",
            "completed",
        ),
        lift_table,
    )


@history.command()
@click.option(
    "--muscle", type=click.Choice(sorted(MUSCLES)), help="One muscle group (default: all)."
)
@_series_options
@click.pass_context
def muscles(
    ctx: click.Context,
    muscle: str | None,
    start: datetime | None,
    end: datetime | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Per day and muscle group: hard sets, volume, and the fatigue at the day's end with its cause."""
    from runlift.cli.render_history import muscles_table

    _series(
        ctx,
        lambda c, athlete: muscle_series(c, athlete, *_days(start, end), muscle),
        (as_json, as_csv),
        DAY_COLUMNS,
        muscles_table,
    )


def _series(
    ctx: click.Context,
    query: Callable[[Connection, str], list[dict[str, Any]]],
    formats: tuple[bool, bool],
    columns: tuple[str, ...],
    table: Callable[[list[dict[str, Any]]], Table],
) -> None:
    """Read one series of the athlete's views (`query(connection, athlete_id)`) and print it."""
    with open_runlift(ctx) as app:
        rows = read_views(app, lambda c: query(c, app.settings.athlete_id))
    _print(rows, *formats, columns, table)


def _days(start: datetime | None, end: datetime | None) -> tuple[date | None, date | None]:
    return (start.date() if start else None, end.date() if end else None)


def _print(
    rows: list[dict[str, Any]],
    as_json: bool,
    as_csv: bool,
    columns: tuple[str, ...],
    table: Callable[[list[dict[str, Any]]], Table],
) -> None:
    """JSON, CSV (`columns` head it when there are no rows), or the terminal's `table` of the rows."""
    if as_json:
        click.echo(json.dumps(rows, indent=2))
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(v) for k, v in row.items()})
    else:
        out.print(table(rows))


# Figures in a CSV to the thousandth: a load decayed to 1.58e-07 AU reads 0.0, not a float's last digits.
CSV_DECIMALS = 3


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, float):
        return str(round(value, CSV_DECIMALS) + 0.0)  # + 0.0: never "-0.0"
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@click.command()
@click.argument("names", nargs=-1, type=click.Choice(NAMES))
@click.option("--diff", is_flag=True, help="Show what changed in today's figures.")
@click.option("--as-of", type=DAY, help="Compare this day's figures instead of today's.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print what was done (and the changes) as JSON."
)
@click.pass_context
def rebuild(
    ctx: click.Context, names: tuple[str, ...], diff: bool, as_of: datetime | None, as_json: bool
) -> None:
    """Recompute read models from scratch: every one (replaying the events) or the derived ones named
    (training_load, readiness, strength, muscles are recomputed from the facts; facts replays the
    events)."""
    with open_runlift(ctx) as app:
        day = as_of.date() if as_of else today(app)
        projections = app.projections()
        before = _current(app, day) if diff else None
        done = projections.rebuild(names)
        after = snapshot(app, day) if diff else None
    changed = figures.changes(before, after) if diff else []
    if as_json:
        report: dict[str, Any] = {
            "rebuilt": list(names or NAMES),
            "events": done.events,
            "seconds": round(done.seconds, 3),
        }
        if diff:
            report["changes"] = [{"path": p, "before": b, "after": a} for p, b, a in changed]
        click.echo(json.dumps(report, indent=2))
        return
    out.print(
        f"rebuilt {', '.join(names or NAMES)}: {done.events} events in {done.seconds:.2f} s",
        highlight=False,
    )
    if diff:
        if not changed:
            out.print(f"the figures of {day} are unchanged", highlight=False)
        from runlift.cli.tables import FitTable

        table = FitTable("figure", "before", "after", title=f"changes on {day}")
        for path, b, a in changed:
            table.add_row(path, _cell(b), _cell(a))
        if changed:
            out.print(table)


def _current(app: Runlift, as_of: date) -> dict[str, Any] | None:
    """Today's figures as the views hold them now, before any version check resets them."""
    projections = app.projections()
    try:
        with projections.engine.connect() as conn:
            return figures.snapshot(conn, app.projection_settings(), as_of)
    except DBAPIError:  # no views yet (a new home): nothing to compare with
        return None

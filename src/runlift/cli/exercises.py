"""`runlift exercises`: every exercise seen and how it was matched; `map`, `unmap` and `find` to correct it."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from runlift.cli.support import open_runlift, out
from runlift.queries import exercises as queries


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.pass_context
def exercises(ctx: click.Context, as_json: bool) -> None:
    """Every exercise in your files: its catalogue match (or "unmatched"), the names apps wrote, sessions."""
    if ctx.invoked_subcommand is not None:
        return
    with open_runlift(ctx) as app:
        app.projections().catch_up()
        with app.projections().engine.connect() as conn:
            listed = queries.seen(conn, app.settings.athlete_id)
    if as_json:
        click.echo(json.dumps(listed, indent=2))
        return
    out.print(_seen_table(listed))


def _seen_table(listed: list[dict[str, Any]]) -> Table:
    """Each exercise (its id beside it), then a row per name apps and watches wrote for it, with its sets:
    the long names get the table's width, not a column of their own."""
    from runlift.cli.tables import FitTable

    table = FitTable("exercise (id), and the names written for it", "match", "sessions", "sets")
    for entry in listed:
        table.add_row(
            f"[bold]{escape(entry['name'])}[/] ({escape(entry['id'])})",
            entry["match"],
            str(entry["sessions"]),
            str(entry["sets"]),
        )
        for n in entry["names"]:
            category = f" [{n['category']}]" if n["category"] else ""
            table.add_row(escape(f"  {n['name']}{category}"), "", "", str(n["sets"]))
    return table


@exercises.command(name="map")
@click.argument("name")
@click.argument("exercise_id")
@click.pass_context
def map_(ctx: click.Context, name: str, exercise_id: str) -> None:
    """Record that NAME (as an app or watch writes it) is the exercise EXERCISE_ID; history regroups."""
    with open_runlift(ctx) as app:
        app.journal.map_exercise(name, exercise_id)
        app.projections().catch_up()
    out.print(f"{name} -> {exercise_id}", highlight=False, markup=False)


@exercises.command()
@click.argument("name")
@click.pass_context
def unmap(ctx: click.Context, name: str) -> None:
    """Withdraw the mapping of NAME: the catalogue matches it again."""
    with open_runlift(ctx) as app:
        app.journal.unmap_exercise(name)
        app.projections().catch_up()
    out.print(f"{name} unmapped", highlight=False, markup=False)


@exercises.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def find(text: str, as_json: bool) -> None:
    """Catalogue exercises whose id, name or an alias contains TEXT (the ids to map to)."""
    found = queries.search(text)
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    from runlift.cli.tables import FitTable

    table = FitTable("exercise (id)", "pattern, kind, equipment")
    for entry in found:
        table.add_row(
            f"[bold]{escape(entry['name'])}[/] ({escape(entry['id'])})",
            f"{entry['pattern']}, {entry['kind']}, {entry['equipment']}",
        )
    out.print(table)

"""`runlift status`: today's load, readiness and lifts, and what the store holds."""

from __future__ import annotations

import json
from datetime import datetime

import click

from runlift.cli import render, render_training
from runlift.cli.support import open_runlift, out
from runlift.queries import status


@click.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Figures for this day (default: today)."
)
@click.pass_context
def status_(ctx: click.Context, as_json: bool, as_of: datetime | None) -> None:
    """Today's training load, readiness and lifts, and what the store holds."""
    with open_runlift(ctx) as app:
        figures = status.report(app, as_of.date() if as_of else None)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        # Panels wrap their lines even when piped (a soft-wrapping console would cut them at the border).
        out.print(render.status_panel(figures), soft_wrap=False)
        for renderable in render_training.training(figures["training"]):
            out.print(renderable, soft_wrap=False)

"""Setting up: `runlift init`, `runlift config` and `runlift plugins`."""

from __future__ import annotations

import json
from typing import Any

import click

from runlift.cli import render
from runlift.cli.support import open_runlift, out
from runlift.settings import init_home, load_settings, resolve_home
from runlift.storage.persistence import parse_store_url


@click.command()
@click.option("--time-zone", help="IANA time zone of the athlete (default: this machine's).")
@click.pass_context
def init(ctx: click.Context, time_zone: str | None) -> None:
    """Create the runlift home: folders and a runlift.toml with a new athlete id."""
    home = resolve_home(ctx.obj)
    created = init_home(home, time_zone)
    settings = load_settings(home.root)
    verb = "created" if created else "already set up"
    out.print(f"runlift home {verb}: {home.root}", highlight=False)
    out.print(f"  config:      {home.config_file}", highlight=False)
    out.print(f"  drop folder: {home.drop}", highlight=False)
    out.print(f"  store:       {settings.database_url}", highlight=False)
    out.print(f"  athlete id:  {settings.athlete_id}", highlight=False)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """The importer plugins: name, version, formats and where each was loaded from."""
    with open_runlift(ctx) as app:
        infos = app.registry().plugins
    if as_json:
        click.echo(json.dumps([render.plugin_json(p) for p in infos], indent=2))
    else:
        out.print(render.plugins_table(infos))


@click.command()
@click.pass_context
def config(ctx: click.Context) -> None:
    """The effective configuration (defaults merged with the home's runlift.toml), as JSON."""
    settings = load_settings(ctx.obj)
    effective: dict[str, Any] = settings.config.model_dump(mode="json", by_alias=True)
    effective["store"]["url"] = parse_store_url(settings.database_url).display
    click.echo(json.dumps(effective, indent=2))

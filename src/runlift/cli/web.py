"""`runlift serve`: the dashboard (pages and API) on its own, without the drop-folder watcher."""

from __future__ import annotations

import click
from pydantic import ValidationError

from runlift.cli.support import open_runlift


@click.command()
@click.option("--host", help="Address to listen on (default: [web] host, 127.0.0.1).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port (default: [web] port, 8765; 0: any free port, printed at start).",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the dashboard (pages at /, JSON API at /api/, pushed files) until Ctrl-C or SIGTERM.

    Only this machine can connect unless [web] host says otherwise, which needs [web] token.
    """
    from runlift.settings import WebConfig
    from runlift.web.server import serve as run

    with open_runlift(ctx) as app:
        web = app.settings.config.web
        try:
            chosen = WebConfig.model_validate(
                web.model_dump()
                | {"host": host or web.host, "port": web.port if port is None else port}
            )
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise click.UsageError(problem) from None

        def announce(url: str) -> None:
            click.echo(f"dashboard on {url} (API docs: {url}api/docs); Ctrl-C stops it")

        run(app, chosen.host, chosen.port, chosen.token or None, announce)

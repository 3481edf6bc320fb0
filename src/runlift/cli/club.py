"""`runlift club`: one dashboard server for a club's athletes and their coaches (docs/club.md)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def club() -> None:
    """A club's athletes, each a runlift home of their own, served from one place (docs/club.md)."""


@club.command()
@click.argument(
    "club_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="CLUB_FILE"
)
@click.option("--host", help="Address to listen on (default: the club file's [web] host).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port (default: the club file's [web] port, 8766; 0: any free port, printed at start).",
)
def serve(club_file: Path, host: str | None, port: int | None) -> None:
    """Serve every athlete's dashboard under /athletes/NAME/ until Ctrl-C or SIGTERM.

    Each is read with the athlete's own token (which also writes) or a coach's (read only, for the
    athletes the club file lists under the coach); never with another athlete's.
    """
    from runlift.web.club import load_club
    from runlift.web.server import serve_club

    chosen = load_club(club_file)

    def announce(url: str) -> None:
        click.echo(f"club dashboards on {url} ({', '.join(chosen.homes)}); Ctrl-C stops it")

    serve_club(chosen, host or chosen.web.host, chosen.web.port if port is None else port, announce)


@club.command("check")
@click.argument(
    "club_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="CLUB_FILE"
)
def check(club_file: Path) -> None:
    """Check the club file: every home and token, and who may read whom."""
    from runlift.web.club import load_club

    chosen = load_club(club_file)
    for name, home in chosen.homes.items():
        click.echo(f"{name}: {home}")
    for coach, names in chosen.coaches.items():
        click.echo(f"coach {coach} reads: {', '.join(names)}")

"""What every CLI module shares: the consoles, exit codes, the day option type, and a wired runlift."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click
from rich.console import Console

from runlift.domain.errors import EXIT_REJECTED, EXIT_USAGE

if TYPE_CHECKING:
    from runlift.bootstrap import Runlift

__all__ = ["DAY", "EXIT_REJECTED", "EXIT_USAGE", "err", "open_runlift", "out"]

out = Console(soft_wrap=True)
err = Console(stderr=True)

DAY = click.DateTime(["%Y-%m-%d"])


@contextmanager
def open_runlift(ctx: click.Context) -> Iterator[Runlift]:
    """The runlift of the command's --home (closed afterwards); a configuration error propagates."""
    from runlift.bootstrap import bootstrap  # only commands that open the store pay for wiring it

    app = bootstrap(ctx.obj)
    try:
        yield app
    finally:
        app.close()

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


def _width_known(console: Console) -> bool:
    """A terminal, or $COLUMNS: every line is fitted to that width, wrapped between words. Piped without
    $COLUMNS, each message stays one line (for grep); tables and panels take rich's default 80 columns."""
    import os

    return console.is_terminal or os.environ.get("COLUMNS", "").isdigit()


out = Console()
out.soft_wrap = not _width_known(out)
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

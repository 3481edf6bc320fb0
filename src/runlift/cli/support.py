"""What every CLI module shares: the consoles, exit codes, and opening a wired runlift for a command."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console

from runlift.bootstrap import Runlift, bootstrap
from runlift.settings import ConfigError
from runlift.storage.persistence import StoreURLError

EXIT_REJECTED = 1
EXIT_USAGE = 2

out = Console(soft_wrap=True)
err = Console(stderr=True)


@contextmanager
def open_runlift(ctx: click.Context) -> Iterator[Runlift]:
    """The runlift of the command's --home; a configuration error exits with status 2 and its message."""
    try:
        app = bootstrap(ctx.obj)
    except (ConfigError, StoreURLError) as exc:
        err.print(f"[red]configuration error:[/] {exc}", highlight=False)
        sys.exit(EXIT_USAGE)
    try:
        yield app
    finally:
        app.close()

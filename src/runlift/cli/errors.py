"""The one place where an error the user can act on becomes a message on stderr and an exit status."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape

from runlift.cli.support import err
from runlift.domain.errors import RunliftError


class CommandFailed(RunliftError):
    """A command cannot do what it was asked; the message says why (exit status 2)."""


class RunliftGroup(click.Group):
    """A click group that turns any RunliftError raised below it into `label: message` and its exit status.

    Every layer's user-facing error derives from RunliftError (runlift.domain.errors) and carries its exit
    status (1: something was rejected, 2: usage or configuration) and label ("configuration error", "store
    error", "error"); commands just let them propagate.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RunliftError as exc:
            err.print(f"[red]{exc.label}:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise click.exceptions.Exit(exc.exit_status) from None

"""`runlift notify`: the notification targets and outbox, `notify test` and `notify send`."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import click
from rich.markup import escape

from runlift.cli.errors import CommandFailed
from runlift.cli.support import EXIT_REJECTED, err, open_runlift, out
from runlift.notify import Summary, queue_due, send_configured, send_test
from runlift.settings import Settings, load_settings

NOT_CONFIGURED = (
    "no notification URL is configured: add [notify] urls = [...] to {config} "
    '(e.g. urls = ["ntfy://ntfy.sh/your-topic"]; docs/notifications.md)'
)


def _configured(ctx: click.Context) -> Settings:
    settings = load_settings(ctx.obj)
    if not settings.config.notify.urls:
        raise CommandFailed(NOT_CONFIGURED.format(config=settings.home.config_file))
    return settings


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (docs/cli.md).")
@click.pass_context
def notify(ctx: click.Context, as_json: bool) -> None:
    """The notifications: each target, the messages waiting to be sent and the latest sent."""
    if ctx.invoked_subcommand is not None:
        return
    from runlift.notify.overview import overview

    settings = _configured(ctx)
    shown = overview(settings.home, settings.config.notify.urls)
    if as_json:
        click.echo(json.dumps(shown, indent=2))
        return
    for target in shown["targets"]:
        if target["failures"]:
            state = (
                f"[red]failing[/] ({target['failures']} in a row: {escape(target['error'] or '')}); "
                f"next try {_short(target['retry_at'])}"
            )
        else:
            state = f"ok (last sent {_short(target['last_ok'])})" if target["last_ok"] else "ok"
        out.print(f"{escape(target['target'])}: {state}", highlight=False)
    out.print(f"{len(shown['pending'])} message(s) waiting", highlight=False)
    for message in shown["pending"]:
        waiting = ", ".join(message["waiting_for"])
        out.print(
            f"- {_short(message['queued'])} {message['title']} (for {waiting})",
            highlight=False,
            markup=False,
        )
    if shown["sent"]:
        out.print("sent lately:", highlight=False)
    for message in shown["sent"]:
        out.print(
            f"- {_short(message['queued'])} {message['title']}", highlight=False, markup=False
        )


@notify.command()
@click.pass_context
def test(ctx: click.Context) -> None:
    """Send a test message to every configured URL, and say which took it (exit 1 if any failed)."""
    settings = _configured(ctx)
    outcomes = send_test(settings.config.notify.urls)
    for outcome in outcomes:
        if outcome.ok:
            out.print(f"[green]sent[/]    {escape(outcome.shown)}", highlight=False)
        else:
            out.print(
                f"[red]failed[/]  {escape(outcome.shown)}: {escape(outcome.error)}",
                highlight=False,
            )
    if not all(o.ok for o in outcomes):
        ctx.exit(EXIT_REJECTED)


@notify.command()
@click.pass_context
def send(ctx: click.Context) -> None:
    """Queue what is due and send the outbox now, failing targets too (exit 1 if a target failed)."""
    _configured(ctx)
    with open_runlift(ctx) as app:
        queued = queue_due(app)
        settings = app.settings
    _quiet_sender()
    summary = send_configured(settings, wait_s=SEND_WAIT_S, retry_now=True)
    out.print(f"{queued} queued, {summary.sent} sent, {summary.pending} waiting", highlight=False)
    if warn_unsent(summary):
        ctx.exit(EXIT_REJECTED)


# A command sending the outbox waits this long for another sender (the daemon) to finish its pass.
SEND_WAIT_S = 30.0


def send_now(settings: Settings) -> None:
    """Send the outbox after a command queued to it (`plan replan`): a failure is a warning, never the
    command's exit status; the daemon, or the next command, tries again."""
    if settings.config.notify.urls:
        _quiet_sender()
        warn_unsent(send_configured(settings, wait_s=SEND_WAIT_S))


def _quiet_sender() -> None:
    """The sender logs each failing target for the daemon's log; a command says so itself (warn_unsent),
    once. A handler of its own keeps Python's last-resort stderr handler from printing it again."""
    sender = logging.getLogger("runlift.notify.send")
    if not sender.handlers:
        sender.addHandler(logging.NullHandler())


def warn_unsent(summary: Summary) -> bool:
    """Print a warning for each target that failed (or a busy outbox); whether anything was left unsent."""
    if summary.busy:
        err.print(
            "[yellow]warning:[/] notifications: another runlift kept the outbox busy; what is queued "
            "waits for the next send (the daemon's, or `runlift notify send`)",
            highlight=False,
        )
    for failure in summary.failures:
        err.print(
            f"[yellow]warning:[/] notifications: {escape(failure.target)} failed "
            f"({escape(failure.error)}); tried again from {_short(_iso(failure.retry_at))}",
            highlight=False,
        )
    return summary.failed


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def _short(iso: str | None) -> str:
    """An instant in this machine's local time, to the minute."""
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")

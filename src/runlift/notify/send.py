"""Sending the outbox through Apprise: each message to each target once, a failing target retried later.

Network only: nothing here opens the store, so a sender may run in any thread while the store is used
elsewhere. Apprise is imported when something is sent (it takes a while to load).
"""

from __future__ import annotations

import hashlib
import logging
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runlift.notify import compose
from runlift.notify.outbox import Message, Outbox
from runlift.settings import Home, NotifyConfig, Settings, defaults

log = logging.getLogger(__name__)

TARGETS = "targets.json"
# A sender goes round again (up to this many passes) while messages were queued during its pass.
MAX_ROUNDS = 5


@dataclass(frozen=True)
class Retry:
    """When a failing target is tried again, and when a message nobody took is given up."""

    first_s: float
    max_s: float
    give_up_after_h: float  # 0: never

    @classmethod
    def of(cls, config: NotifyConfig) -> Retry:
        return cls(config.retry_first_s, config.retry_max_s, config.give_up_after_h)

    def delay(self, failures: int) -> float:
        """Seconds before the next try after `failures` failures in a row: doubling up to max_s."""
        return float(min(self.first_s * 2 ** max(0, failures - 1), self.max_s))


@dataclass(frozen=True)
class Failure:
    """A target that failed in a pass: where (as Apprise masks it), why, and when it is tried again."""

    target: str
    error: str
    retry_at: float


@dataclass
class Summary:
    """What one pass over the outbox did."""

    sent: int = 0  # deliveries: a message to a target
    messages_done: int = 0  # messages every target has taken (moved to sent/)
    failures: list[Failure] = field(default_factory=list)
    pending: int = 0  # messages left in the outbox
    retry_at: float | None = None  # the earliest time a failing target is due again
    expired: int = 0
    busy: bool = False  # another sender held the outbox

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def then(self, later: Summary) -> Summary:
        """This pass followed by a later one."""
        return Summary(
            sent=self.sent + later.sent,
            messages_done=self.messages_done + later.messages_done,
            failures=[*self.failures, *later.failures],
            pending=later.pending,
            retry_at=later.retry_at,
            expired=self.expired + later.expired,
        )


@dataclass(frozen=True)
class Outcome:
    """One target's answer to one message."""

    url: str
    shown: str  # the URL as Apprise shows it with its secrets masked
    ok: bool
    error: str = ""


def target_id(url: str) -> str:
    """A target's id in the outbox's files (the URL itself, secrets and all, is never written there)."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def send_pending(
    home: Home | Path | str,
    urls: Sequence[str],
    *,
    retry: Retry | None = None,
    wait_s: float = 0.0,
    now: float | None = None,
    retry_now: bool = False,
) -> Summary:
    """Send what waits in `<home>/notify/outbox/` to every URL that has not taken it; a message every
    target took moves to sent/. A target that fails is left for `retry.delay` and its messages wait
    (`retry_now`: tried at once all the same, as `runlift notify send` does).
    One sender at a time (a lock; `wait_s` to wait for another one, else `busy` is set): a sender that
    finds it busy may leave, because the holder looks again, after letting go, for what was queued
    during its pass. Never raises."""
    box = Outbox.of(home)
    retry = retry or Retry.of(defaults().notify)
    if not urls:
        return Summary(pending=box.count(box.outbox))
    total: Summary | None = None
    try:
        for _ in range(MAX_ROUNDS):
            with box.lock("send", wait_s) as held:
                if not held:
                    return total or Summary(busy=True, pending=box.count(box.outbox))
                seen = {path.name for path in box.files(box.outbox)}
                done = _pass(box, list(urls), retry, now, retry_now)
            total = done if total is None else total.then(done)
            if not {path.name for path in box.files(box.outbox)} - seen:
                break
            wait_s = 0.0  # queued meanwhile: another round, unless another sender has taken over
    except Exception:
        log.exception("notifications: the send pass failed (tried again later)")
        return Summary(pending=box.count(box.outbox))
    assert total is not None
    return total


def send_configured(settings: Settings, *, wait_s: float = 0.0, retry_now: bool = False) -> Summary:
    """`send_pending` with the home's [notify] settings."""
    config = settings.config.notify
    return send_pending(
        settings.home, config.urls, retry=Retry.of(config), wait_s=wait_s, retry_now=retry_now
    )


def send_test(urls: Sequence[str]) -> list[Outcome]:
    """One test message to each URL, outside the outbox: each target's answer."""
    title, body = compose.test_message()
    return [deliver(url, title, body) for url in urls]


def _pass(
    box: Outbox, urls: list[str], retry: Retry, now: float | None, retry_now: bool = False
) -> Summary:
    clock = now if now is not None else time.time()
    summary = Summary()
    waiting = _expire(box, box.pending(), urls, retry, clock, summary)
    targets: dict[str, Any] = box.read(TARGETS)
    for url in urls:
        tid = target_id(url)
        state = targets.setdefault(tid, {"failures": 0, "retry_at": 0.0})
        todo = [(path, m) for path, m in waiting if tid not in m.delivered]
        if not todo:
            continue
        if state.get("retry_at", 0.0) > clock and not retry_now:
            continue
        for path, message in todo:
            outcome = deliver(url, message.title, message.body)
            state["target"] = outcome.shown
            if outcome.ok:
                message.delivered[tid] = time.time()
                box.update(path, message)
                summary.sent += 1
                state.update(failures=0, retry_at=0.0, error="", last_ok=message.delivered[tid])
                continue
            message.tries[tid] = message.tries.get(tid, 0) + 1
            box.update(path, message)
            state["failures"] = int(state.get("failures", 0)) + 1
            state["retry_at"] = clock + retry.delay(state["failures"])
            state["error"] = outcome.error
            log.warning(
                "notifications: %s failed (%s): %s; tried again in %.0f s",
                outcome.shown,
                outcome.error,
                message.key,
                retry.delay(state["failures"]),
            )
            summary.failures.append(Failure(outcome.shown, outcome.error, state["retry_at"]))
            break  # the target's other messages wait for its retry
        box.write(TARGETS, targets)
    wanted = {target_id(url) for url in urls}
    left = 0
    for path, message in waiting:
        if wanted <= set(message.delivered):
            box.move(path, box.sent)
            summary.messages_done += 1
        else:
            left += 1
            due = [targets[t]["retry_at"] for t in wanted - set(message.delivered) if t in targets]
            if due:
                soonest = min(due)
                summary.retry_at = (
                    soonest if summary.retry_at is None else min(summary.retry_at, soonest)
                )
    summary.pending = left
    return summary


def _expire(
    box: Outbox,
    waiting: list[tuple[Path, Message]],
    urls: list[str],
    retry: Retry,
    clock: float,
    summary: Summary,
) -> list[tuple[Path, Message]]:
    """Move messages waiting longer than `give_up_after_h` to expired/; the others."""
    if retry.give_up_after_h <= 0:
        return waiting
    horizon = clock - retry.give_up_after_h * 3600
    kept = []
    for path, message in waiting:
        if message.created < horizon:
            missing = len([u for u in urls if target_id(u) not in message.delivered])
            log.warning(
                "notifications: %s given up after %g h (%d target(s) never took it): moved to expired/",
                message.key,
                retry.give_up_after_h,
                missing,
            )
            box.move(path, box.expired)
            summary.expired += 1
        else:
            kept.append((path, message))
    return kept


def deliver(url: str, title: str, body: str) -> Outcome:
    """Send one message to one URL through Apprise: whether it took it, and why not."""
    apprise = _apprise()
    shown = privacy(url)
    sender = apprise.Apprise()
    if not sender.add(url):
        return Outcome(url, shown, False, "not a URL Apprise knows (docs/notifications.md)")
    try:
        capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")
        with capture as captured:
            ok = bool(sender.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT))
    except Exception as exc:  # a plugin's bug must not stop the others
        return Outcome(url, shown, False, f"{type(exc).__name__}: {exc}")
    lines = [line for line in captured.getvalue().splitlines() if line.strip()]
    return Outcome(
        url, shown, ok, "" if ok else (lines[-1] if lines else "Apprise reported a failure")
    )


def privacy(url: str) -> str:
    """The URL as Apprise shows it with its secrets masked, without its options."""
    plugin = _apprise().Apprise.instantiate(url)
    if plugin is None:
        scheme = url.partition("://")[0]
        return f"{scheme}://****"
    shown: str = plugin.url(privacy=True)
    return shown.split("?", 1)[0]


def _apprise() -> Any:
    """Apprise, imported when first needed (it and its plugins take ~0.1 s to load). The plugins load on
    first use: loaded here once, so that their import-time DeprecationWarning (imghdr, Python 3.11+), the
    library's business and not the user's, is silenced in one place."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise

        apprise.Apprise.instantiate("json://localhost")  # loads the plugins
    return apprise

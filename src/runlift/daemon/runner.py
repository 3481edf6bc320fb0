"""`runlift daemon`: import what lands in the drop folder, keep the views current, run the scheduled jobs."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import signal
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any

from sqlalchemy.exc import SQLAlchemyError

from runlift.bootstrap import Runlift, bootstrap
from runlift.daemon import scheduler as sched
from runlift.daemon.drop import DropFolder, Signature, signature
from runlift.daemon.writers import open_for_writing
from runlift.domain.errors import RunliftError
from runlift.ingest.history import StoreFailed
from runlift.ingest.quarantine import quarantine
from runlift.ingest.service import ImportService
from runlift.ingest.summary import ImportSummary
from runlift.notify import Courier, queue_due, send_configured
from runlift.storage.daemon_state import STATE_NAME, write_state
from runlift.web.server import Background

log = logging.getLogger(__name__)

LOCK_NAME = "daemon.lock"
# `--once` waits this long for another sender of the home's notifications before it exits.
NOTIFY_WAIT_S = 30.0


class AlreadyRunning(RunliftError):
    """Another daemon holds this home's lock."""

    def __init__(self, home: Path, pid: str) -> None:
        self.home = home
        self.pid = pid
        super().__init__(
            f"a runlift daemon (pid {pid or 'unknown'}) is already running on {home}; "
            "stop it first (or use another --home)"
        )


class HomeLock:
    """One daemon per home: an exclusive lock on <home>/daemon.lock, released when the process ends."""

    def __init__(self, home: Path) -> None:
        self.path = home / LOCK_NAME
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip()
            handle.close()
            raise AlreadyRunning(self.path.parent, pid) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class Daemon:
    """The long-running process of a home. `run()` returns the exit status (0 after SIGTERM/SIGINT)."""

    def __init__(self, app: Runlift, *, once: bool = False, poll: bool | None = None) -> None:
        self.app = app
        self.home = app.settings.home
        config = app.settings.config.daemon
        self.config = config
        self.once = once
        self.drop = DropFolder(
            self.home.drop,
            settle_s=config.settle_s,
            truncated_settle_s=config.truncated_settle_s,
            poll=config.poll if poll is None else poll,
            poll_interval_s=config.poll_interval_s,
        )
        self.stopping = threading.Event()
        self.state: dict[str, Any] = {
            "pid": os.getpid(),
            "started": _now(),
            "mode": "once" if once else ("poll" if self.drop.poll else "watch"),
            "files_waiting": 0,
            "files_held": 0,
            "last_import": None,
            "last_error": None,
            "imported": 0,
            "rejected": 0,
        }
        self._importer: ImportService | None = None
        self._warnings: dict[str, str] = {}  # what _warn_once last said, by subject
        self._taken: dict[Path, Taken] = {}  # files moved to done/ lately, watched for late writes
        self.courier = Courier(app.settings)  # sends the notifications (a thread, unless --once)

    def stop(self, *_: object) -> None:
        self.stopping.set()
        self.drop.changed.set()

    def run(self) -> int:
        lock = HomeLock(self.home.root)
        lock.acquire()
        if self.once:
            scheduler: Any = sched.offline(self.app.settings, self.app.store)
        else:
            scheduler = sched.build(self.app.settings, self.app.store)
        specs = sched.job_specs(self.app.settings)
        web = Background(self.app.settings) if self._serves_web() else None
        try:
            self._install_signals()
            if web is not None:
                self.state["web"] = web.start()
                log.info("dashboard on %s (API: %sapi/docs)", self.state["web"], self.state["web"])
            self._importer = self.app.importer()
            if not self.once:
                self.courier.start()
            self._catch_up()
            if self.once:
                sched.start(scheduler, specs, str(self.home.root), paused=True)
                ran = sched.run_due(scheduler)
                log.info("ran %d due job(s)", len(ran))
            else:
                sched.start(scheduler, specs, str(self.home.root))
                self.drop.start()
            return self._loop(scheduler)
        finally:
            self.courier.stop()
            if self.once:  # what this run queued (imports, jobs), sent before it exits
                send_configured(self.app.settings, wait_s=NOTIFY_WAIT_S)
            if web is not None:
                web.stop()
            self.drop.stop()
            if scheduler.state != 0:  # started (STATE_STOPPED is 0)
                scheduler.shutdown(wait=True)
            self.state["stopped"] = _now()
            self._write_state(scheduler=None)
            lock.release()

    def _serves_web(self) -> bool:
        return self.app.settings.config.web.with_daemon and not self.once

    def _install_signals(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.signal(number, self._on_signal)

    def _on_signal(self, number: int, _frame: FrameType | None) -> None:
        log.info("%s: finishing the current file, then stopping", signal.Signals(number).name)
        self.stop()

    def _loop(self, scheduler: Any) -> int:
        """Pass over the drop folder until stopped (0), or in --once mode until it is empty (0) or the
        store failed (1: the files it could not save stay in drop/)."""
        last_catch_up = last_file = time.monotonic()
        while not self.stopping.is_set():
            self.drop.changed.clear()
            look = self.drop.look()
            self.state["files_waiting"] = len(look.ready) + look.settling + look.held
            self.state["files_held"] = look.held
            took = store_failed = left = False
            for ready in look.ready:
                if self.stopping.is_set():
                    break
                taken = self._take(ready.path, wait_for_rest=ready.wait_for_rest)
                if taken is None:  # the next files would fail the same way: the next pass retries
                    store_failed = True
                    break
                took |= taken
                left |= not taken
            if not store_failed and self._taken:
                took |= self._recheck_taken()
            if took or time.monotonic() - last_catch_up > self.config.catch_up_interval_s:
                self._catch_up()
                last_catch_up = time.monotonic()
            if took:
                last_file = time.monotonic()
            elif time.monotonic() - last_file > self.config.workers_idle_s:
                self._rest_workers()
            self._write_state(scheduler)
            if self.once and (store_failed or left):
                return 1  # what could not be taken stays in drop/ for the next run
            if self.once and not look.ready and look.settling == 0:
                if look.held:
                    log.info(
                        "%d file(s) left in the drop folder for the next run: still being written, "
                        "or ending early (runlift status)",
                        look.held,
                    )
                return 0
            timeout = min(self.config.settle_s / 2, self.config.heartbeat_s)
            if store_failed or not (look.settling or self.once or self._watching()):
                timeout = self.config.heartbeat_s
            self.drop.changed.wait(timeout)
        return 0

    def _watching(self) -> bool:
        """Whether a file taken lately changed and waits to be imported again (looked at often)."""
        return any(t.changed_at is not None for t in self._taken.values())

    def _take(self, path: Path, *, wait_for_rest: bool = True) -> bool | None:
        """Import one file, then move it to done/ (imported) or failed/ (rejected, beside its reason).
        True if it was taken (or is to be taken again once it settles: it changed while it was read);
        False if a file system error left it in place (a full disk: the next pass tries it again); None
        if the store failed (left in place). A link, pipe or the like is refused and removed from drop/
        (a link's target is never touched); a file that can be neither imported nor moved is left alone
        until it changes. A file that ends early is left in drop/ for its rest (`wait_for_rest`), or
        salvaged when it has stayed so for `truncated_settle_s`."""
        assert self._importer is not None
        started = time.monotonic()
        relative = path.relative_to(self.home.drop)
        try:
            return self._import(path, relative, started, wait_for_rest)
        except StoreFailed as exc:
            self._failed(relative, str(exc))
            return None
        except OSError as exc:  # writing failed/ or done/, or the scratch folder
            self._failed(relative, f"{type(exc).__name__}: {exc}")
            return False
        except Exception as exc:  # a bug with this one file must not stop the daemon
            log.exception("%s: unexpected error (passed over until it changes)", relative)
            self._failed(relative, f"{type(exc).__name__}: {exc}")
            self.drop.leave(path, signature(path))
            return False

    def _failed(self, relative: Path, error: str) -> None:
        self.state["last_error"] = {"at": _now(), "file": str(relative), "error": error}
        log.error("%s: %s (left in the drop folder for the next pass)", relative, error)

    def _import(self, path: Path, relative: Path, started: float, wait_for_rest: bool) -> bool:
        assert self._importer is not None
        before = signature(path)
        report = self._importer.import_paths(
            [path],
            follow_links=False,
            move_rejected=True,
            wait_for_rest=wait_for_rest,
            salvage_note=None if wait_for_rest else self._waited_note(),
            on_progress=_Reading(relative),
        )
        seconds = time.monotonic() - started
        rejected = [r for r in report.results if r.status == "rejected"]
        events = sum(sum(r.events.values()) for r in report.results)
        if before is not None and signature(path) not in (before, None):
            outcome = "changed while it was being read: left in the drop folder until it settles"
            log.warning("%s: %s", relative, outcome)
            self.drop.taken(path)
            return True
        incomplete = [r for r in report.results if r.status == "incomplete"]
        if incomplete:
            self.drop.incomplete(path, before)
            log.info(
                "%s: ends early (%s): left in the drop folder for the rest of it; salvaged if it "
                "stays so for %s",
                relative,
                incomplete[0].reason,
                _duration(self.config.truncated_settle_s),
            )
            return True
        if rejected and len(rejected) == len(report.results):
            outcome = f"rejected: {rejected[0].reason}"
            if len(rejected) > 1:
                outcome += f" (and {len(rejected) - 1} more: see failed/)"
            self._put_away(path, relative, outcome)
            self.state["rejected"] += 1
            self.state["last_error"] = {"at": _now(), "file": str(relative), "error": outcome}
        else:
            moved = _move(path, self.home.done, relative)
            imported = sum(1 for r in report.results if r.status == "imported")
            outcome = f"imported ({events} events)" if imported else "already imported"
            if rejected:
                outcome += f", {len(rejected)} of its files rejected"
            if len(report.results) > 1 or any(r.already_stored for r in report.results):
                outcome += f": {ImportSummary.of(report.results).line()}"
            self.state["imported"] += 1
            if before is not None and len(report.results) == 1:
                self._watch_taken(moved, relative, before, report.results[0].sha256)
        self.drop.taken(path)
        self.state["last_import"] = {"at": _now(), "file": str(relative), "outcome": outcome}
        log.info("%s: %s in %.2f s", relative, outcome, seconds)
        return True

    def _waited_note(self) -> str:
        return (
            f"it stayed unchanged in the drop folder for {_duration(self.config.truncated_settle_s)}, "
            "so it is taken as truncated for good"
        )

    def _watch_taken(
        self, moved: Path, relative: Path, before: Signature, sha256: str | None
    ) -> None:
        """Keep an eye on a file moved to done/ for `recheck_taken_s`: a writer that still held it open
        may write more into it there."""
        state = signature(moved)
        if sha256 is None or state is None or state[1] != before[1]:
            return
        horizon = time.monotonic() - self.config.recheck_taken_s
        for done, taken in list(self._taken.items()):
            if taken.at < horizon:
                del self._taken[done]
        self._taken[moved] = Taken(relative, _content(before), sha256, time.monotonic())

    def _recheck_taken(self) -> bool:
        """Import again, as a new revision superseding the first, a file that changed in done/ after it
        was taken (its writer was not done), once that writer is done. True if anything was stored."""
        assert self._importer is not None
        stored = False
        horizon = time.monotonic() - self.config.recheck_taken_s
        for done, taken in list(self._taken.items()):
            state = signature(done)
            if state is None or (taken.at < horizon and taken.changed_at is None):
                del self._taken[done]
                continue
            if _content(state) == taken.content:
                continue
            if taken.changed_at is None or taken.seen != state:
                taken.changed_at, taken.seen = time.monotonic(), state
            quiet = time.monotonic() - taken.changed_at
            long_quiet = (time.time_ns() - max(state[3], state[4])) / 1e9
            writing = open_for_writing(done)
            if writing and long_quiet < self.config.truncated_settle_s:
                continue
            if writing is None and quiet < self.config.settle_s:
                continue
            if taken.incomplete == state and long_quiet < self.config.truncated_settle_s:
                continue
            stored |= self._import_grown(done, taken, state, long_quiet)
        return stored

    def _import_grown(self, done: Path, taken: Taken, state: Signature, quiet_s: float) -> bool:
        assert self._importer is not None
        wait = quiet_s < self.config.truncated_settle_s
        report = self._importer.import_paths(
            [done],
            follow_links=False,
            wait_for_rest=wait,
            salvage_note=None if wait else self._waited_note(),
            supersedes=taken.sha256,
        )
        if signature(done) != state:
            return False  # still changing: the next pass looks again
        result = report.results[0]
        if result.status == "incomplete":
            taken.incomplete = state
            return False
        where = f"done/{taken.relative}"
        if result.status == "imported":
            outcome = (
                f"changed after it was taken: imported its new bytes ({sum(result.events.values())} "
                f"events) as a new revision; its sessions supersede those of the first import"
            )
            self.state["last_import"] = {"at": _now(), "file": where, "outcome": outcome}
            log.warning("%s: %s", where, outcome)
        elif result.status == "rejected":
            log.warning(
                "%s: changed after it was taken, and its new bytes are rejected: %s",
                where,
                result.reason,
            )
        taken.content, taken.changed_at, taken.seen, taken.incomplete = (
            _content(state),
            None,
            None,
            None,
        )
        taken.sha256 = result.sha256 or taken.sha256
        return result.status == "imported"

    def _put_away(self, path: Path, relative: Path, outcome: str) -> None:
        """Clear a rejected entry from drop/. The import moved a rejected file to failed/ already; what
        is left is a link or a pipe (removed: never followed, never opened), an archive none of whose
        files went in (moved to failed/ too), or a file that could not be moved (left alone)."""
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            return
        if not stat.S_ISREG(mode):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("%s: could not be removed (%s): left until it changes", relative, exc)
                self.drop.leave(path, signature(path))
                return
            what = (
                "the link only: its target is left as it is" if stat.S_ISLNK(mode) else "unopened"
            )
            log.info("%s: removed from the drop folder (%s)", relative, what)
            return
        quarantine(path, str(relative), outcome, self.home.failed, move=True)
        if path.exists():
            log.warning("%s: could not be moved to failed/: left until it changes", relative)
            self.drop.leave(path, signature(path))

    def _rest_workers(self) -> None:
        """Stop the idle decoding workers; the next file starts them again."""
        assert self._importer is not None
        if self._importer.decoding:
            log.info("no file for %.0f s: decoding workers stopped", self.config.workers_idle_s)
            self._importer.close()

    def _catch_up(self) -> None:
        try:
            done = self.app.projections().catch_up()
        except Exception as exc:  # the views catch up at the next pass; imports go on
            self.state["last_error"] = {"at": _now(), "error": f"projections: {exc}"}
            log.exception("projection catch-up failed")
            return
        if done.events:
            log.info("views updated from %d events in %.2f s", done.events, done.seconds)
        self._notify()

    def _notify(self) -> None:
        """Queue the notifications that are due (files rejected, readiness, the day's prompts, re-plans by
        other processes) after each import and every catch-up interval; the courier sends them."""
        if queue_due(self.app):
            self.courier.wake()

    def _write_state(self, scheduler: Any) -> None:
        """Write daemon.json. Neither a job store whose database is away nor a full disk stops the
        daemon: the last listing of the jobs is kept, and each problem is logged once, not every beat."""
        self.state["heartbeat"] = _now()
        if scheduler is not None and scheduler.running:
            try:
                self.state["next_jobs"] = [
                    {"job": job.id.split(":", 1)[-1], "next_run": job.next_run_time.isoformat()}
                    for job in scheduler.get_jobs()
                    if job.next_run_time is not None
                ]
            except SQLAlchemyError as exc:
                self._warn_once("jobs", f"cannot list the scheduled jobs: {_first_line(exc)}")
            else:
                self._warnings.pop("jobs", None)
        try:
            write_state(self.home.root, self.state)
        except OSError as exc:
            self._warn_once("state", f"cannot write {STATE_NAME}: {exc}")
        else:
            self._warnings.pop("state", None)

    def _warn_once(self, key: str, message: str) -> None:
        if self._warnings.get(key) != message:
            log.warning("%s", message)
        self._warnings[key] = message


@dataclass
class Taken:
    """A file moved to done/ lately: what was read of it, and what has happened to it since."""

    relative: Path
    content: tuple[int, int, int]  # inode, size and mtime of the bytes imported
    sha256: str
    at: float
    changed_at: float | None = None  # when it was first seen changed (monotonic)
    seen: Signature | None = None  # its state then
    incomplete: Signature | None = None  # the state whose import found it ending early


def _content(state: Signature) -> tuple[int, int, int]:
    """The parts of a signature that a write changes (a move to done/ changes only the ctime)."""
    return state[1], state[2], state[3]


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 120 else f"{seconds:g} s"


def _move(source: Path, root: Path, relative: Path) -> Path:
    """Move a file to `root/relative`, never over another: a second file of the same name gets a numbered
    name, and so does a folder on the way that a file's name already holds (drop/run.fit/x.fit arriving
    after a file run.fit went to done/)."""
    folder = root
    for part in relative.parent.parts:
        folder = _free(folder / part, lambda p: p.is_dir() and not p.is_symlink())
        folder.mkdir(parents=True, exist_ok=True)
    target = _free(folder / relative.name, lambda p: False)
    shutil.move(str(source), target)
    return target


def _free(path: Path, usable: Callable[[Path], bool]) -> Path:
    """`path`, or the first of name.1.ext, name.2.ext ... that is free (or `usable` as it is)."""
    candidate, n = path, 1
    while os.path.lexists(candidate) and not usable(candidate):
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
        n += 1
    return candidate


class _Reading:
    """Logs how far a streaming importer has read a large file, every READING_EVERY_S at most."""

    READING_EVERY_S = 10.0

    def __init__(self, relative: Path) -> None:
        self.relative = relative
        self.last = time.monotonic()

    def __call__(self, name: str, read_bytes: int, size: int) -> None:
        now = time.monotonic()
        if size and now - self.last >= self.READING_EVERY_S:
            self.last = now
            within = f" ({Path(name).name})" if Path(name).name != self.relative.name else ""
            log.info(
                "%s%s: %.0f%% read (%s of %s bytes)",
                self.relative,
                within,
                100 * read_bytes / size,
                f"{read_bytes:,}",
                f"{size:,}",
            )


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_daemon(home: Path | None, *, once: bool, poll: bool | None) -> Daemon:
    """A daemon on a home (created if missing)."""
    return Daemon(bootstrap(home), once=once, poll=poll)

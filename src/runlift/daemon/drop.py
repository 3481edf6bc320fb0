"""The drop folder: what is in it, what watchdog says changed, and which files their writers are done with."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import (
    FileClosedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from runlift.daemon.writers import open_for_writing

# Names a file has while it is still being written (browsers, rsync, sync tools); taken once renamed.
TEMPORARY_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".download", ".filepart")


def temporary(path: Path, root: Path) -> bool:
    """Whether a path is a temporary or hidden name (a dotfile or inside a dot folder) to leave alone."""
    parts = path.relative_to(root).parts
    return any(part.startswith(".") for part in parts) or path.name.lower().endswith(
        TEMPORARY_SUFFIXES
    )


Signature = tuple[int, int, int, int, int]


def signature(path: Path) -> Signature | None:
    """A file's identity, size and change times (of a link itself, not its target), or None if gone."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass
class _Seen:
    state: Signature
    since: float


@dataclass(frozen=True)
class Ready:
    """A file to take now. `wait_for_rest`: an import that finds it ending early leaves it in drop/ (it may
    still be being written); False once it has stayed unchanged for `truncated_settle_s` (salvage it)."""

    path: Path
    wait_for_rest: bool = True


@dataclass
class Pass:
    """One look at the drop folder: the files to take, how many are still settling (seconds away), and
    how many wait for something slower (a writer that still holds them open, the rest of a file that
    ends early)."""

    ready: list[Ready] = field(default_factory=list)
    settling: int = 0
    held: int = 0


class DropFolder:
    """Files in a folder tree, each taken once its writer is done with it.

    A scan finds what was dropped while nothing watched; watchdog (inotify, or polling for network drives
    and container mounts) reports what arrives later, renames from `.part` included. A file is taken when
    no process holds it open for writing (writers.py) and either its writer closed it (inotify's
    close-after-write) or it has been quiet for `settle_s`; where who writes cannot be told (polling, a
    network drive, another user's file) the quiet time alone decides. A file still held open is taken only
    once it has been unchanged for `truncated_settle_s` (a writer that hung). A file whose import found
    it ending early waits in the folder for its rest, and is salvaged once it has stayed unchanged for
    `truncated_settle_s`.
    """

    def __init__(
        self,
        root: Path,
        *,
        settle_s: float,
        truncated_settle_s: float,
        poll: bool,
        poll_interval_s: float,
    ) -> None:
        self.root = root
        self.settle_s = settle_s
        self.truncated_settle_s = truncated_settle_s
        self.poll = poll
        self.poll_interval_s = poll_interval_s
        self.changed = threading.Event()
        self._seen: dict[Path, _Seen] = {}
        self._left: dict[Path, Signature] = {}
        self._incomplete: dict[Path, Signature] = {}
        self._closed: set[Path] = set()
        self._lock = threading.Lock()
        self._observer: BaseObserver | None = None

    def start(self) -> None:
        """Watch the folder (recursively) from now on."""
        self.root.mkdir(parents=True, exist_ok=True)
        observer: BaseObserver = (
            PollingObserver(timeout=self.poll_interval_s) if self.poll else Observer()
        )
        observer.schedule(_Wake(self.changed, self._writer_done), str(self.root), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
            self._observer = None

    def files(self) -> Iterator[Path]:
        """Everything in the tree but folders and temporary or hidden names. Links, pipes and the like are
        listed too, so that they are refused by name (and never followed or opened) instead of lying
        there unexplained."""
        for path in sorted(self.root.rglob("*")):  # rglob does not descend into linked folders
            if temporary(path, self.root):
                continue
            try:
                mode = path.lstat().st_mode
            except OSError:  # gone meanwhile
                continue
            if not stat.S_ISDIR(mode):
                yield path

    def look(self, now: float | None = None) -> Pass:
        """Which files to take now, and how many wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            closed, self._closed = self._closed, set()
        current = set()
        out = Pass()
        for path in self.files():
            current.add(path)
            state = signature(path)
            if state is None:  # gone meanwhile
                continue
            if path in self._left:
                if self._left[path] == state:
                    continue
                del self._left[path]
            if path in self._incomplete:
                if (
                    self._incomplete[path] == state
                    and self._quiet_s(state) < self.truncated_settle_s
                ):
                    out.held += 1
                    continue
                salvage = self._incomplete.pop(path) == state
                if salvage:
                    out.ready.append(Ready(path, wait_for_rest=False))
                    continue
            seen = self._seen.get(path)
            if seen is None or seen.state != state:
                self._seen[path] = seen = _Seen(state, now)
            writing = open_for_writing(path) if stat.S_ISREG(_mode(path)) else None
            if writing:
                if self._quiet_s(state) >= self.truncated_settle_s:
                    out.ready.append(Ready(path))  # a writer idle this long is not coming back
                else:
                    out.held += 1
            elif (writing is False and path in closed) or now - seen.since >= self.settle_s:
                out.ready.append(Ready(path))
            else:
                out.settling += 1
        for table in (self._seen, self._left, self._incomplete):
            for gone in set(table) - current:
                del table[gone]
        return out

    def taken(self, path: Path) -> None:
        """Forget a file that was moved away."""
        self._seen.pop(path, None)

    def leave(self, path: Path, state: Signature | None) -> None:
        """Pass over a file that could be neither imported nor moved away until it changes from `state`
        (say, its permissions are fixed): taking it again at once would only fail again, every loop."""
        self._seen.pop(path, None)
        if state is not None:
            self._left[path] = state

    def incomplete(self, path: Path, state: Signature | None) -> None:
        """A file whose import found it ending early: wait for its rest; once it has stayed as `state`
        for `truncated_settle_s`, it is taken to be salvaged."""
        self._seen.pop(path, None)
        if state is not None:
            self._incomplete[path] = state

    def _quiet_s(self, state: Signature) -> float:
        """Seconds since the file's data or name last changed (by the clock: it holds across restarts)."""
        return (time.time_ns() - max(state[3], state[4])) / 1e9

    def _writer_done(self, path: Path) -> None:
        with self._lock:
            self._closed.add(path)


def _mode(path: Path) -> int:
    try:
        return path.lstat().st_mode
    except OSError:
        return 0


class _Wake(FileSystemEventHandler):
    """Any change in the tree wakes the daemon's loop (it then looks at the files themselves); a writer
    closing a file, or a file renamed into place, is noted as done (it may be taken without settling)."""

    def __init__(self, changed: threading.Event, writer_done: Callable[[Path], None]) -> None:
        self.changed = changed
        self.writer_done = writer_done

    def on_any_event(self, event: FileSystemEvent) -> None:
        if isinstance(event, FileClosedEvent):
            self.writer_done(Path(os.fsdecode(event.src_path)))
        elif isinstance(event, FileMovedEvent):
            self.writer_done(Path(os.fsdecode(event.dest_path)))
        self.changed.set()

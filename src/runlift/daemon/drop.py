"""The drop folder: what is in it, what watchdog says changed, and which files are complete enough to take."""

from __future__ import annotations

import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

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


class DropFolder:
    """Files in a folder tree, each taken once it has been quiet for `settle_s` with its size unchanged.

    A scan finds what was dropped while nothing watched; watchdog (inotify, or polling for network drives
    and container mounts) reports what arrives later, renames from `.part` included.
    """

    def __init__(self, root: Path, *, settle_s: float, poll: bool, poll_interval_s: float) -> None:
        self.root = root
        self.settle_s = settle_s
        self.poll = poll
        self.poll_interval_s = poll_interval_s
        self.changed = threading.Event()
        self._seen: dict[Path, _Seen] = {}
        self._left: dict[Path, Signature] = {}
        self._observer: BaseObserver | None = None

    def start(self) -> None:
        """Watch the folder (recursively) from now on."""
        self.root.mkdir(parents=True, exist_ok=True)
        observer: BaseObserver = (
            PollingObserver(timeout=self.poll_interval_s) if self.poll else Observer()
        )
        observer.schedule(_Wake(self.changed), str(self.root), recursive=True)
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

    def ready(self, now: float | None = None) -> tuple[list[Path], int]:
        """The files complete enough to take, and how many others are still settling."""
        now = time.monotonic() if now is None else now
        current = set()
        ready, waiting = [], 0
        for path in self.files():
            current.add(path)
            state = signature(path)
            if state is None:  # gone meanwhile
                continue
            if path in self._left:
                if self._left[path] == state:
                    continue
                del self._left[path]
            seen = self._seen.get(path)
            if seen is None or seen.state != state:
                self._seen[path] = _Seen(state, now)
                waiting += 1
            elif now - seen.since >= self.settle_s:
                ready.append(path)
            else:
                waiting += 1
        for gone in set(self._seen) - current:
            del self._seen[gone]
        for gone in set(self._left) - current:
            del self._left[gone]
        return ready, waiting

    def taken(self, path: Path) -> None:
        """Forget a file that was moved away."""
        self._seen.pop(path, None)

    def leave(self, path: Path, state: Signature | None) -> None:
        """Pass over a file that could be neither imported nor moved away until it changes from `state`
        (say, its permissions are fixed): taking it again at once would only fail again, every loop."""
        self._seen.pop(path, None)
        if state is not None:
            self._left[path] = state


class _Wake(FileSystemEventHandler):
    """Any change in the tree wakes the daemon's loop (it then looks at the files themselves)."""

    def __init__(self, changed: threading.Event) -> None:
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.changed.set()

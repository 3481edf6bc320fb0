"""The outbox on disk: one file per message, moved from outbox/ to sent/ once every target has taken it."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from runlift.settings import Home

FOLDER = "notify"
# Sent messages are kept this long for `runlift notify`; the keys that matter for not queueing a message
# twice are today's (readiness, prompts) or behind the cursor (re-plans, rejections).
KEEP_SENT_DAYS = 30

_EVENT_NAME = re.compile(r"^(?P<kind>[a-z]+)-(?P<first>\d+)-(?P<last>\d+)-[0-9a-f]{8}\.json$")


@dataclass
class Message:
    """A message to send: its stable key, what it is about, the words, and which targets took it."""

    key: str
    kind: str
    title: str
    body: str
    created: float  # epoch seconds
    delivered: dict[str, float] = field(default_factory=dict)  # target id -> when it took it
    tries: dict[str, int] = field(default_factory=dict)  # target id -> failed attempts

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def file_name(key: str) -> str:
    """A message's file name: its key made safe ("plan:12-15" is plan-12-15-<hash>.json), unique by the
    hash of the whole key."""
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", key).strip("-")[:80]
    return f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}.json"


class Outbox:
    """`<home>/notify/`: outbox/ (to send), sent/, expired/ (given up), the queue's cursors (state.json),
    the targets' retry state (targets.json) and the two locks (queue.lock, send.lock)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outbox = root / "outbox"
        self.sent = root / "sent"
        self.expired = root / "expired"

    @classmethod
    def of(cls, home: Home | Path | str) -> Outbox:
        """The outbox of a runlift home."""
        root = home.root if isinstance(home, Home) else Path(home)
        return cls(root / FOLDER)

    def known(self, key: str) -> bool:
        """Whether a message of this key was ever queued (waiting, sent or given up)."""
        name = file_name(key)
        return any((folder / name).exists() for folder in (self.outbox, self.sent, self.expired))

    def put(self, message: Message) -> Path:
        """Write a new message into outbox/ (whole or not at all)."""
        path = self.outbox / file_name(message.key)
        _write_json(path, message.to_json())
        return path

    def update(self, path: Path, message: Message) -> None:
        """Rewrite a waiting message (which targets took it), whole or not at all."""
        _write_json(path, message.to_json())

    def pending(self) -> list[tuple[Path, Message]]:
        """The waiting messages, oldest first. A file that cannot be read is moved to expired/."""
        found = []
        for path in self.files(self.outbox):
            try:
                message = Message.from_json(json.loads(path.read_bytes()))
            except FileNotFoundError:  # sent by another sender meanwhile
                continue
            except (ValueError, TypeError, KeyError):
                self.move(path, self.expired)
                continue
            found.append((path, message))
        return sorted(found, key=lambda item: (item[1].created, item[0].name))

    def count(self, folder: Path) -> int:
        return sum(1 for _ in self.files(folder))

    def messages(self, folder: Path) -> list[Message]:
        """The readable messages of a folder (sent/, expired/), in no order."""
        found = []
        for path in self.files(folder):
            try:
                found.append(Message.from_json(json.loads(path.read_bytes())))
            except (OSError, ValueError, TypeError, KeyError):
                continue
        return found

    def move(self, path: Path, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.replace(path, folder / path.name)

    def last_covered(self, kind: str) -> int:
        """The last event position a queued message of `kind` covers, from the files' names: what the
        cursor is, should the queue have stopped between writing a message and its cursor."""
        last = 0
        for folder in (self.outbox, self.sent, self.expired):
            for path in self.files(folder):
                match = _EVENT_NAME.match(path.name)
                if match and match["kind"] == kind:
                    last = max(last, int(match["last"]))
        return last

    def prune_sent(self, keep_days: float = KEEP_SENT_DAYS, now: float | None = None) -> None:
        """Forget sent and expired messages older than `keep_days`."""
        horizon = (now or time.time()) - keep_days * 86_400
        for folder in (self.sent, self.expired):
            for path in self.files(folder):
                with contextlib.suppress(FileNotFoundError):
                    if path.stat().st_mtime < horizon:
                        path.unlink()

    def read(self, name: str) -> dict[str, Any]:
        """state.json or targets.json ({} if missing or unreadable)."""
        try:
            data = json.loads((self.root / name).read_bytes())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write(self, name: str, data: dict[str, Any]) -> None:
        _write_json(self.root / name, data)

    @contextlib.contextmanager
    def lock(self, name: str, wait_s: float = 0.0) -> Iterator[bool]:
        """Hold `<name>.lock` (an flock: held per open file, so threads and processes alike wait for
        it); yields False if another holder kept it for `wait_s`."""
        self.root.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait_s
        with (self.root / f"{name}.lock").open("a") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.05)
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @staticmethod
    def files(folder: Path) -> Iterator[Path]:
        """The message files of a folder (not the partial ones being written)."""
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        for entry in entries:
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                yield Path(entry.path)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write a JSON file by rename: a reader (or a crash) sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    with partial.open("wb") as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=1).encode())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)

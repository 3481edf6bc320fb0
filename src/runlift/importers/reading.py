"""Opening what an import reads: never blocking on a pipe, never through a link unless asked, the size limit
checked before a byte is read, and a snapshot that tells afterwards whether the file changed meanwhile."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# Why something given was not read: "input" is a property of what was given (a link, a pipe, too large:
# recorded as a rejection); "access" lies outside it (permissions, a read error: nothing is recorded, so
# the same file imports once it can be read); "change" means it changed under the import (nothing is
# recorded or kept: it is offered again once it is complete).
Cause = Literal["input", "access", "change"]


class Unreadable(Exception):
    """A file was not read, and why; `keep` is False for what must not go to failed/ (a link, a pipe)."""

    def __init__(self, reason: str, cause: Cause, *, keep: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cause = cause
        self.keep = keep


@dataclass(frozen=True)
class Snapshot:
    """A file's identity and state when reading began: if they differ by the time its result is stored,
    the bytes decoded may not be the bytes hashed, and nothing is stored."""

    path: Path
    follow_links: bool
    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path, st: os.stat_result, *, follow_links: bool) -> Snapshot:
        return cls(
            path,
            follow_links,
            st.st_dev,
            st.st_ino,
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
        )

    def change(self) -> str | None:
        """How the file differs now from the snapshot ("was deleted", ...), or None if it does not."""
        try:
            now = os.stat(self.path, follow_symlinks=self.follow_links)
        except FileNotFoundError:
            return "was deleted"
        except OSError as exc:
            return f"could not be examined again ({exc.strerror})"
        if (now.st_dev, now.st_ino) != (self.device, self.inode):
            return "was replaced by another file"
        if now.st_size != self.size:
            return f"changed size ({self.size:,} -> {now.st_size:,} bytes)"
        # ctime as well: a tool rewriting a file in place may set its mtime back (rsync --inplace).
        if (now.st_mtime_ns, now.st_ctime_ns) != (self.mtime_ns, self.ctime_ns):
            return "was modified"
        return None


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def link_reason(path: Path) -> str:
    """Why a symbolic link is refused, naming its target."""
    try:
        target = os.readlink(path)
    except OSError as exc:
        target = f"an unreadable target: {exc.strerror}"
    return (
        f"refused: a symbolic link (to {target}); links in a folder or in the drop folder are "
        "never followed: copy the file itself there, or name the link on the command line"
    )


def not_regular_reason(mode: int) -> str:
    return f"refused: not a regular file but {kind_of(mode)} (never opened)"


def open_regular(path: Path, *, follow_links: bool) -> tuple[io.BufferedReader, os.stat_result]:
    """Open a regular file for reading; raise Unreadable for anything else, without blocking or
    following a link (unless `follow_links`): a pipe swapped in after a directory scan must not hang
    the import, and a link swapped in must not lead it out of what it was given."""
    try:
        mode = os.stat(path, follow_symlinks=follow_links).st_mode
    except FileNotFoundError:
        raise Unreadable(
            "not read: the file was deleted before it could be read", "change"
        ) from None
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror}", "access") from None
    if stat.S_ISLNK(mode):
        raise Unreadable(link_reason(path), "input", keep=False)
    if not stat.S_ISREG(mode):
        raise Unreadable(not_regular_reason(mode), "input", keep=False)
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise Unreadable(link_reason(path), "input", keep=False) from None
        if exc.errno == errno.ENOENT:
            raise Unreadable(
                "not read: the file was deleted before it could be read", "change"
            ) from None
        raise Unreadable(f"cannot read the file: {exc.strerror}", "access") from None
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):  # swapped between the stat and the open
        os.close(fd)
        raise Unreadable(not_regular_reason(opened.st_mode), "input", keep=False)
    return os.fdopen(fd, "rb"), opened


def hash_file(
    path: Path, *, follow_links: bool, max_bytes: int, limit: str = "max_file_bytes"
) -> tuple[str, Snapshot]:
    """The sha256 of a regular file and its snapshot; refused unread when larger than `max_bytes` (the
    [import] setting named `limit`)."""
    fh, opened = open_regular(path, follow_links=follow_links)
    with fh:
        if opened.st_size > max_bytes:
            raise Unreadable(
                f"refused: the file is {opened.st_size:,} bytes, more than the limit of "
                f"{max_bytes:,} (import.{limit}); it was not read: raise [import] {limit} in "
                "runlift.toml to import it",
                "input",
            )
        try:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as exc:
            raise Unreadable(f"cannot read the file: {exc.strerror}", "access") from None
    return digest, Snapshot.of(path, opened, follow_links=follow_links)

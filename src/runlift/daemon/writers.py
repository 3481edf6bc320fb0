"""Whether any process still holds a file open for writing (Linux: a read lease says so, for every process).

The kernel grants a read lease (fcntl F_SETLEASE, F_RDLCK) only on a file that no process has open for
writing, whoever that process is, and refuses it with EAGAIN otherwise. The lease is given back at once.
It needs the file's owner (or CAP_LEASE) and a local file system; elsewhere (another user's file, a network
drive, macOS) the answer is "unknown" and the caller falls back to a quiet time.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

_LEASE = getattr(fcntl, "F_SETLEASE", None)
_SETSIG = getattr(fcntl, "F_SETSIG", None)
# While the lease is held (a few microseconds), a writer opening the file makes the kernel signal the
# holder: SIGIO by default, whose default action ends the process. A signal that is ignored by default is
# asked for instead.
_BREAK_SIGNAL = getattr(signal, "SIGURG", 0)


def open_for_writing(path: Path) -> bool | None:
    """True if some process holds `path` open for writing, False if none does, None if it cannot be told
    here (no leases on this system or file system, not the file's owner, the file gone)."""
    if _LEASE is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if _SETSIG is not None:
            fcntl.fcntl(fd, _SETSIG, _BREAK_SIGNAL)
        fcntl.fcntl(fd, _LEASE, fcntl.F_RDLCK)
    except OSError as exc:
        return True if exc.errno == errno.EAGAIN else None
    else:
        fcntl.fcntl(fd, _LEASE, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)

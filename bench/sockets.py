"""A process's TCP connections from Linux's /proc: which local ports talk to a server (for counting the
PostgreSQL connections a process holds in pg_stat_activity)."""

from __future__ import annotations

import os
from pathlib import Path


def socket_inodes(pid: int) -> set[str]:
    """The inodes of a process's open sockets (/proc/PID/fd)."""
    inodes: set[str] = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def tcp_table(pid: int) -> list[tuple[int, int, str]]:
    """(local port, remote port, inode) of every TCP socket in a process's network namespace."""
    rows = []
    for table in (f"/proc/{pid}/net/tcp", f"/proc/{pid}/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            rows.append(
                (int(cols[1].rsplit(":", 1)[1], 16), int(cols[2].rsplit(":", 1)[1], 16), cols[9])
            )
    return rows


def ports_of(pids: list[int], server_port: int, table: list[tuple[int, int, str]]) -> set[int]:
    """The local ports of these processes' TCP connections to `server_port`."""
    inodes = set().union(*(socket_inodes(pid) for pid in pids))
    return {local for local, remote, inode in table if remote == server_port and inode in inodes}

"""Starting a worker interpreter ahead (a decoder, the projections' sample worker): it boots while its owner works."""

from __future__ import annotations

import socket
import subprocess
import sys
from multiprocessing.connection import Connection


class Spawned:
    """A worker interpreter (`python -m MODULE FD`, by default the decoder `runlift.ingest.decoders`)
    started and waiting for its first message, talking over a socket pair; its owner adopts it, or
    `discard()` stops it."""

    def __init__(self, module: str = "runlift.ingest.decoders") -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr.fileno() if _has_fileno(sys.stderr) else subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.adopted = False

    def discard(self) -> None:
        """Stop the interpreter unless a pool adopted it."""
        if self.adopted:
            return
        self.conn.close()  # the worker's first receive sees the end and it exits
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _has_fileno(stream: object) -> bool:
    try:
        stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
    return True

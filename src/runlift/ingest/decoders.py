"""Decoding worker processes: plugins run outside the importing process, under a time limit.

A plugin that hangs is killed when its time is up and the worker replaced; one that crashes the interpreter
takes only its worker with it. Either way the file gets a DecodeFailure and the next file goes on. A plugin
that reports its progress (a streaming importer reading a file of gigabytes) gets its time afresh each time
the figure grows: only a decode that stops moving is killed.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from runlift.importers.decode import Athlete, decode_file, streaming
from runlift.importers.manager import PluginSource, load_registry
from runlift.importers.outcomes import DecodeFailure, DecodeOutcome
from runlift.spawn import Spawned

log = logging.getLogger(__name__)

T = TypeVar("T")

Options = Mapping[str, Mapping[str, Any]]

# A worker says how far its decode has read at most this often.
PROGRESS_EVERY_S = 0.5


@dataclass(frozen=True)
class Job(Generic[T]):
    """A file to decode, with a tag the caller gets back beside the outcome."""

    tag: T
    path: Path
    filename: str
    # Larger files reach only an importer that streams ([import] max_file_bytes); None: no limit here.
    whole_limit: int | None = None


class Progress(NamedTuple):
    """A worker's word on its decode: this many bytes of the file read."""

    read_bytes: int


def serve(conn: Connection) -> None:
    """Worker main loop: receive the plugin source and options, load the plugins once, then decode paths
    until told to stop (None)."""
    try:
        source, options, athlete = conn.recv()
    except EOFError:  # started ahead and not needed after all
        return
    registry = load_registry(source)
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        if message[0] == "streaming?":
            conn.send(streaming(registry, Path(message[1]), message[2]))
            continue
        path, filename, whole_limit = message
        outcome = decode_file(
            registry,
            Path(path),
            filename,
            options,
            on_choice=conn.send,
            athlete=athlete,
            on_progress=_throttled(conn),
            whole_limit=whole_limit,
        )
        conn.send(outcome)


def _throttled(conn: Connection) -> Callable[[int], None]:
    """Send a Progress at most every PROGRESS_EVERY_S, and only when the figure grew."""
    last = [0.0, -1]

    def report(read_bytes: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S and read_bytes > last[1]:
            last[0], last[1] = now, read_bytes
            conn.send(Progress(int(read_bytes)))

    return report


class _Worker:
    """A decoder in a fresh interpreter (runlift.spawn), given the plugins and options.

    A plain subprocess rather than multiprocessing: nothing of the parent's __main__ is re-imported, so
    embedding runlift in any script or server is safe.
    """

    def __init__(
        self,
        source: PluginSource,
        options: Options,
        athlete: Athlete,
        spawned: Spawned | None = None,
    ) -> None:
        spawned = spawned or Spawned()
        spawned.adopted = True
        self.process = spawned.process
        self.conn = spawned.conn
        self.conn.send((source, dict(options), athlete))

    @property
    def exitcode(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        self.conn.close()


class DecoderPool:
    """A few long-lived worker processes that decode files in parallel, each file under a time limit."""

    def __init__(
        self,
        source: PluginSource,
        options: Options,
        *,
        athlete: Athlete | None = None,
        workers: int = 1,
        timeout_s: float = 120.0,
    ) -> None:
        self.source = source
        self.options = options
        self.athlete = athlete or Athlete()
        self.size = max(1, workers)
        self.timeout_s = timeout_s
        self._idle: list[_Worker] = []

    def __enter__(self) -> DecoderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def adopt(self, spawned: Spawned) -> None:
        """Take an interpreter started ahead (runlift.spawn) as an idle worker."""
        if len(self._idle) < self.size:
            self._idle.append(_Worker(self.source, self.options, self.athlete, spawned))

    def close(self) -> None:
        """Stop every worker."""
        while self._idle:
            self._idle.pop().stop()

    def streaming(self, path: Path, filename: str) -> tuple[str | None, bool]:
        """The importer a worker would choose for a file, and whether it streams (ingest asks before it
        hashes a file past [import] max_file_bytes). A worker that does not answer in time is replaced,
        and the answer is (None, False)."""
        worker = self._idle.pop() if self._idle else self._start()
        try:
            worker.conn.send(("streaming?", str(path), filename))
            if worker.conn.poll(self.timeout_s):
                answer: tuple[str | None, bool] = worker.conn.recv()
                self._idle.append(worker)
                return answer
        except (OSError, EOFError):
            pass
        worker.kill()
        return None, False

    def decode(
        self,
        jobs: Iterable[Job[T]],
        on_progress: Callable[[Job[T], int], None] | None = None,
    ) -> Iterator[tuple[Job[T], DecodeOutcome]]:
        """Decode jobs, yielding each with its outcome as soon as it is done (not in input order);
        `on_progress` hears a job's bytes read whenever its importer reports them.

        A worker gets its next file before the finished one is handed to the caller, so that the
        workers decode while the caller saves.
        """
        pending = iter(jobs)
        busy: dict[Connection, tuple[_Worker, Job[T], float]] = {}
        chosen: dict[Connection, str] = {}
        finished: list[tuple[Job[T], DecodeOutcome]] = []
        exhausted = False
        while True:
            while not exhausted and len(busy) < self.size:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                worker = self._send(job)
                busy[worker.conn] = (worker, job, time.monotonic() + self.timeout_s)
            yield from finished
            finished.clear()
            if not busy:
                return
            next_deadline = min(deadline for _, _, deadline in busy.values())
            ready = wait(list(busy), timeout=max(0.0, next_deadline - time.monotonic()))
            for conn in ready:
                assert isinstance(conn, Connection)
                worker, job, deadline = busy.pop(conn)
                try:
                    message: DecodeOutcome | str = conn.recv()
                except (EOFError, OSError):
                    worker.kill()
                    finished.append((job, _crashed(chosen.pop(conn, None), worker.exitcode)))
                    continue
                if isinstance(message, str):  # the worker says which importer it chose
                    chosen[conn] = message
                    busy[conn] = (worker, job, deadline)
                    continue
                if isinstance(message, Progress):  # moving: its time starts afresh
                    busy[conn] = (worker, job, time.monotonic() + self.timeout_s)
                    if on_progress is not None:
                        on_progress(job, message.read_bytes)
                    continue
                chosen.pop(conn, None)
                self._idle.append(worker)
                finished.append((job, message))
            now = time.monotonic()
            for conn, (worker, job, deadline) in list(busy.items()):
                if now >= deadline:
                    del busy[conn]
                    worker.kill()
                    plugin = chosen.pop(conn, None)
                    log.warning(
                        "decoding %s took longer than %.0f s: killed", job.filename, self.timeout_s
                    )
                    finished.append((job, self._timed_out(plugin)))

    def _send(self, job: Job[T]) -> _Worker:
        """An idle (or new) worker, given the job; a worker that died while idle is replaced."""
        worker = self._idle.pop() if self._idle else self._start()
        try:
            worker.conn.send((str(job.path), job.filename, job.whole_limit))
        except (OSError, BrokenPipeError):
            worker.kill()
            worker = self._start()
            worker.conn.send((str(job.path), job.filename, job.whole_limit))
        return worker

    def _start(self) -> _Worker:
        return _Worker(self.source, self.options, self.athlete)

    def _timed_out(self, plugin: str | None) -> DecodeFailure:
        return DecodeFailure(
            "timeout",
            f"{_by(plugin)}decoding did not finish within {self.timeout_s:g} s "
            "(the plugin hung or the file is pathological)",
            plugin,
        )


def _crashed(plugin: str | None, code: int | None) -> DecodeFailure:
    return DecodeFailure(
        "crash",
        f"{_by(plugin)}the decoder process died (exit code {code}) while reading this file",
        plugin,
    )


def _by(plugin: str | None) -> str:
    return f"importer {plugin!r}: " if plugin else ""


if __name__ == "__main__":
    # A decoder process: `python -m runlift.ingest.decoders FD`. Serve from the imported module, not
    # from __main__, so what it pickles names runlift.ingest.decoders. Plugins that print must not
    # corrupt anything: stdout is the parent's stderr here.
    import os

    from runlift.ingest.decoders import serve as _serve

    _serve(Connection(int(sys.argv[1])))
    # Told to stop: nothing is left to write, so skip the interpreter's teardown (the caller waits for it).
    sys.stdout.flush()
    os._exit(0)

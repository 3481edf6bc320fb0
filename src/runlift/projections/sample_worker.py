"""A second process that reduces activities' sample streams to their figures while the facts batch goes on.

Most of a long catch-up's time (a rebuild, a first import of years of history) is spent on the sample
streams: decompressing and decoding each run's per-second arrays and computing its TRIMP, zones, drift and
cadence. The figures of one activity need nothing but its own event and the athlete's profile, so a worker
interpreter (`python -m runlift.projections.sample_worker FD`, started through runlift.spawn: nothing of the
parent's __main__ is re-imported) computes them from the stored records beside the batch that reads the
rest. The batch applies them before it writes (FactBatch.apply_figures), in the same transaction as the
other rows and the tracking position, so the guarantees do not change; the figures are the ones
`sample_figures` computes in the batch itself (the rebuild property test compares the two).

Protocol: the parent sends (compressor class or None, Profile); the worker answers "ready" once its
imports are done; then each message is a list of (originator_id, originator_version, topic, state) and the
answer a list of (athlete_id, session, figures), or a string saying what failed; None or the connection's end stops it.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import Compressor, Mapper, StoredEvent

from runlift.spawn import Spawned

if TYPE_CHECKING:
    from runlift.settings import Profile

log = logging.getLogger(__name__)

Figures = tuple[str, str, dict[str, Any]]  # athlete_id, session, the figures
# Waiting longer than this for the worker's figures gives it a smaller share of the next page (by SHARE_STEP).
BALANCED_WAIT_S = 0.005
SHARE_STEP = 0.05


class WorkerLost(Exception):
    """The sample worker died or its connection broke; the batch computes the figures itself."""


class SampleWorker:
    """The parent's side: start the interpreter, then hand it one page's sample records at a time."""

    def __init__(self, compressor: Compressor | None, profile: Profile) -> None:
        self._spawned = Spawned("runlift.projections.sample_worker")
        self._spawned.adopted = True
        self._conn = self._spawned.conn
        self._ready = False
        self._outstanding = 0  # pages sent and not yet answered
        self._conn.send((type(compressor) if compressor is not None else None, profile))

    def ready(self, timeout: float = 0.0) -> bool:
        """Whether the worker has started, waiting up to `timeout` s (a batch never waits: until then it
        computes the figures itself)."""
        if not self._ready:
            try:
                if self._conn.poll(timeout):
                    self._ready = self._conn.recv() == "ready"
            except (EOFError, OSError):
                return False
        return self._ready

    def submit(self, records: Sequence[StoredEvent]) -> None:
        """Send one page's ActivitySamplesRecorded records; `results()` collects their figures."""
        try:
            self._conn.send(
                [(r.originator_id, r.originator_version, r.topic, r.state) for r in records]
            )
        except (OSError, ValueError) as exc:
            raise WorkerLost(str(exc)) from exc
        self._outstanding += 1

    def results(self) -> list[Figures]:
        """The figures of the oldest page not yet answered, in its order."""
        try:
            answer = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise WorkerLost(str(exc)) from exc
        finally:
            self._outstanding -= 1
        if isinstance(answer, str):  # the worker's error
            raise WorkerLost(answer)
        figures: list[Figures] = answer
        return figures

    def close(self) -> None:
        """Stop the worker (an unanswered page is dropped with it)."""
        try:
            if not self._outstanding:
                self._conn.send(None)
        except OSError:
            pass
        self._conn.close()
        process = self._spawned.process
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:  # stuck or slow to exit: it holds nothing of ours
            process.kill()
            process.wait(timeout=5)


@dataclass
class Page:
    """A page of stored records, split into those the batch decodes and those sent to the worker."""

    key: str  # which log
    start: int  # the first notification id asked for
    records: list[Any]
    kept: list[Any]
    sent: list[Any]


class Offload:
    """One catch-up's use of the sample worker: started when the catch-up has many events ahead, used once it
    is ready, given up (the batch computing figures itself) if it fails.

    Once the worker is in use, each batch reads the next page before it writes its own and sends that page's
    samples at once (`read_ahead`), so the worker computes them while this batch writes and commits; the next
    batch takes that page if it starts where it was read (`page`), or drops it.
    """

    def __init__(self, min_events: int | None, profile: Profile) -> None:
        self.min_events = min_events  # None: never
        self.profile = profile
        self.worker: SampleWorker | None = None
        self.failed = False
        self.pages = 0  # pages whose figures the worker computed
        self.ahead: Page | None = None
        # The part of a page's samples the worker gets; the batch decodes the rest beside it, so neither
        # process waits long for the other (adjusted by `collect`).
        self.share = 0.75

    def start_if(self, backlog: int, compressor: Compressor | None) -> None:
        """Start the worker if `backlog` stored events are ahead and it is not started (or failed)."""
        wanted = self.min_events is not None and backlog >= self.min_events
        if wanted and self.worker is None and not self.failed:
            try:
                self.worker = SampleWorker(compressor, self.profile)
            except OSError as exc:
                self._lose(exc)

    def page(self, key: str, start: int, read: Callable[[int], list[Any]], topic: str) -> Page:
        """The page of log `key` from `start`: the one read ahead if it starts there, else read now."""
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            if ahead.key == key and ahead.start == start:
                return ahead
            self.collect(ahead.sent)  # another batch moved the position meanwhile: drop its answer
        return self._split(key, start, read(start), topic)

    def read_ahead(
        self, key: str, start: int, read: Callable[[int], list[Any]], topic: str
    ) -> None:
        """Read the next page now and send its samples, if the worker is in use."""
        if self.worker is not None and self.worker.ready():
            self.ahead = self._split(key, start, read(start), topic)

    def _split(self, key: str, start: int, records: list[Any], topic: str) -> Page:
        if self.worker is None or not self.worker.ready():
            return Page(key, start, records, records, [])
        samples = [r for r in records if r.topic == topic]
        sent = samples[: round(self.share * len(samples))]
        if sent:
            try:
                self.worker.submit(sent)
            except WorkerLost as exc:
                self._lose(exc)
                return Page(key, start, records, records, [])
        chosen = {id(r) for r in sent}
        return Page(key, start, records, [r for r in records if id(r) not in chosen], sent)

    def collect(self, sent: Sequence[StoredEvent]) -> list[Figures] | None:
        """The figures of the records a page sent, or None if the worker was lost (decode them instead).
        A wait for them gives the worker a smaller share of the next page's samples; none, a larger one."""
        if not sent:
            return []
        if self.worker is None:
            return None
        asked = time.perf_counter()
        try:
            figures = self.worker.results()
        except WorkerLost as exc:
            self._lose(exc)
            return None
        waited = time.perf_counter() - asked
        if waited > BALANCED_WAIT_S:
            self.share = max(self.share - SHARE_STEP, SHARE_STEP)
        else:
            self.share = min(self.share + SHARE_STEP, 1.0)
        self.pages += 1
        return figures

    def close(self) -> None:
        """Stop the worker, if one was started (an unanswered page is dropped with it)."""
        self.ahead = None
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    def _lose(self, exc: BaseException) -> None:
        log.warning("the sample worker failed (%s); the catch-up computes the figures itself", exc)
        self.failed = True
        self.close()


def figures_of(
    mapper: Mapper[Any], profile: Profile, records: Sequence[tuple[Any, ...]]
) -> list[Figures]:
    """Decode each stored samples record and compute its figures (what FactBatch._samples does)."""
    from runlift.domain.sessions import session_of
    from runlift.projections.samples import sample_figures

    out: list[Figures] = []
    for originator_id, version, topic, state in records:
        event: Any = mapper.to_domain_event(StoredEvent(originator_id, version, topic, state))
        session = session_of(event)
        assert session is not None
        out.append((event.athlete_id, session, sample_figures(event, profile)))
    return out


def serve(conn: Connection) -> None:
    """Worker main loop: build the mapper, say ready, then answer pages until told to stop (or the parent
    has gone: a catch-up that ended before the worker was ready closed the connection)."""
    try:
        compressor_class, profile = conn.recv()
        from runlift.storage.application import event_transcoder

        mapper: Mapper[Any] = Mapper(
            transcoder=event_transcoder(),
            compressor=compressor_class() if compressor_class is not None else None,
        )
        conn.send("ready")
        while (message := conn.recv()) is not None:
            try:
                answer: object = figures_of(mapper, profile, message)
            except Exception as exc:  # said back: the parent computes the page itself
                answer = f"{type(exc).__name__}: {exc}"
            conn.send(answer)
    except (EOFError, OSError):
        return


if __name__ == "__main__":
    import os

    from runlift.projections.sample_worker import serve as _serve

    _serve(Connection(int(sys.argv[1])))
    os._exit(
        0
    )  # nothing is left to write: skip the interpreter's teardown (the parent waits for it)

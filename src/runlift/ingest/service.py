"""The import service: paths in, one result per file out; each file saved whole or not at all."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from eventsourcing.persistence import PersistenceError

from runlift.domain.events import Source
from runlift.domain.files import Rejection
from runlift.importers.decode import Athlete, too_large
from runlift.importers.manager import PluginSource
from runlift.importers.outcomes import DecodeFailure, DecodeOutcome, DecodeSuccess
from runlift.importers.reading import Cause, Snapshot, Unreadable, hash_file
from runlift.ingest.decoders import DecoderPool, Job
from runlift.ingest.history import AlreadyImported, History, StoreFailed
from runlift.ingest.items import Candidate, Refused
from runlift.ingest.normalise import facts
from runlift.ingest.quarantine import quarantine
from runlift.ingest.sources import expand
from runlift.settings import ArchiveLimits, Profile, largest_file
from runlift.spawn import Spawned

log = logging.getLogger(__name__)

# "incomplete": the file stops where it ends, as one still being written does; nothing was stored and it
# was left where it is (only when the caller asked to wait for the rest: the daemon's drop folder).
Status = Literal["imported", "already imported", "rejected", "incomplete"]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file (stable: `runlift import --json` prints these)."""

    file: str
    status: Status
    sha256: str | None = None
    importer: str | None = None
    format: str | None = None
    events: dict[str, int] = field(default_factory=dict)
    # Facts of the file left out because an earlier file had stored the same (a newer export's old part).
    already_stored: dict[str, int] = field(default_factory=dict)
    reason: str | None = None
    salvaged: str | None = None
    notes: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass
class ImportReport:
    """Every file's result, in the order they finished, and how long the import took."""

    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return self.count("rejected") == 0


@dataclass(frozen=True)
class ImportOptions:
    """How imports run (from config: [import], [plugins], [importers.*])."""

    profile: Profile
    limits: ArchiveLimits
    workers: int
    plugin_timeout_s: float
    max_file_bytes: int
    # Past max_file_bytes, a file reaches only an importer that streams it, up to this size.
    max_stream_bytes: int
    units: str
    importer_options: Mapping[str, Mapping[str, Any]]


class ImportService:
    """Imports files through the plugins into the history; rejected files go to `failed`.

    Its decoding workers start with the first file and stay up for the next call (the daemon imports one
    file at a time); `close()` stops them.
    """

    def __init__(
        self, history: History, plugins: PluginSource, options: ImportOptions, failed: Path
    ) -> None:
        self.history = history
        self.plugins = plugins
        self.options = options
        self.failed = failed
        self._decoders: DecoderPool | None = None
        self._decoders_for: tuple[object, ...] = ()
        self._move_rejected = False
        self._wait_for_rest = False
        self._salvage_note: str | None = None
        self._supersedes: str | None = None

    @property
    def decoding(self) -> bool:
        """Whether decoding workers are up."""
        return self._decoders is not None

    def adopt(self, spawned: Spawned) -> None:
        """Decode with an interpreter started ahead (runlift.spawn), so its start-up overlapped the
        caller's."""
        self._pool().adopt(spawned)

    def close(self) -> None:
        """Stop the decoding workers (the next import starts new ones)."""
        if self._decoders is not None:
            self._decoders.close()
            self._decoders = None

    def __enter__(self) -> ImportService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def import_paths(
        self,
        paths: Iterable[Path],
        *,
        on_start: Callable[[int], None] | None = None,
        on_result: Callable[[FileResult], None] | None = None,
        on_progress: Callable[[str, int, int], None] | None = None,
        force: bool = False,
        follow_links: bool = True,
        move_rejected: bool = False,
        wait_for_rest: bool = False,
        salvage_note: str | None = None,
        supersedes: str | None = None,
    ) -> ImportReport:
        """Import files, folders and archives. `on_start` hears how many files there are, `on_result` each,
        and `on_progress` how far a streaming importer has read a large file (its name, bytes read, size).

        `force` imports bytes already stored once more, as a new revision (say, after a plugin upgrade);
        its sessions are then linked as duplicates of the earlier revision's, and the richer one counts.
        `follow_links` follows a symbolic link among `paths` (never one inside a folder); `move_rejected`
        moves a rejected file into failed/ instead of copying it there (the drop folder's way);
        `wait_for_rest` stores nothing from a file (not an archive's member) whose data stops where the file
        ends, and reports it "incomplete" instead of salvaging or rejecting it: it may still be being
        written (the daemon tries it again, and salvages it once it has stayed so for long); `salvage_note`
        says why such a file is salvaged (or rejected) now, after its reason. `supersedes` names the sha256
        of an earlier import of the same file that these bytes complete (it grew after it was taken): each
        session of the new bytes is linked as a duplicate of the earlier import's sessions it overlaps.
        """
        report = ImportReport()
        began = time.perf_counter()
        self._move_rejected = move_rejected
        self._wait_for_rest = wait_for_rest
        self._salvage_note = salvage_note
        self._supersedes = supersedes

        def done(result: FileResult) -> None:
            report.results.append(result)
            if on_result is not None:
                on_result(result)

        with tempfile.TemporaryDirectory(prefix="runlift-import-") as scratch:
            given = expand(paths, self.options.limits, Path(scratch), follow_links=follow_links)
            items = list(given)
            if on_start is not None:
                on_start(len(items))
            jobs: list[Job[_Read]] = []
            seen: set[str] = set()
            largest, limit = largest_file(
                self.options.max_file_bytes, self.options.max_stream_bytes
            )
            for item in items:
                if isinstance(item, Refused):
                    done(self._refuse(item))
                    continue
                started = time.perf_counter()
                whole = self._whole_only(item, largest)
                if whole is not None:
                    done(self._refuse(_refused(item, whole, "input", item.path)))
                    continue
                try:
                    sha256, snapshot = hash_file(
                        item.path, follow_links=item.follow_links, max_bytes=largest, limit=limit
                    )
                except Unreadable as exc:
                    path = item.path if exc.keep else None
                    done(self._refuse(_refused(item, exc.reason, exc.cause, path)))
                    continue
                with _store_errors(item.display):
                    stored = sha256 in seen or (not force and self.history.is_imported(sha256))
                    revision = self.history.next_revision(sha256) if force and not stored else 0
                if stored:
                    done(FileResult(item.display, "already imported", sha256=sha256))
                    continue
                seen.add(sha256)
                read = _Read(item, sha256, snapshot, started, revision)
                name = Path(item.display).name
                jobs.append(Job(read, item.path, name, self.options.max_file_bytes))
            # Largest first: the long files start at once instead of holding up the end of the import.
            jobs.sort(key=lambda job: job.tag.snapshot.size, reverse=True)

            def moved(job: Job[_Read], read_bytes: int) -> None:
                if on_progress is not None:
                    on_progress(job.tag.candidate.display, read_bytes, job.tag.snapshot.size)

            for job, outcome in self._pool().decode(jobs, moved):
                done(self._store(job.tag, outcome))
        report.seconds = time.perf_counter() - began
        return report

    def _whole_only(self, item: Candidate, largest: int) -> str | None:
        """Why a file past [import] max_file_bytes (within `largest`) is refused unread: the importer
        that recognises it reads files whole. None when it may be read (an importer streams it, or it is
        within the limit, or past every limit: hashing refuses it then)."""
        try:
            size = os.stat(item.path, follow_symlinks=item.follow_links).st_size
        except OSError:
            return None  # hashing says what is wrong with it
        limit = self.options.max_file_bytes
        if size <= limit or size > largest:
            return None
        importer, streams = self._pool().streaming(item.path, Path(item.display).name)
        if streams:
            return None
        return too_large(importer, size, limit)

    def _pool(self) -> DecoderPool:
        # Options may change between imports (tests and benchmarks set them): the pool follows them.
        athlete = Athlete(self.options.profile.zone.key, self.options.units)
        wanted = (
            self.plugins,
            self.options.importer_options,
            athlete,
            self.options.workers,
            self.options.plugin_timeout_s,
        )
        if self._decoders is None or self._decoders_for != wanted:
            self.close()
            self._decoders = DecoderPool(
                self.plugins,
                self.options.importer_options,
                athlete=athlete,
                workers=self.options.workers,
                timeout_s=self.options.plugin_timeout_s,
            )
            self._decoders_for = wanted
        return self._decoders

    def _store(self, read: _Read, outcome: DecodeOutcome) -> FileResult:
        candidate, sha256, started = read.candidate, read.sha256, read.started
        change = (candidate.origin or read.snapshot).change()
        if change is not None:
            return self._refuse(_changed(candidate, change))
        if isinstance(outcome, DecodeFailure) and outcome.stage == "read":
            return self._refuse(_refused(candidate, outcome.reason, "access", candidate.path))
        size = read.snapshot.size
        if self._wait_for_rest and candidate.archive is None and _ends_early(outcome, size):
            return FileResult(
                candidate.display,
                "incomplete",
                sha256=sha256,
                importer=outcome.importer,
                reason=_why_incomplete(outcome),
                seconds=time.perf_counter() - started,
            )
        if self._salvage_note and candidate.archive is None and _ends_early(outcome, size):
            outcome = _noted(outcome, self._salvage_note)
        if isinstance(outcome, DecodeFailure):
            return self._reject(candidate, sha256, size, outcome, started)
        assert isinstance(outcome, DecodeSuccess)
        decoded = outcome.decoded
        device = decoded.device
        source = Source(
            sha256=sha256,
            filename=Path(candidate.display).name,
            plugin=outcome.importer,
            plugin_version=outcome.version,
            device_manufacturer=device.manufacturer if device else None,
            device_product=device.product if device else None,
            device_serial=device.serial if device else None,
        )
        fact_list = facts(decoded, self.options.profile)
        try:
            with _store_errors(candidate.display):
                recorded = self.history.record_import(
                    source=source,
                    size_bytes=size,
                    format=decoded.format,
                    archive=candidate.archive,
                    salvaged=decoded.salvaged,
                    facts=fact_list,
                    notes=decoded.notes,
                    revision=read.revision,
                    supersedes=self._supersedes,
                )
        except AlreadyImported:  # another process saved the same bytes first
            return FileResult(candidate.display, "already imported", sha256=sha256)
        return FileResult(
            candidate.display,
            "imported",
            sha256=sha256,
            importer=outcome.importer,
            format=decoded.format,
            events=recorded.stored,
            already_stored=recorded.already_stored,
            salvaged=decoded.salvaged,
            notes=decoded.notes,
            seconds=time.perf_counter() - started,
        )

    def _reject(
        self, candidate: Candidate, sha256: str, size: int, failure: DecodeFailure, started: float
    ) -> FileResult:
        self.history.record_rejection(
            Rejection(
                sha256=sha256,
                filename=Path(candidate.display).name,
                size_bytes=size,
                archive=candidate.archive,
                stage=failure.stage,
                plugin=failure.importer,
                reason=failure.reason,
            )
        )
        self._quarantine(candidate.path, candidate.display, failure.reason)
        log.info("rejected %s: %s", candidate.display, failure.reason)
        return FileResult(
            candidate.display,
            "rejected",
            sha256=sha256,
            importer=failure.importer,
            reason=failure.reason,
            seconds=time.perf_counter() - started,
        )

    def _refuse(self, refused: Refused) -> FileResult:
        """A file not read (or read while it changed): recorded, kept in failed/ or left, by its cause."""
        change = refused.origin.change() if refused.origin is not None else None
        if change is not None and refused.cause != "change":
            refused = _changed(refused, change)
        if refused.truncated and refused.archive is None:
            if self._wait_for_rest:
                return FileResult(refused.display, "incomplete", reason=refused.reason)
            if self._salvage_note:
                refused = replace(refused, reason=f"{refused.reason} ({self._salvage_note})")
        if refused.cause == "input":
            self.history.record_rejection(
                Rejection(
                    sha256=None,
                    filename=Path(refused.display).name,
                    size_bytes=0,
                    archive=refused.archive,
                    stage="source",
                    plugin=None,
                    reason=refused.reason,
                )
            )
        if refused.cause != "change":
            self._quarantine(refused.path, refused.display, refused.reason)
        log.info("rejected %s: %s", refused.display, refused.reason)
        return FileResult(refused.display, "rejected", reason=refused.reason)

    def _quarantine(self, path: Path | None, display: str, reason: str) -> None:
        quarantine(
            path,
            display,
            reason,
            self.failed,
            move=self._move_rejected,
            max_copy_bytes=self.options.max_file_bytes,
        )


@dataclass(frozen=True)
class _Read:
    """A file hashed and sent to decode: what its result is stored with."""

    candidate: Candidate
    sha256: str
    snapshot: Snapshot
    started: float
    revision: int


def _ends_early(outcome: DecodeOutcome, size: int) -> bool:
    """Whether a file's decode stopped where the file ends (or it is empty): it may be unfinished."""
    if isinstance(outcome, DecodeSuccess):
        return outcome.decoded.truncated
    return outcome.truncated or (size == 0 and outcome.stage in ("sniff", "decode"))


def _noted(outcome: DecodeOutcome, note: str) -> DecodeOutcome:
    """The outcome of a file that ends early, its reason followed by why it is salvaged (or rejected) now."""
    if isinstance(outcome, DecodeSuccess):
        salvaged = outcome.decoded.salvaged or "the file ends early"
        return replace(outcome, decoded=replace(outcome.decoded, salvaged=f"{salvaged} ({note})"))
    return replace(outcome, reason=f"{outcome.reason} ({note})")


def _why_incomplete(outcome: DecodeOutcome) -> str:
    if isinstance(outcome, DecodeSuccess):
        return outcome.decoded.salvaged or "the file ends early"
    return outcome.reason


def _refused(item: Candidate | Refused, reason: str, cause: Cause, path: Path | None) -> Refused:
    return Refused(
        item.display, reason, archive=item.archive, path=path, cause=cause, origin=item.origin
    )


def _changed(item: Candidate | Refused, change: str) -> Refused:
    """Nothing is stored from a file that changed while it was read: the bytes decoded may not be the
    bytes hashed (a half-written file stored under the complete file's hash would never import again)."""
    what = "the archive" if item.archive is not None else "the file"
    reason = f"not stored: {what} {change} while it was being read"
    if change != "was deleted":
        reason += "; import it again once it is complete"
    return Refused(item.display, reason, archive=item.archive, cause="change")


@contextmanager
def _store_errors(display: str) -> Iterator[None]:
    """A store error while looking a file up or saving it becomes StoreFailed naming the file: the CLI
    stops there, the daemon leaves the file in its drop folder for the next pass."""
    try:
        yield
    except PersistenceError as exc:
        raise StoreFailed(display, exc) from exc

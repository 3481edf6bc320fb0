"""The import service: paths in, one result per file out; each file saved whole or not at all."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eventsourcing.persistence import PersistenceError

from runlift.domain.events import Source
from runlift.importers.manager import PluginSource
from runlift.ingest.archives import ArchiveLimits
from runlift.ingest.decode import Athlete
from runlift.ingest.items import Candidate, Refused
from runlift.ingest.normalise import Profile, counts, facts
from runlift.ingest.outcomes import DecodeFailure, DecodeOutcome, DecodeSuccess
from runlift.ingest.quarantine import quarantine
from runlift.ingest.sources import expand
from runlift.ingest.workers import DecoderPool, Job
from runlift.services.history import AlreadyImported, History, StoreFailed

log = logging.getLogger(__name__)

Status = Literal["imported", "already imported", "rejected"]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file (stable: `runlift import --json` prints these)."""

    file: str
    status: Status
    sha256: str | None = None
    importer: str | None = None
    format: str | None = None
    events: dict[str, int] = field(default_factory=dict)
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
    limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    workers: int = 1
    plugin_timeout_s: float = 120.0
    units: str = "metric"
    importer_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


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

    @property
    def decoding(self) -> bool:
        """Whether decoding workers are up."""
        return self._decoders is not None

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
        force: bool = False,
    ) -> ImportReport:
        """Import files, folders and archives. `on_start` hears how many files there are, `on_result` each.

        `force` imports bytes already stored once more, as a new revision (say, after a plugin upgrade);
        its sessions are then linked as duplicates of the earlier revision's, and the richer one counts.
        """
        report = ImportReport()
        began = time.perf_counter()

        def done(result: FileResult) -> None:
            report.results.append(result)
            if on_result is not None:
                on_result(result)

        with tempfile.TemporaryDirectory(prefix="runlift-import-") as scratch:
            items = list(expand(paths, self.options.limits, Path(scratch)))
            if on_start is not None:
                on_start(len(items))
            jobs: list[Job[tuple[Candidate, str, float, int]]] = []
            seen: set[str] = set()
            for item in items:
                if isinstance(item, Refused):
                    done(self._reject_unread(item))
                    continue
                started = time.perf_counter()
                try:
                    sha256 = file_sha256(item.path)
                except OSError as exc:
                    done(self._reject_unread(Refused(item.display, f"cannot read the file: {exc}")))
                    continue
                with _store_errors(item.display):
                    stored = sha256 in seen or (not force and self.history.is_imported(sha256))
                    revision = self.history.next_revision(sha256) if force and not stored else 0
                if stored:
                    done(FileResult(item.display, "already imported", sha256=sha256))
                    continue
                seen.add(sha256)
                jobs.append(
                    Job((item, sha256, started, revision), item.path, Path(item.display).name)
                )
            # Largest first: the long files start at once instead of holding up the end of the import.
            jobs.sort(key=lambda job: job.tag[0].path.stat().st_size, reverse=True)
            for job, outcome in self._pool().decode(jobs):
                done(self._store(*job.tag, outcome))
        report.seconds = time.perf_counter() - began
        return report

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

    def _store(
        self,
        candidate: Candidate,
        sha256: str,
        started: float,
        revision: int,
        outcome: DecodeOutcome,
    ) -> FileResult:
        size = candidate.path.stat().st_size
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
                self.history.record_import(
                    source=source,
                    size_bytes=size,
                    format=decoded.format,
                    archive=candidate.archive,
                    salvaged=decoded.salvaged,
                    facts=fact_list,
                    notes=decoded.notes,
                    revision=revision,
                )
        except AlreadyImported:  # another process saved the same bytes first
            return FileResult(candidate.display, "already imported", sha256=sha256)
        return FileResult(
            candidate.display,
            "imported",
            sha256=sha256,
            importer=outcome.importer,
            format=decoded.format,
            events=counts(fact_list),
            salvaged=decoded.salvaged,
            notes=decoded.notes,
            seconds=time.perf_counter() - started,
        )

    def _reject(
        self, candidate: Candidate, sha256: str, size: int, failure: DecodeFailure, started: float
    ) -> FileResult:
        self.history.record_rejection(
            sha256=sha256,
            filename=Path(candidate.display).name,
            size_bytes=size,
            archive=candidate.archive,
            stage=failure.stage,
            plugin=failure.importer,
            reason=failure.reason,
        )
        quarantine(candidate.path, candidate.display, failure.reason, self.failed)
        log.info("rejected %s: %s", candidate.display, failure.reason)
        return FileResult(
            candidate.display,
            "rejected",
            sha256=sha256,
            importer=failure.importer,
            reason=failure.reason,
            seconds=time.perf_counter() - started,
        )

    def _reject_unread(self, refused: Refused) -> FileResult:
        self.history.record_rejection(
            sha256=None,
            filename=Path(refused.display).name,
            size_bytes=0,
            archive=refused.archive,
            stage="source",
            plugin=None,
            reason=refused.reason,
        )
        quarantine(refused.path, refused.display, refused.reason, self.failed)
        return FileResult(refused.display, "rejected", reason=refused.reason)


@contextmanager
def _store_errors(display: str) -> Iterator[None]:
    """A store error while looking a file up or saving it becomes StoreFailed naming the file: the CLI
    stops there, the daemon leaves the file in its drop folder for the next pass."""
    try:
        yield
    except PersistenceError as exc:
        raise StoreFailed(display, exc) from exc


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()

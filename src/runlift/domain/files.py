"""Aggregates for imported and rejected files: one aggregate per file's bytes, saved in one transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from eventsourcing.domain import Aggregate

from runlift.domain.errors import FileSealed, NotAFileEvent
from runlift.domain.events import FileEvent, FileImported, FileRejected, Source
from runlift.domain.ids import imported_file_id, rejected_file_id


class ImportedFile(Aggregate):
    """Everything one file yielded. Created by FileImported; facts are added before the first save only."""

    def __init__(
        self,
        athlete_id: str,
        source: Source,
        size_bytes: int,
        format: str,
        archive: str | None,
        event_counts: dict[str, int],
        salvaged: str | None,
        notes: list[str],
        already_stored: dict[str, int],
    ) -> None:
        self.athlete_id = athlete_id
        self.source = source
        self.size_bytes = size_bytes
        self.format = format
        self.archive = archive
        self.event_counts = event_counts
        self.salvaged = salvaged
        self.notes = notes
        self.already_stored = already_stored

    @classmethod
    def open(
        cls,
        *,
        athlete_id: str,
        source: Source,
        size_bytes: int,
        format: str,
        archive: str | None,
        event_counts: dict[str, int],
        salvaged: str | None,
        notes: list[str],
        revision: int = 0,
        already_stored: dict[str, int] | None = None,
    ) -> ImportedFile:
        """Start the record of an imported file; its id is derived from the athlete, the file's sha256 and
        the revision (0, or the count of forced re-imports). `already_stored` counts the facts left out
        because earlier files stored them."""
        return cls._create(
            FileImported,
            id=imported_file_id(athlete_id, source.sha256, revision),
            athlete_id=athlete_id,
            source=source,
            size_bytes=size_bytes,
            format=format,
            archive=archive,
            event_counts=event_counts,
            salvaged=salvaged,
            notes=notes,
            already_stored=already_stored or {},
        )

    def record(self, event_class: type[FileEvent], **fields: Any) -> None:
        """Add one training fact decoded from this file."""
        self.check_is_file_event(event_class)
        self.check_not_sealed()
        self.trigger_event(event_class, athlete_id=self.athlete_id, source=self.source, **fields)

    def check_is_file_event(self, event_class: type) -> None:
        if not (isinstance(event_class, type) and issubclass(event_class, FileEvent)):
            raise NotAFileEvent(event_class)

    def check_not_sealed(self) -> None:
        # A stored file is immutable history: only its unsaved first batch may grow.
        if self.version > len(self.pending_events):
            raise FileSealed(self.source.sha256)


@dataclass(frozen=True)
class Rejection:
    """Why a file was not imported: the one value the import service, the history and the event share."""

    sha256: str | None  # None: never read (a link, a pipe, too large)
    filename: str
    size_bytes: int
    archive: str | None  # the archive it came from, if any
    stage: str  # where it failed: source, sniff, decode, validate, ...
    plugin: str | None  # the importer that was reading it, if one was
    reason: str


class RejectedFile(Aggregate):
    """A file runlift could not import, and why. The same bytes rejected for the same reason exist once."""

    def __init__(
        self,
        athlete_id: str,
        sha256: str | None,
        filename: str,
        size_bytes: int,
        archive: str | None,
        stage: str,
        plugin: str | None,
        reason: str,
    ) -> None:
        self.athlete_id = athlete_id
        self.sha256 = sha256
        self.filename = filename
        self.size_bytes = size_bytes
        self.archive = archive
        self.stage = stage
        self.plugin = plugin
        self.reason = reason

    @classmethod
    def open(cls, athlete_id: str, rejection: Rejection) -> RejectedFile:
        """Record a rejection; its id is derived from the athlete, the bytes and the reason."""
        r = rejection
        return cls._create(
            FileRejected,
            id=rejected_file_id(athlete_id, r.sha256, r.filename, r.reason),
            athlete_id=athlete_id,
            **asdict(r),
        )

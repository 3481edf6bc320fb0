"""The training history: one aggregate per imported file, and the rejections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, PersistenceError

from runlift.domain.events import FileEvent, Source
from runlift.domain.files import ImportedFile, RejectedFile
from runlift.domain.ids import imported_file_id
from runlift.storage.application import RunliftApplication
from runlift.storage.persistence import Store


class AlreadyImported(Exception):
    """These bytes were imported before (by this or another process); nothing was added."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        super().__init__(f"file {sha256[:12]} was already imported")


class StoreFailed(Exception):
    """The store could not save a file's events; none of them were stored, earlier files stay stored."""

    def __init__(self, filename: str, cause: BaseException) -> None:
        self.filename = filename
        self.cause = cause
        super().__init__(
            f"the store failed while saving {filename} ({type(cause).__name__}: {cause}); nothing of "
            "this file was stored, files saved before it stay saved: import again once the store is back"
        )


class History(RunliftApplication):
    """Stores what files yielded, atomically and at most once per file's bytes."""

    name = "History"

    def __init__(self, store: Store, athlete_id: str) -> None:
        self.athlete_id = athlete_id
        super().__init__(store)

    def is_imported(self, sha256: str) -> bool:
        """Whether these bytes are already stored for this athlete."""
        file_id = imported_file_id(self.athlete_id, sha256)
        return bool(self.recorder.select_events(file_id, limit=1))

    def record_import(
        self,
        *,
        source: Source,
        size_bytes: int,
        format: str,
        archive: str | None,
        salvaged: str | None,
        facts: Sequence[tuple[type[FileEvent], dict[str, Any]]],
        notes: Sequence[str] = (),
    ) -> UUID:
        """Save a file and every fact it yielded in one transaction; AlreadyImported if its bytes are known."""
        counts: dict[str, int] = {}
        for event_class, _ in facts:
            counts[event_class.__name__] = counts.get(event_class.__name__, 0) + 1
        imported = ImportedFile.open(
            athlete_id=self.athlete_id,
            source=source,
            size_bytes=size_bytes,
            format=format,
            archive=archive,
            event_counts=counts,
            salvaged=salvaged,
            notes=list(notes),
        )
        for event_class, fields in facts:
            imported.record(event_class, **fields)
        try:
            self.save(imported)
        except IntegrityError:
            raise AlreadyImported(source.sha256) from None
        except PersistenceError as exc:
            raise StoreFailed(source.filename, exc) from exc
        return imported.id

    def record_rejection(
        self,
        *,
        sha256: str | None,
        filename: str,
        size_bytes: int,
        archive: str | None,
        stage: str,
        plugin: str | None,
        reason: str,
    ) -> bool:
        """Record why a file was rejected; False when the same bytes were already rejected for that reason."""
        rejected = RejectedFile.open(
            athlete_id=self.athlete_id,
            sha256=sha256,
            filename=filename,
            size_bytes=size_bytes,
            archive=archive,
            stage=stage,
            plugin=plugin,
            reason=reason,
        )
        try:
            self.save(rejected)
        except IntegrityError:
            return False
        except PersistenceError as exc:
            raise StoreFailed(filename, exc) from exc
        return True

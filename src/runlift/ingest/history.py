"""The training history: one aggregate per imported file, and the rejections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.persistence import IntegrityError, PersistenceError
from eventsourcing.utils import get_topic

from runlift.domain.errors import EXIT_REJECTED, RunliftError
from runlift.domain.events import DuplicateLinked, FileEvent, Source
from runlift.domain.files import ImportedFile, RejectedFile, Rejection
from runlift.domain.ids import fact_month_id, imported_file_id, session_day_id
from runlift.domain.known import FactMonth
from runlift.domain.sessions import SessionDay, UnknownLink
from runlift.ingest.dedupe import Summary, same_session, summaries, superseded
from runlift.ingest.identity import Unit, units
from runlift.ingest.normalise import counts
from runlift.settings import DedupeConfig, defaults
from runlift.storage.application import RunliftApplication
from runlift.storage.log import notifications
from runlift.storage.persistence import Store


class AlreadyImported(Exception):
    """These bytes were imported before (by this or another process); nothing was added."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        super().__init__(f"file {sha256[:12]} was already imported")


class StoreFailed(RunliftError):
    """The store could not save a file's events; none of them were stored, earlier files stay stored."""

    exit_status = EXIT_REJECTED
    label = "store error"

    def __init__(self, filename: str, cause: BaseException) -> None:
        self.filename = filename
        self.cause = cause
        super().__init__(
            f"the store failed while saving {filename} ({type(cause).__name__}: {cause}); nothing of "
            "this file was stored, files saved before it stay saved: import again once the store is back"
        )


@dataclass(frozen=True)
class Recorded:
    """A file saved: its aggregate's id, the facts stored by type, and those left out because an earlier
    file had stored the same fact."""

    id: UUID
    stored: dict[str, int]
    already_stored: dict[str, int]


class History(RunliftApplication):
    """Stores what files yielded, atomically and at most once per file's bytes."""

    name = "History"
    # Saves that lose a race for a day's session index to another process are redone this often.
    SAVE_ATTEMPTS = 5

    def __init__(self, store: Store, athlete_id: str, rule: DedupeConfig | None = None) -> None:
        self.rule = rule or defaults().dedupe
        # Each month's index of fact identities as last saved or read: a month of daily files would
        # otherwise replay its whole index for every file (the events of other processes are read on).
        self._months_seen: dict[str, FactMonth] = {}
        super().__init__(store, athlete_id)

    def is_imported(self, sha256: str, revision: int = 0) -> bool:
        """Whether these bytes are already stored for this athlete (as this revision)."""
        file_id = imported_file_id(self.athlete_id, sha256, revision)
        return bool(self.recorder.select_events(file_id, limit=1))

    def next_revision(self, sha256: str) -> int:
        """The revision a forced re-import of these bytes gets: one past the last stored."""
        revision = 0
        while self.is_imported(sha256, revision):
            revision += 1
        return revision

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
        revision: int = 0,
        supersedes: str | None = None,
    ) -> Recorded:
        """Save a file, every fact it yielded that no earlier file stored (ingest/identity.py), its
        sessions in their days' index and the duplicate links they make, all in one transaction;
        AlreadyImported if its bytes (at this revision) are known. A forced re-import (revision > 0)
        stores every fact again. `supersedes`: the sha256 of an earlier, shorter import of the same file
        (see `_index_sessions`)."""
        file_units = units(facts, source.plugin)
        for _attempt in range(self.SAVE_ATTEMPTS):
            months = self._months(file_units)
            kept: list[Unit] = []
            left_out: list[Unit] = []
            for unit in file_units:
                known = not revision and unit.identity in months[unit.month].identities
                (left_out if known else kept).append(unit)
            kept_facts = [fact for unit in kept for fact in unit.facts]
            imported = ImportedFile.open(
                athlete_id=self.athlete_id,
                source=source,
                size_bytes=size_bytes,
                format=format,
                archive=archive,
                event_counts=counts(kept_facts),
                salvaged=salvaged,
                notes=list(notes),
                revision=revision,
                already_stored=counts([f for unit in left_out for f in unit.facts]),
            )
            for event_class, fields in kept_facts:
                imported.record(event_class, **fields)
            days = self._index_sessions(
                summaries(imported.id, source.sha256, kept_facts), supersedes
            )
            noted = self._note(kept, months, source.sha256)
            try:
                self.save(imported, *days, *noted)
                self._months_seen.update((m.month, m) for m in noted)
            except IntegrityError as exc:
                if self.is_imported(source.sha256, revision):
                    raise AlreadyImported(source.sha256) from None
                conflict: IntegrityError = exc  # another process indexed a day or month first: redo
                continue
            except PersistenceError as exc:
                raise StoreFailed(source.filename, exc) from exc
            return Recorded(imported.id, imported.event_counts, imported.already_stored)
        raise StoreFailed(source.filename, conflict)

    def _months(self, file_units: list[Unit]) -> dict[str, FactMonth]:
        """The index of each month the units are filed under, current with the store: one query per
        month for what was saved since it was last seen (a month with no stored fact yet gets a new
        index). Each is a copy: noting identities in it changes nothing seen until it is saved."""
        months: dict[str, FactMonth] = {}
        for month in sorted({u.month for u in file_units}):
            seen = self._months_seen.get(month)
            events = list(
                self.events.get(
                    fact_month_id(self.athlete_id, month), gt=seen.version if seen else None
                )
            )
            index: FactMonth | None = (
                project_aggregate(seen.copy() if seen else None, events) if events else seen
            )
            if index is not None:
                self._months_seen[month] = index
            months[month] = index.copy() if index else FactMonth.start(self.athlete_id, month)
        return months

    def _note(self, kept: list[Unit], months: dict[str, FactMonth], sha256: str) -> list[FactMonth]:
        """Note the identities of the stored units in their months' indexes; the indexes that changed."""
        by_month: dict[str, list[str]] = {}
        for unit in kept:
            by_month.setdefault(unit.month, []).append(unit.identity)
        for month, identities in by_month.items():
            months[month].note(sha256, identities)
        return [months[month] for month in by_month]

    def _index_sessions(
        self, sessions: list[Summary], supersedes: str | None = None
    ) -> list[SessionDay]:
        """Enter each session in its day's index, linked to every indexed session it repeats, and to each
        session of the file it `supersedes` (the same file, taken before its writer was done) that it
        overlaps in time: the shorter record then never counts beside the whole one."""
        days: dict[date, SessionDay | None] = {}
        reach = timedelta(hours=self.rule.max_hour_offset_h, seconds=self.rule.start_window_s)
        for new in sessions:
            candidates: list[Summary] = []
            utc_day: date = (new.start_utc - reach).date()
            while utc_day <= (new.start_utc + reach).date():
                index = self._day(utc_day, days, create=False)
                if index is not None:
                    candidates.extend(Summary.of_event(e) for e in index.sessions)
                utc_day += timedelta(days=1)
            home = self._day(new.start_utc.date(), days, create=True)
            assert home is not None
            home.index(**new.as_fields())
            for old in candidates:
                match = same_session(new, old, self.rule)
                if supersedes is not None and old.file_sha256 == supersedes:
                    match = superseded(new, old) or match
                if match is not None:
                    home.link(new.session, old.session, match.reasons, match.summary)
        return [d for d in days.values() if d is not None and d.pending_events]

    def _day(
        self, day: date, days: dict[date, SessionDay | None], *, create: bool
    ) -> SessionDay | None:
        """A day's index: loaded once per import, started if `create` and the day has none yet."""
        if day not in days:
            # One query per day, found or not (repository.get would ask twice and raise when absent).
            events = list(self.events.get(session_day_id(self.athlete_id, day)))
            days[day] = project_aggregate(None, events) if events else None
        if days[day] is None and create:
            days[day] = SessionDay.start(self.athlete_id, day)
        return days[day]

    def unlink(self, link: str, reason: str) -> None:
        """Split a duplicate link by its id (UnknownLink if no active link has it)."""
        for notification in notifications(self.recorder, [get_topic(DuplicateLinked)]):
            event = self.mapper.to_domain_event(notification)
            assert isinstance(event, DuplicateLinked)
            if event.link_id == link and event.athlete_id == self.athlete_id:
                index: SessionDay = self.repository.get(event.originator_id)
                index.unlink(link, reason)
                self.save(index)
                return
        raise UnknownLink(link)

    def record_rejection(self, rejection: Rejection) -> bool:
        """Record why a file was rejected; False when the same bytes were already rejected for that reason."""
        rejected = RejectedFile.open(self.athlete_id, rejection)
        try:
            self.save(rejected)
        except IntegrityError:
            return False
        except PersistenceError as exc:
            raise StoreFailed(rejection.filename, exc) from exc
        return True

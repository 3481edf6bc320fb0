"""The base of runlift's eventsourcing applications: persistence from the store URL only, runlift transcodings."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    PersistenceError,
    Transcoder,
    UUIDAsHex,
)
from eventsourcing.utils import Environment

from runlift.domain.errors import RunliftError
from runlift.storage.athletes import log_name
from runlift.storage.persistence import Store, environment
from runlift.storage.transcoder import FastJSONTranscoder, register_transcodings


class RunliftApplication(Application[UUID]):
    """An application whose persistence comes from runlift's store URL and nothing else.

    Unlike a plain eventsourcing Application, process environment variables do not change where events go:
    the store URL (config or RUNLIFT_DATABASE_URL) decides, so every process of a deployment agrees.
    """

    def __init__(self, store: Store, athlete_id: str) -> None:
        self.store = store
        # Whose facts this application records: a store may be shared by several athletes.
        self.athlete_id = athlete_id
        if store.sqlite_dir is not None:
            store.sqlite_dir.mkdir(parents=True, exist_ok=True)
        # On PostgreSQL each athlete's log has its own tables in the schema, so that reading one athlete's
        # events never reads another's (a club on one schema); a SQLite home holds one athlete.
        self.log_name = (
            log_name(self.name, athlete_id) if store.backend == "postgres" else self.name
        )
        try:
            super().__init__(env=environment(store, self.log_name))
            if store.backend == "postgres":
                self._create_tables()
        except (PersistenceError, RunliftError) as exc:
            self._close_factory()
            if isinstance(exc, PersistenceError) and store.backend == "postgres":
                from runlift.storage.pgsetup import diagnose

                diagnose(store)  # the pool only says it timed out: raises what stops the connection
            raise

    def _create_tables(self) -> None:
        """Create the athlete's tables, moving the athlete's events out of the log the schema's athletes
        shared before, once (storage/split.py)."""
        from runlift.storage.postgres import UnpipelinedApplicationRecorder

        recorder = self.recorder
        assert isinstance(recorder, UnpipelinedApplicationRecorder)
        recorder.athlete_id = self.athlete_id
        recorder.shared_table = f"{self.name.lower()}_events"
        recorder.create_table()

    def _close_factory(self) -> None:
        """Close the connections of an application that failed to open (its pool would go on retrying)."""
        factory = self.__dict__.get("factory")
        if factory is not None:
            factory.close()

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # The environment's name is the library's table prefix: the athlete's log name, not the class's.
        return Environment(self.log_name, dict(env or {}))

    def construct_transcoder(self) -> Transcoder:
        return event_transcoder()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)


def event_transcoder() -> FastJSONTranscoder:
    """The transcoder of every runlift application's events (also built alone, without an application, by
    the projections' sample worker): eventsourcing's own transcodings, then runlift's."""
    transcoder = FastJSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):  # Application's
        transcoder.register(transcoding)
    register_transcodings(transcoder)
    return transcoder

"""PostgreSQL specifics: saving a large file's events without pipelining, and creating tables one process at
a time."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from runlift.storage import split
from runlift.storage.lost import connection_lost
from runlift.storage.pgsetup import Place, check_server_version, ensure_schema

log = logging.getLogger(__name__)

# Any fixed number: with the schema's hash, the advisory lock that serialises runlift's table creation
# across processes (its upper 32 bits, as the lock's first key).
DDL_LOCK = 0x72756E6C696674  # "runlift"
# How often a save whose connection was lost is tried, and the pause between tries.
INSERT_ATTEMPTS = 10
INSERT_PAUSE_S = 0.2


class UnpipelinedApplicationRecorder(PostgresApplicationRecorder):
    """Inserts a transaction's events with plain round trips instead of psycopg's pipeline mode.

    The library pipelines the table lock, the notify and one INSERT ... SELECT FROM unnest(array) RETURNING.
    With a few thousand events in one save (a lifting app's export is one file of 7,000 sets) client and
    server both ended up waiting on each other for good (seen here every time, and in docs/design.md's notes at
    20,000). Four round trips on a local socket cost well under a millisecond; the table lock that keeps
    notification ids in commit order is kept.

    A save whose connection drops is tried again (the server rolled the transaction back); one that timed
    out waiting for the table lock, or hit a full disk, is not: the library's retry of every operational
    error made a 30 s lock timeout a five-minute wait.
    """

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        attempt = 1
        while True:
            try:
                return self._insert_once(stored_events, **kwargs)
            except PersistenceError as exc:
                if attempt >= INSERT_ATTEMPTS or not connection_lost(exc):
                    raise
            attempt += 1
            time.sleep(INSERT_PAUSE_S)

    def _insert_once(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return []
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    # Set by RunliftApplication before it creates the tables: whose log this is, and the table of the log
    # the schema's athletes shared before (storage/split.py).
    athlete_id: str | None = None
    shared_table: str | None = None

    def create_table(self) -> None:
        """Create the tables if missing, one process at a time per schema; no DDL when they exist. Then,
        once, move the athlete's events out of the schema's shared log (storage/split.py).

        Two runlift processes starting at once both run CREATE ... IF NOT EXISTS; PostgreSQL then fails one
        with "tuple concurrently updated", so creation waits for an advisory lock. It is skipped when the
        table exists: CREATE INDEX IF NOT EXISTS takes a lock on the table even then, so a process starting
        while another held the table locked (a long save, a backup) waited behind it, holding the advisory
        lock that every other runlift process of the database then waited for in turn. The library creates
        the table and its indexes in one transaction, so an existing table has them.

        The server's version is checked first, and a missing schema is created (or the error says who may):
        set-up problems end in one line (runlift.storage.pgsetup), not in the library's traceback.
        """
        schema, table = self.datastore.schema, self.events_table_name
        shared = self.shared_table
        with self.datastore.get_connection() as conn:
            place = Place(conn.info.host, conn.info.port, conn.info.dbname, conn.info.user, schema)
            check_server_version(conn.info.server_version, place)
            row = conn.execute(
                "SELECT to_regclass(%s) AS found, to_regclass(%s) AS shared",
                (f'"{schema}"."{table}"', f'"{schema}"."{shared or table}"'),
            ).fetchone()
            exists = row is not None and row["found"] is not None
            to_move = (
                shared is not None
                and shared != table
                and row is not None
                and row["shared"] is not None
                and not split.moved(conn, schema, table)
            )
            if exists and not to_move:
                self.datastore.register_type_adapters()
                return
            key = (DDL_LOCK >> 32, schema)
            conn.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", key)
            try:
                ensure_schema(conn, place)
                super().create_table()
                if to_move and shared is not None and self.athlete_id is not None:
                    with conn.transaction():
                        if not split.moved(conn, schema, table):
                            count = split.move(conn, schema, shared, table, self.athlete_id)
                            log.info(
                                "moved %d events of %s from %s to %s",
                                count,
                                self.athlete_id,
                                shared,
                                table,
                            )
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", key)

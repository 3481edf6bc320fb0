"""PostgreSQL specifics: saving a large file's events without pipelining, and creating tables one process at
a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry

# Any fixed 64-bit number: the advisory lock that serialises runlift's table creation across processes.
DDL_LOCK = 0x72756E6C696674  # "runlift"


class UnpipelinedApplicationRecorder(PostgresApplicationRecorder):
    """Inserts a transaction's events with plain round trips instead of psycopg's pipeline mode.

    The library pipelines the table lock, the notify and one INSERT ... SELECT FROM unnest(array) RETURNING.
    With a few thousand events in one save (a lifting app's export is one file of 7,000 sets) client and
    server both ended up waiting on each other for good (seen here every time, and in DESIGN.md's notes at
    20,000). Four round trips on a local socket cost well under a millisecond; the table lock that keeps
    notification ids in commit order is kept.
    """

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return []
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    def create_table(self) -> None:
        """Create the tables (if missing) while holding a database-wide advisory lock.

        Two runlift processes starting at once both run CREATE ... IF NOT EXISTS; PostgreSQL then fails one
        with "tuple concurrently updated". Waiting for the other's DDL instead costs nothing.
        """
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (DDL_LOCK,))
            try:
                super().create_table()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (DDL_LOCK,))

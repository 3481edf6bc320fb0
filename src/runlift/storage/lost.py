"""Whether a database error is a lost PostgreSQL connection, without importing psycopg for SQLite homes."""

from __future__ import annotations

import sys

# SQLSTATEs of a server going away: admin_shutdown (pg_terminate_backend, a fast shutdown),
# crash_shutdown, cannot_connect_now (starting up); class 08 is every connection exception.
_GONE = ("57P01", "57P02", "57P03")


def connection_lost(exc: BaseException) -> bool:
    """Whether an error (or an error it was raised from) is a PostgreSQL connection that dropped or could
    not be made: worth another try once the server is back. A lock timeout, a full disk or a constraint
    is not: trying again at once would wait again or fail the same way."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:  # never imported: no PostgreSQL connection was made, so none was lost
        return False
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, psycopg.Error):
            state = seen.sqlstate
            if state is None:  # raised by the client: the socket closed, no server answered
                return isinstance(seen, psycopg.OperationalError | psycopg.InterfaceError)
            return bool(state.startswith("08") or state in _GONE)
        seen = seen.__cause__ or seen.__context__
    return False

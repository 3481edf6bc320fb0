"""Why a PostgreSQL store does not open (server, role, database, schema, version), in one line with the fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runlift.domain.errors import EXIT_USAGE, RunliftError

if TYPE_CHECKING:
    from runlift.storage.persistence import Store

# The oldest server runlift opens. The event store's own SQL needs 9.6 (every connection sets
# idle_in_transaction_session_timeout, new in 9.6; CREATE INDEX IF NOT EXISTS is 9.5), and psycopg 3, which
# speaks to the server, supports PostgreSQL 10 and later: 10 is the floor.
MIN_SERVER_VERSION = 100000  # PostgreSQL's server_version_num for 10.0
URL_SETTING = "[store] url or $RUNLIFT_DATABASE_URL"
START_OR_CORRECT = "start the server, or correct the host and port"


@dataclass(frozen=True)
class Place:
    """Where a store lives, without its password: what every set-up error names."""

    host: str
    port: int
    dbname: str
    user: str
    schema: str = "public"

    @classmethod
    def of(cls, store: Store) -> Place:
        return cls(store.host, store.port, store.dbname, store.user, store.schema or "public")

    @property
    def server(self) -> str:
        return f"PostgreSQL at {self.host}:{self.port}"


class StoreSetupError(RunliftError):
    """The PostgreSQL store cannot be opened as configured; the one-line message says what is wrong, where,
    and how to fix it (exit status 2)."""

    exit_status = EXIT_USAGE
    label = "store error"

    def __init__(self, place: Place, message: str) -> None:
        self.place = place
        super().__init__(message)


class StoreUnreachable(StoreSetupError):
    """No PostgreSQL server answered at the store's host and port."""

    def __init__(self, place: Place, reason: str, fix: str = START_OR_CORRECT) -> None:
        self.reason = reason
        super().__init__(place, f"cannot reach {place.server}: {reason}; {fix} in {URL_SETTING}")


class StoreLoginFailed(StoreSetupError):
    """The server refused the store's role: a wrong password, or no pg_hba.conf line lets it in."""

    def __init__(self, place: Place, reason: str, fix: str) -> None:
        self.reason = reason
        super().__init__(
            place, f"{place.server} refused role {quote(place.user)} ({reason}); {fix}"
        )


class StoreRoleMissing(StoreSetupError):
    """The store URL names a role the server does not have."""

    def __init__(self, place: Place) -> None:
        role = quote(place.user)
        super().__init__(
            place,
            f"{place.server} has no role {role}; create it as a superuser (CREATE ROLE {role} LOGIN "
            f"PASSWORD '...';) or name an existing role in {URL_SETTING}",
        )


class StoreDatabaseMissing(StoreSetupError):
    """The store URL names a database the server does not have."""

    def __init__(self, place: Place) -> None:
        database = quote(place.dbname)
        super().__init__(
            place,
            f"{place.server} has no database {database}; create it as a superuser (CREATE DATABASE "
            f"{database} OWNER {quote(place.user)};) or name an existing one in {URL_SETTING}",
        )


class StoreSchemaMissing(StoreSetupError):
    """The store's schema does not exist and its role may not create it."""

    def __init__(self, place: Place) -> None:
        schema = quote(place.schema)
        super().__init__(
            place,
            f"schema {schema} does not exist in database {quote(place.dbname)} at "
            f"{place.host}:{place.port} and role {quote(place.user)} may not create it; run as the "
            f"database's owner or a superuser: CREATE SCHEMA {schema} AUTHORIZATION {quote(place.user)};",
        )


class StoreSchemaDenied(StoreSetupError):
    """The store's schema exists but its role may not create tables in it."""

    def __init__(self, place: Place) -> None:
        schema = quote(place.schema)
        super().__init__(
            place,
            f"role {quote(place.user)} may not create tables in schema {schema} of database "
            f"{quote(place.dbname)} at {place.host}:{place.port}; run as the schema's owner or a "
            f"superuser: GRANT USAGE, CREATE ON SCHEMA {schema} TO {quote(place.user)};",
        )


class StoreServerTooOld(StoreSetupError):
    """The server is older than the oldest PostgreSQL runlift supports."""

    def __init__(self, place: Place, version: int) -> None:
        self.version = version
        super().__init__(
            place,
            f"{place.server} is version {version_text(version)}; runlift needs "
            f"{MIN_SERVER_VERSION // 10000} or later: upgrade the server, or point {URL_SETTING} "
            "at a newer one",
        )


def quote(name: str) -> str:
    """A PostgreSQL identifier as SQL writes it, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def version_text(version: int) -> str:
    """server_version_num as people write it: 150020 -> 15.20 (10 and later), 90624 -> 9.6.24."""
    if version >= 100000:
        return f"{version // 10000}.{version % 10000}"
    return f"{version // 10000}.{version // 100 % 100}.{version % 100}"


def check_server_version(version: int, place: Place) -> None:
    """Raise StoreServerTooOld if a server of `version` (server_version_num) is older than runlift needs."""
    if version < MIN_SERVER_VERSION:
        raise StoreServerTooOld(place, version)


def connect_failure(place: Place, message: str) -> StoreSetupError:
    """The set-up error a failed connection's libpq message stands for (the server's SQLSTATE does not
    reach the client when the connection fails; its English text does, or a localised one, which falls
    through to the last case with the server's own words)."""
    if re.search(r'role ".*" does not exist', message):
        return StoreRoleMissing(place)
    if re.search(r'database ".*" does not exist', message):
        return StoreDatabaseMissing(place)
    if "password authentication failed" in message or "no password supplied" in message:
        return StoreLoginFailed(place, "wrong password", f"correct the password in {URL_SETTING}")
    if "no pg_hba.conf entry" in message:
        return StoreLoginFailed(
            place,
            f"no pg_hba.conf line lets it into database {quote(place.dbname)} from this machine",
            "add one on the server and reload it, or use a role and host it lets in",
        )
    unknown_host = "correct the host name"
    reasons = (
        ("Connection refused", "connection refused", START_OR_CORRECT),
        ("timeout expired", "no answer within 5 s", START_OR_CORRECT),
        ("No route to host", "no route to the host", START_OR_CORRECT),
        ("Network is unreachable", "network unreachable", START_OR_CORRECT),
        ("failed to resolve host", "unknown host name", unknown_host),
        ("could not translate host name", "unknown host name", unknown_host),
    )
    for needle, reason, fix in reasons:
        if needle in message:
            return StoreUnreachable(place, reason, fix)
    return StoreUnreachable(place, _first_line(message), "check the server, and the host and port")


def _first_line(message: str) -> str:
    """libpq's reason in one line: `connection failed: connection to server at ... failed: FATAL:  why`."""
    line = message.strip().splitlines()[0] if message.strip() else "no reason given"
    reason = line.rsplit(" failed: ", 1)[-1]
    return " ".join(reason.replace("FATAL:", "").split())


def diagnose(store: Store) -> None:
    """Connect to the store's server directly (the connection pool only says it timed out) and raise the
    set-up error that stops it: the server, the role, the database, the server's version. Returns if none
    does (the failure was something else, or has passed)."""
    import psycopg

    place = Place.of(store)
    try:
        conn = psycopg.connect(
            host=store.host,
            port=store.port,
            dbname=store.dbname,
            user=store.user,
            password=store.password,
            connect_timeout=5,
        )
    except psycopg.OperationalError as exc:
        raise connect_failure(place, str(exc)) from None
    with conn:
        check_server_version(conn.info.server_version, place)


def ensure_schema(conn: Any, place: Place) -> None:
    """Create the store's schema if missing and the role may (the caller serialises runlift's DDL); raise
    StoreSchemaMissing if it may not, StoreSchemaDenied if the schema exists but takes no tables of it.

    CREATE SCHEMA IF NOT EXISTS checks the database privilege before it looks for the schema, so it runs
    only when the schema is missing: a role that may not create schemas still opens one made for it.
    """
    import psycopg
    from psycopg import sql

    row = conn.execute(
        "SELECT n.oid IS NOT NULL AS present, COALESCE(has_schema_privilege(n.oid, 'USAGE') "
        "AND has_schema_privilege(n.oid, 'CREATE'), false) AS writable "
        "FROM (VALUES (1)) AS one (x) LEFT JOIN pg_namespace n ON n.nspname = %s",
        (place.schema,),
    ).fetchone()
    present, writable = (row["present"], row["writable"]) if isinstance(row, dict) else row
    if present:
        if not writable:
            raise StoreSchemaDenied(place)
        return
    try:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(place.schema)))
    except psycopg.errors.InsufficientPrivilege:
        raise StoreSchemaMissing(place) from None

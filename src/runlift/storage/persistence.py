"""Maps a runlift database URL onto eventsourcing's environment keys: the only place that knows them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from runlift.domain.errors import RunliftError

COMPRESSOR = "runlift.storage.compression:SizeAwareZlib"
RECORDER = "runlift.storage.postgres:UnpipelinedApplicationRecorder"


class StoreURLError(RunliftError, ValueError):
    """The database URL is not one runlift can use; the message shows the accepted forms."""

    label = "configuration error"

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        super().__init__(
            f"database URL {_redact(url)!r}: {problem}; expected sqlite:///absolute/dir or "
            "postgresql://user:password@host:port/dbname[?schema=name]"
        )


@dataclass(frozen=True)
class Store:
    """A parsed database URL."""

    url: str
    backend: str  # "sqlite" or "postgres"
    sqlite_dir: Path | None = None
    host: str = ""
    port: int = 5432
    dbname: str = ""
    user: str = ""
    password: str = ""
    schema: str = ""

    @property
    def display(self) -> str:
        """The URL with its password hidden."""
        return _redact(self.url)


def parse_store_url(url: str) -> Store:
    """Parse `sqlite:///dir` or `postgresql://user:password@host:port/dbname?schema=s`."""
    parts = urlparse(url)
    if parts.scheme == "sqlite":
        if not parts.path or parts.path == "/":
            raise StoreURLError(url, "no directory given")
        return Store(url=url, backend="sqlite", sqlite_dir=Path(unquote(parts.path)))
    if parts.scheme in ("postgresql", "postgres"):
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise StoreURLError(url, "no database name given")
        query = parse_qs(parts.query)
        unknown = set(query) - {"schema"}
        if unknown:
            raise StoreURLError(url, f"unknown parameter {sorted(unknown)[0]!r}")
        try:
            port = parts.port or 5432
        except ValueError:
            raise StoreURLError(url, "the port is not a number") from None
        return Store(
            url=url,
            backend="postgres",
            host=parts.hostname or "127.0.0.1",
            port=port,
            dbname=dbname,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            schema=query.get("schema", [""])[0],
        )
    raise StoreURLError(url, f"unknown scheme {parts.scheme!r}")


# PostgreSQL connections per application (three per runlift process, and the views engine's): none kept
# while idle (the pool closes a connection idle for 10 minutes), up to five while busy.
POOL_KEPT = 0
POOL_MAX = 5


def environment(store: Store, app_name: str) -> dict[str, str]:
    """eventsourcing's persistence keys for one application.

    SQLite: one file per application (the SQLite recorder always uses one table, so two applications in one
    file would read each other's events); a home holds one athlete. PostgreSQL: one schema, a table per
    application and athlete (the application's name as RunliftApplication gives it: storage/athletes.py).
    """
    env = {"COMPRESSOR_TOPIC": COMPRESSOR}
    if store.backend == "sqlite":
        assert store.sqlite_dir is not None
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=str(store.sqlite_dir / f"{app_name.lower()}.sqlite"),
            SQLITE_LOCK_TIMEOUT="30",
        )
    else:
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=store.dbname,
            POSTGRES_HOST=store.host,
            POSTGRES_PORT=str(store.port),
            POSTGRES_USER=store.user,
            POSTGRES_PASSWORD=store.password,
            POSTGRES_SCHEMA=store.schema,
            POSTGRES_CONNECT_TIMEOUT="5",
            POSTGRES_LOCK_TIMEOUT="30",
            APPLICATION_RECORDER_TOPIC=RECORDER,
            # RunliftApplication creates the tables once it has told the recorder whose log it is.
            CREATE_TABLE="no",
            # No connection kept per application once idle for 10 minutes (psycopg_pool's max_idle),
            # up to five while busy: the library's default (five kept, fifteen at most) made each
            # runlift process hold 19 connections, so a server's default 100 served five athletes'
            # processes at once; an idle daemon of a club now holds its views engine's and
            # scheduler's only (docs/club.md).
            POSTGRES_POOL_SIZE=str(POOL_KEPT),
            POSTGRES_MAX_OVERFLOW=str(POOL_MAX - POOL_KEPT),
        )
    return env


def _redact(url: str) -> str:
    parts = urlparse(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url

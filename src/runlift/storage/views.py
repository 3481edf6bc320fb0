"""Where the read models live: `views.sqlite` beside the SQLite event files, or the PostgreSQL store's schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from runlift_migrations import read_models
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from runlift.storage.persistence import Store

# Any fixed 64-bit number: serialises projection batches per athlete across processes on PostgreSQL.
VIEWS_LOCK = 0x72756E766965  # "runvie"


def _json_text(value: Any) -> str:
    """A JSON column's text, written by orjson (the stdlib's encoder took a tenth of a rebuild's derived
    models); keys that are not strings are written as strings, as the stdlib does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def views_engine(store: Store, *, kept: int = 2, most: int = 5) -> Engine:
    """An engine on the views database of a store; on PostgreSQL it keeps `kept` connections open and
    opens up to `most` while busy (SQLAlchemy's default, 5 kept and 15 at most, made each daemon of a
    club hold more than its share of the server's max_connections: docs/club.md)."""
    if store.backend == "sqlite":
        assert store.sqlite_dir is not None
        store.sqlite_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            f"sqlite:///{store.sqlite_dir / 'views.sqlite'}",
            # Pooled: a connection's first open sets WAL up and its last close checkpoints the log, which
            # per batch cost a rebuild about 0.5 s; a pooled connection is handed to one thread at a time.
            poolclass=QueuePool,
            pool_size=2,
            connect_args={"timeout": 30, "check_same_thread": False},
            json_serializer=_json_text,
            json_deserializer=orjson.loads,
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's transactions be SQLite's own: a batch takes the write lock when it begins,
            # so two processes never both read a tracking position and then both write it.
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    url = URL.create(
        "postgresql+psycopg",
        username=store.user or None,
        password=store.password or None,
        host=store.host,
        port=store.port,
        database=store.dbname,
    )
    engine = create_engine(
        url,
        pool_size=kept,
        max_overflow=most - kept,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 5},
        json_serializer=_json_text,
        json_deserializer=orjson.loads,
    )
    if store.schema:
        engine = engine.execution_options(schema_translate_map={None: store.schema})
    return engine


@contextmanager
def batch(engine: Engine, athlete_id: str) -> Iterator[Connection]:
    """One transaction that no other projection batch of the same athlete runs beside."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text("SELECT pg_advisory_xact_lock(:a, hashtext(:b))"),
                {"a": VIEWS_LOCK >> 32, "b": athlete_id},
            )
        yield conn


@contextmanager
def creating_tables(engine: Engine) -> Iterator[Connection]:
    """A transaction to create tables in, one process at a time on PostgreSQL: two processes creating
    the same table at once collide in its catalogue (a duplicate pg_type name), checkfirst or not."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:a)"), {"a": VIEWS_LOCK})
        yield conn


def create_tables(engine: Engine) -> None:
    """Create every read-model table that is missing."""
    with creating_tables(engine) as conn:
        read_models.metadata.create_all(conn)


def drop_tables(conn: Connection, name: str) -> None:
    """Drop and recreate one model's tables (a schema version change)."""
    for table in read_models.TABLES[name]:
        table.drop(conn, checkfirst=True)
        table.create(conn)

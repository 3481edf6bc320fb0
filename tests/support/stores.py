"""The stores tests run on: the PostgreSQL server's address, an admin connection, and holding a store's lock."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from runlift.bootstrap import Runlift
from runlift.storage.persistence import parse_store_url

PG_HOST = os.environ.get("RUNLIFT_TEST_PG_HOST", "127.0.0.1")

PG_PORT = int(os.environ.get("RUNLIFT_TEST_PG_PORT", "5432"))

PG_USER = os.environ.get("RUNLIFT_TEST_PG_USER", "postgres")

PG_DB = os.environ.get("RUNLIFT_TEST_PG_DB", "test")

TOYS = Path(__file__).resolve().parent.parent / "toys"


def pg_admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=PG_DB, connect_timeout=3, autocommit=True
    )


def pg_unavailable(reason: str) -> None:
    # Under CI a missing PostgreSQL is a failure, never a silent skip.
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required under CI and unreachable: {reason}")
    pytest.skip(f"PostgreSQL unreachable: {reason}")


MakeApp = Callable[..., Runlift]


def schema_of(store_url: str) -> str:
    return parse_store_url(store_url).schema


LOCKER = r"""
import sys
backend, target = sys.argv[1], sys.argv[2]
if backend == "sqlite":
    import sqlite3
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
else:
    import psycopg
    conn = psycopg.connect(target)
    conn.execute(f'LOCK TABLE "{sys.argv[3]}"."{sys.argv[4]}" IN EXCLUSIVE MODE')
print("locked", flush=True)
sys.stdin.readline()
conn.rollback()
print("released", flush=True)
"""


@contextmanager
def locked(store_url: str) -> Iterator[None]:
    """Another process holds the event store's write lock until the block ends: SQLite's BEGIN EXCLUSIVE
    on history.sqlite, or PostgreSQL's EXCLUSIVE table lock (what runlift's own saves take) on the
    athlete's History table (the schema must hold one). Readers go on."""
    store = parse_store_url(store_url)
    if store.backend == "sqlite":
        assert store.sqlite_dir is not None
        args = ["sqlite", str(store.sqlite_dir / "history.sqlite")]
    else:
        conninfo = f"host={store.host} port={store.port} user={store.user} dbname={store.dbname}"
        (table,) = history_tables(store.schema)
        args = ["postgres", conninfo, store.schema, table]
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdin is not None
    assert holder.stdout.readline().strip() == "locked"
    try:
        yield
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        assert holder.wait(10) == 0


def history_tables(schema: str) -> list[str]:
    """The History event tables in a PostgreSQL schema: one per athlete ("history_<athlete>_events")."""
    with pg_admin() as admin:
        rows = admin.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE %s "
            "ORDER BY tablename",
            (schema, r"history\_%\_events"),
        ).fetchall()
    return [str(row[0]) for row in rows]


def waiting_saves(store_url: str) -> int:
    """How many sessions wait for a lock on the schema's History event tables (PostgreSQL)."""
    with pg_admin() as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT l.granted AND c.relname LIKE %s AND n.nspname = %s",
            (r"history\_%\_events", schema_of(store_url)),
        ).fetchone()
    return int(row[0]) if row else 0


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A database URL for another fresh PostgreSQL schema, dropped afterwards."""
    schema = f"rl_{uuid.uuid4().hex[:16]}"
    with pg_admin() as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DB}?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')

"""Runs a benchmark on a temporary SQLite store, then on a fresh PostgreSQL schema (dropped afterwards)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def on_each_store(run: Callable[[str, Path], None], postgres: str | None = DEFAULT_PG) -> None:
    """`run(store_url, home)` on SQLite, then (unless `postgres` is None) on a new schema of that server."""
    scratch = Path(tempfile.mkdtemp(prefix="runlift-bench-"))
    try:
        print("SQLite")
        run(f"sqlite://{scratch / 'store'}", scratch / "home")
        if postgres is not None:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(postgres, autocommit=True) as admin:
                admin.execute(f'CREATE SCHEMA "{schema}"')
                try:
                    print("PostgreSQL")
                    run(f"{postgres}?schema={schema}", scratch / "home-pg")
                finally:
                    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

"""Writing many read-model rows straight through the database driver, values in the form it stores them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Table

# Rows written per statement.
CHUNK = 1000


class Stored:
    """Values in the form the views' database is given them: on SQLite the text SQLAlchemy would write (a
    day ISO, an instant in UTC as "YYYY-MM-DD HH:MM:SS.ffffff"), elsewhere as they are; each converted once."""

    def __init__(self, conn: Connection) -> None:
        self.sqlite = conn.dialect.name == "sqlite"
        self._seen: dict[Any, Any] = {}

    def day(self, value: date) -> Any:
        if not self.sqlite:
            return value
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = value.isoformat()
        return found

    def instant(self, value: datetime) -> Any:
        if not self.sqlite:
            return value
        found = self._seen.get(value)
        if found is None:
            naive = value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
            found = self._seen[value] = naive.isoformat(" ", "microseconds")
        return found


def insert_rows(conn: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows (tuples of every column in the table's order, values as `Stored` gives them) straight
    through the driver (SQLite's executemany, PostgreSQL's COPY): SQLAlchemy's per-row parameter processing
    took longer than computing the rows."""
    if not rows:
        return
    names = [column.name for column in table.c]
    driver: Any = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        )
        for at in range(0, len(rows), CHUNK):
            driver.executemany(sql, rows[at : at + CHUNK])
    elif conn.dialect.name == "postgresql":
        # COPY takes a quarter of the time of SQLAlchemy's batched INSERTs.
        schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(None)
        name = f'"{schema}".{table.name}' if schema else table.name
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {name} ({', '.join(names)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        for at in range(0, len(rows), CHUNK):
            chunk = rows[at : at + CHUNK]
            conn.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in chunk])


def insert_dicts(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert rows given as {column: value} (a missing column is NULL) through `insert_rows`, days and
    instants converted as `Stored` does. For tables of strings, numbers, days and instants (not JSON)."""
    form = Stored(conn)
    convert: list[Any] = []
    for column in table.c:
        if isinstance(column.type, JSON):
            raise TypeError(f"{table.name}.{column.name} is JSON: insert it through SQLAlchemy")
        if isinstance(column.type, DateTime):
            convert.append(form.instant)
        elif isinstance(column.type, Date):
            convert.append(form.day)
        else:
            convert.append(None)
    pairs = list(zip([column.name for column in table.c], convert, strict=True))
    insert_rows(
        conn,
        table,
        [
            tuple(
                value if to is None or value is None else to(value)
                for value, to in ((row.get(name), to) for name, to in pairs)
            )
            for row in rows
        ],
    )

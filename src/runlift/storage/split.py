"""An athlete's events moved out of the log a PostgreSQL schema's athletes shared (runlift before issue 23)
into the athlete's own, once, in one transaction.

Until then every application kept one table per schema ("history_events") for every athlete in it, so each
athlete's catch-up, rebuild and status read and decoded every athlete's events. Now each athlete has its
own ("history_jo_1a2b3c4d_events", storage/athletes.py). When an athlete's table is first made in a schema
that still holds the shared one, the athlete's events are copied into it in their order, removed from the
shared table, and the move noted in `runlift_split`; the athlete's read models are marked for a rebuild
(their positions were the shared log's). All of it is one transaction under the schema's DDL lock: a move
that is stopped leaves nothing done, and the next start of any runlift process of the athlete redoes it.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection
from psycopg.sql import SQL, Identifier

from runlift.storage.athletes import athlete_in

PAGE = 1000
MARKS = "runlift_split"


def moved(conn: Connection[Any], schema: str, table: str) -> bool:
    """Whether the athlete's table `table` already took its events from the shared log."""
    found = conn.execute("SELECT to_regclass(%s) AS found", (f'"{schema}"."{MARKS}"',)).fetchone()
    if found is None or _value(found) is None:
        return False
    row = conn.execute(
        SQL("SELECT 1 FROM {}.{} WHERE log = %s").format(Identifier(schema), Identifier(MARKS)),
        (table,),
    ).fetchone()
    return row is not None


def move(conn: Connection[Any], schema: str, shared: str, table: str, athlete_id: str) -> int:
    """Copy the athlete's events from `shared` into `table` (in log order, each once), remove them from
    `shared`, note the move and mark the athlete's read models for a rebuild; how many moved. Runs in the
    caller's transaction."""
    marks = Identifier(schema, MARKS)
    conn.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS {} (log text PRIMARY KEY, athlete_id text NOT NULL, "
            "events bigint NOT NULL, moved_at timestamptz NOT NULL DEFAULT now())"
        ).format(marks)
    )
    source, target = Identifier(schema, shared), Identifier(schema, table)
    insert = SQL(
        "INSERT INTO {} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT DO NOTHING"
    ).format(target)
    taken: list[int] = []
    with conn.cursor(name="runlift_split") as reader, conn.cursor() as writer:
        reader.execute(
            SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
                "ORDER BY notification_id"
            ).format(source)
        )
        while rows := reader.fetchmany(PAGE):
            mine = [_row(r) for r in rows if athlete_in(bytes(_row(r)[4])) == athlete_id]
            if mine:
                writer.executemany(insert, [r[1:] for r in mine])
                taken.extend(r[0] for r in mine)
        for start in range(0, len(taken), PAGE * 10):
            writer.execute(
                SQL("DELETE FROM {} WHERE notification_id = ANY(%s)").format(source),
                (taken[start : start + PAGE * 10],),
            )
        writer.execute(
            SQL("INSERT INTO {} (log, athlete_id, events) VALUES (%s, %s, %s)").format(marks),
            (table, athlete_id, len(taken)),
        )
        meta = conn.execute("SELECT to_regclass(%s) AS found", (f'"{schema}"."view_meta"',))
        found = meta.fetchone()
        if found is not None and _value(found) is not None and taken:
            writer.execute(
                SQL("DELETE FROM {} WHERE athlete_id = %s").format(Identifier(schema, "view_meta")),
                (athlete_id,),
            )
    return len(taken)


def _row(row: Any) -> tuple[Any, ...]:
    """A row as a tuple, whichever row factory the connection has."""
    if isinstance(row, dict):
        return tuple(row.values())
    return tuple(row)


def _value(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]

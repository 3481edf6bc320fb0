"""What "nothing was lost or duplicated" means, checked after every fault scenario (RELIABILITY.md): the
stored events equal a clean import's, and a full rebuild of the views equals the incrementally kept ones."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import select

from runlift.bootstrap import bootstrap
from runlift.projections.driver import Projections
from runlift.queries import eventlog

VIEW_TABLES = [t for name in rm.SCHEMA_VERSIONS for t in rm.TABLES[name]]
# Events an import stores; the plan's and the check-ins' come from commands, not files.
IMPORTED = frozenset(
    {
        "FileImported",
        "FileRejected",
        "DuplicateLinked",
        "RunCompleted",
        "ActivityCompleted",
        "ActivitySamplesRecorded",
        "StrengthSessionCompleted",
        "SetLogged",
        "SleepRecorded",
        "WellnessRecorded",
        "BodyCompositionRecorded",
    }
)


def snapshot(projections: Projections) -> dict[str, list[tuple[Any, ...]]]:
    """Every view row of the athlete, sorted (what "the same views" means)."""
    out = {}
    with projections.engine.connect() as conn:
        for table in VIEW_TABLES:
            rows = conn.execute(
                select(table).where(table.c.athlete_id == projections.athlete_id)
            ).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def imported_events(home: Path, store_url: str | None) -> Counter[tuple[str, str | None]]:
    """The imported events a store holds, with how many of each: files as (type, sha256); what each
    file yielded as ("yield <type>", sha256), counting the facts it stored and those it left out because
    another file had stored them alike (ingest/identity.py: which of two such files stores them depends on
    which is saved first); and the facts stored as ("stored", type). An event lost, or stored twice,
    changes a count."""
    counts: Counter[tuple[str, str | None]] = Counter()
    with bootstrap(home, database_url=store_url) as app:
        for application in app.event_logs:
            athlete = app.settings.athlete_id
            for record in eventlog.read_events(application, sorted(IMPORTED), athlete_id=athlete):
                kind = record["type"]
                sha = record.get("sha256") or (record.get("source") or {}).get("sha256")
                if kind in ("FileImported", "FileRejected", "DuplicateLinked"):
                    counts[(kind, sha)] += 1
                else:
                    counts[(f"yield {kind}", sha)] += 1
                    counts[("stored", kind)] += 1
                for left_out, n in (record.get("already_stored") or {}).items():
                    counts[(f"yield {left_out}", sha)] += n
    return counts


def clean_import(files: Iterable[Path], scratch: Path) -> Counter[tuple[str, str | None]]:
    """The events a clean import of `files` stores: one `runlift import` into a fresh SQLite home."""
    home = scratch / "clean-home"
    result = subprocess.run(
        [sys.executable, "-m", "runlift", "--home", str(home), "import", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(scratch)},
    )
    assert result.returncode in (0, 1), result.stderr
    return imported_events(home, None)


def assert_nothing_lost(
    home: Path, store_url: str, files: Iterable[Path], scratch: Path
) -> Counter[tuple[str, str | None]]:
    """After a fault: the store holds exactly the events a clean import of `files` stores (none lost, none
    twice), and rebuilding every view from the events gives the views kept incrementally."""
    stored = imported_events(home, store_url)
    expected = clean_import(files, scratch)
    missing, extra = expected - stored, stored - expected
    assert not missing, f"lost: {dict(missing)}"
    assert not extra, f"stored more than once or unexpected: {dict(extra)}"
    with bootstrap(home, database_url=store_url) as app:
        projections = app.projections()
        projections.catch_up()
        incremental = snapshot(projections)
        projections.rebuild()
        assert snapshot(projections) == incremental
    return stored

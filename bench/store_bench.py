"""Event store append benchmark: a realistic file's worth of events saved N times, SQLite and PostgreSQL.

Each "file" is what a watch export of a run-and-lift day yields: FileImported, a RunCompleted with 8 laps,
a StrengthSessionCompleted and 30 SetLogged (33 events), plus its two sessions' entries in the day index
(SessionIndexed, and SessionDayStarted for a new day), saved in one transaction as runlift does.
Prints events/s and files/s per backend. Target (issue 2): >= 20,000 events/s on SQLite.

    .venv/bin/python bench/store_bench.py [--files 2000] [--repeat 3] [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg

from runlift.domain.events import (
    FileEvent,
    RunCompleted,
    SetLogged,
    Source,
    StrengthSessionCompleted,
)
from runlift.ingest.history import History
from runlift.storage.persistence import parse_store_url

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
EXERCISES = ("squat", "deadlift", "bench press", "row", "lunge", "step-up", "pallof press", "plank")


def day_of_facts(n: int) -> list[tuple[type[FileEvent], dict[str, Any]]]:
    """One run with laps and one 30-set strength session, shifted by n days."""
    start = datetime(2020, 1, 1, 6, 30, tzinfo=UTC) + timedelta(days=n)
    laps = [
        {
            "start_utc": start + timedelta(minutes=6 * i),
            "elapsed_s": 360.0,
            "distance_m": 1000.0,
            "avg_hr_bpm": 140.0 + i,
            "max_hr_bpm": 150.0 + i,
            "avg_cadence_spm": 172.0,
            "avg_speed_mps": 2.78,
        }
        for i in range(8)
    ]
    facts: list[tuple[type[FileEvent], dict[str, Any]]] = [
        (
            RunCompleted,
            dict(
                activity_index=0,
                sport="running",
                sub_sport="street",
                start_utc=start,
                local_day=start.date(),
                utc_offset_s=3600,
                elapsed_s=2880.0,
                moving_s=2850.0,
                distance_m=8000.0,
                avg_hr_bpm=144.0,
                max_hr_bpm=166.0,
                hr_zone_s=[120.0, 900.0, 1500.0, 300.0, 60.0],
                hr_zone_bounds_bpm=[134.0, 148.0, 162.0, 176.0],
                avg_cadence_spm=172.0,
                max_cadence_spm=184.0,
                avg_speed_mps=2.78,
                elevation_gain_m=42.0,
                elevation_loss_m=40.0,
                calories_kcal=610.0,
                rpe=None,
                title="Morning run",
                laps=laps,
                has_samples=False,
                salvaged=None,
            ),
        ),
        (
            StrengthSessionCompleted,
            dict(
                session_index=0,
                start_utc=start + timedelta(hours=10),
                local_day=start.date(),
                utc_offset_s=3600,
                elapsed_s=3300.0,
                active_s=1500.0,
                avg_hr_bpm=112.0,
                max_hr_bpm=151.0,
                calories_kcal=280.0,
                rpe=None,
                title="Strength",
                note=None,
                n_sets=30,
            ),
        ),
    ]
    for i in range(30):
        facts.append(
            (
                SetLogged,
                dict(
                    session_index=0,
                    set_index=i,
                    start_utc=start + timedelta(hours=10, minutes=2 * i),
                    local_day=date(start.year, start.month, start.day),
                    duration_s=40.0,
                    reps=10,
                    weight_kg=60.0 + i % 5 * 2.5,
                    set_type="working",
                    exercise_name=EXERCISES[i % len(EXERCISES)],
                    exercise_category=EXERCISES[i % len(EXERCISES)],
                    rpe=None,
                    rest_after_s=80.0,
                    distance_m=None,
                    note=None,
                ),
            )
        )
    return facts


def run(url: str, files: int) -> tuple[float, int]:
    """Seconds to save `files` files (events counted) into a fresh store at `url`."""
    history = History(parse_store_url(url), "bench-athlete")
    payloads = [(uuid.uuid4().hex * 2, day_of_facts(n)) for n in range(files)]
    started = time.perf_counter()
    for sha, facts in payloads:
        source = Source(sha, f"{sha[:8]}.fit", "fit", "0.1.0", "garmin", "fr965", "3999")
        history.record_import(
            source=source,
            size_bytes=150_000,
            format="FIT activity",
            archive=None,
            salvaged=None,
            facts=facts,
        )
    elapsed = time.perf_counter() - started
    # Every stored event counts: the file's facts and the day index entries saved with them.
    events = history.recorder.max_notification_id() or 0
    history.close()
    return elapsed, events


def fresh_pg_schema(base: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{base}?schema={schema}", schema


def drop_pg_schema(base: str, schema: str) -> None:
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _libpq(url: str) -> str:
    store = parse_store_url(url)
    return f"host={store.host} port={store.port} user={store.user} dbname={store.dbname}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--files", type=int, default=2000, help="files saved per run (33 events each)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per backend; the median is printed"
    )
    parser.add_argument("--postgres", default=DEFAULT_PG, help="PostgreSQL base URL (no ?schema)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    backends = ["sqlite"] + ([] if args.no_postgres else ["postgres"])
    print(
        f"{args.files} files x ~36 events, one transaction per file, median of {args.repeat} runs"
    )
    for backend in backends:
        rates = []
        for _ in range(args.repeat):
            if backend == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    elapsed, events = run(f"sqlite://{folder}/store", args.files)
            else:
                url, schema = fresh_pg_schema(args.postgres)
                try:
                    elapsed, events = run(url, args.files)
                finally:
                    drop_pg_schema(args.postgres, schema)
            rates.append((events / elapsed, args.files / elapsed))
        events_s = statistics.median(r[0] for r in rates)
        files_s = statistics.median(r[1] for r in rates)
        print(f"{backend:<9} {events_s:>10,.0f} events/s  {files_s:>8,.0f} files/s")


if __name__ == "__main__":
    main()

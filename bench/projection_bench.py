"""Projection benchmark: rebuild throughput over a synthetic multi-year history, and catch-up latency after
one new file.

The history (bench/history/synthetic.py, deterministic) is one athlete's: runs five days a week with per-second
heart rate, speed and cadence streams (40-60 min, 90 min on Saturdays), barbell sessions three days a week
(4 lifts x 3 sets), and a night with resting HR and HRV every day. It is stored once in a temporary store;
then the read models are rebuilt from the events (median of --repeat; each model's own seconds printed beside
the total: facts, training_load, readiness, strength, muscles), and --latency new run files are stored one at
a time, each followed by a catch-up, timed from the save to every view updated.
Targets (issue 5): a 10-year history (~40,000 events) rebuilds in under 5 s on SQLite; one new file's
events reach every view in under 200 ms.

    .venv/bin/python bench/projection_bench.py [--years 10] [--repeat 3] [--latency 20]
        [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.history import synthetic as syn
from bench.stores import DEFAULT_PG, on_each_store
from runlift.bootstrap import Runlift, bootstrap
from runlift.importers.manager import PluginSource

START = date(2015, 1, 5)


def fill(app: Runlift, years: int) -> tuple[int, float]:
    """Store the synthetic history; returns the number of files and the seconds it took."""
    started = time.perf_counter()
    n = 0
    for file in syn.history(2015, START, int(years * 365.25)):
        syn.record(app.history, file)
        n += 1
    return n, time.perf_counter() - started


def run(url: str, home: Path, years: int, repeat: int, latency: int) -> None:
    with bootstrap(home, database_url=url, plugins=PluginSource(entry_points=False)) as app:
        files, seconds = fill(app, years)
        stored = app.history.recorder.max_notification_id() or 0
        print(f"  history: {years} years, {files} files, {stored} events stored in {seconds:.0f} s")
        projections = app.projections()
        projections.catch_up()
        times, applied = [], 0
        models: dict[str, list[float]] = {}
        for _ in range(repeat):
            done = projections.rebuild()
            times.append(done.seconds)
            applied = done.events
            for name, seconds in done.timings.items():
                models.setdefault(name, []).append(seconds)
        median = statistics.median(times)
        print(
            f"  rebuild: {applied} events of interest (of {stored}) in {median:.2f} s median of "
            f"{repeat} -> {applied / median:,.0f} events/s ({stored / median:,.0f} stored events/s)"
        )
        print(
            "  rebuild per read model (median): "
            + ", ".join(f"{name} {statistics.median(s):.2f} s" for name, s in models.items())
        )
        rng = random.Random(1)
        last = START + timedelta(days=int(years * 365.25))
        waits = []
        for k in range(latency):
            day = last + timedelta(days=k)
            file = syn.File(f"new-run-{day}", syn.run(rng, day, minutes=50))
            syn.record(app.history, file)
            started = time.perf_counter()
            projections.catch_up()
            waits.append((time.perf_counter() - started) * 1000)
        waits.sort()
        p95 = waits[min(len(waits) - 1, round(0.95 * (len(waits) - 1)))]
        print(
            f"  catch-up after one new run file (3,000 samples): median {statistics.median(waits):.0f} ms, "
            f"p95 {p95:.0f} ms, max {waits[-1]:.0f} ms over {latency} files"
        )
        print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency", type=int, default=20)
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    on_each_store(
        lambda url, home: run(url, home, args.years, args.repeat, args.latency),
        None if args.no_postgres else args.postgres,
    )


if __name__ == "__main__":
    main()

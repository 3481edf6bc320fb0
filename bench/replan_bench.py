"""The nightly re-plan's time on a ten-year history (target: under 1 s), SQLite and PostgreSQL.

The history is bench/history/synthetic.py's (runs five days a week with per-second streams, barbell sessions
three days a week, a night with resting HR and HRV every day), stored once and caught up. Then, for --nights
consecutive nights after it, the nightly job runs (`PlanService.replan(day)`: catch up, generate the week
when it is new, with its slots, loads and run minutes from the history, match the days before, run the
rules and record new adjustments). Printed: the first night of a week (the week is generated) and the other
nights, median and max.

    .venv/bin/python bench/replan_bench.py [--years 10] [--nights 14] [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.projection_bench import START, fill
from bench.stores import DEFAULT_PG, on_each_store
from runlift.bootstrap import bootstrap
from runlift.importers.manager import PluginSource


def run(url: str, home: Path, years: int, nights: int) -> None:
    with bootstrap(home, database_url=url, plugins=PluginSource(entry_points=False)) as app:
        files, seconds = fill(app, years)
        print(f"  history: {years} years, {files} files stored in {seconds:.0f} s")
        app.projections().catch_up()
        plans = app.plans()
        last = START + timedelta(days=int(years * 365.25))
        first_nights, other_nights = [], []
        for k in range(nights):
            day = last + timedelta(days=k)
            began = time.perf_counter()
            plans.replan(day)
            elapsed = time.perf_counter() - began
            (first_nights if day.weekday() == 0 or k == 0 else other_nights).append(elapsed)
        print(
            f"  re-plan, a week's first night (generating it): median {statistics.median(first_nights):.3f} s, "
            f"max {max(first_nights):.3f} s over {len(first_nights)}"
        )
        if other_nights:
            print(
                f"  re-plan, other nights: median {statistics.median(other_nights):.3f} s, "
                f"max {max(other_nights):.3f} s over {len(other_nights)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--nights", type=int, default=14)
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    on_each_store(
        lambda url, home: run(url, home, args.years, args.nights),
        None if args.no_postgres else args.postgres,
    )


if __name__ == "__main__":
    main()

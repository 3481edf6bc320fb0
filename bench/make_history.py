"""Synthetic years of one athlete's exports as real files (the generator is runlift.demo.export, which
`runlift demo` uses too): FIT runs, lifts, sleep, HRV and weigh-ins, and a Hevy CSV.

Writes OUT/activities, OUT/sleep, OUT/hrv, OUT/weight and OUT/hevy_workouts.csv, and prints how many files
and MB it wrote and how long it took.

    .venv/bin/python bench/make_history.py OUT [--years 10] [--seed 1] [--start 2015-01-05] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

# Run as a script, Python puts bench/ on the path, not the checkout that holds bench.history and tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from runlift.demo.athlete import DEFAULT_START
from runlift.demo.export import Summary, make_history, report
from runlift.demo.lifts import workout
from runlift.demo.runs import run_track

__all__ = ["DEFAULT_START", "Summary", "main", "make_history", "report", "run_track", "workout"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the export into")
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=date.fromisoformat, default=DEFAULT_START)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    print(report(make_history(args.out, args.years, args.seed, args.start, args.jobs)))


if __name__ == "__main__":
    main()

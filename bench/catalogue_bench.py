"""The exercise catalogue's lookup rate on every set of a generated history (target: well over 100,000/s).

Matching runs on every import and every rebuild of the strength view, once per set. This generates the
lifting sessions of a history (src/runlift/demo/lifts.py: the watch's FIT names and Hevy's titles of each set),
then matches every set's name both ways, uncached (the catalogue's own index) and through `identify`'s cache
as the read model uses it.

    .venv/bin/python bench/catalogue_bench.py [--years 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from garmin_fit_sdk import Profile

from runlift.coaching.exercises import catalogue, identify
from runlift.demo.athlete import DEFAULT_START, LIFT_DAYS
from runlift.demo.lifts import workout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=10.0)
    args = parser.parse_args()
    types = Profile["types"]
    names: list[tuple[str, str | None]] = []
    for n in range(round(args.years * 365.25)):
        day = DEFAULT_START + timedelta(days=n)
        if day.weekday() in LIFT_DAYS:
            for done in workout(1, DEFAULT_START, day).sets:
                lift = done.lift
                names.append((types[f"{lift.category}_exercise_name"][lift.subtype], lift.category))
                names.append((lift.hevy, None))
    began = time.perf_counter()
    loaded = catalogue()
    load_s = time.perf_counter() - began
    matcher = loaded.match
    began = time.perf_counter()
    for name, category in names:
        matcher(name, category)
    uncached = len(names) / (time.perf_counter() - began)
    began = time.perf_counter()
    for name, category in names:
        identify(name, category)
    cached = len(names) / (time.perf_counter() - began)
    print(f"catalogue: {len(loaded)} exercises, loaded in {load_s * 1000:.0f} ms")
    print(f"{len(names):,} set names ({args.years:g} years, watch and Hevy)")
    print(f"match (no cache):   {uncached:,.0f} names/s")
    print(f"identify (cached):  {cached:,.0f} names/s")


if __name__ == "__main__":
    main()

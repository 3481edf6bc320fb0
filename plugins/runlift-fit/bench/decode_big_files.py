"""Prints how long the FIT importer takes on the corpus's largest files (best of three; not a test)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from runlift_fit.importer import FitImporter
from runlift_fit.reading import read_stream

from runlift.importers.testing import decode_with

BIG_FILES = (
    "fit/other/muktihari-fit__big_activity.fit",
    "fit/run/sports-lib__20181013_kona_ironman.fit",
    "fit/run/fitparse__activity-large-fenxi2-multisport.fit",
    "fit/other/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit",
)


def best_of_three(action: object) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return min(timings)


def main(corpus: Path) -> None:
    importer = FitImporter()
    print(f"{'file':58} {'MB':>5} {'read s':>7} {'decode s':>9} {'MB/s':>5}")
    for relative in BIG_FILES:
        path = corpus / relative
        data = path.read_bytes()
        reading = best_of_three(lambda data=data: read_stream(data))
        whole = best_of_three(lambda path=path: decode_with(importer, path))
        megabytes = len(data) / 1e6
        print(
            f"{path.name:58} {megabytes:5.2f} {reading:7.2f} {whole:9.2f} {megabytes / whole:5.2f}"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"))

"""Prints how long the FIT importer takes on the corpus's largest files, per decoder (best of three).

`full` is fitdecode reading every message (the reference); `auto` frames the stream, has fitdecode decode
only the messages the plugin reads and unpacks the records with struct (see the README, "Decoding").

    .venv/bin/python plugins/runlift-fit/bench/decode_big_files.py [CORPUS]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
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


def best_of_three(action: Callable[[], object]) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main(corpus: Path) -> None:
    importer = FitImporter()
    print(f"{'file':54} {'MB':>5} {'read':>9} {'':>9} {'decode':>11} {'':>11}")
    print(f"{'':54} {'':>5} {'full':>9} {'auto':>9} {'full':>11} {'auto':>11}")
    for relative in BIG_FILES:
        path = corpus / relative
        data = path.read_bytes()
        reads = [
            best_of_three(lambda d=d, data=data: read_stream(data, d)) for d in ("full", "auto")
        ]
        decodes = [
            best_of_three(
                lambda d=d, path=path: decode_with(importer, path, options={"decoder": d})
            )
            for d in ("full", "auto")
        ]
        print(
            f"{path.name:54} {len(data) / 1e6:5.2f} {reads[0]:8.2f}s {reads[1]:8.2f}s "
            f"{decodes[0]:10.2f}s {decodes[1]:10.2f}s"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"))

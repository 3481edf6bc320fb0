"""A job for the scheduler tests: each run appends a line to probe.txt in the home it is given."""

from pathlib import Path


def record(home: str) -> None:
    with (Path(home) / "probe.txt").open("a") as probe:
        probe.write("ran\n")

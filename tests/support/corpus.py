"""Where the real device files are: the committed set under tests/data, and the shared corpus with its
manifest (used at collection time too). A test on the whole corpus is skipped locally without it and fails
under CI."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

CORPUS_ENV = "RUNLIFT_CORPUS"
# The committed device files: the corpus's files of the same relative paths (tests/data/SOURCES.md).
DATA = Path(__file__).resolve().parents[1] / "data"
# A parameter that stands for the corpus's files when it is missing at collection time: the test it is
# given to asks for the corpus, and so is skipped (or fails under CI) with the reason.
MISSING = "(the corpus is missing)"

# Committed files named by what the tests need them for (paths relative to tests/data and the corpus).
RUN_FIT = "fit/run/fitparse__2013-02-06-12-11-14.fit"  # Forerunner 110, 44 min, heart rate and GPS
SHORT_RUN_FIT = "fit/run/fitparse__garmin-fenix-5-run.fit"  # fenix 5, 1 min, heart rate and GPS
WALK_FIT = "fit/run/fitparse__garmin-fenix-5-walk.fit"
STRENGTH_FIT = "fit/strength/fit-analyzer__20748058539_ACTIVITY.fit"  # 14 active sets
STRENGTH_AND_RUN_FIT = "fit/strength/fit-analyzer__20555050352_ACTIVITY.fit"  # 4 + 16 sets, a run
TRUNCATED_FIT = "fit/invalid/fitparse__activity-unexpected-eof.fit"
MONITORING_FIT = "fit/sleep_monitoring/fitparse__MonitoringFile.fit"
GPX_TRACK = "gpx/gpxpy__track-with-empty-segment.gpx"
GPX_ROUTE = "gpx/gpxpy__route.gpx"
TCX_RUN = "tcx/tcxparser__test.tcx"
HEVY_CSV = "csv/strong-statistics__sample_hevy.csv"
STRONG_CSV = "csv/strong-statistics__sample_strong_legacy.csv"


def corpus_root() -> Path:
    """The shared corpus of real device exports: $RUNLIFT_CORPUS, else ../shared/corpus."""
    configured = os.environ.get(CORPUS_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def corpus_present() -> bool:
    return (corpus_root() / "MANIFEST.tsv").is_file()


def require_corpus() -> Path:
    """The corpus's root; missing, the calling test is skipped, or fails under CI (as PostgreSQL does)."""
    root = corpus_root()
    if not corpus_present():
        reason = f"the device corpus is missing at {root} (put it at ../shared/corpus or set {CORPUS_ENV})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; it is required under CI")
        pytest.skip(reason)
    return root


def device_file(relative: str) -> Path:
    """A real device file by its corpus path: the committed copy under tests/data when there is one, else
    the corpus's (see `require_corpus`). Call it from a test or fixture, not at import time."""
    committed = DATA / relative
    if committed.is_file():
        return committed
    return require_corpus() / relative


def committed(relative: str) -> Path:
    """A file of the committed set; a name not in it is a mistake in the test, not a missing corpus."""
    path = DATA / relative
    assert path.is_file(), f"{relative} is not under tests/data (see tests/data/SOURCES.md)"
    return path


@cache
def load_manifest() -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows by path relative to the corpus root (the corpus must be there)."""
    return _read_manifest(corpus_root() / "MANIFEST.tsv")


@cache
def data_manifest() -> dict[str, dict[str, str]]:
    """The corpus manifest's rows of the committed files (tests/data/MANIFEST.tsv)."""
    return _read_manifest(DATA / "MANIFEST.tsv")


def manifest_paths(wanted: Callable[[str, dict[str, str]], bool]) -> list[str]:
    """The corpus's paths whose manifest row is wanted, for parametrising at collection time; without the
    corpus, [MISSING], so that collection goes on and the test says why it cannot run."""
    if not corpus_present():
        return [MISSING]
    return sorted(path for path, row in load_manifest().items() if wanted(path, row))


def or_missing(paths: list[str]) -> list[str]:
    """Paths read from the corpus manifest at collection time, or [MISSING] when the corpus is absent
    (so that a parametrised test says why it cannot run instead of being collected empty)."""
    return paths if corpus_present() else [MISSING]


def _read_manifest(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh, delimiter="\t")}

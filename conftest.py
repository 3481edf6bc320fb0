"""Fixtures shared by the core's and the plugins' tests: the real-device corpus and its manifest."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

CORPUS_ENV = "RUNLIFT_CORPUS"


def corpus_root() -> Path:
    """The shared corpus of real device exports: $RUNLIFT_CORPUS, else ../shared/corpus."""
    configured = os.environ.get(CORPUS_ENV)
    return (
        Path(configured)
        if configured
        else Path(__file__).resolve().parent.parent / "shared" / "corpus"
    )


def load_manifest() -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows by path relative to the corpus root."""
    with (corpus_root() / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh, delimiter="\t")}


@pytest.fixture(scope="session")
def corpus() -> Path:
    root = corpus_root()
    if not (root / "MANIFEST.tsv").is_file():
        pytest.fail(f"the device corpus is missing at {root} (set {CORPUS_ENV})")
    return root


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> dict[str, dict[str, str]]:
    return load_manifest()

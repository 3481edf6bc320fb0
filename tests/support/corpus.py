"""Where the shared real-device corpus is and what its manifest says (used at collection time too)."""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path

CORPUS_ENV = "RUNLIFT_CORPUS"


def corpus_root() -> Path:
    """The shared corpus of real device exports: $RUNLIFT_CORPUS, else ../shared/corpus."""
    configured = os.environ.get(CORPUS_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


@cache
def load_manifest() -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows by path relative to the corpus root."""
    with (corpus_root() / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh, delimiter="\t")}

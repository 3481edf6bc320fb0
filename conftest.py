"""Fixtures shared by the core's and the plugins' tests: the real-device corpus and its manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import CORPUS_ENV, corpus_root, load_manifest


@pytest.fixture(scope="session")
def corpus() -> Path:
    root = corpus_root()
    if not (root / "MANIFEST.tsv").is_file():
        pytest.fail(f"the device corpus is missing at {root} (set {CORPUS_ENV})")
    return root


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> dict[str, dict[str, str]]:
    return load_manifest()

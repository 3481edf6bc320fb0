"""Pytest fixtures for importer authors: a temporary runlift home and a real runlift on it.

Pytest loads this module by itself wherever runlift is installed (the `pytest11` entry point), so a plugin's
tests can ask for the fixtures without a conftest:

    def test_imports_end_to_end(runlift_app):
        report = runlift_app.importer().import_paths([Path("tests/files/run.xyz")])
        assert report.results[0].status == "imported"

The decoding helpers (`decode_with`, `rejection_of`, `chosen_importer`, `registry_of`) are in
`runlift.importers.testing`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runlift.bootstrap import Runlift, bootstrap


@pytest.fixture
def runlift_home(tmp_path: Path) -> Path:
    """An empty runlift home in a temporary folder."""
    home = tmp_path / "runlift-home"
    home.mkdir()
    return home


@pytest.fixture
def runlift_app(runlift_home: Path) -> Iterator[Runlift]:
    """A real runlift (SQLite store, installed plugins, one decoding worker) on a temporary home."""
    app = bootstrap(runlift_home, workers=1)
    try:
        yield app
    finally:
        app.close()

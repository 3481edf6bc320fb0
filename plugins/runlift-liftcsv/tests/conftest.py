"""Fixtures for the liftcsv tests: both importers as the core sees them, and CSV files written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from runlift_liftcsv.hevy import HevyImporter
from runlift_liftcsv.strong import StrongImporter

from runlift.importers.testing import registry_of

WriteCsv = Callable[..., Path]


@pytest.fixture
def both():  # type: ignore[no-untyped-def]
    """Both importers, so every decode also checks that the core picks the right one."""
    return registry_of(HevyImporter(), StrongImporter())


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write `lines` (joined with CRLF, as the apps do) to a file in tmp_path and return its path."""

    def write(name: str, *lines: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        return path

    return write

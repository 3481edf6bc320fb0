"""Fixtures for the Garmin export tests: a file of records written where the test wants it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

WriteFile = Callable[..., Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write `records` as a JSON file named `name` (compact, as Garmin writes them) and return its path."""

    def write(name: str, records: Any) -> Path:
        path = tmp_path / name
        path.write_text(records if isinstance(records, str) else json.dumps(records))
        return path

    return write

"""Fixtures for the Health Auto Export tests: an export written as a file (the payloads themselves are
built in tests/support/health_payloads.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

WriteExport = Callable[..., Path]


@pytest.fixture
def write_export(tmp_path: Path) -> WriteExport:
    """Write an export (pretty-printed, as the app's file exports are readable) and return its path."""

    def write(export: Any, name: str = "healthautoexport.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(export, indent=2, ensure_ascii=False))
        return path

    return write

"""Fixtures for the Apple Health tests: an export.xml written from the lines a test gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bench.history.apple_export import DTD

WriteExport = Callable[..., Path]
PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n' + DTD + '<HealthData locale="en_US">\n'


@pytest.fixture
def write_export(tmp_path: Path) -> WriteExport:
    """Write `body` (the elements inside <HealthData>) as an export.xml; `end=False` leaves it cut off."""

    def write(body: str, *, end: bool = True, prologue: str = PROLOGUE) -> Path:
        path = tmp_path / "export.xml"
        path.write_bytes((prologue + body + ("</HealthData>\n" if end else "")).encode())
        return path

    return write

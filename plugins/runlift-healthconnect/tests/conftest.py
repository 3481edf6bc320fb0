"""Fixtures for the Health Connect Webhook tests: a payload written as the app sends it (compact JSON).
The payloads themselves are built in tests/support/health_payloads.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

WritePayload = Callable[..., Path]


@pytest.fixture
def write_payload(tmp_path: Path) -> WritePayload:
    """Write a payload as the app posts it (compact JSON, as kotlinx.serialization writes it) and return
    the file's path."""

    def write(payload: Any, name: str = "healthconnect.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(payload, separators=(",", ":"), ensure_ascii=False))
        return path

    return write

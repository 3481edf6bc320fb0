"""Fixtures for the FIT importer tests: the importer as the core sees it, and small FIT files written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Encoder, Profile
from runlift_fit.importer import FitImporter

# A message for the FIT SDK's encoder: its profile name and its fields by profile name.
Message = tuple[str, dict[str, Any]]
WriteFit = Callable[..., Path]


@pytest.fixture
def fit() -> FitImporter:
    return FitImporter()


def _fit_bytes(*messages: Message) -> bytes:
    """A complete FIT file (header, messages, CRC) written by the FIT SDK's own encoder."""
    encoder = Encoder()
    for name, fields in messages:
        encoder.write_mesg({"mesg_num": Profile["mesg_num"][name.upper()], **fields})
    data: bytes = encoder.close()
    return data


@pytest.fixture
def write_fit(tmp_path: Path) -> WriteFit:
    """Write the given messages (or raw bytes) as a FIT file in tmp_path and return its path."""

    def write(name: str, *messages: Message, data: bytes | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(data if data is not None else _fit_bytes(*messages))
        return path

    return write

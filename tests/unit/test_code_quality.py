"""The code stays lint-clean and type-checked: ruff and mypy run as part of the suite (and so in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run(
        str(BIN / "ruff"), "check", "src", "plugins", "tests", "migrations", "bench", "conftest.py"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = _run(
        str(BIN / "ruff"), "format", "--check", "src", "plugins", "tests", "migrations", "bench"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_core():
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "plugin",
    sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").is_file()),
)
def test_mypy_strict_passes_on_each_plugin(plugin):
    folder = ROOT / "plugins" / plugin
    result = _run(
        str(BIN / "mypy"),
        "--strict",
        "--config-file",
        str(folder / "pyproject.toml"),
        str(folder / "src"),
    )
    assert result.returncode == 0, result.stdout + result.stderr

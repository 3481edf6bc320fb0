"""The docs keep up with the code: every hook, CLI command and JSON field documented."""

from __future__ import annotations

from pathlib import Path

import click
import pluggy

from runlift.cli.main import main
from runlift.importers import hookspecs

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _hook_names() -> list[str]:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return [name for name in dir(pm.hook) if name.startswith("runlift_")]


def test_every_hook_is_documented_for_plugin_authors():
    text = (DOCS / "writing-importers.md").read_text()
    names = _hook_names()

    assert names, "no hooks found"
    for name in names:
        assert f"### `{name}(" in text, f"hook {name} is missing from docs/writing-importers.md"


def test_every_hookspec_says_what_it_returns_and_when_it_is_called():
    for name in _hook_names():
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Returns" in doc, name
        assert "Called" in doc, name


def test_every_cli_command_is_documented():
    text = (DOCS / "cli.md").read_text()
    assert isinstance(main, click.Group)
    for name in main.commands:
        assert f"## `runlift {name}" in text, f"command {name} is missing from docs/cli.md"

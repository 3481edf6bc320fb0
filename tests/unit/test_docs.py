"""The docs keep up with the code: every hook, CLI command and JSON field documented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click
import pluggy

from runlift.cli.main import main
from runlift.importers import hookspecs

DOCS = Path(__file__).resolve().parents[2] / "docs"


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
    names = main.list_commands(click.Context(main))
    assert len(names) > 10
    for name in names:
        assert f"## `runlift {name}" in text, f"command {name} is missing from docs/cli.md"


ROOT = DOCS.parent
PACKAGE = ROOT / "src" / "runlift"


def _layers() -> list[list[str]]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = contracts["contracts"][0]["layers"]
    return [[name.strip() for name in layer.split("|")] for layer in layers]


def _headings(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"^### .*$", text, flags=re.M)]


def test_every_module_is_listed_in_the_architecture_under_its_layer():
    text = (DOCS / "architecture.md").read_text()
    headings = _headings(text)
    files = PACKAGE.rglob("*.py")
    modules = sorted(
        p.relative_to(PACKAGE).as_posix() for p in files if p != PACKAGE / "__init__.py"
    )
    assert len(modules) > 50
    for module in modules:
        row = text.find(f"| `{module}` |")
        assert row >= 0, f"{module} is not listed in docs/architecture.md"
        heading = [h for start, h in headings if start < row][-1]
        package = "runlift." + module.split("/")[0].removesuffix(".py")
        assert f"`{package}`" in heading, f"{module} is listed under {heading!r}, not its layer"


def test_the_architecture_draws_the_layers_in_the_contracts_order():
    text = (DOCS / "architecture.md").read_text()
    headings = [h for _, h in _headings(text)]
    # Every layer of the import contract has a section, top to bottom as in pyproject.toml.
    positions = []
    for layer in _layers():
        [index] = {i for i, h in enumerate(headings) for name in layer if f"`{name}`" in h}
        positions.append(index)
    assert positions == sorted(positions)


OUTSIDE = re.compile(r"COACHING\.md|DESIGN\.md|STYLE\.md|\.\./shared/(?!corpus)")


def test_nothing_in_the_repository_points_outside_it():
    # The training rules and the design live in docs/coaching.md and docs/design.md; only the real-device
    # corpus is read from beside the repository.
    places = [
        *PACKAGE.rglob("*.py"),
        *(ROOT / "config").glob("*.toml"),
        *DOCS.glob("*.md"),
        ROOT / "README.md",
        ROOT / "RELIABILITY.md",
        *(ROOT / "plugins").rglob("*.py"),
        *(ROOT / "plugins").rglob("*.md"),
        *(ROOT / "bench").rglob("*.py"),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in places
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []

"""The plugin boundary: entry points and single files load alike; broken or blocked plugins never stop runlift."""

from __future__ import annotations

from pathlib import Path

import pluggy
import pytest

from runlift.importers.manager import PluginSource, load_registry
from runlift.importers.sniff import choose_importer
from tests.support.stores import TOYS


def _plugins_dir(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.py").write_text(text)
    return folder


def test_a_single_file_plugin_registers_its_importers(tmp_path):
    registry = load_registry(PluginSource(plugins_dir=TOYS, entry_points=False))

    assert "toy" in registry.importers
    [info] = registry.plugins
    assert info.name == "toy_importers"
    assert info.origin == str(TOYS / "toy_importers.py")
    assert "Toy run list (.toy)" in info.formats


def test_installed_entry_point_plugins_are_listed_with_their_distribution(tmp_path):
    registry = load_registry(PluginSource())

    for info in registry.plugins:
        assert info.origin.startswith("entry point ")
        assert info.status == "loaded", info.error


def test_a_blocked_plugin_is_not_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNLIFT_BLOCK_PLUGINS", " toy_importers , other")
    source = PluginSource(plugins_dir=TOYS, entry_points=False).with_blocked_from_env()

    registry = load_registry(source)

    assert registry.importers == {}
    assert [(p.name, p.status) for p in registry.plugins] == [("toy_importers", "blocked")]


def test_a_plugin_that_fails_to_import_is_listed_with_its_error(tmp_path):
    folder = _plugins_dir(tmp_path, broken="raise ImportError('needs libfoo')\n")

    [info] = load_registry(PluginSource(plugins_dir=folder, entry_points=False)).plugins

    assert (info.status, info.error) == ("failed", "ImportError: needs libfoo")


def test_a_plugin_registering_something_unusable_is_listed_as_failed(tmp_path):
    folder = _plugins_dir(
        tmp_path,
        odd=(
            "from runlift.importers import hookimpl\n"
            "@hookimpl\n"
            "def runlift_register_importers(register):\n"
            "    register(object())\n"
        ),
    )

    registry = load_registry(PluginSource(plugins_dir=folder, entry_points=False))

    assert registry.importers == {}
    assert registry.plugins[0].status == "failed"
    assert "lacks name/version/formats/sniff/decode" in (registry.plugins[0].error or "")


def test_a_plugin_with_a_misspelt_hook_is_refused_by_check_pending(tmp_path):
    folder = _plugins_dir(
        tmp_path,
        typo=(
            "from runlift.importers import hookimpl\n"
            "@hookimpl\n"
            "def runlift_register_importer(register):\n"
            "    pass\n"
        ),
    )

    with pytest.raises(pluggy.PluginValidationError, match="runlift_register_importer"):
        load_registry(PluginSource(plugins_dir=folder, entry_points=False))


def test_the_surest_importer_wins_and_a_raising_sniff_is_passed_over():
    class Sure:
        name, version, formats = "sure", "1", ("x",)

        def sniff(self, head, filename):
            return 0.9

    class Unsure(Sure):
        name = "unsure"

        def sniff(self, head, filename):
            return 0.2

    class Broken(Sure):
        name = "broken"

        def sniff(self, head, filename):
            raise ValueError("boom")

    choice = choose_importer([Unsure(), Broken(), Sure()], b"...", "a.x")

    assert choice is not None
    assert choice.importer.name == "sure"
    assert choose_importer([Broken()], b"...", "a.x") is None

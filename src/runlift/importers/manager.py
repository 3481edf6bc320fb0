"""Loads importer plugins (entry points and single files), isolates broken ones, and collects their importers."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pluggy

from runlift.importers import hookspecs
from runlift.importers.protocol import Importer

log = logging.getLogger(__name__)

BLOCK_ENV = "RUNLIFT_BLOCK_PLUGINS"

Loader = Callable[[], object]


@dataclass(frozen=True)
class PluginSource:
    """Where plugins come from; picklable, so every decoding worker can load the same set.

    `extra` names plugin objects as "module:attribute" (the test kit and embedders use it).
    """

    plugins_dir: Path | None = None
    blocked: frozenset[str] = frozenset()
    extra: tuple[str, ...] = ()
    entry_points: bool = True

    def with_blocked_from_env(self) -> PluginSource:
        """Add the names in RUNLIFT_BLOCK_PLUGINS (comma-separated) to the blocked set."""
        names = {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}
        return PluginSource(self.plugins_dir, self.blocked | names, self.extra, self.entry_points)


@dataclass(frozen=True)
class PluginInfo:
    """A plugin as `runlift plugins` shows it."""

    name: str
    version: str
    origin: str
    importers: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    status: str = "loaded"
    error: str | None = None


@dataclass
class Registry:
    """The importers available in this process and what was loaded from where."""

    importers: dict[str, Importer] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


@dataclass
class _Loaded:
    name: str
    obj: object
    version: str
    origin: str


def load_registry(source: PluginSource) -> Registry:
    """Load every plugin `source` names; a plugin that fails is listed with its error, never fatal."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    registry = Registry()
    loaded: list[_Loaded] = []
    for name, version, origin, load in _candidates(source):
        if name in source.blocked:
            pm.set_blocked(name)
            registry.plugins.append(PluginInfo(name, version, origin, status="blocked"))
            continue
        if pm.has_plugin(name) or pm.is_blocked(name):
            registry.plugins.append(
                PluginInfo(
                    name, version, origin, status="failed", error="a plugin of this name is loaded"
                )
            )
            continue
        try:
            obj = load()
            pm.register(obj, name=name)
        except Exception as exc:  # a broken plugin must not stop runlift
            log.warning("plugin %s from %s failed to load: %s", name, origin, exc)
            registry.plugins.append(
                PluginInfo(name, version, origin, status="failed", error=_describe(exc))
            )
            continue
        loaded.append(_Loaded(name, obj, version, origin))
    pm.check_pending()
    for plugin in loaded:
        registry.plugins.append(_collect(pm, plugin, registry))
    return registry


def _collect(pm: pluggy.PluginManager, plugin: _Loaded, registry: Registry) -> PluginInfo:
    found: list[Importer] = []
    impls = [
        impl
        for impl in pm.hook.runlift_register_importers.get_hookimpls()
        if impl.plugin is plugin.obj
    ]
    try:
        for impl in impls:
            impl.function(register=found.append)
        for importer in found:
            _check_importer(importer, registry)
    except Exception as exc:
        return PluginInfo(
            plugin.name, plugin.version, plugin.origin, status="failed", error=_describe(exc)
        )
    for importer in found:
        registry.importers[importer.name] = importer
        registry.versions[importer.name] = importer.version
    return PluginInfo(
        plugin.name,
        plugin.version,
        plugin.origin,
        importers=tuple(i.name for i in found),
        formats=tuple(f for i in found for f in i.formats),
    )


class BadImporter(Exception):
    """A plugin registered something that is not a usable importer."""


def _check_importer(importer: object, registry: Registry) -> None:
    if not isinstance(importer, Importer):
        raise BadImporter(f"registered {importer!r}, which lacks name/version/formats/sniff/decode")
    for attr in ("name", "version"):
        value = getattr(importer, attr)
        if not isinstance(value, str) or not value:
            raise BadImporter(f"importer {attr} must be a non-empty string, got {value!r}")
    formats = importer.formats
    if not isinstance(formats, tuple) or not all(isinstance(f, str) for f in formats):
        raise BadImporter(f"importer {importer.name!r}: formats must be a tuple of strings")
    if importer.name in registry.importers:
        raise BadImporter(f"an importer named {importer.name!r} is already registered")


def _candidates(source: PluginSource) -> Iterator[tuple[str, str, str, Loader]]:
    """Yield (name, version, origin, loader) for every plugin the source names, in a stable order."""
    if source.entry_points:
        for ep in sorted(entry_points(group=hookspecs.ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist
            version = dist.version if dist is not None else "?"
            dist_name = dist.metadata["Name"] if dist is not None else "?"
            yield ep.name, version, f"entry point {ep.value} ({dist_name} {version})", ep.load
    for spec in source.extra:
        module_name, _, attr = spec.partition(":")
        yield _extra_name(spec), "0", f"object {spec}", _object_loader(module_name, attr)
    if source.plugins_dir is not None and source.plugins_dir.is_dir():
        for path in sorted(source.plugins_dir.glob("*.py")):
            yield path.stem, "local", str(path), _file_loader(path)


def _extra_name(spec: str) -> str:
    module_name, _, attr = spec.partition(":")
    return attr or module_name.rsplit(".", 1)[-1]


def _object_loader(module_name: str, attr: str) -> Loader:
    def load() -> object:
        module = importlib.import_module(module_name)
        return getattr(module, attr) if attr else module

    return load


def _file_loader(path: Path) -> Loader:
    def load() -> ModuleType:
        module_name = f"runlift_local_plugins.{path.stem}"
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(module_name, None)
            raise
        return module

    return load


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"

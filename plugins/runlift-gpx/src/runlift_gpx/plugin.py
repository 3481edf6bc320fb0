"""Registers the GPX importer with runlift (entry point `gpx` in group `runlift.importers`)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_gpx.importer import GpxImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(GpxImporter())

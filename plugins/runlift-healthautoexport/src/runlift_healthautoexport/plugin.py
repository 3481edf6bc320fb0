"""Registers the Health Auto Export importer with runlift (entry point `healthautoexport`)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_healthautoexport.importer import HealthAutoExportImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(HealthAutoExportImporter())

"""Registers the Garmin export importer with runlift (entry point `garminexport`)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_garminexport.importer import GarminExportImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(GarminExportImporter())

"""Registers the Hevy and the Strong importer with runlift (entry point "liftcsv")."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_liftcsv.hevy import HevyImporter
from runlift_liftcsv.strong import StrongImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    # Two importers rather than one that tells the apps apart: each gets its own [importers.<name>]
    # options (a Hevy and a Strong history may have been logged in different zones) and its own
    # name in rejections and in `runlift plugins`.
    register(HevyImporter())
    register(StrongImporter())

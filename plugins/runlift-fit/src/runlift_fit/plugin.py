"""Registers the FIT importer with runlift (entry point "fit" in group runlift.importers)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_fit.importer import FitImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(FitImporter())

"""Registers the Apple Health importer with runlift (entry point `applehealth`)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_applehealth.importer import AppleHealthImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(AppleHealthImporter())

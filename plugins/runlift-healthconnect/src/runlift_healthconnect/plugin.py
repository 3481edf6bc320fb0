"""Registers the Health Connect Webhook importer with runlift (entry point `healthconnect`)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_healthconnect.importer import HealthConnectImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(HealthConnectImporter())

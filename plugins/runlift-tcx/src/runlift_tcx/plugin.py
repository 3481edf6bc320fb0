"""Registers the TCX importer with runlift (entry point `tcx` in group `runlift.importers`)."""

from __future__ import annotations

from collections.abc import Callable

from runlift.importers import Importer, hookimpl
from runlift_tcx.importer import TcxImporter


@hookimpl
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    register(TcxImporter())

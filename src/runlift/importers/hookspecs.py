"""The hooks an importer plugin implements (prefix `runlift_`); their contract is docs/writing-importers.md."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from runlift.importers.protocol import Importer

PROJECT = "runlift"
ENTRY_POINT_GROUP = "runlift.importers"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def runlift_register_importers(register: Callable[[Importer], None]) -> None:
    """Hand runlift the importers this plugin provides.

    Called once, when the plugin manager starts (in the CLI, the daemon and every decoding worker).
    Call ``register(importer)`` once per importer; every plugin's implementation is called, none wins.
    Returns nothing. The core, not the plugin, later chooses which importer reads a file.
    """

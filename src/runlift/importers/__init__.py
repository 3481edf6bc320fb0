"""The public plugin API: what an importer plugin may import from runlift.

Plugins implement the `runlift_register_importers` hook (marked with `hookimpl`) and register objects that
follow the `Importer` protocol; `decode` returns a `Decoded` built from the values below, or raises
`Unimportable` with a reason a user can act on.
"""

from runlift.importers.hookspecs import hookimpl
from runlift.importers.protocol import DecodeRequest, Importer, Unimportable
from runlift.importers.values import (
    Activity,
    BodyComposition,
    Decoded,
    Device,
    Lap,
    Samples,
    SetType,
    SleepNight,
    StrengthSession,
    StrengthSet,
    Wellness,
)

__all__ = [
    "Activity",
    "BodyComposition",
    "DecodeRequest",
    "Decoded",
    "Device",
    "Importer",
    "Lap",
    "Samples",
    "SetType",
    "SleepNight",
    "StrengthSession",
    "StrengthSet",
    "Unimportable",
    "Wellness",
    "hookimpl",
]

"""Reads heart rate, cadence and speed from a track point's <extensions>, whoever wrote them.

gpxpy hands extensions over as raw ElementTree elements. Garmin's TrackPointExtension v1 and v2 differ only
in namespace (and v2 adds speed), apps bind it to any prefix (gpxtpx, ns3, tp1), and Movescount writes the
ClueTrust GPXDATA elements (cadence, speed, hr) beside it. So elements are matched by local name anywhere
under <extensions>; the first value found for each quantity wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from runlift.importers.xml import finite_number

_HEART_RATE = frozenset({"hr", "heartrate"})
_CADENCE = frozenset({"cad", "cadence"})
_SPEED = frozenset({"speed"})


@dataclass(frozen=True)
class Extras:
    """What a point's extensions say, raw: cadence as written (per leg for foot sports), speed in m/s."""

    heart_rate_bpm: float | None = None
    cadence: float | None = None
    speed_mps: float | None = None


NOTHING = Extras()


def read_extras(elements: Iterable[Element]) -> Extras:
    """Heart rate, cadence and speed from a point's extension elements; None for what they lack."""
    found: dict[str, float] = {}
    for top in elements:
        for element in top.iter():
            name = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
            key = _key(name.lower())
            if key is None or key in found:
                continue
            value = finite_number(element.text)
            if value is not None:
                found[key] = value
    if not found:
        return NOTHING
    return Extras(found.get("hr"), found.get("cad"), found.get("speed"))


def _key(name: str) -> str | None:
    if name in _HEART_RATE:
        return "hr"
    if name in _CADENCE:
        return "cad"
    if name in _SPEED:
        return "speed"
    return None

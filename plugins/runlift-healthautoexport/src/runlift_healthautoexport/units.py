"""The units Health Auto Export writes beside its quantities, as factors to runlift's units."""

from __future__ import annotations

from runlift.importers import Unimportable

LB_KG = 0.45359237
MILE_M = 1609.344

# Each kind of quantity: its unit names (lower case, as the app writes them) -> factor to runlift's unit.
KINDS: dict[str, dict[str, float]] = {
    "distance (m)": {"m": 1.0, "km": 1000.0, "mi": MILE_M, "yd": 0.9144, "ft": 0.3048},
    "elevation (m)": {"m": 1.0, "ft": 0.3048},
    "energy (kcal)": {"kcal": 1.0, "cal": 1.0, "kj": 1 / 4.184},
    "heart rate (bpm)": {"bpm": 1.0, "count/min": 1.0, "beats/min": 1.0},
    "speed (m/s)": {
        "m/s": 1.0,
        "km/hr": 1 / 3.6,
        "km/h": 1 / 3.6,
        "kmph": 1 / 3.6,
        "kph": 1 / 3.6,
        "mph": MILE_M / 3600,
        "mi/hr": MILE_M / 3600,
    },
    "cadence (steps/min)": {"spm": 1.0, "steps/min": 1.0, "count/min": 1.0},
    "mass (kg)": {"kg": 1.0, "lb": LB_KG, "lbs": LB_KG, "g": 0.001, "st": 14 * LB_KG},
    "HRV (ms)": {"ms": 1.0},
    "sleep duration (min)": {"hr": 60.0, "h": 60.0, "min": 1.0, "s": 1 / 60},
}


def factor(kind: str, units: str, where: str) -> float:
    """The factor from `units` to runlift's unit of `kind`; Unimportable naming `where` for a unit runlift
    does not know, rather than a figure off by a factor."""
    known = KINDS[kind]
    value = known.get(units.strip().lower())
    if value is None:
        names = ", ".join(known)
        raise Unimportable(
            f"{where}: {units!r} is not a unit of {kind.split(' (')[0]} runlift knows ({names})"
        )
    return value

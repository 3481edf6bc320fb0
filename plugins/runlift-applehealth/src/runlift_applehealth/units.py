"""The units the export writes (HealthKit's unit strings), converted to runlift's; an unknown one is None."""

from __future__ import annotations

# (kind, unit) -> factor to runlift's unit (metres, seconds, kcal, kg, bpm).
FACTORS: dict[str, dict[str, float]] = {
    "distance (m)": {
        "m": 1.0,
        "km": 1000.0,
        "mi": 1609.344,
        "ft": 0.3048,
        "yd": 0.9144,
        "cm": 0.01,
    },
    "elevation (m)": {"m": 1.0, "cm": 0.01, "ft": 0.3048, "km": 1000.0},
    "duration (s)": {"s": 1.0, "min": 60.0, "hr": 3600.0, "h": 3600.0},
    "energy (kcal)": {"kcal": 1.0, "Cal": 1.0, "cal": 0.001, "kJ": 1 / 4.184, "J": 1 / 4184},
    "mass (kg)": {"kg": 1.0, "g": 0.001, "lb": 0.45359237, "st": 6.35029318},
}


def convert(value: float, unit: str, kind: str) -> float | None:
    """`value` in `unit` as runlift's unit of `kind`, or None when the unit is not one of that kind."""
    factor = FACTORS[kind].get(unit.strip())
    return None if factor is None else value * factor

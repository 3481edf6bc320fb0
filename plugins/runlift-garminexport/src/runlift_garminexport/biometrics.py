"""Weigh-ins from `*_userBioMetrics.json` (DI-Connect-Wellness; `user_biometrics.json` in older exports):
weight, bone and muscle mass in grams, body fat and water in percent, taken at `weight.timestampGMT`."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers import BodyComposition
from runlift.importers.notes import Notes
from runlift_garminexport.fields import Record, plausible_offset

# Above this a weight is in grams (as every export seen writes it), and so are the entry's other masses;
# at or under it, in kilograms.
GRAMS_ABOVE = 1000.0


def read_weigh_ins(values: list[Any], zone: ZoneInfo, notes: Notes) -> list[BodyComposition]:
    """Each entry with a weight; the others (VO2 max, height, FTP snapshots) are left out, with a note."""
    weigh_ins = []
    for index, value in enumerate(values):
        record = Record(value, f"entry {index + 1}")
        weight = record.record("weight")
        meta = record.record("metaData")
        local = meta.stamp("calendarDate") if meta is not None else None
        if weight is None or weight.positive("weight") is None:
            notes.add("entries without a weight (VO2 max, height and such)", record.where)
            continue
        weight.where = f"weigh-in of {local:%Y-%m-%d}" if local else record.where
        taken = weight.gmt("timestampGMT")
        offset = None
        if taken is not None and local is not None:
            offset = plausible_offset((local - taken.replace(tzinfo=None)).total_seconds())
        elif local is not None:  # the local clock only: read in the athlete's zone
            taken = local.replace(tzinfo=zone)
        if taken is None:
            notes.add("weights without a time", weight.where)
            continue
        grams = (weight.positive("weight") or 0) > GRAMS_ABOVE
        kg = {
            name: None if mass is None else mass / 1000 if grams else mass
            for name, mass in (
                ("weight_kg", weight.positive("weight")),
                ("bone_mass_kg", weight.positive("boneMass")),
                ("muscle_mass_kg", weight.positive("muscleMass")),
            )
        }
        weigh_ins.append(
            BodyComposition(
                measured_utc=taken,
                utc_offset_s=offset,
                body_fat_pct=weight.positive("bodyFat"),
                water_pct=weight.positive("bodyWater"),
                bmi=weight.positive("bmi"),
                **kg,  # type: ignore[arg-type]
            )
        )
    return weigh_ins

"""Weigh-ins from FIT weight scale files (weight_scale messages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runlift.importers import BodyComposition
from runlift_fit.clean import count, non_negative, percent, positive
from runlift_fit.clock import to_utc
from runlift_fit.reading import WEIGHT_SCALE
from runlift_fit.sessions import FileView

# The importer option naming which user of a multi-user scale is the athlete (its user_profile index).
SCALE_USER_OPTION = "scale_user"


def weigh_ins_of(view: FileView, options: Mapping[str, Any]) -> tuple[list[BodyComposition], int]:
    """Every weigh-in of the athlete in the file, and how many other users' weigh-ins were left out.

    A multi-user scale writes several people's weigh-ins into one file, each tagged with the index of its
    user profile. Only the configured user's are kept (option `scale_user`, default the first profile, 0);
    weigh-ins without a user tag are the athlete's.
    """
    user = count(options.get(SCALE_USER_OPTION))
    wanted = 0 if user is None else user
    weigh_ins: list[BodyComposition] = []
    others = 0
    for m in view.file.all(WEIGHT_SCALE):
        at = view.clock.seconds(m.get("timestamp"))
        # "weight" may hold the profile's "calculating" marker instead of a number: positive() drops it.
        weight = positive(m.get("weight"))
        tagged = count(m.get("user_profile_index"))
        if at is None or weight is None:
            continue
        if tagged is not None and tagged != wanted:
            others += 1
            continue
        weigh_ins.append(
            BodyComposition(
                measured_utc=to_utc(at),
                weight_kg=weight,
                utc_offset_s=view.utc_offset_s,
                body_fat_pct=percent(m.get("percent_fat")),
                muscle_mass_kg=non_negative(m.get("muscle_mass")),
                bone_mass_kg=non_negative(m.get("bone_mass")),
                water_pct=percent(m.get("percent_hydration")),
                bmi=non_negative(m.get("bmi")),
            )
        )
    return weigh_ins, others

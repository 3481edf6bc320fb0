"""The Health Connect Webhook importer: recognises the app's JSON by its top-level keys and reads it."""

from __future__ import annotations

import re

from runlift.importers import Decoded, DecodeRequest
from runlift.importers.json import object_keys, read_json, starts_like_json
from runlift_healthconnect import __version__
from runlift_healthconnect.payload import FORMAT, ROOT_KEYS, decode_payload

# The arrays the app writes at the top level, one per Health Connect data type (SyncManager.kt), and
# "test", which its webhook screen adds to a payload of made-up values.
DATA_TYPES = frozenset(
    {
        "steps", "sleep", "heart_rate", "heart_rate_variability", "distance", "active_calories",
        "total_calories", "weight", "height", "blood_pressure", "blood_glucose", "oxygen_saturation",
        "body_temperature", "skin_temperature", "respiratory_rate", "resting_heart_rate", "exercise",
        "hydration", "nutrition", "basal_metabolic_rate", "body_fat", "lean_body_mass", "vo2_max",
        "bone_mass", "menstruation_flow", "menstruation_period", "intermenstrual_bleeding",
        "ovulation_test", "cervical_mucus", "sexual_activity", "basal_body_temperature", "test",
    }
)  # fmt: skip
# `timestamp` is Java's Instant.toString(): "2026-05-09T14:00:00.123Z".
_TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"\d{4}-\d{2}-\d{2}T[0-9:.]+Z"')
# The name the push route gives the payload (`/api/files?name=healthconnect.json`) hints at it.
_NAME = re.compile(r"health[\s_.-]*connect", re.IGNORECASE)
NAME_HINT = 0.2


class HealthConnectImporter:
    """Reads the JSON that Health Connect Webhook (Android) posts: sleep sessions with stages, resting heart
    rate, HRV (RMSSD), weigh-ins and exercise sessions."""

    name: str = "healthconnect"
    version: str = __version__
    formats: tuple[str, ...] = (FORMAT,)

    def sniff(self, head: bytes, filename: str) -> float:
        """Certain from a top level holding `timestamp` (an instant) and `app_version`, either first (as
        the app writes them) or beside nothing but the app's data-type arrays. A JSON file named like
        the push route's file is a hint, so that a payload the app did not write is rejected saying what
        is wrong with it."""
        keys = object_keys(head)
        if keys is not None:
            top = set(keys.get((), []))
            others = top - set(ROOT_KEYS)
            # kotlinx.serialization keeps the order the app builds the object in: these two first.
            first = keys.get((), [])[:2] == list(ROOT_KEYS)
            if (
                set(ROOT_KEYS) <= top
                and _TIMESTAMP.search(head)
                and (first or others <= DATA_TYPES)
            ):
                return 1.0
        if starts_like_json(head) and _NAME.search(filename):
            return NAME_HINT
        return 0.0

    def decode(self, request: DecodeRequest) -> Decoded:
        return decode_payload(read_json(request.path.read_bytes(), "payload"))

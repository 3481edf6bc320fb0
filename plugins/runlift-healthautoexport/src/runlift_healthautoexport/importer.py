"""The Health Auto Export importer: recognises `{"data": {"metrics": [...], "workouts": [...]}}` by its
keys and the app's dates, and reads nights, recovery readings, weigh-ins and workouts."""

from __future__ import annotations

import re

from runlift.importers import Decoded, DecodeRequest, Device, Unimportable
from runlift.importers.json import object_keys, read_json, starts_like_json
from runlift.importers.notes import Notes
from runlift_healthautoexport import __version__
from runlift_healthautoexport.fields import Record
from runlift_healthautoexport.metrics import read_metrics
from runlift_healthautoexport.workouts import read_workout

FORMAT = "Health Auto Export JSON"
# The arrays the app writes under "data" (help.healthyapps.dev, "JSON Export Format").
DATA_ARRAYS = frozenset(
    {
        "metrics", "workouts", "stateOfMind", "medications", "symptoms", "cycleTracking", "ecg",
        "heartRateNotifications",
    }
)  # fmt: skip
# The app's date format, "yyyy-MM-dd HH:mm:ss Z": "2024-01-02 07:30:00 +0100" (or a 12-hour clock).
_DATE = re.compile(rb'"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}:\d{2}[^"]{0,8}[+-]\d{4}"')
# An export with nothing in it: every array empty.
_EMPTY = re.compile(rb'\s*\{\s*"data"\s*:\s*\{\s*(?:"\w+"\s*:\s*\[\s*\]\s*,?\s*)*\}\s*\}\s*')
# A file named like the push route's (`/api/files?name=healthautoexport.json`) or the app's exports.
_NAME = re.compile(r"health[\s_.-]*auto[\s_.-]*export", re.IGNORECASE)
NAME_HINT = 0.2


class HealthAutoExportImporter:
    """Reads Health Auto Export's JSON (iOS; a REST API automation's post, or an exported file): sleep,
    resting heart rate, HRV (SDNN), body mass and workouts."""

    name: str = "healthautoexport"
    version: str = __version__
    formats: tuple[str, ...] = (FORMAT,)

    def sniff(self, head: bytes, filename: str) -> float:
        """Certain from a top level holding only "data", whose keys are the app's arrays, and the app's
        date format (or nothing in the arrays). A JSON file named like the push route's file is a hint,
        so that a payload the app did not write is rejected saying what is wrong with it."""
        keys = object_keys(head)
        if keys is not None:
            inner = set(keys.get(("data",), []))
            shaped = set(keys.get((), [])) == {"data"} and inner and inner <= DATA_ARRAYS
            if shaped and (_DATE.search(head) or _EMPTY.fullmatch(head)):
                return 1.0
        if starts_like_json(head) and _NAME.search(filename):
            return NAME_HINT
        return 0.0

    def decode(self, request: DecodeRequest) -> Decoded:
        root = Record(read_json(request.path.read_bytes()), "export")
        data = root.record("data")
        if data is None:
            keys = ", ".join(sorted(root.data)[:12]) or "none"
            raise Unimportable(
                f'not a Health Auto Export file: its top level has no "data" object (its keys: {keys})'
            )
        notes = Notes()
        metrics = read_metrics(data.array("metrics"), notes)
        workouts = tuple(read_workout(value, i) for i, value in enumerate(data.array("workouts")))
        return Decoded(
            format=FORMAT,
            activities=workouts,
            sleep=tuple(metrics.sleep),
            body=tuple(metrics.body),
            wellness=tuple(metrics.wellness),
            device=Device(product="Health Auto Export"),
            notes=notes.lines(),
        )

"""The Garmin export importer: recognises the wellness JSON files of Garmin Connect's account export by
their names and their first fields, and reads nights, daily resting heart rate and stress, nightly HRV and
weigh-ins. The export's activities are FIT files, which the FIT importer reads."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers import Decoded, DecodeRequest, Device, Unimportable
from runlift.importers.json import describe, read_json, starts_like_json
from runlift.importers.notes import Notes
from runlift_garminexport import __version__
from runlift_garminexport.biometrics import read_weigh_ins
from runlift_garminexport.daily import read_days
from runlift_garminexport.health import read_hrv
from runlift_garminexport.sleep import read_nights
from runlift_garminexport.unread import unread_reason

NAME_HINT = 0.2
UNREAD_FORMAT = "Garmin export file runlift does not read"
SHAPE_ONLY = 0.9


@dataclass(frozen=True)
class Kind:
    """One kind of export file: its format name, file name, the keys its records start with, and reader."""

    format: str
    name: re.Pattern[str]
    keys: re.Pattern[bytes]  # what the head of a file of this kind shows
    read: Callable[[list[Any], ZoneInfo, Notes], list[Any]]
    field: str  # the Decoded field the records go to


KINDS = (
    Kind(
        "Garmin export sleep JSON",
        re.compile(r"sleepData\.json$", re.IGNORECASE),
        re.compile(rb'"sleep(?:Start|End)TimestampGMT"\s*:'),
        read_nights,
        "sleep",
    ),
    Kind(
        "Garmin export daily summary JSON",
        re.compile(r"^UDSFile_.*\.json$", re.IGNORECASE),
        re.compile(rb'"wellness(?:Start|End)TimeGmt"\s*:'),
        read_days,
        "wellness",
    ),
    Kind(
        "Garmin export health status JSON",
        re.compile(r"healthStatusData\.json$", re.IGNORECASE),
        re.compile(rb'"metrics"\s*:\s*\[\s*\{\s*"type"\s*:'),
        read_hrv,
        "wellness",
    ),
    Kind(
        "Garmin export biometrics JSON",
        re.compile(r"(?:userBioMetrics|user_biometrics)\.json$", re.IGNORECASE),
        re.compile(rb'"metaData"\s*:\s*\{.*?"weight"\s*:\s*\{', re.DOTALL),
        read_weigh_ins,
        "body",
    ),
)
_EMPTY_ARRAY = re.compile(rb"\s*\[\s*\]\s*")
_STARTS_ARRAY = re.compile(rb"\s*\[\s*(?:\{|\])")


def _base(filename: str) -> str:
    return re.split(r"[\\/]", filename)[-1]


def kind_of(head: bytes, filename: str) -> tuple[Kind | None, float]:
    """The kind a file is and how sure: its name and its records' keys (certain), its records' keys only
    (a renamed file), or its name only (a hint, so that a wrong file of that name is rejected saying why)."""
    head = head.lstrip(b"\xef\xbb\xbf")
    name = _base(filename)
    named = next((k for k in KINDS if k.name.search(name)), None)
    shaped = (
        next((k for k in KINDS if k.keys.search(head)), None) if _STARTS_ARRAY.match(head) else None
    )
    if named is not None and (shaped is named or _EMPTY_ARRAY.fullmatch(head)):
        return named, 1.0
    if shaped is not None and named is None:
        return shaped, SHAPE_ONLY
    if named is not None and starts_like_json(head):
        return named, NAME_HINT
    return None, 0.0


class GarminExportImporter:
    """Reads the wellness JSON of Garmin Connect's account export: `*_sleepData.json`, `UDSFile_*.json`,
    `*_healthStatusData.json` and `*_userBioMetrics.json`."""

    name: str = "garminexport"
    version: str = __version__
    formats: tuple[str, ...] = (*(k.format for k in KINDS), UNREAD_FORMAT)

    def sniff(self, head: bytes, filename: str) -> float:
        certainty = kind_of(head, filename)[1]
        if certainty < 1.0 and unread_reason(filename) and starts_like_json(head):
            return 1.0  # one of the export's files runlift does not read: left out, saying why
        return certainty

    def decode(self, request: DecodeRequest) -> Decoded:
        data = request.path.read_bytes()
        kind, certainty = kind_of(data[:4096], request.filename)
        why = unread_reason(request.filename)
        if certainty < 1.0 and why is not None:
            return Decoded(
                format=UNREAD_FORMAT,
                device=Device(manufacturer="Garmin", product="Garmin Connect export"),
                notes=(f"not read: {why}",),
            )
        if kind is None:
            raise Unimportable("not a file of Garmin Connect's export")
        document = read_json(data)
        if not isinstance(document, list):
            raise Unimportable(
                f"not a {kind.format} file: its top level is {describe(document)}, "
                "not an array of records"
            )
        notes = Notes()
        records = kind.read(document, ZoneInfo(request.time_zone), notes)
        fields: dict[str, Any] = {kind.field: tuple(records)}
        return Decoded(
            format=kind.format,
            device=Device(manufacturer="Garmin", product="Garmin Connect export"),
            notes=notes.lines(),
            **fields,
        )

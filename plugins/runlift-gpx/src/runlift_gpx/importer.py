"""The GPX importer: recognises GPX from its root element and turns each recorded track into an Activity."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import Any

import gpxpy
from gpxpy.gpx import GPX, GPXException

from runlift.importers import Activity, Decoded, DecodeRequest, Device, Unimportable
from runlift.importers.xml import PROLOG_LIMIT, ends_early, read_prolog, root_confidence
from runlift_gpx import __version__
from runlift_gpx.sports import GENERIC
from runlift_gpx.tracks import EMPTY_TRACK, NotARecording, activity_of

ROOT = "gpx"
DOCTYPE_REFUSED = (
    "refused: the file declares a DOCTYPE; GPX needs none, and the entities one can declare may expand "
    "without limit (billion laughs)"
)

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


class GpxImporter:
    """Reads GPX 1.0 and 1.1 files. Options ([importers.gpx]): `default_sport`, the FIT sport name for a
    track whose <type> is missing or unknown (default "generic")."""

    name: str = "gpx"
    version: str = __version__
    formats: tuple[str, ...] = ("GPX",)

    def sniff(self, head: bytes, filename: str) -> float:
        """Certain from a <gpx> root element; a .gpx name alone is only a hint."""
        return root_confidence(head, filename, ROOT, ".gpx")

    def decode(self, request: DecodeRequest) -> Decoded:
        default_sport = _default_sport(request.options)
        data = request.path.read_bytes()
        gpx = _parse(data)
        activities: list[Activity] = []
        refusals: list[str] = []
        for track in gpx.tracks:
            try:
                activities.append(activity_of(track, default_sport))
            except NotARecording as exc:
                refusals.append(exc.reason)
        if not activities:
            raise Unimportable(_not_an_activity(gpx, refusals))
        creator = " ".join((gpx.creator or "").split())[:200]
        return Decoded(
            format=f"GPX {gpx.version}" if gpx.version else "GPX",
            activities=tuple(activities),
            device=Device(product=creator) if creator else None,
            notes=tuple(f"a track was left out: {reason}" for reason in refusals),
        )


def _parse(data: bytes) -> GPX:
    prolog = read_prolog(data[:PROLOG_LIMIT])
    if prolog is None:
        raise Unimportable("not a GPX file: it does not start with XML markup")
    if prolog.doctype:
        raise Unimportable(DOCTYPE_REFUSED)
    if prolog.root is None:
        raise Unimportable(
            f"not a GPX file: no root element within the first {PROLOG_LIMIT // 1024} KiB"
        )
    if prolog.root != ROOT:
        raise Unimportable(f"not a GPX file: the root element is <{prolog.root}>, not <gpx>")
    text = _text(data)
    try:
        return gpxpy.parse(text)
    except (GPXException, ValueError) as exc:
        raise Unimportable(f"not a readable GPX file: {exc}", truncated=ends_early(exc)) from None


def _text(data: bytes) -> str:
    """The file as text, in the encoding its byte-order mark or XML declaration names (UTF-8 if neither).

    gpxpy itself would decode bytes as UTF-8 whatever the declaration says.
    """
    encoding = "utf-8"
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, name in boms:
        if data.startswith(bom):
            encoding = name
            break
    else:
        declared = _DECLARED_ENCODING.match(data[:200])
        if declared:
            encoding = declared.group(1).decode("ascii")
    try:
        return data.decode(encoding)
    except LookupError:
        raise Unimportable(f"not a readable GPX file: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise Unimportable(
            f"not a readable GPX file: the bytes are not valid {encoding}", offset=exc.start
        ) from None


def _not_an_activity(gpx: GPX, refusals: list[str]) -> str:
    told = [reason for reason in refusals if reason != EMPTY_TRACK]
    if told:
        return f"not an activity: {told[0]}"
    held = []
    if gpx.routes:
        held.append("a route" if len(gpx.routes) == 1 else f"{len(gpx.routes)} routes")
    if gpx.waypoints:
        held.append("a waypoint" if len(gpx.waypoints) == 1 else f"{len(gpx.waypoints)} waypoints")
    if held:
        return f"not an activity: the file holds {' and '.join(held)} but no recorded track"
    return "not an activity: the file holds no recorded track"


def _default_sport(options: Mapping[str, Any]) -> str:
    value = options.get("default_sport", GENERIC)
    sport = value.strip().lower() if isinstance(value, str) else ""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,49}", sport):
        raise Unimportable(
            f"the gpx importer option default_sport must be a FIT sport name such as "
            f'"running", not {value!r}'
        )
    return sport

"""The TCX importer: recognises a <TrainingCenterDatabase> root and turns each Activity into an Activity."""

from __future__ import annotations

from runlift.importers import Activity, Decoded, DecodeRequest, Device, Unimportable
from runlift.importers.xml import PROLOG_LIMIT, read_prolog, root_confidence
from runlift_tcx import __version__
from runlift_tcx.activity import NotARecording, activity_of
from runlift_tcx.reader import TcxFile, read_tcx

ROOT = "TrainingCenterDatabase"
DOCTYPE_REFUSED = (
    "refused: the file declares a DOCTYPE; TCX needs none, and the entities one can declare may expand "
    "without limit (billion laughs)"
)


class TcxImporter:
    """Reads Garmin Training Center Database v1/v2 files (.tcx) with the standard library's XML parser."""

    name: str = "tcx"
    version: str = __version__
    formats: tuple[str, ...] = ("TCX",)

    def sniff(self, head: bytes, filename: str) -> float:
        """Certain from a <TrainingCenterDatabase> root element; a .tcx name alone is only a hint."""
        return root_confidence(head, filename, ROOT, ".tcx")

    def decode(self, request: DecodeRequest) -> Decoded:
        _check_prolog(request)
        tcx = read_tcx(request.path)
        activities: list[Activity] = []
        refusals: list[str] = []
        for record in tcx.activities:
            try:
                activities.append(activity_of(record))
            except NotARecording as exc:
                refusals.append(exc.reason)
        if not activities:
            raise Unimportable(_nothing_recorded(tcx, refusals), truncated=tcx.truncated)
        salvaged = None
        if tcx.damage:
            salvaged = f"{tcx.damage}; kept the activities and trackpoints read before it"
        return Decoded(
            format="TCX activity",
            activities=tuple(activities),
            device=_device(tcx),
            salvaged=salvaged,
            truncated=tcx.truncated,
        )


def _check_prolog(request: DecodeRequest) -> None:
    with request.path.open("rb") as fh:
        head = fh.read(PROLOG_LIMIT)
    prolog = read_prolog(head)
    if prolog is None:
        raise Unimportable("not a TCX file: it does not start with XML markup")
    # A DOCTYPE must come before the root element, so looking at the prolog is enough: without one no
    # entity can be declared, and expat rejects references to undeclared entities.
    if prolog.doctype:
        raise Unimportable(DOCTYPE_REFUSED)
    if prolog.root is None:
        raise Unimportable(
            f"not a TCX file: no root element within the first {PROLOG_LIMIT // 1024} KiB"
        )
    if prolog.root != ROOT:
        raise Unimportable(
            f"not a TCX file: the root element is <{prolog.root}>, not <TrainingCenterDatabase>"
        )


def _nothing_recorded(tcx: TcxFile, refusals: list[str]) -> str:
    if refusals:
        return f"not an activity: {refusals[0]}"
    if tcx.damage:
        return f"not a readable TCX file: {tcx.damage}, before any activity"
    if tcx.courses:
        return "not an activity: the file holds a course (a planned route), not a recorded activity"
    if tcx.workouts:
        return "not an activity: the file holds workout plans, not a recorded activity"
    return "not an activity: the file holds no recorded Activity"


def _device(tcx: TcxFile) -> Device | None:
    # The Activity's Creator is the watch; without one, the file's Author names the app that wrote it.
    creators = [record for record in tcx.activities if record.creator]
    if creators:
        first = creators[0]
        return Device(product=first.creator[:200] if first.creator else None, serial=first.unit_id)
    if tcx.author:
        return Device(product=tcx.author[:200])
    return None

"""JSON transcodings for the value types stored inside events (dates and event sources)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from runlift.domain.events import Source


class DateAsISO(Transcoding):
    """A calendar day as "YYYY-MM-DD"."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class SourceAsDict(Transcoding):
    """An event's source (file, plugin, device) as a JSON object."""

    type = Source
    name = "runlift_source"

    def encode(self, obj: Source) -> dict[str, Any]:
        # vars() rather than dataclasses.asdict: no deep copy (all fields are strings), on every event.
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Source:
        return Source(**data)


def register(transcoder: JSONTranscoder) -> None:
    """Register every runlift transcoding; each application calls this."""
    transcoder.register(DateAsISO())
    transcoder.register(SourceAsDict())

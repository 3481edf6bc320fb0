"""The event state transcoder (eventsourcing's JSON format, encoded with orjson) and the types it transcodes.

Encoding is on the append hot path. The value types stored inside events (dates and event sources) have
transcodings below.

It writes what eventsourcing's JSONTranscoder writes (custom types as {"_type_", "_data_"}) and reads that
format back with orjson, so stored events stay readable by either. Two differences: orjson writes a UUID as
a plain string (read back as str), so event fields never hold UUIDs (ids are stored as str; a test checks
every event class's fields); and decoding looks inside a list only when its first non-null item is a
list or an object (runlift's event lists are homogeneous: streams of numbers, laps, sets), so reading a
run's sample streams does not visit every number (tests compare it with the stdlib decoder on real events).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder, Transcoding

from runlift.domain.events import Source

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# orjson hands back its working buffer, at least 4 KB, however short the JSON: a file's thousands of small
# events (a Hevy export's sets) held 4 KB each until saved, 60 MB for one export. Shorter ones are copied.
_BUFFER_BYTES = 4096


class FastJSONTranscoder(JSONTranscoder):
    """JSONTranscoder with orjson doing the encoding."""

    def encode(self, obj: Any) -> bytes:
        data = orjson.dumps(obj, default=self._encode_obj, option=_OPTIONS)
        return data if len(data) >= _BUFFER_BYTES else bytes(memoryview(data))

    def decode(self, data: bytes) -> Any:
        return self._revive(orjson.loads(data))

    def _revive(self, value: Any) -> Any:
        """Turn {"_type_", "_data_"} objects back into their types, innermost first (as the stdlib
        decoder's object hook does)."""
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                inner = type(item)
                if inner is dict or inner is list:
                    value[key] = self._revive(item)
            return self._decode_obj(value) if len(value) == 2 and "_type_" in value else value
        if kind is list:
            for item in value:
                if item is not None:
                    inner = type(item)
                    if inner is dict or inner is list:
                        return [self._revive(x) for x in value]
                    break
        return value


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


def register_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every runlift transcoding; each application calls this."""
    transcoder.register(DateAsISO())
    transcoder.register(SourceAsDict())

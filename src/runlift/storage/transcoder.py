"""The event state transcoder: eventsourcing's JSON format, encoded with orjson (the append hot path).

It writes what eventsourcing's JSONTranscoder writes (custom types as {"_type_", "_data_"}) and reads with
the same stdlib decoder, so stored events stay readable by either. One difference: orjson writes a UUID as a
plain string (read back as str), so event fields never hold UUIDs (ids are stored as str); a test checks
every event class's fields, rather than this hot path checking every event.
"""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class FastJSONTranscoder(JSONTranscoder):
    """JSONTranscoder with orjson doing the encoding."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj, default=self._encode_obj, option=_OPTIONS)

"""The event state transcoder: eventsourcing's JSON format, encoded with orjson (the append hot path).

It writes what eventsourcing's JSONTranscoder writes (custom types as {"_type_", "_data_"}) and reads with
the same stdlib decoder, so stored events stay readable by either. One difference is guarded: orjson would
write a UUID as a plain string (read back as str), so a UUID field in event state is refused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import JSONTranscoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class FastJSONTranscoder(JSONTranscoder):
    """JSONTranscoder with orjson doing the encoding."""

    def encode(self, obj: Any) -> bytes:
        if isinstance(obj, dict) and any(isinstance(v, UUID) for v in obj.values()):
            raise TypeError("UUID fields in event state are not supported: store them as str")
        return orjson.dumps(obj, default=self._encode_obj, option=_OPTIONS)

"""The payload's own field beside runlift.importers.json's: Java's ISO-8601 instants."""

from __future__ import annotations

from datetime import datetime

from runlift.importers import Unimportable
from runlift.importers.json import Record as JsonRecord
from runlift.importers.json import describe


class Record(JsonRecord):
    """One JSON object of the payload, known to the user as `where` ("sleep[2]"), with its instants."""

    def instant(self, key: str) -> datetime:
        """A required ISO-8601 instant with its UTC offset ("2026-05-09T12:34:56.789Z", as Java's
        Instant.toString writes it)."""
        value = self.text(key, required=True)
        assert value is not None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or "T" not in value or moment.tzinfo is None:
            raise Unimportable(
                f"{self.where}.{key} is {describe(value)}, not an ISO-8601 instant such as "
                "2026-05-09T12:34:56.789Z"
            )
        return moment

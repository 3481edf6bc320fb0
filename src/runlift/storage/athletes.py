"""Whose a stored event is, and the name of an athlete's own event tables in a shared PostgreSQL schema."""

from __future__ import annotations

import hashlib
import re
import zlib

import orjson

from runlift.storage import compression

# Every event's state starts with its few small fields, athlete_id among them (within 140 bytes in every
# event type), so it is read from the head of the state without inflating a sample stream.
_HEAD_BYTES = 512
_ATHLETE = re.compile(rb'"athlete_id":"([^"\\]*)"')
_SLUG = re.compile(r"[^a-z0-9]+")


def athlete_in(state: bytes) -> str | None:
    """The athlete a stored state belongs to (None if it names none), read from its head when it can be."""
    found = _ATHLETE.search(compression.head(state, _HEAD_BYTES))
    if found is not None:
        return found.group(1).decode()
    try:
        decoded = orjson.loads(compression.SizeAwareZlib().decompress(state))
    except (orjson.JSONDecodeError, ValueError, zlib.error):
        return None
    athlete = decoded.get("athlete_id") if isinstance(decoded, dict) else None
    return athlete if isinstance(athlete, str) else None


def log_name(application: str, athlete_id: str) -> str:
    """The name an application's log of one athlete goes by in a PostgreSQL schema ("history_jo_1a2b3c4d":
    its table is "<name>_events"): readable, unique per athlete id, and short enough that the library's
    index names stay within PostgreSQL's 63 characters."""
    slug = _SLUG.sub("_", athlete_id.lower()).strip("_")[:12].strip("_")
    digest = hashlib.blake2b(athlete_id.encode(), digest_size=4).hexdigest()
    return "_".join(part for part in (application.lower(), slug, digest) if part)

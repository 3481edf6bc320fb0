"""Each fact's identity: a digest of what it says, so that a later file's copy of it is not stored again.

A newer export of the same account (Apple Health's export.xml, a Garmin account export, a lifting app's
CSV of every workout) repeats everything the older one held. Its bytes are new, so the file is read; each
fact whose identity an earlier file already stored is left out, and only what is new is stored.

The identity of a fact is the digest of the importer that read it, its event type and every field it
stores, except its position in the file (a newer export numbers its workouts differently). An activity
and its samples, or a strength session and its sets, form one unit with one identity: a workout is kept
or left out whole. A fact whose values changed (a workout edited in the app, a plugin that now reads a
field more) is a new fact, stored beside the old one, and the duplicate rules choose between them as
they do between any two records of one workout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson

from runlift.domain import events as ev
from runlift.ingest.normalise import Fact

# Where a fact sits in its file: not part of what it says.
_POSITION = frozenset({"activity_index", "session_index"})
# The instant that files a unit under a month, by the type of its first fact.
_WHEN = ("start_utc", "measured_utc")


@dataclass(frozen=True)
class Unit:
    """Facts that are kept or left out together, their identity and the UTC month ("2026-03") it is
    filed under."""

    facts: tuple[Fact, ...]
    identity: str
    month: str


def units(facts: Sequence[Fact], importer: str) -> list[Unit]:
    """A file's facts as units, in the file's order: each activity with its samples, each strength
    session with its sets, and every other fact on its own."""
    groups: dict[tuple[str, int], list[Fact]] = {}
    for position, fact in enumerate(facts):
        event_class, fields = fact
        if issubclass(event_class, ev.ActivityEvent | ev.ActivitySamplesRecorded):
            key = ("a", fields["activity_index"])
        elif issubclass(event_class, ev.StrengthSessionCompleted | ev.SetLogged):
            key = ("s", fields["session_index"])
        else:
            key = ("f", position)
        groups.setdefault(key, []).append(fact)
    return [_unit(tuple(group), importer) for group in groups.values()]


def _unit(facts: tuple[Fact, ...], importer: str) -> Unit:
    said: list[Any] = [importer]
    for event_class, fields in facts:
        said.append(event_class.__name__)
        said.append({k: v for k, v in fields.items() if k not in _POSITION})
    encoded = orjson.dumps(said, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    identity = hashlib.blake2b(encoded, digest_size=16).hexdigest()
    return Unit(facts, identity, _month(facts[0][1]))


def _month(fields: dict[str, Any]) -> str:
    for name in _WHEN:
        when = fields.get(name)
        if isinstance(when, datetime):
            return when.strftime("%Y-%m")
    day: date = fields["local_day"]
    return day.strftime("%Y-%m")

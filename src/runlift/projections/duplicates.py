"""Duplicate groups: which records are one workout, which of them is the primary, and their merged view.

This is the one place projections ask "does this event count?" (`Duplicates.counts`). Everything here is
derived from stored events (SessionIndexed, DuplicateLinked, DuplicateUnlinked), so it is the same whatever
order the files arrived in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.utils import get_topic

from runlift.domain import events as ev
from runlift.domain.sessions import UNKNOWN_SPORTS, session_of
from runlift.storage.application import RunliftApplication
from runlift.storage.log import notifications

# Summary fields a secondary record may fill in when the primary lacks them.
ENDURANCE_FIELDS = (
    "sub_sport",
    "utc_offset_s",
    "moving_s",
    "distance_m",
    "avg_hr_bpm",
    "max_hr_bpm",
    "hr_zone_s",
    "hr_zone_bounds_bpm",
    "avg_cadence_spm",
    "max_cadence_spm",
    "avg_speed_mps",
    "elevation_gain_m",
    "elevation_loss_m",
    "calories_kcal",
    "rpe",
    "title",
)
STREAMS = (
    "heart_rate_bpm",
    "speed_mps",
    "cadence_spm",
    "altitude_m",
    "distance_m",
    "latitude_deg",
    "longitude_deg",
)
STRENGTH_FIELDS = ("avg_hr_bpm", "max_hr_bpm", "calories_kcal", "rpe", "title", "note", "active_s")
UNNAMED = frozenset({"unknown", ""})


@dataclass(frozen=True)
class Link:
    """One active link: `session` arrived later and repeats `duplicate_of`."""

    link_id: str
    session: str
    duplicate_of: str
    reasons: dict[str, Any]
    summary: str
    linked_at: str


@dataclass(frozen=True)
class Group:
    """Records of one workout: the primary first, then the others by richness."""

    members: tuple[str, ...]
    links: tuple[Link, ...]

    @property
    def primary(self) -> str:
        return self.members[0]


def rank_of(
    sport: str | None, richness: int | None, file_sha256: str | None
) -> tuple[bool, int, str]:
    """A record's place among the records of one workout, lowest first: a record that states its sport
    before one that does not (a route's GPX says nothing of the sport the workout beside it names: the
    workout's sport decides its channel), then the richest; ties by the file's content hash, so the primary
    never depends on arrival order, ids or athlete."""
    return ((sport or "generic") in UNKNOWN_SPORTS, -(richness or 0), file_sha256 or "")


@dataclass
class Duplicates:
    """The duplicate groups of an athlete's history, rebuilt from its events."""

    # A record's place in its group, lowest first: see `rank_of`.
    rank: dict[str, tuple[bool, int, str]] = field(default_factory=dict)
    summaries: dict[str, ev.SessionIndexed] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    _primary: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, history: RunliftApplication) -> Duplicates:
        """Read the index and link events of a history."""
        topics = [
            get_topic(t) for t in (ev.SessionIndexed, ev.DuplicateLinked, ev.DuplicateUnlinked)
        ]
        events = (
            history.mapper.to_domain_event(n) for n in notifications(history.recorder, topics)
        )
        # One store may serve several athletes: only this history's athlete's links count.
        return cls.from_events(
            e for e in events if getattr(e, "athlete_id", None) == history.athlete_id
        )

    @classmethod
    def from_events(cls, events: Iterable[object]) -> Duplicates:
        duplicates = cls()
        for event in events:
            if isinstance(event, ev.SessionIndexed):
                duplicates.rank[event.session] = rank_of(
                    event.sport, event.richness, event.file_sha256
                )
                duplicates.summaries[event.session] = event
            elif isinstance(event, ev.DuplicateLinked):
                duplicates.links[event.link_id] = Link(
                    event.link_id,
                    event.session,
                    event.duplicate_of,
                    dict(event.reasons),
                    event.summary,
                    event.timestamp.isoformat(),
                )
            elif isinstance(event, ev.DuplicateUnlinked):
                duplicates.links.pop(event.link_id, None)
        duplicates._primary = {
            member: group.primary for group in duplicates.groups() for member in group.members
        }
        return duplicates

    def groups(self) -> list[Group]:
        """Every group of two or more linked records, primary first: a strength session before an activity
        (`_kind_first`), then the richest, ties by content hash and session id."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for link in self.links.values():
            parent[find(link.session)] = find(link.duplicate_of)
        members: dict[str, list[str]] = {}
        for session in parent:
            members.setdefault(find(session), []).append(session)
        groups = []
        for group in members.values():
            ranked = tuple(
                sorted(group, key=lambda s: (_kind_first(s), *self.rank.get(s, (False, 0, "")), s))
            )
            links = tuple(
                sorted(
                    (k for k in self.links.values() if k.session in group), key=lambda k: k.link_id
                )
            )
            groups.append(Group(ranked, links))
        return sorted(groups, key=lambda g: (self._start(g.primary), g.primary))

    def _start(self, session: str) -> str:
        summary = self.summaries.get(session)
        return summary.start_utc.isoformat() if summary is not None else ""

    def primary_of(self, session: str) -> str:
        """The session standing for the workout `session` belongs to (itself when it has no duplicates)."""
        return self._primary.get(session, session)

    def is_primary(self, session: str) -> bool:
        return self.primary_of(session) == session

    def counts(self, event: object) -> bool:
        """Whether a projection should count this event: facts of a secondary record do not."""
        session = session_of(event)
        return session is None or self.is_primary(session)


def _kind_first(session: str) -> int:
    """0 for a strength session, 1 for an activity. A group holds both kinds only when a phone app recorded
    a strength workout as an activity without sets: the strength session, with the sets, stands for it
    (and counts as lifting), whatever the activity's richness, which is scored on another scale."""
    return 0 if session.rpartition(":")[2].startswith("s") else 1


@dataclass(frozen=True)
class MergedSession:
    """The primary's record completed with what only the others have, and where each value came from."""

    primary: str
    fields: dict[str, Any]
    provenance: dict[str, str]
    streams: dict[str, dict[str, Any]]
    sets: list[dict[str, Any]]


def merged_view(history: RunliftApplication, group: Group) -> MergedSession:
    """Merge a group's records field by field: the primary's value, else the richest other record's."""
    records = {member: _session_events(history, member) for member in group.members}
    fields: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    primary_summary = records[group.primary]["summary"]
    names = ENDURANCE_FIELDS if isinstance(primary_summary, ev.ActivityEvent) else STRENGTH_FIELDS
    for name in names:
        for member in group.members:
            value = getattr(records[member]["summary"], name, None)
            if value is not None:
                fields[name] = value
                provenance[name] = member
                break
    streams: dict[str, dict[str, Any]] = {}
    for name in STREAMS:
        for member in group.members:
            samples = records[member].get("samples")
            if samples is None:
                continue
            values = getattr(samples, name)
            if values:
                streams[name] = {
                    "source": member,
                    "start_utc": samples.start_utc,
                    "t_s": samples.t_s,
                    "values": values,
                }
                break
    sets = _merged_sets(group, records)
    return MergedSession(group.primary, fields, provenance, streams, sets)


def _merged_sets(group: Group, records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The primary's working sets; an unnamed exercise or a missing RPE is taken from the set of another
    record it pairs with (see `pair_sets`)."""
    primary_sets = [s for s in records[group.primary].get("sets", []) if s.set_type != "warmup"]
    merged = [
        {
            "exercise_name": own.exercise_name,
            "reps": own.reps,
            "weight_kg": own.weight_kg,
            "rpe": own.rpe,
            "provenance": {"exercise_name": group.primary, "rpe": group.primary},
        }
        for own in primary_sets
    ]
    for member in group.members[1:]:
        theirs = [s for s in records[member].get("sets", []) if s.set_type != "warmup"]
        for position, other in pair_sets(primary_sets, theirs).items():
            row = merged[position]
            if _unnamed(row["exercise_name"]) and not _unnamed(other.exercise_name):
                row["exercise_name"] = other.exercise_name
                row["provenance"]["exercise_name"] = member
            if row["rpe"] is None and other.rpe is not None:
                row["rpe"] = other.rpe
                row["provenance"]["rpe"] = member
    return merged


class SetLike(Protocol):
    """What pairing needs of a set: a logged set event or a read-model row."""

    @property
    def exercise_name(self) -> str: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def weight_kg(self) -> float | None: ...


S = TypeVar("S", bound=SetLike)


def pair_sets(ours: Sequence[S], theirs: Sequence[S]) -> dict[int, S]:
    """Pair each of our sets with one of theirs: same reps and weight (within 0.5 kg) always; a named set
    first with a set of a similarly named exercise, then an unnamed set with a set of an exercise none of our
    named sets is ("Bench Press (Barbell)" is bench_press, so the leftovers are what the watch missed).
    Apps list sets grouped by exercise, watches in the order done: position is no guide."""
    ours_named = [_words(s.exercise_name) for s in ours if not _unnamed(s.exercise_name)]
    free = list(range(len(theirs)))
    pairs: dict[int, S] = {}

    def take(position: int, prefer: Any) -> None:
        alike = [j for j in free if _alike(ours[position], theirs[j])]
        chosen = next((j for j in alike if prefer(theirs[j])), alike[0] if alike else None)
        if chosen is not None:
            free.remove(chosen)
            pairs[position] = theirs[chosen]

    for position, own in enumerate(ours):
        if not _unnamed(own.exercise_name):
            words = _words(own.exercise_name)
            take(position, lambda other, words=words: _similar(words, _words(other.exercise_name)))
    for position, own in enumerate(ours):
        if _unnamed(own.exercise_name):
            take(
                position,
                lambda other: not any(_similar(w, _words(other.exercise_name)) for w in ours_named),
            )
    return pairs


def _alike(a: SetLike, b: SetLike) -> bool:
    same_weight = (
        a.weight_kg is None or b.weight_kg is None or abs(a.weight_kg - b.weight_kg) <= 0.5
    )
    return a.reps == b.reps and same_weight


def unnamed(name: str) -> bool:
    """Whether a device left the exercise unnamed."""
    return _unnamed(name)


def _unnamed(name: str) -> bool:
    return name.strip().lower() in UNNAMED


def _words(name: str) -> frozenset[str]:
    cleaned = "".join(c if c.isalnum() else " " for c in name.lower())
    return frozenset(cleaned.split())


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and (a <= b or b <= a)


def _session_events(history: RunliftApplication, session: str) -> dict[str, Any]:
    """The summary event, samples and sets of one session of an imported file."""
    file_id, _, local = session.partition(":")
    kind, index = local[0], int(local[1:])
    found: dict[str, Any] = {"sets": []}
    for event in history.events.get(UUID(file_id)):
        if session_of(event) != session:
            continue
        if kind == "a" and isinstance(event, ev.ActivityEvent):
            found["summary"] = event
        elif kind == "a" and isinstance(event, ev.ActivitySamplesRecorded):
            found["samples"] = event
        elif kind == "s" and isinstance(event, ev.StrengthSessionCompleted):
            found["summary"] = event
        elif kind == "s" and isinstance(event, ev.SetLogged):
            found["sets"].append(event)
    assert "summary" in found, f"session {session} (index {index}) not found"
    return found


def groups_json(history: RunliftApplication, duplicates: Duplicates) -> list[dict[str, Any]]:
    """`runlift duplicates --json` and the API's /api/duplicates: each group with its primary first,
    its members and its links."""
    filenames: dict[str, str] = {}

    def member(session: str) -> dict[str, Any]:
        file_id = session.split(":", 1)[0]
        if file_id not in filenames:
            filenames[file_id] = history.repository.get(UUID(file_id)).source.filename
        summary = duplicates.summaries[session]
        return {
            "session": session,
            "file": filenames[file_id],
            "sport": summary.sport,
            "start_utc": summary.start_utc.isoformat(),
            "elapsed_s": summary.elapsed_s,
            "distance_m": summary.distance_m,
            "richness": summary.richness,
        }

    return [
        {
            "primary": group.primary,
            "members": [member(s) for s in group.members],
            "links": [
                {
                    "id": link.link_id,
                    "session": link.session,
                    "duplicate_of": link.duplicate_of,
                    "why": link.summary,
                    "reasons": link.reasons,
                    "linked_at": link.linked_at,
                }
                for link in group.links
            ],
        }
        for group in duplicates.groups()
    ]

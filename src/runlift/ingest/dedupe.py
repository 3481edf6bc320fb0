"""The "same session" rule: when two files' sessions are one workout, and which record of it is richest.

Pure functions over session summaries; the history applies them at import and stores every decision as a
DuplicateLinked event with its reasons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from runlift.domain import events as ev
from runlift.domain.sessions import UNKNOWN_SPORTS, session_ref
from runlift.settings import DedupeConfig

Kind = Literal["endurance", "strength"]
# Sports of an activity that may be a strength workout recorded without its sets (a phone app's: the
# importers give "training" with sub_sport "strength_training"; the index keeps the sport alone).
STRENGTH_SPORTS = frozenset({"training", "strength_training"})


@dataclass(frozen=True)
class Summary:
    """What the rule needs to know of one session (stored as SessionIndexed)."""

    session: str
    file_id: str
    file_sha256: str
    kind: Kind
    sport: str
    start_utc: datetime
    elapsed_s: float
    distance_m: float | None
    clock_known: bool
    sets: tuple[tuple[int | None, float | None], ...]
    richness: int

    def as_fields(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "file_sha256": self.file_sha256,
            "kind": self.kind,
            "sport": self.sport,
            "start_utc": self.start_utc,
            "elapsed_s": self.elapsed_s,
            "distance_m": self.distance_m,
            "clock_known": self.clock_known,
            "sets": [list(s) for s in self.sets],
            "richness": self.richness,
        }

    @classmethod
    def of_event(cls, event: ev.SessionIndexed) -> Summary:
        return cls(
            session=event.session,
            file_id=event.session.split(":", 1)[0],
            file_sha256=event.file_sha256,
            kind="strength" if event.kind == "strength" else "endurance",
            sport=event.sport,
            start_utc=event.start_utc,
            elapsed_s=event.elapsed_s,
            distance_m=event.distance_m,
            clock_known=event.clock_known,
            sets=tuple((reps, weight) for reps, weight in event.sets),
            richness=event.richness,
        )


@dataclass(frozen=True)
class Match:
    """Why two sessions were judged the same, in figures and in words."""

    reasons: dict[str, float | int | str]
    summary: str


def summaries(
    file_id: object, sha256: str, facts: Sequence[tuple[type[ev.FileEvent], dict[str, Any]]]
) -> list[Summary]:
    """The sessions among a file's facts (activities and strength sessions), summarised for the rule."""
    samples: dict[int, dict[str, Any]] = {}
    sets: dict[int, list[dict[str, Any]]] = {}
    for event_class, fields in facts:
        if event_class is ev.ActivitySamplesRecorded:
            samples[fields["activity_index"]] = fields
        elif event_class is ev.SetLogged:
            sets.setdefault(fields["session_index"], []).append(fields)
    out = []
    for event_class, fields in facts:
        if issubclass(event_class, ev.ActivityEvent):
            index = fields["activity_index"]
            out.append(
                Summary(
                    session=session_ref(file_id, "endurance", index),
                    file_id=str(file_id),
                    file_sha256=sha256,
                    kind="endurance",
                    sport=fields["sport"],
                    start_utc=fields["start_utc"],
                    elapsed_s=fields["elapsed_s"],
                    distance_m=fields["distance_m"],
                    clock_known=fields["utc_offset_s"] is not None,
                    sets=(),
                    richness=_endurance_richness(fields, samples.get(index)),
                )
            )
        elif event_class is ev.StrengthSessionCompleted:
            index = fields["session_index"]
            working = [s for s in sets.get(index, []) if s["set_type"] != "warmup"]
            out.append(
                Summary(
                    session=session_ref(file_id, "strength", index),
                    file_id=str(file_id),
                    file_sha256=sha256,
                    kind="strength",
                    sport="strength_training",
                    start_utc=fields["start_utc"],
                    elapsed_s=fields["elapsed_s"],
                    distance_m=None,
                    clock_known=fields["utc_offset_s"] is not None,
                    sets=tuple((s["reps"], s["weight_kg"]) for s in working),
                    richness=_strength_richness(fields, working),
                )
            )
    return out


def same_session(new: Summary, old: Summary, rule: DedupeConfig) -> Match | None:
    """The reasons `new` repeats `old`, or None when they are different sessions."""
    if new.file_id == old.file_id:
        return None
    if new.kind != old.kind:
        return _setless_strength(new, old, rule)
    if not _same_sport(new.sport, old.sport):
        return None
    offset_h = _clock_offset_h(new, old, rule)
    if offset_h is None:
        return None
    start_gap_s = abs((new.start_utc - old.start_utc).total_seconds() - offset_h * 3600)
    overlap = _time_overlap(new, old, offset_h)
    if overlap < rule.min_time_overlap:
        return None  # consecutive stretches (a ride recorded by two devices in turn) are not one record
    reasons: dict[str, float | int | str] = {
        "start_gap_s": round(start_gap_s, 1),
        "hour_offset_h": offset_h,
        "time_overlap_pct": round(overlap * 100, 1),
    }
    words = [
        f"start {start_gap_s:.0f} s apart"
        + (f" after a {offset_h:+d} h clock offset" if offset_h else "")
    ]
    if new.kind == "endurance":
        duration = _agreement(new.elapsed_s, old.elapsed_s, rule, floor=rule.tolerance_floor_s)
        if duration is None:
            return None
        reasons["duration_diff_pct"] = duration
        words.append(f"duration within {duration:.1f} %")
        if new.distance_m and old.distance_m:
            distance = _agreement(new.distance_m, old.distance_m, rule, floor=0.0)
            if distance is None:
                return None
            reasons["distance_diff_pct"] = distance
            words.append(f"distance within {distance:.1f} %")
    else:
        overlap = _set_overlap(new.sets, old.sets)
        if overlap < rule.min_set_overlap:
            return None
        reasons["set_overlap_pct"] = round(overlap * 100, 1)
        words.append(f"{overlap:.0%} of the sets alike (reps and weight)")
    return Match(reasons, ", ".join(words))


def _setless_strength(new: Summary, old: Summary, rule: DedupeConfig) -> Match | None:
    """The reasons an activity without sets and a strength session are one strength workout (a phone app
    sends a workout's time and heart rate but no sets), or None. With no sets to compare, time alone
    decides, so strictly: the activity's sport must be a strength one (or unstated), the clocks are taken as
    stated (a whole-hour offset would make a morning and an evening session of the same length one), and
    the two must share `setless_min_overlap` of the longer one's time (a short activity within a long
    session, or a session within a long activity, is not the same record)."""
    activity = new if new.kind == "endurance" else old
    if not (activity.sport in STRENGTH_SPORTS or activity.sport in UNKNOWN_SPORTS):
        return None
    longer = max(new.elapsed_s, old.elapsed_s)
    if longer <= 0:
        return None  # no time span: nothing to go by
    gap_s = (new.start_utc - old.start_utc).total_seconds()
    shared = max(min(gap_s + new.elapsed_s, old.elapsed_s) - max(gap_s, 0.0), 0.0)
    if shared / longer < rule.setless_min_overlap:
        return None
    reasons: dict[str, float | int | str] = {
        "start_gap_s": round(abs(gap_s), 1),
        "hour_offset_h": 0,
        "time_overlap_pct": round(_time_overlap(new, old, 0) * 100, 1),
        "longer_overlap_pct": round(shared / longer * 100, 1),
        "setless_sport": activity.sport,
    }
    summary = (
        f"start {abs(gap_s):.0f} s apart, {shared / longer:.0%} of the longer record's time shared "
        f"(a {activity.sport} activity without sets and a strength session)"
    )
    return Match(reasons, summary)


def superseded(new: Summary, old: Summary) -> Match | None:
    """Why `old`, a session of an earlier import of the same file taken before its writer was done, is
    the start of `new` (same kind, overlapping in time), or None."""
    if new.kind != old.kind:
        return None
    overlap = _time_overlap(new, old, 0)
    if overlap <= 0:
        return None
    reasons: dict[str, float | int | str] = {
        "superseded_sha256": old.file_sha256,
        "time_overlap_pct": round(overlap * 100, 1),
    }
    summary = (
        "the same file, whole: the earlier import was taken before its writer was done "
        f"({overlap:.0%} of it lies within this session)"
    )
    return Match(reasons, summary)


def _same_sport(a: str, b: str) -> bool:
    return a == b or a in UNKNOWN_SPORTS or b in UNKNOWN_SPORTS


def _clock_offset_h(new: Summary, old: Summary, rule: DedupeConfig) -> int | None:
    """0 when the starts are within the window; a whole-hour offset when one file's clock may be off by
    whole hours (naive or mislabelled local time); None otherwise. Two files whose devices both stated their
    UTC offset are trusted and never matched across hours."""
    gap_s = (new.start_utc - old.start_utc).total_seconds()
    if abs(gap_s) <= rule.start_window_s:
        return 0
    if new.clock_known and old.clock_known:
        return None
    hours = round(gap_s / 3600)
    if (
        0 < abs(hours) <= rule.max_hour_offset_h
        and abs(gap_s - hours * 3600) <= rule.start_window_s
    ):
        return int(hours)
    return None


def _time_overlap(new: Summary, old: Summary, offset_h: int) -> float:
    """Share of the shorter session that both cover, once the clock offset is undone."""
    new_start = (new.start_utc - old.start_utc).total_seconds() - offset_h * 3600
    shared = min(new_start + new.elapsed_s, old.elapsed_s) - max(new_start, 0.0)
    shorter = min(new.elapsed_s, old.elapsed_s)
    if shorter <= 0:
        return 1.0 if abs(new_start) <= 1 else 0.0
    return max(shared, 0.0) / shorter


def _agreement(a: float, b: float, rule: DedupeConfig, *, floor: float) -> float | None:
    """The relative difference in percent when within tolerance (or within `floor` in absolute terms)."""
    larger = max(a, b)
    diff = abs(a - b)
    pct = 0.0 if larger == 0 else diff / larger * 100
    if pct <= rule.tolerance_pct or diff <= floor:
        return round(pct, 2)
    return None


def _set_overlap(
    a: Sequence[tuple[int | None, float | None]], b: Sequence[tuple[int | None, float | None]]
) -> float:
    """Share of the smaller session's working sets that the other has too (same reps, weight within 0.5 kg)."""
    if not a or not b:
        return 0.0

    def key(s: tuple[int | None, float | None]) -> tuple[int | None, float | None]:
        reps, weight = s
        return reps, None if weight is None else round(weight * 2) / 2

    common = Counter(map(key, a)) & Counter(map(key, b))
    return sum(common.values()) / min(len(a), len(b))


def _endurance_richness(fields: dict[str, Any], samples: dict[str, Any] | None) -> int:
    """How much a record of a session holds: heart rate and samples count most, then positions, laps."""
    score = 0
    if samples is not None:
        score += 2
        score += 4 if samples.get("heart_rate_bpm") else 0
        score += 2 if samples.get("latitude_deg") else 0
        score += 1 if samples.get("cadence_spm") else 0
    elif fields.get("avg_hr_bpm") is not None:
        score += 2
    score += 1 if fields.get("distance_m") else 0
    score += 1 if fields.get("laps") else 0
    score += 1 if fields.get("utc_offset_s") is not None else 0
    score += 1 if fields.get("rpe") is not None else 0
    score -= 3 if fields.get("salvaged") else 0
    return score


def _strength_richness(fields: dict[str, Any], working: list[dict[str, Any]]) -> int:
    """Heart rate and sets count most; named exercises, weights and RPE add."""
    score = 4 if fields.get("avg_hr_bpm") is not None else 0
    score += 1 if fields.get("utc_offset_s") is not None else 0
    score += 1 if fields.get("rpe") is not None else 0
    if working:
        score += 2
        named = sum(1 for s in working if s["exercise_name"].lower() != "unknown")
        score += round(2 * named / len(working))
        score += 1 if any(s["weight_kg"] for s in working) else 0
        score += 1 if any(s["rpe"] is not None for s in working) else 0
    return score

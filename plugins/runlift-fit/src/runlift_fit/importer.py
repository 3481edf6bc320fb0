"""The FIT importer: recognise a FIT stream, decode each of its chained files, salvage or refuse damage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from runlift.importers import (
    Activity,
    BodyComposition,
    Decoded,
    DecodeRequest,
    Device,
    SleepNight,
    StrengthSession,
    Unimportable,
    Wellness,
)
from runlift_fit import __version__
from runlift_fit.activities import activity_from_records, activity_of, summary_check
from runlift_fit.body import weigh_ins_of
from runlift_fit.clean import text
from runlift_fit.clock import clock_of, reads_as_power_on, utc_offset_of
from runlift_fit.device import device_of
from runlift_fit.reading import (
    DECODERS,
    SESSION,
    TIMESTAMP_CORRELATION,
    Damage,
    FitFile,
    ends_early,
    read_stream,
)
from runlift_fit.sessions import FileView, Timeline, sessions_of
from runlift_fit.sleep import sleep_night_of
from runlift_fit.sniff import confidence, require_fit_header
from runlift_fit.strength import is_strength, set_messages, strength_session_of
from runlift_fit.wellness import daily_wellness_of, overnight_hrv_of

# file_id.type values fitdecode's profile does not name; 8, 49 and 68 are Garmin's locations, sleep and
# overnight HRV files.
_UNNAMED_FILE_TYPES = {8: "locations", 49: "sleep", 68: "hrv"}
_MONITORING_TYPES = frozenset({"monitoring_a", "monitoring_b", "monitoring_daily"})
# The option to place times counted from power-on by the file's timestamp_correlation. Off by default so
# that dates agree with what other FIT tools show (and with the corpus manifest).
CORRELATE_CLOCK_OPTION = "correlate_clock"
# How streams are decoded (see reading.DECODERS): every choice gives the same values.
DECODER_OPTION = "decoder"

_CUT_SHORT_NOTE = (
    "left out the sleep and wellness data of the damaged part: totals from a cut-short recording "
    "would be wrong"
)
_OTHER_USERS_NOTE = (
    "left out {count} weigh-in(s) of other users of the scale; set scale_user in [importers.fit] to "
    "choose whose weigh-ins are yours"
)
_CORRELATION_NOTE = (
    "the file also records the real time of its power-on count: set correlate_clock = true in "
    "[importers.fit] to date it correctly"
)
_UNPLACED_NOTE = "left out {count} session(s) that carry no start time and no records to place them"
_UNSET_CLOCK_NOTE = (
    "the device's clock was not set: its times count from power-on, which reads as dates soon after "
    "1989-12-31, so what it recorded is filed on the wrong day"
)


@dataclass
class _Content:
    """What one FIT file of a stream holds."""

    kind: str | None
    activities: list[Activity] = field(default_factory=list)
    strength: list[StrengthSession] = field(default_factory=list)
    sleep: list[SleepNight] = field(default_factory=list)
    body: list[BodyComposition] = field(default_factory=list)
    wellness: list[Wellness] = field(default_factory=list)
    device: Device | None = None
    notes: list[str] = field(default_factory=list)


class FitImporter:
    """Reads FIT files: activities (multisport legs too), strength sets, sleep, HRV, wellness, weigh-ins."""

    name = "fit"
    version = __version__
    formats: tuple[str, ...] = ("FIT",)

    def sniff(self, head: bytes, filename: str) -> float:
        return confidence(head, filename)

    def decode(self, request: DecodeRequest) -> Decoded:
        decoder = request.options.get(DECODER_OPTION, "auto")
        if decoder not in DECODERS:
            raise Unimportable(
                f"[importers.fit] {DECODER_OPTION} = {decoder!r} is not one of "
                + ", ".join(map(repr, DECODERS))
            )
        data = request.path.read_bytes()
        require_fit_header(data)
        stream = read_stream(data, decoder)
        contents = [_content_of(file, request.options) for file in stream.files]
        damage = stream.damage
        if damage is None:
            return _merge(contents)
        if damage.partial and contents:
            # A night or a day cut short would import wrong totals. What a session message, a weigh-in
            # or a run of records says stays true of the part that was read, so those are kept.
            cut = contents[-1]
            if cut.sleep or cut.wellness:
                cut.notes.append(_CUT_SHORT_NOTE)
            cut.sleep.clear()
            cut.wellness.clear()
        decoded = _merge(contents)
        truncated = ends_early(stream, data)
        if not (
            decoded.activities
            or decoded.strength_sessions
            or decoded.sleep
            or decoded.body
            or decoded.wellness
        ):
            raise Unimportable(
                f"{damage.problem}; nothing usable comes before it",
                offset=damage.offset,
                truncated=truncated,
            )
        return replace(_with_salvage_note(decoded, damage), truncated=truncated)


def _content_of(file: FitFile, options: Mapping[str, Any]) -> _Content:
    clock = clock_of(file, correlate=options.get(CORRELATE_CLOCK_OPTION) is True)
    timeline = Timeline(file.records, clock)
    sessions = sessions_of(file, clock, timeline)
    view = FileView(file, clock, timeline, sessions, utc_offset_of(file))
    content = _Content(kind=_kind(file), device=device_of(file))
    unclaimed = set_messages(file, clock)
    for session in sessions:
        if session.is_transition:
            continue
        inside = [s for s in unclaimed if s.start is not None and session.span.begins(s.start)]
        if is_strength(session, inside):
            content.strength.append(strength_session_of(session, view, inside))
            claimed = {id(s) for s in inside}
            unclaimed = [s for s in unclaimed if id(s) not in claimed]
        else:
            content.activities.append(activity_of(session, view))
            disagreement = summary_check(session, view)
            if disagreement is not None:
                content.notes.append(disagreement)
    if not sessions and content.kind in ("activity", None):
        rebuilt = activity_from_records(view)
        if rebuilt is not None:
            content.activities.append(rebuilt)
    night = sleep_night_of(view)
    if night is not None:
        content.sleep.append(night)
    hrv = overnight_hrv_of(view)
    if hrv is not None:
        content.wellness.append(hrv)
    if content.kind in _MONITORING_TYPES:
        content.wellness.extend(daily_wellness_of(view))
    weigh_ins, others = weigh_ins_of(view, options)
    content.body.extend(weigh_ins)
    if others:
        content.notes.append(_OTHER_USERS_NOTE.format(count=others))
    unplaced = len(file.all(SESSION)) - len(sessions)
    if unplaced:
        content.notes.append(_UNPLACED_NOTE.format(count=unplaced))
    if any(clock.counts_from_power_on(m.get("start_time")) for m in file.all(SESSION)) or any(
        map(reads_as_power_on, _recorded_times(content))
    ):
        content.notes.append(_UNSET_CLOCK_NOTE)
        if file.all(TIMESTAMP_CORRELATION):
            content.notes.append(_CORRELATION_NOTE)
    return content


def _recorded_times(content: _Content) -> list[datetime]:
    """When each activity, session, night, measurement and weigh-in was recorded (a session without
    times of its own takes its records')."""
    return [
        *(activity.start_utc for activity in content.activities),
        *(session.start_utc for session in content.strength),
        *(night.start_utc for night in content.sleep),
        *(sample.measured_utc for sample in content.wellness),
        *(weigh_in.measured_utc for weigh_in in content.body),
    ]


def _kind(file: FitFile) -> str | None:
    file_type = file.file_type
    if isinstance(file_type, int):
        return _UNNAMED_FILE_TYPES.get(file_type, f"type {file_type}")
    return text(file_type)


def _merge(contents: list[_Content]) -> Decoded:
    kinds = list(dict.fromkeys(c.kind for c in contents if c.kind))
    return Decoded(
        format="FIT " + "+".join(kinds) if kinds else "FIT",
        activities=tuple(a for c in contents for a in c.activities),
        strength_sessions=tuple(s for c in contents for s in c.strength),
        sleep=tuple(n for c in contents for n in c.sleep),
        body=tuple(b for c in contents for b in c.body),
        wellness=tuple(w for c in contents for w in c.wellness),
        device=next((c.device for c in contents if c.device is not None), None),
        notes=tuple(dict.fromkeys(note for c in contents for note in c.notes)),
    )


def _with_salvage_note(decoded: Decoded, damage: Damage) -> Decoded:
    note = f"damaged at byte {damage.offset}: {damage.problem}. Imported what was read before the damage."
    return replace(decoded, salvaged=note)

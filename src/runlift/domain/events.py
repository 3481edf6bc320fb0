"""Domain events: the facts runlift stores forever (their module path is their stored topic; never move them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate
from runlift_migrations import events as migrated

# Field conventions: units are in the names (`distance_m`, `weight_kg`, `elapsed_s`); instants are aware UTC
# datetimes (`*_utc`); `local_day` is the athlete's calendar day; sequences are lists and nested records are
# plain dicts, because that is what the JSON transcoder gives back.


@dataclass(frozen=True)
class Source:
    """Where an event came from: the file's bytes, the plugin that read them, and the device that wrote them."""

    sha256: str
    filename: str
    plugin: str
    plugin_version: str
    device_manufacturer: str | None = None
    device_product: str | None = None
    device_serial: str | None = None


@dataclass(frozen=True)
class FileImported(Aggregate.Created):
    """A file was decoded and every event it yields was stored with it, in one transaction.

    `event_counts` counts the facts stored; `already_stored` (v2) those left out because an earlier file
    had stored the same fact (a newer export of the same account): empty in files stored before v2.
    """

    class_version = 2
    upcast_v1_v2 = staticmethod(migrated.FILE_IMPORTED_V1_V2)

    athlete_id: str
    source: Source
    size_bytes: int
    format: str
    archive: str | None
    event_counts: dict[str, int]
    salvaged: str | None
    notes: list[str]
    already_stored: dict[str, int]


@dataclass(frozen=True)
class FileRejected(Aggregate.Created):
    """A file could not be imported; `reason` says why in words a user can act on.

    `sha256` is None when the bytes were never read (an archive member refused before extraction).
    """

    athlete_id: str
    sha256: str | None
    filename: str
    size_bytes: int
    archive: str | None
    stage: str
    plugin: str | None
    reason: str


@dataclass(frozen=True)
class FileEvent(Aggregate.Event):
    """Base of the training facts decoded from an imported file; each carries its athlete and source."""

    athlete_id: str
    source: Source


@dataclass(frozen=True)
class ActivityEvent(FileEvent):
    """Base of endurance activity summaries: a run, or another sport counted in the combined load."""

    activity_index: int
    sport: str
    sub_sport: str | None
    start_utc: datetime
    local_day: date
    utc_offset_s: int | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    hr_zone_s: list[float] | None
    hr_zone_bounds_bpm: list[float] | None
    avg_cadence_spm: float | None
    max_cadence_spm: float | None
    avg_speed_mps: float | None
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    calories_kcal: float | None
    rpe: float | None
    title: str | None
    laps: list[dict[str, Any]]
    has_samples: bool
    salvaged: str | None


@dataclass(frozen=True)
class RunCompleted(ActivityEvent):
    """A running session (run, trail, treadmill, or a walk or hike the config counts as running)."""


@dataclass(frozen=True)
class ActivityCompleted(ActivityEvent):
    """An endurance session of another sport (ride, swim, climb, row, ...): counted in the combined load."""


@dataclass(frozen=True)
class ActivitySamplesRecorded(FileEvent):
    """Per-sample streams of one activity, kept apart from its summary so summary readers can skip them.

    `t_s` holds seconds from `start_utc`; every other stream is aligned with it, None where not measured.
    """

    activity_index: int
    start_utc: datetime
    t_s: list[float]
    heart_rate_bpm: list[float | None] | None
    speed_mps: list[float | None] | None
    cadence_spm: list[float | None] | None
    altitude_m: list[float | None] | None
    distance_m: list[float | None] | None
    latitude_deg: list[float | None] | None
    longitude_deg: list[float | None] | None


@dataclass(frozen=True)
class StrengthSessionCompleted(FileEvent):
    """A resistance-training session: its time, heart rate and how many working sets it held."""

    session_index: int
    start_utc: datetime
    local_day: date
    utc_offset_s: int | None
    elapsed_s: float
    active_s: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    calories_kcal: float | None
    rpe: float | None
    title: str | None
    note: str | None
    n_sets: int


@dataclass(frozen=True)
class SetLogged(FileEvent):
    """One set of a resistance exercise; `set_type` is "working", "warmup", "dropset" or "failure"."""

    session_index: int
    set_index: int
    start_utc: datetime | None
    local_day: date
    duration_s: float | None
    reps: int | None
    weight_kg: float | None
    set_type: str
    exercise_name: str
    exercise_category: str | None
    rpe: float | None
    rest_after_s: float | None
    distance_m: float | None
    note: str | None


@dataclass(frozen=True)
class SleepRecorded(FileEvent):
    """One night (or nap) of sleep with minutes per stage; `local_day` is the day the athlete woke up."""

    start_utc: datetime
    end_utc: datetime
    local_day: date
    duration_s: float
    deep_min: float | None
    light_min: float | None
    rem_min: float | None
    awake_min: float | None
    score: float | None


@dataclass(frozen=True)
class BodyCompositionRecorded(FileEvent):
    """A weigh-in with whatever body composition the scale measured."""

    measured_utc: datetime
    local_day: date
    weight_kg: float
    body_fat_pct: float | None
    muscle_mass_kg: float | None
    bone_mass_kg: float | None
    water_pct: float | None
    bmi: float | None


@dataclass(frozen=True)
class WellnessRecorded(FileEvent):
    """A recovery measurement: resting heart rate, HRV and/or stress. HRV keeps the metric the source
    measured, RMSSD (`hrv_rmssd_ms`) or SDNN (`hrv_sdnn_ms`, v2; None in readings stored before)."""

    class_version = 2
    upcast_v1_v2 = staticmethod(migrated.WELLNESS_RECORDED_V1_V2)

    measured_utc: datetime
    local_day: date
    resting_hr_bpm: float | None
    hrv_rmssd_ms: float | None
    stress: float | None
    # Last, with a default: code that built the event before v2 (the synthetic history) still can.
    hrv_sdnn_ms: float | None = None


@dataclass(frozen=True)
class CheckInRecorded(Aggregate.Created):
    """The athlete's own report of a day: 1-5 scales, a sore body part if any, and a free note."""

    athlete_id: str
    local_day: date
    recorded_utc: datetime
    mood: int | None
    energy: int | None
    soreness: int | None
    joint_pain: int | None
    pain_site: str | None
    note: str | None


@dataclass(frozen=True)
class SessionRated(Aggregate.Created):
    """The athlete's own session RPE (CR-10, 0-10) for a done session, given after it; a correction is a
    new rating and the latest wins. `session` is the session's key (as SessionIndexed's), `local_day` its day.
    """

    athlete_id: str
    session: str
    local_day: date
    rpe: float
    recorded_utc: datetime


@dataclass(frozen=True)
class SessionDayStarted(Aggregate.Created):
    """The first session of a UTC day was indexed: the day's index of sessions (for finding repeats) opens."""

    athlete_id: str
    utc_day: date


@dataclass(frozen=True)
class WhenEvent(Aggregate.Event):
    """Base of plan, program and fact-index events: the aggregate's `when` evolves its state."""

    def apply(self, aggregate: Any) -> None:
        aggregate.when(self)


class DayEvent(Aggregate.Event):
    """Base of the events of a day's session index; the aggregate's `when` evolves its state."""

    def apply(self, aggregate: Any) -> None:
        aggregate.when(self)


@dataclass(frozen=True)
class SessionIndexed(DayEvent):
    """A session (an activity or a strength session of an imported file) was entered in its day's index.

    `session` is "<file aggregate id>:a<activity index>" or ":s<session index>"; `sets` are the working sets
    as [reps, weight_kg]; `richness` ranks records of the same workout (the richest is the primary).
    """

    athlete_id: str
    session: str
    file_sha256: str
    kind: str
    sport: str
    start_utc: datetime
    elapsed_s: float
    distance_m: float | None
    clock_known: bool
    sets: list[list[Any]]
    richness: int


@dataclass(frozen=True)
class DuplicateLinked(DayEvent):
    """A later arrival `session` is the same workout as `duplicate_of`, for the `reasons` given."""

    athlete_id: str
    link_id: str
    session: str
    duplicate_of: str
    reasons: dict[str, Any]
    summary: str


@dataclass(frozen=True)
class DuplicateUnlinked(DayEvent):
    """The athlete split a wrong link: the two sessions count as different workouts again."""

    athlete_id: str
    link_id: str
    reason: str


@dataclass(frozen=True)
class FactMonthStarted(Aggregate.Created):
    """The first fact of a UTC month ("2026-03") was stored: the month's index of fact identities opens."""

    athlete_id: str
    month: str


@dataclass(frozen=True)
class FactsNoted(WhenEvent):
    """A file (`file_sha256`) stored facts of this month: their identities, each a digest of what the
    fact says (ingest/identity.py, docs/architecture.md), so that a later file's copy of one is left out."""

    athlete_id: str
    file_sha256: str
    identities: list[str]


@dataclass(frozen=True)
@dataclass(frozen=True)
class PlanWeekGenerated(Aggregate.Created):
    """A week of the plan was generated from the template, in a block, on the athlete's day `generated_on`
    (None for weeks generated before v2); `sessions` are the prescriptions."""

    class_version = 2
    upcast_v1_v2 = staticmethod(migrated.PLAN_WEEK_GENERATED_V1_V2)

    athlete_id: str
    week_start: date
    block: str
    sessions: list[dict[str, Any]]
    generated_on: date | None


@dataclass(frozen=True)
class PlanAdjusted(WhenEvent):
    """A rule changed a planned session: which, how (`change`), why in words, and the figures behind it."""

    athlete_id: str
    adjustment_id: str
    on_day: date
    rule: str
    session: str
    change: dict[str, Any]
    reason: str
    figures: dict[str, Any]


@dataclass(frozen=True)
class SessionCompleted(WhenEvent):
    """A planned session was done: `matched` is the imported session that did it."""

    athlete_id: str
    session: str
    matched: str


@dataclass(frozen=True)
class SessionMissed(WhenEvent):
    """A planned session's day passed without an imported session of its kind."""

    athlete_id: str
    session: str


@dataclass(frozen=True)
class ProgramStarted(Aggregate.Created):
    """The athlete's training program began, in its first block, on the Monday `week_start`."""

    athlete_id: str
    block: str
    week_start: date


@dataclass(frozen=True)
class BlockChanged(WhenEvent):
    """A new periodisation block starts on the Monday `week_start`, for `reason`."""

    athlete_id: str
    block: str
    week_start: date
    reason: str


@dataclass(frozen=True)
class InjuryFlagged(WhenEvent):
    """The athlete flagged a body part: the plan goes into injury mode for it."""

    athlete_id: str
    part: str
    local_day: date
    note: str | None


@dataclass(frozen=True)
class InjuryCleared(WhenEvent):
    """A flagged body part is fine again."""

    athlete_id: str
    part: str
    local_day: date


@dataclass(frozen=True)
class ExerciseNamesStarted(Aggregate.Created):
    """The athlete's first correction of which exercise a name stands for."""

    athlete_id: str


@dataclass(frozen=True)
class ExerciseMapped(WhenEvent):
    """The athlete said that `name`, as an app or watch writes it, is the catalogue's exercise `exercise_id`."""

    athlete_id: str
    name: str
    exercise_id: str


@dataclass(frozen=True)
class ExerciseUnmapped(WhenEvent):
    """The athlete withdrew a mapping: `name` is matched by the catalogue again."""

    athlete_id: str
    name: str


FILE_EVENT_TYPES: tuple[type[FileEvent], ...] = (
    RunCompleted,
    ActivityCompleted,
    ActivitySamplesRecorded,
    StrengthSessionCompleted,
    SetLogged,
    SleepRecorded,
    BodyCompositionRecorded,
    WellnessRecorded,
)

_ALL: tuple[type[Any], ...] = (
    *FILE_EVENT_TYPES,
    FileImported,
    FileRejected,
    CheckInRecorded,
    SessionRated,
    SessionDayStarted,
    SessionIndexed,
    DuplicateLinked,
    DuplicateUnlinked,
    FactMonthStarted,
    FactsNoted,
    PlanWeekGenerated,
    PlanAdjusted,
    SessionCompleted,
    SessionMissed,
    ProgramStarted,
    BlockChanged,
    InjuryFlagged,
    InjuryCleared,
    ExerciseNamesStarted,
    ExerciseMapped,
    ExerciseUnmapped,
)
EVENT_TYPES: dict[str, type[Any]] = {cls.__name__: cls for cls in _ALL}

# runlift's own bookkeeping: the indexes of sessions by day and of facts by identity (not what the athlete
# recorded or did; `runlift status` counts them apart).
INDEX_EVENT_TYPES: frozenset[str] = frozenset(
    cls.__name__ for cls in (SessionDayStarted, SessionIndexed, FactMonthStarted, FactsNoted)
)

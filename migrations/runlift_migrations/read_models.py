"""Read-model (projection) tables and their schema versions: bump a version and that model is rebuilt.

Every table is prefixed `view_` (on PostgreSQL they live beside the event tables, in the store's schema).
Nothing here is migrated in place: a changed version drops the model's tables and recomputes them.
`facts` is the stage that reads events (sessions with their per-sample figures, sets, nights, wellness,
check-ins, the athlete's session RPE, duplicate links); a change to it replays the event log.
`training_load`, `readiness`, `strength` and `muscles` are derived from the facts (`muscles` also from
`strength`'s rows); a change to one of them recomputes only that one.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

SCHEMA_VERSIONS: dict[str, int] = {
    # 2: sleep stages (the dashboard draws them); 3: the athlete's exercise mappings; 4: facts dated before
    # the athlete's first day left out (view_left_out counts them); 5: the athlete's session RPE
    # (view_session_rating); HRV SDNN kept apart from RMSSD; 6: a session's elevation loss (the muscle
    # projection's downhill factor); 7: a record that states its sport is a workout's primary before one that
    # does not (an Apple workout before its route's GPX)
    "facts": 7,
    # 2: distance change against the mean of the 4 weeks before; 7-day monotony; 3: the athlete's session
    # RPE ahead of the file's (method session_rpe_athlete)
    "training_load": 3,
    # 2: the load ratio left out during its cold start, saying why; 3: HRV scored against the baseline of
    # its own metric (RMSSD or SDNN), never a mix
    "readiness": 3,
    # 2: one row per exercise of the catalogue (watch and app names merged); 3: set RPE; 4: the top set's reps
    # and every work set (the planner checks them against their prescription); 5: the athlete's session RPE
    # for a work set that logged none
    "strength": 5,
    # 1: hard sets, volume and fatigue per muscle group (issue 20)
    "muscles": 1,
}

metadata = MetaData()


def _athlete() -> Column[str]:
    return Column("athlete_id", String(64), primary_key=True)


tracking = Table(
    "view_tracking",
    metadata,
    Column("application", String(64), primary_key=True),
    _athlete(),
    Column("position", Integer, nullable=False),
)

meta = Table(
    "view_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    _athlete(),
    Column("version", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
)

# Days from which a derived model must be recomputed: written with the facts and tracking of a batch, cleared
# in the transaction that recomputes it, so a crash between the two resumes where it stopped.
pending = Table(
    "view_pending",
    metadata,
    Column("name", String(64), primary_key=True),
    _athlete(),
    Column("from_day", Date, nullable=False),
)

# --- facts ---------------------------------------------------------------------------------------------

session = Table(
    "view_session",
    metadata,
    _athlete(),
    Column("session", String(80), primary_key=True),
    Column("kind", String(16), nullable=False),  # run | other | strength
    Column("sport", String(64), nullable=False),
    Column("local_day", Date, nullable=False, index=True),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("elapsed_s", Float, nullable=False),
    Column("moving_s", Float),
    Column("distance_m", Float),
    Column("elevation_loss_m", Float),  # the activity's descent (total_descent): downhill running
    Column("avg_hr_bpm", Float),
    Column("rpe", Float),
    Column("title", String),
    Column("richness", Integer),
    Column("file_sha256", String(64)),
    Column("primary_session", String(80), nullable=False),
    # From the samples, with the athlete's current profile:
    Column("hr_trimp", Float),
    Column("hr_minutes", Float),
    Column("zone_s", JSON),
    Column("zone_bounds_bpm", JSON),
    Column("mean_hrr", Float),
    Column("drift_pct", Float),
    Column("cadence_spm", Float),
    Column("cadence_cv_pct", Float),
)

set_ = Table(
    "view_set",
    metadata,
    _athlete(),
    Column("session", String(80), primary_key=True),
    Column("set_index", Integer, primary_key=True),
    Column("local_day", Date, nullable=False),
    Column("exercise_name", String, nullable=False),
    Column("exercise_category", String),
    Column("set_type", String(16), nullable=False),
    Column("reps", Integer),
    Column("weight_kg", Float),
    Column("rpe", Float),
)

# The athlete's corrections of exercise identity: a name (folded, as exercises.exercise_key folds it) -> id.
exercise_map = Table(
    "view_exercise_map",
    metadata,
    _athlete(),
    Column("name_key", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("exercise_id", String, nullable=False),
)

sleep = Table(
    "view_sleep",
    metadata,
    _athlete(),
    Column("record", String(80), primary_key=True),
    Column("local_day", Date, nullable=False, index=True),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("duration_s", Float, nullable=False),
    Column("deep_min", Float),
    Column("light_min", Float),
    Column("rem_min", Float),
    Column("awake_min", Float),
)

wellness = Table(
    "view_wellness",
    metadata,
    _athlete(),
    Column("record", String(80), primary_key=True),
    Column("local_day", Date, nullable=False, index=True),
    Column("measured_utc", DateTime(timezone=True), nullable=False),
    Column("resting_hr_bpm", Float),
    Column("hrv_rmssd_ms", Float),
    Column("hrv_sdnn_ms", Float),  # Apple Health's HRV metric, never mixed with RMSSD
)

checkin = Table(
    "view_checkin",
    metadata,
    _athlete(),
    Column("record", String(80), primary_key=True),
    Column("local_day", Date, nullable=False, index=True),
    Column("recorded_utc", DateTime(timezone=True), nullable=False),
    Column("mood", Integer),
    Column("energy", Integer),
    Column("soreness", Integer),
    Column("joint_pain", Integer),
    Column("pain_site", String),
)

link = Table(
    "view_link",
    metadata,
    _athlete(),
    Column("link_id", String(80), primary_key=True),
    Column("session", String(80), nullable=False),
    Column("duplicate_of", String(80), nullable=False),
)

# The athlete's own session RPE (CR-10), the latest rating of each session (SessionRated, from the Journal).
# Read by joining on `session`, never copied onto view_session, so it holds whatever order a rating and its
# session's events arrive in; the derived models count the latest rating of any member of a duplicate group
# for its primary.
session_rating = Table(
    "view_session_rating",
    metadata,
    _athlete(),
    Column("session", String(80), primary_key=True),
    Column("record", String(80), nullable=False),  # the rating's aggregate id
    Column("local_day", Date, nullable=False),  # the session's day, as the rating gave it
    Column("rpe", Float, nullable=False),
    Column("recorded_utc", DateTime(timezone=True), nullable=False),
)

# Facts dated before the athlete's first day (a device clock never set, or [athlete] first_day): kept out
# of every other view, listed here so that `status` can count them. A session's sets and samples go with it.
left_out = Table(
    "view_left_out",
    metadata,
    _athlete(),
    Column("record", String(80), primary_key=True),  # as in the view it was left out of
    # run | other | strength | sleep | wellness | checkin
    Column("kind", String(16), nullable=False),
    Column("local_day", Date, nullable=False),
    Column("at_utc", DateTime(timezone=True), nullable=False),
)

# --- derived ---------------------------------------------------------------------------------------------

load_day = Table(
    "view_load_day",
    metadata,
    _athlete(),
    Column("channel", String(16), primary_key=True),  # running | lifting | combined
    Column("day", Date, primary_key=True),
    Column("load", Float, nullable=False),
    Column("sessions", Integer, nullable=False),
    Column("distance_m", Float, nullable=False),
    Column("volume_kg", Float, nullable=False),
    Column("methods", JSON, nullable=False),
    Column("ctl", Float, nullable=False),
    Column("atl", Float, nullable=False),
    Column("tsb", Float, nullable=False),
    Column("acute", Float, nullable=False),
    Column("chronic", Float, nullable=False),
    Column("acwr", Float),
)

load_week = Table(
    "view_load_week",
    metadata,
    _athlete(),
    Column("channel", String(16), primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("load", Float, nullable=False),
    Column("distance_m", Float, nullable=False),
    Column(
        "distance_norm_m", Float
    ),  # the mean weekly distance of the [load] spike_norm_weeks before
    Column("distance_change_pct", Float),  # against that norm
    Column("monotony", Float),
    Column("strain", Float, nullable=False),
    Column("volume_kg", Float, nullable=False),
)

readiness_day = Table(
    "view_readiness_day",
    metadata,
    _athlete(),
    Column("day", Date, primary_key=True),
    Column("score", Float),
    Column("band", String(8)),
    Column("confidence", String(8), nullable=False),
    Column("components", JSON, nullable=False),
    Column("reasons", JSON, nullable=False),
)

lift_session = Table(
    "view_lift_session",
    metadata,
    _athlete(),
    Column("exercise", String, primary_key=True),
    Column("session", String(80), primary_key=True),
    Column("name", String, nullable=False),
    Column("local_day", Date, nullable=False, index=True),
    Column("e1rm_epley_kg", Float),
    Column("e1rm_brzycki_kg", Float),
    Column("best_reps", Integer),
    Column("best_weight_kg", Float),
    Column("top_weight_kg", Float),
    Column("volume_kg", Float, nullable=False),
    Column("work_sets", Integer, nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("rpe_max", Float),  # the hardest work set's RPE (CR-10), when the source logged it
    Column("rpe_sets", Integer, nullable=False),  # how many work sets logged an RPE
    Column("top_reps", Integer, nullable=True),  # reps of the heaviest work set (the most, if tied)
    Column("sets", JSON, nullable=False),  # every work set in order: [reps, weight_kg, rpe]
)

# What each primary session put on each muscle group (catalogue vocabulary): a lift's hard sets as units
# (primary muscles primary_units each, secondary secondary_units), its hard sets and volume (a secondary
# muscle's at the same share); a run's units on the legs and calves. `end_utc` is when the units start to
# decay; `label` names the session ("Tuesday's back squats", "Sunday's 110-min run").
muscle_contribution = Table(
    "view_muscle_contribution",
    metadata,
    Column("athlete_id", String(64), nullable=False),
    Column("session", String(80), nullable=False),
    Column("muscle", String(32), nullable=False),
    Column("kind", String(8), nullable=False),  # run | lift
    Column("local_day", Date, nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("units", Float, nullable=False),
    Column("hard_sets", Float, nullable=False),
    Column("volume_kg", Float, nullable=False),
    Column("label", String, nullable=False),
    # A session's local day is part of its key: the rows of a day range are one range of the key (no index
    # of their own to write). The other index finds what ended on one muscle group between two instants
    # (the decay reads it group by group).
    PrimaryKeyConstraint("athlete_id", "local_day", "session", "muscle"),
    Index("ix_view_muscle_contribution_ended", "athlete_id", "muscle", "end_utc"),
    sqlite_with_rowid=False,  # the rows live in the primary key's tree: one write per row, not two
)

# Per muscle group and local day: that day's hard sets and volume, and the fatigue at the day's end (24:00 in
# the athlete's zone, `end_utc`), for every day with a contribution or a figure of at least 0.5 %. `units`
# is what is left at the day's end (the next day's decay continues from it), `cause` the label of the
# contribution that left the most of them and `cause_units` how many.
muscle_day = Table(
    "view_muscle_day",
    metadata,
    _athlete(),
    Column("muscle", String(32), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("hard_sets", Float, nullable=False),
    Column("volume_kg", Float, nullable=False),
    Column("fatigue_pct", Float, nullable=False),
    Column("units", Float, nullable=False),
    Column("cause", String),
    Column("cause_units", Float, nullable=False),
    sqlite_with_rowid=False,
)

# Which tables each model owns (dropped and recreated when its version changes).
TABLES: dict[str, tuple[Table, ...]] = {
    "facts": (
        session,
        set_,
        sleep,
        wellness,
        checkin,
        link,
        exercise_map,
        left_out,
        session_rating,
    ),
    "training_load": (load_day, load_week),
    "readiness": (readiness_day,),
    "strength": (lift_session,),
    "muscles": (muscle_contribution, muscle_day),
}

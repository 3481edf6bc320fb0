"""Health Connect's exercise types and sleep stages, as the webhook writes them, in runlift's terms.

The app writes both as the decimal string of the AndroidX constant (`exerciseType.toString()`,
`stage.toString()`: "56" for a run, "5" for deep sleep); its "send a test" payload writes AndroidX's own
names ("running", "deep") instead. Both are read. Constants and names: AndroidX
`health/connect/connect-client/src/main/java/androidx/health/connect/client/records/
ExerciseSessionRecord.kt` and `SleepSessionRecord.kt`.
"""

from __future__ import annotations

from typing import Literal

GENERIC = "generic"

Sport = tuple[str, str | None]

# Exercise types as FIT profile sport and sub_sport names (the names runlift-fit and runlift-gpx give
# the same sports). Any other type is "generic", FIT's name for an unstated sport.
_EXERCISES: dict[int, tuple[str, Sport]] = {
    0: ("workout", (GENERIC, None)),  # EXERCISE_TYPE_OTHER_WORKOUT
    8: ("biking", ("cycling", None)),
    9: ("biking_stationary", ("cycling", "indoor_cycling")),
    13: ("calisthenics", ("training", None)),
    25: ("elliptical", ("fitness_equipment", "elliptical")),
    36: ("high_intensity_interval_training", ("hiit", None)),
    37: ("hiking", ("hiking", None)),
    46: ("paddling", ("paddling", None)),
    48: ("pilates", ("training", "pilates")),
    53: ("rowing", ("rowing", None)),
    54: ("rowing_machine", ("rowing", "indoor_rowing")),
    56: ("running", ("running", None)),
    57: ("running_treadmill", ("running", "treadmill")),
    61: ("skiing", ("alpine_skiing", None)),
    62: ("snowboarding", ("snowboarding", None)),
    63: ("snowshoeing", ("snowshoeing", None)),
    68: ("stair_climbing", ("fitness_equipment", "stair_climbing")),
    69: ("stair_climbing_machine", ("fitness_equipment", "stair_climbing")),
    70: ("strength_training", ("training", "strength_training")),
    71: ("stretching", ("training", "flexibility_training")),
    73: ("swimming_open_water", ("swimming", "open_water")),
    74: ("swimming_pool", ("swimming", "lap_swimming")),
    79: ("walking", ("walking", None)),
    81: ("weightlifting", ("training", "strength_training")),
    83: ("yoga", ("training", "yoga")),
}
_EXERCISE_NAMES = {name: sport for name, sport in _EXERCISES.values()}


def sport_of(exercise_type: str) -> Sport:
    """The (sport, sub_sport) of a Health Connect exercise type: its number or its AndroidX name."""
    key = exercise_type.strip().lower()
    if key.isdigit():
        known = _EXERCISES.get(int(key))
        return known[1] if known else (GENERIC, None)
    return _EXERCISE_NAMES.get(key, (GENERIC, None))


Stage = Literal["awake", "sleeping", "out_of_bed", "light", "deep", "rem", "unknown"]

# SleepSessionRecord.STAGE_TYPE_*; awake in bed (7) is awake.
_STAGES: dict[int, tuple[str, Stage]] = {
    0: ("unknown", "unknown"),
    1: ("awake", "awake"),
    2: ("sleeping", "sleeping"),
    3: ("out_of_bed", "out_of_bed"),
    4: ("light", "light"),
    5: ("deep", "deep"),
    6: ("rem", "rem"),
    7: ("awake_in_bed", "awake"),
}
_STAGE_NAMES = dict(_STAGES.values())


def stage_of(code: str) -> Stage | None:
    """The kind of a sleep stage by its number or AndroidX name; None for one Health Connect does not
    define."""
    key = code.strip().lower()
    if key.isdigit():
        known = _STAGES.get(int(key))
        return known[1] if known else None
    return _STAGE_NAMES.get(key)

"""The upcasters of runlift's event classes, one constant per version step.

Name them <EVENT>_V<N>_V<N+1> and attach them in src/runlift/domain/events.py as
`upcast_vN_vN+1 = staticmethod(...)` beside a raised `class_version` (see migrations/README.md).
"""

from __future__ import annotations

from runlift_migrations.upcasters import Upcaster, add_field

# Every event class's current version; tests check the classes agree, so a bump cannot be half done.
CLASS_VERSIONS: dict[str, int] = {
    "FileImported": 2,
    "FileRejected": 1,
    "RunCompleted": 1,
    "ActivityCompleted": 1,
    "ActivitySamplesRecorded": 1,
    "StrengthSessionCompleted": 1,
    "SetLogged": 1,
    "SleepRecorded": 1,
    "BodyCompositionRecorded": 1,
    "WellnessRecorded": 2,
    "CheckInRecorded": 1,
    "SessionRated": 1,
    "SessionDayStarted": 1,
    "SessionIndexed": 1,
    "DuplicateLinked": 1,
    "DuplicateUnlinked": 1,
    "FactMonthStarted": 1,
    "FactsNoted": 1,
    "PlanWeekGenerated": 2,
    "PlanAdjusted": 1,
    "SessionCompleted": 1,
    "SessionMissed": 1,
    "ProgramStarted": 1,
    "BlockChanged": 1,
    "InjuryFlagged": 1,
    "InjuryCleared": 1,
    "ExerciseNamesStarted": 1,
    "ExerciseMapped": 1,
    "ExerciseUnmapped": 1,
}

# v2: the facts a file left out because earlier files had stored them (files stored before: none).
FILE_IMPORTED_V1_V2: Upcaster = add_field("already_stored", {})

# v2: the day the week was generated on (weeks generated before: not known).
PLAN_WEEK_GENERATED_V1_V2: Upcaster = add_field("generated_on", None)

# v2: HRV SDNN beside RMSSD (readings stored before held RMSSD only: no SDNN).
WELLNESS_RECORDED_V1_V2: Upcaster = add_field("hrv_sdnn_ms", None)

UPCASTERS: dict[str, Upcaster] = {}

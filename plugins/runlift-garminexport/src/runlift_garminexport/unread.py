"""The export's other JSON files, known by their names: taken, so that dropping the whole export leaves
them out with a reason instead of rejecting them as files nobody reads. Only names no other app writes
(Garmin's own prefixes and suffixes) are claimed; each file's note says what it holds and why runlift does
not read it."""

from __future__ import annotations

import re

# (name pattern, what the file holds and why it is not read)
UNREAD: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), why)
    for pattern, why in (
        (r"^TrainingReadinessDTO_.*\.json$", "Garmin's training readiness (runlift computes its own readiness)"),
        (r"^MetricsAcuteTrainingLoad_.*\.json$", "Garmin's acute training load (runlift computes its own)"),
        (r"^MetricsMaxMetData_.*\.json$", "Garmin's VO2 max estimates"),
        (r"^TrainingHistory_.*\.json$", "Garmin's training status history"),
        (r"^RunRacePredictions_.*\.json$", "Garmin's race predictions"),
        (r"^EnduranceScore_.*\.json$", "Garmin's endurance score"),
        (r"^HillScore_.*\.json$", "Garmin's hill score"),
        (r"^HydrationLogFile_.*\.json$", "hydration logs"),
        (r"^BloodPressureFile_.*\.json$", "blood pressure readings"),
        (r"_summarizedActivities\.json$", "activity summaries (the activities themselves are the export's FIT files)"),
        (r"_fitnessAgeData\.json$", "Garmin's fitness age"),
        (r"_heartRateZones\.json$", "heart-rate zone settings (runlift's are in [athlete])"),
        (r"_bioMetrics_latest\.json$", "the latest biometrics snapshot (the weigh-ins are in userBioMetrics)"),
    )
)  # fmt: skip


def unread_reason(filename: str) -> str | None:
    """What an export file of this name holds and why it is not read, or None when it is not one."""
    name = re.split(r"[\\/]", filename)[-1]
    return next((why for pattern, why in UNREAD if pattern.search(name)), None)

"""Hevy exports: one row per set, workouts by title and start time, local times, kg or lbs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runlift.importers.testing import decode_with, rejection_of

HEADER_KG = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
)
HEADER_LBS = HEADER_KG.replace("weight_kg", "weight_lbs").replace("distance_km", "distance_miles")


def row(
    exercise: str = "Squat (Barbell)",
    set_index: int | str = 0,
    set_type: str = "normal",
    weight: str = "100",
    reps: str = "5",
    *,
    title: str = "Legs",
    start: str = "3 Jul 2024, 15:36",
    end: str = "3 Jul 2024, 16:37",
    distance: str = "",
    seconds: str = "",
    rpe: str = "8",
) -> str:
    return (
        f'"{title}","{start}","{end}","","{exercise}",,"",{set_index},"{set_type}",'
        f"{weight},{reps},{distance},{seconds},{rpe}"
    )


def test_rows_of_one_workout_become_one_session_with_its_title_and_length(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv",
        HEADER_KG,
        row(set_index=0, title="Legs", start="4 Jul 2024, 18:00", end="4 Jul 2024, 19:15"),
        row(set_index=1, title="Legs", start="4 Jul 2024, 18:00", end="4 Jul 2024, 19:15"),
        row("Bench Press (Barbell)", title="Push"),
    )

    sessions = decode_with(both, path).strength_sessions

    # Oldest first, though Hevy lists the newest first.
    assert [s.title for s in sessions] == ["Push", "Legs"]
    legs = sessions[1]
    assert legs.start_utc == datetime(2024, 7, 4, 18, 0, tzinfo=UTC)
    assert legs.elapsed_s == 75 * 60
    assert [(s.exercise_name, s.reps, s.weight_kg, s.rpe) for s in legs.sets] == [
        ("Squat (Barbell)", 5, 100.0, 8.0),
        ("Squat (Barbell)", 5, 100.0, 8.0),
    ]


def test_warmups_are_flagged_and_other_set_types_are_kept(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv",
        HEADER_KG,
        row(set_index=0, set_type="warmup", weight="60"),
        row(set_index=1, set_type="normal"),
        row(set_index=2, set_type="failure"),
        row(set_index=3, set_type="dropset", weight="80"),
    )

    (session,) = decode_with(both, path).strength_sessions

    assert [s.set_type for s in session.sets] == ["warmup", "working", "failure", "dropset"]


def test_weights_in_pounds_are_converted_to_kilograms(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv",
        HEADER_LBS,
        row(weight="135", reps="8"),
        row(set_index=1, weight="225", reps="3"),
    )

    (session,) = decode_with(both, path).strength_sessions

    assert [s.weight_kg for s in session.sets] == [pytest.approx(61.235), pytest.approx(102.058)]


def test_local_times_are_read_in_the_athletes_time_zone(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv", HEADER_KG, row(start="3 Jul 2024, 15:36", end="3 Jul 2024, 16:37")
    )

    (session,) = decode_with(both, path, time_zone="Europe/Berlin").strength_sessions

    assert session.start_utc == datetime(2024, 7, 3, 13, 36, tzinfo=UTC)
    assert session.utc_offset_s == 2 * 3600
    assert session.elapsed_s == 61 * 60


def test_the_time_zone_option_overrides_the_athletes_zone(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv", HEADER_KG, row(start="3 Jan 2024, 07:00", end="3 Jan 2024, 08:00")
    )

    (session,) = decode_with(
        both, path, time_zone="Europe/Berlin", options={"time_zone": "America/Los_Angeles"}
    ).strength_sessions

    assert session.start_utc == datetime(2024, 1, 3, 15, 0, tzinfo=UTC)
    assert session.utc_offset_s == -8 * 3600


def test_with_the_default_utc_zone_workouts_stay_on_the_day_they_show(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv", HEADER_KG, row(start="3 Jul 2024, 23:30", end="4 Jul 2024, 00:20")
    )

    (session,) = decode_with(both, path).strength_sessions

    assert session.start_utc == datetime(2024, 7, 3, 23, 30, tzinfo=UTC)
    assert session.utc_offset_s == 0
    assert session.elapsed_s == 50 * 60


def test_an_unknown_time_zone_option_is_rejected_naming_it(both, write_csv) -> None:
    path = write_csv("workouts.csv", HEADER_KG, row())

    failure = rejection_of(both, path, options={"time_zone": "Mars/Olympus_Mons"})

    assert failure.stage == "decode"
    assert "[importers.hevy] time_zone = 'Mars/Olympus_Mons'" in failure.reason


def test_cardio_rows_stay_sets_with_their_exercise_and_duration(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv",
        HEADER_KG,
        row("Warm Up", weight="", reps="", seconds="300", rpe=""),
        row("Running", weight="", reps="", distance="2.5", seconds="900", rpe=""),
        row("Squat (Barbell)", seconds="0"),
    )

    (session,) = decode_with(both, path).strength_sessions

    warm_up, run, squat = session.sets
    assert (warm_up.exercise_name, warm_up.duration_s, warm_up.reps, warm_up.weight_kg) == (
        "Warm Up",
        300.0,
        None,
        None,
    )
    assert (run.exercise_name, run.duration_s, run.set_type) == ("Running", 900.0, "working")
    # Hevy writes 0 seconds for a set that was not timed.
    assert squat.duration_s is None


def test_bodyweight_sets_have_reps_and_no_weight(both, write_csv) -> None:
    path = write_csv("workouts.csv", HEADER_KG, row("Pull Up", weight="", reps="10"))

    (session,) = decode_with(both, path).strength_sessions

    assert (session.sets[0].reps, session.sets[0].weight_kg) == (10, None)


def test_a_bad_number_is_rejected_naming_line_column_and_value(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv", HEADER_KG, row(), row(set_index=1), row(set_index=2, weight="12kg")
    )

    failure = rejection_of(both, path)

    assert failure.stage == "decode"
    assert failure.importer == "hevy"
    assert "line 4" in failure.reason
    assert "'weight_kg'" in failure.reason
    assert "'12kg'" in failure.reason


@pytest.mark.parametrize(
    ("changes", "column", "problem"),
    [
        ({"weight": "-20"}, "weight_kg", "negative"),
        ({"weight": "nan"}, "weight_kg", "not a finite number"),
        ({"reps": "5.5"}, "reps", "not a whole number"),
        ({"rpe": "11"}, "rpe", "RPE"),
        ({"set_type": "superset"}, "set_type", "not a Hevy set type"),
        ({"start": "32 Jul 2024, 15:36"}, "start_time", "not a time"),
        ({"end": "yesterday"}, "end_time", "not a time"),
        ({"exercise": " "}, "exercise_title", "empty"),
    ],
)
def test_a_bad_value_is_rejected_naming_line_and_column(
    both, write_csv, changes: dict[str, str], column: str, problem: str
) -> None:
    path = write_csv("workouts.csv", HEADER_KG, row(), row(set_index=1, **changes))

    failure = rejection_of(both, path)

    assert f"line 3, column '{column}'" in failure.reason
    assert problem in failure.reason


def test_a_row_missing_columns_is_rejected_naming_its_line(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv", HEADER_KG, row(), '"Legs","3 Jul 2024, 15:36","3 Jul 2024, 16:37"'
    )

    failure = rejection_of(both, path)

    assert "line 3 has 3 columns, the header has 14" in failure.reason


def test_a_file_that_is_not_utf8_is_rejected(both, write_csv) -> None:
    path = write_csv(
        "workouts.csv", HEADER_KG, row("Kniebeuge mit Gewichtsweste (Übung)"), encoding="latin-1"
    )

    failure = rejection_of(both, path)

    assert "not UTF-8" in failure.reason


def test_blank_lines_are_skipped(both, write_csv) -> None:
    path = write_csv("workouts.csv", HEADER_KG, row(), "", row(set_index=1), "")

    (session,) = decode_with(both, path).strength_sessions

    assert len(session.sets) == 2


def test_an_export_with_no_workouts_is_a_valid_file_with_no_sessions(both, write_csv) -> None:
    decoded = decode_with(both, write_csv("workouts.csv", HEADER_KG))

    assert decoded.format == "Hevy CSV"
    assert decoded.strength_sessions == ()

"""Strong exports in all three layouts, rest-timer rows, set-order marks and 12-hour dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runlift.importers.testing import decode_with, rejection_of

NNBSP = "\u202f"  # narrow no-break space, which iOS puts before AM/PM

# Older: semicolon-separated, a unit column beside each measure.
OLDER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;"
    "Seconds;Notes;Workout Notes;Workout Duration"
)
# Newer: comma-separated, no units at all.
NEWER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
# Newest: semicolon-separated, quoted, units in the column names.
NEWEST = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";'
    '"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)


def test_the_older_semicolon_export_reads_weights_by_their_unit_column(both, write_csv) -> None:
    path = write_csv(
        "strong.csv",
        OLDER,
        "2019-01-11 12:31:54;Leg;Deadlift (Barbell);1;135;lbs;5;8;;;0;;;1h 2m",
        "2019-01-11 12:31:54;Leg;Deadlift (Barbell);2;100;kg;4;;;;0;;;1h 2m",
        "2019-01-11 12:31:54;Leg;Running;1;0;kg;0;;3;mi;1500;;;1h 2m",
    )

    decoded = decode_with(both, path)

    assert decoded.format == "Strong CSV"
    (session,) = decoded.strength_sessions
    assert session.start_utc == datetime(2019, 1, 11, 12, 31, 54, tzinfo=UTC)
    assert session.elapsed_s == 3720
    assert session.title == "Leg"
    lifts, run = session.sets[:2], session.sets[2]
    assert [(s.weight_kg, s.reps, s.rpe) for s in lifts] == [
        (pytest.approx(61.235), 5, 8.0),
        (100.0, 4, None),
    ]
    # A cardio row keeps its time; its 0 reps at 0 kg are not a lift.
    assert (run.exercise_name, run.duration_s, run.reps, run.weight_kg) == (
        "Running",
        1500.0,
        None,
        None,
    )


def test_the_newer_comma_export_reads_12_hour_dates_with_a_narrow_no_break_space(
    both, write_csv
) -> None:
    path = write_csv(
        "strong.csv",
        NEWER,
        f'2024-11-28 5:36:08{NNBSP}PM,"Evening",1h 5m,"Squat (Barbell)",1,100.0,5.0,0,0.0,"","",8',
        f'2024-11-28 5:36:08{NNBSP}PM,"Evening",1h 5m,"Squat (Barbell)",2,100.0,5.0,0,0.0,"","",',
        f'2024-11-29 12:05:00{NNBSP}AM,"Midnight",35m,"Plank",1,0,0,0,60.0,"","",',
    )

    evening, midnight = decode_with(both, path).strength_sessions

    assert evening.start_utc == datetime(2024, 11, 28, 17, 36, 8, tzinfo=UTC)
    assert evening.elapsed_s == 65 * 60
    assert [(s.weight_kg, s.reps, s.rpe) for s in evening.sets] == [
        (100.0, 5, 8.0),
        (100.0, 5, None),
    ]
    assert midnight.start_utc == datetime(2024, 11, 29, 0, 5, tzinfo=UTC)
    assert midnight.sets[0].duration_s == 60.0


def test_the_newest_quoted_export_takes_units_from_the_column_names(both, write_csv) -> None:
    path = write_csv(
        "strong.csv",
        NEWEST,
        '"1";"2025-08-19 13:47:15";"Midday Workout";"1834";"Leg Press";"1";"40.0";"10";"";"";"";"";""',
        '"1";"2025-08-19 13:47:15";"Midday Workout";"1834";"Leg Press";"2";"";"";"";"";"";"";""',
    )

    (session,) = decode_with(both, path).strength_sessions

    assert session.elapsed_s == 1834
    assert [(s.weight_kg, s.reps) for s in session.sets] == [(40.0, 10), (None, None)]


def test_rest_timer_rows_are_dropped_and_become_the_previous_sets_rest(both, write_csv) -> None:
    path = write_csv(
        "strong.csv",
        NEWER,
        '2024-03-05 18:01:12,"Push",51m,"Bench Press (Barbell)",1,80,8,0,0,,,',
        '2024-03-05 18:01:12,"Push",51m,"Bench Press (Barbell)",Rest Timer,0,0.0,0,90.0,,,',
        '2024-03-05 18:01:12,"Push",51m,"Bench Press (Barbell)",2,80,7,0,0,,,',
        '2024-03-05 18:01:12,"Push",51m,"Pull Up",Rest Timer,0,0.0,0,120.0,,,',
        '2024-03-05 18:01:12,"Push",51m,"Pull Up",1,0,10,0,0,,,',
    )

    (session,) = decode_with(both, path).strength_sessions

    assert [(s.exercise_name, s.reps) for s in session.sets] == [
        ("Bench Press (Barbell)", 8),
        ("Bench Press (Barbell)", 7),
        ("Pull Up", 10),
    ]
    # The Pull Up timer came before any Pull Up set and belongs to none.
    assert [s.rest_after_s for s in session.sets] == [90.0, None, None]


def test_set_order_letters_mark_warmup_drop_and_failure_sets(both, write_csv) -> None:
    path = write_csv(
        "strong.csv",
        NEWER,
        "2026-03-01 10:00:00,Push,1h,Bench Press (Barbell),W,40,10,0,0,,,",
        "2026-03-01 10:00:00,Push,1h,Bench Press (Barbell),1,80,5,0,0,,,",
        "2026-03-01 10:00:00,Push,1h,Bench Press (Barbell),F,80,4,0,0,,,9",
        "2026-03-01 10:00:00,Push,1h,Bench Press (Barbell),D,60,8,0,0,,,",
    )

    (session,) = decode_with(both, path).strength_sessions

    assert [s.set_type for s in session.sets] == ["warmup", "working", "failure", "dropset"]


def test_workouts_are_told_apart_by_date_and_name(both, write_csv) -> None:
    path = write_csv(
        "strong.csv",
        NEWER,
        "2024-05-01 07:00:00,Morning,30m,Squat (Barbell),1,100,5,0,0,,,",
        "2024-05-01 07:00:00,Extra,10m,Curl,1,10,12,0,0,,,",
        "2024-05-02 07:00:00,Morning,30m,Squat (Barbell),1,100,5,0,0,,,",
    )

    sessions = decode_with(both, path).strength_sessions

    assert [(s.start_utc.day, s.title, len(s.sets)) for s in sessions] == [
        (1, "Morning", 1),
        (1, "Extra", 1),
        (2, "Morning", 1),
    ]


def test_comma_export_weights_follow_the_weight_unit_option(both, write_csv) -> None:
    path = write_csv(
        "strong.csv", NEWER, "2024-05-01 07:00:00,Morning,30m,Squat (Barbell),1,225,5,0,0,,,"
    )

    (session,) = decode_with(both, path, options={"weight_unit": "lbs"}).strength_sessions

    assert session.sets[0].weight_kg == pytest.approx(102.058)


def test_local_times_are_read_in_the_configured_time_zone(both, write_csv) -> None:
    path = write_csv("strong.csv", NEWER, "2024-01-15 06:30:00,Strength,45m,Squat,1,100,5,0,0,,,")

    (session,) = decode_with(
        both, path, options={"time_zone": "America/New_York"}
    ).strength_sessions

    assert session.start_utc == datetime(2024, 1, 15, 11, 30, tzinfo=UTC)
    assert session.utc_offset_s == -5 * 3600


def test_decimal_commas_in_a_semicolon_export_are_read(both, write_csv) -> None:
    path = write_csv(
        "strong.csv", OLDER, "2024-11-02 18:30:00;Friday;Squat;1;100,5;kg;8;8,5;;;0;;;45m"
    )

    (session,) = decode_with(both, path).strength_sessions

    assert (session.sets[0].weight_kg, session.sets[0].rpe) == (100.5, 8.5)


def test_a_bad_number_is_rejected_naming_line_column_and_value(both, write_csv) -> None:
    path = write_csv(
        "strong.csv",
        NEWER,
        "2024-05-01 07:00:00,Morning,30m,Squat (Barbell),1,100,5,0,0,,,",
        "2024-05-01 07:00:00,Morning,30m,Squat (Barbell),2,100,five,0,0,,,",
    )

    failure = rejection_of(both, path)

    assert failure.importer == "strong"
    assert "line 3, column 'Reps': 'five' is not a number" in failure.reason


@pytest.mark.parametrize(
    ("line", "column", "problem"),
    [
        ("2024-05-01 07:00:00,Morning,30m,Squat,X,100,5,0,0,,,", "Set Order", "not a set number"),
        ("01/05/2024 07:00,Morning,30m,Squat,1,100,5,0,0,,,", "Date", "not a time"),
        ("2024-05-01 13:00:00 PM,Morning,30m,Squat,1,100,5,0,0,,,", "Date", "not a time"),
        ("2024-05-01 07:00:00,Morning,an hour,Squat,1,100,5,0,0,,,", "Duration", "not a duration"),
        ("2024-05-01 07:00:00,Morning,30m,Squat,1,100,5,0,0,,,12", "RPE", "RPE"),
    ],
)
def test_a_bad_value_is_rejected_naming_line_and_column(
    both, write_csv, line: str, column: str, problem: str
) -> None:
    failure = rejection_of(both, write_csv("strong.csv", NEWER, line))

    assert f"line 2, column '{column}'" in failure.reason
    assert problem in failure.reason


def test_an_unknown_weight_unit_is_rejected_naming_its_column(both, write_csv) -> None:
    path = write_csv(
        "strong.csv", OLDER, "2024-11-02 18:30:00;Friday;Squat;1;100;stone;8;;;;0;;;45m"
    )

    failure = rejection_of(both, path)

    assert "line 2, column 'Weight Unit': 'stone' is not a weight unit" in failure.reason

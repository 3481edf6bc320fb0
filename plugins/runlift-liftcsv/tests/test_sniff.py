"""Which importer reads a file is decided by the column names on its first line, not by its name."""

from __future__ import annotations

from runlift_liftcsv.hevy import HevyImporter
from runlift_liftcsv.strong import StrongImporter

from runlift.importers.testing import chosen_importer, decode_with, rejection_of
from tests.support.corpus import committed

HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
)
HEVY_ROW = '"Legs","3 Jul 2024, 15:36","3 Jul 2024, 16:37","","Squat",,"",0,"normal",100,5,,,8'
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
STRONG_ROW = "2024-05-01 07:00:00,Morning,30m,Squat (Barbell),1,100,5,0,0,,,"


def test_a_csv_from_another_app_is_rejected_naming_the_formats_runlift_reads(
    both, write_csv
) -> None:
    path = write_csv(
        "activities.csv",
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance",
        "123,2024-05-01 07:00:00,Morning Run,Run,1800,5.0",
    )

    failure = rejection_of(both, path)

    assert failure.stage == "sniff"
    assert "no importer recognises 'activities.csv'" in failure.reason
    assert "Hevy CSV" in failure.reason
    assert "Strong CSV" in failure.reason


def test_files_are_told_apart_by_their_header_whatever_their_name(both, write_csv) -> None:
    hevy = write_csv("strong_export.csv", HEVY_HEADER, HEVY_ROW)
    strong = write_csv("hevy_workouts.csv", STRONG_HEADER, STRONG_ROW)

    assert chosen_importer(both, hevy) == "hevy"
    assert chosen_importer(both, strong) == "strong"


def test_a_byte_order_mark_before_the_header_is_ignored(both, write_csv) -> None:
    hevy = write_csv("hevy.csv", "\ufeff" + HEVY_HEADER, HEVY_ROW)
    strong = write_csv("strong.csv", "\ufeff" + STRONG_HEADER, STRONG_ROW)

    assert len(decode_with(both, hevy).strength_sessions) == 1
    assert len(decode_with(both, strong).strength_sessions) == 1


def test_each_importer_answers_certain_for_its_own_header_and_zero_otherwise() -> None:
    hevy, strong = HevyImporter(), StrongImporter()
    hevy_head = (HEVY_HEADER + "\r\n" + HEVY_ROW).encode()
    strong_head = (STRONG_HEADER + "\r\n" + STRONG_ROW).encode()
    fit_head = b"\x0e\x10\xd9\x07\x00\x00\x00\x00.FIT"

    assert (hevy.sniff(hevy_head, "x.csv"), strong.sniff(hevy_head, "x.csv")) == (1.0, 0.0)
    assert (hevy.sniff(strong_head, "x.csv"), strong.sniff(strong_head, "x.csv")) == (0.0, 1.0)
    assert (hevy.sniff(fit_head, "x.fit"), strong.sniff(fit_head, "x.fit")) == (0.0, 0.0)
    assert (hevy.sniff(b"", "x.csv"), strong.sniff(b"", "x.csv")) == (0.0, 0.0)


def test_a_header_cut_inside_a_character_still_sniffs() -> None:
    # The core hands sniff the first 4 KiB, which may end halfway through a UTF-8 character.
    head = (HEVY_HEADER + "\n" + '"Übung"' * 600).encode()[:4096]

    assert HevyImporter().sniff(head, "x.csv") == 1.0


def test_binary_files_are_not_csv_and_sniffing_them_does_not_raise() -> None:
    head = committed("fit/run/fitparse__Activity.fit").read_bytes()[:4096]
    assert HevyImporter().sniff(head, "Activity.fit") == 0.0
    assert StrongImporter().sniff(head, "Activity.fit") == 0.0
    assert StrongImporter().sniff(b"Date,\rWorkout Name\r\n", "x.csv") == 0.0

"""Strength sessions: every active set named from the FIT profile or the workout, rests folded into sets."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from runlift_fit.importer import FitImporter

from runlift.importers.testing import decode_with
from tests.support.corpus import STRENGTH_AND_RUN_FIT, STRENGTH_FIT, committed

# Its name spells the 20 active sets; published under no licence that lets it be committed, it is read
# from the corpus (skipped locally without it, failed under CI).
NAMED = (
    "fit/strength/fit_data_whiz__training_4pull_up_3push_up_3curl_3bench_press_1deadlift"
    "_1sit_up_5unknown.fit"
)
START = datetime(2024, 5, 1, 17, 0, tzinfo=UTC)
Message = tuple[str, dict[str, Any]]


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def strength_file(*sets: Message, elapsed: float = 600, extra: tuple[Message, ...] = ()) -> list:
    return [
        ("file_id", {"type": "activity", "manufacturer": "garmin", "product": 3113}),
        *extra,
        *sets,
        (
            "session",
            {
                "timestamp": at(elapsed),
                "start_time": START,
                "total_elapsed_time": elapsed,
                "sport": "training",
                "sub_sport": "strength_training",
            },
        ),
    ]


def active(
    start: float, duration: float, category: Any, subtype: Any = None, **more: Any
) -> Message:
    fields = {
        "timestamp": at(start + duration),
        "start_time": at(start),
        "duration": duration,
        "set_type": "active",
        "category": category,
        **more,
    }
    if subtype is not None:
        fields["category_subtype"] = subtype
    return ("set", fields)


def rest(start: float, duration: float) -> Message:
    return (
        "set",
        {
            "timestamp": at(start + duration),
            "start_time": at(start),
            "duration": duration,
            "set_type": "rest",
        },
    )


def test_a_strength_file_yields_each_named_exercise(corpus: Path, fit: FitImporter) -> None:
    (session,) = decode_with(fit, corpus / NAMED).strength_sessions

    by_category = Counter(s.exercise_category or s.exercise_name for s in session.sets)

    assert by_category == {
        "pull_up": 4,
        "push_up": 3,
        "curl": 3,
        "bench_press": 3,
        "deadlift": 1,
        "sit_up": 1,
        "unknown": 5,
    }
    assert len(session.sets) == 20
    assert session.sets[0].reps == 5
    assert session.sets[0].rest_after_s == 31.047


def test_each_active_set_is_named_from_the_watchs_first_guess(fit: FitImporter) -> None:
    # A Forerunner 965 session: 14 active sets (the manifest's count), six the watch did not recognise.
    (session,) = decode_with(fit, committed(STRENGTH_FIT)).strength_sessions

    by_category = Counter(s.exercise_category or s.exercise_name for s in session.sets)

    assert by_category == {
        "pull_up": 1,
        "triceps_extension": 1,
        "shrug": 1,
        "bench_press": 1,
        "squat": 2,
        "sit_up": 1,
        "lunge": 1,
        "unknown": 6,
    }
    assert len(session.sets) == 14
    assert [(s.exercise_name, s.reps, s.weight_kg) for s in session.sets[6:8]] == [
        ("bench_press", 6, 14.0),
        ("squat", 6, 0.0),
    ]


def test_a_file_holding_a_strength_session_and_a_run_yields_both(fit) -> None:
    decoded = decode_with(fit, committed(STRENGTH_AND_RUN_FIT))

    assert [a.sport for a in decoded.activities] == ["running"]
    assert [len(s.sets) for s in decoded.strength_sessions] == [4, 16]
    run_start = decoded.activities[0].start_utc
    assert all(s.start_utc != run_start for s in decoded.strength_sessions)


def test_a_rest_between_two_active_sets_becomes_the_first_sets_rest(write_fit, fit) -> None:
    path = write_fit(
        "strength.fit",
        *strength_file(
            active(0, 40, [28], [2], repetitions=8, weight=100.0),
            rest(40, 90),
            active(130, 35, [28], [2], repetitions=6, weight=102.5),
        ),
    )

    (session,) = decode_with(fit, path).strength_sessions

    first, second = session.sets
    assert (first.reps, first.weight_kg, first.duration_s) == (8, 100.0, 40.0)
    assert first.rest_after_s == 90.0
    assert second.rest_after_s is None
    assert (second.start_utc, second.weight_kg) == (at(130), 102.5)
    assert session.active_s == 75.0


def test_a_set_is_named_from_the_fit_profile_exercise_names(write_fit, fit) -> None:
    path = write_fit("bench.fit", *strength_file(active(0, 30, [0], [1], repetitions=5)))

    (only,) = decode_with(fit, path).strength_sessions[0].sets

    assert (only.exercise_name, only.exercise_category) == ("barbell_bench_press", "bench_press")


def test_the_workouts_exercise_title_names_the_set_when_it_has_one(write_fit, fit) -> None:
    title = (
        "exercise_title",
        {"exercise_category": 0, "exercise_name": 1, "wkt_step_name": "Heavy bench"},
    )
    path = write_fit("bench.fit", *strength_file(active(0, 30, [0], [1]), extra=(title,)))

    (only,) = decode_with(fit, path).strength_sessions[0].sets

    assert only.exercise_name == "Heavy bench"


def test_a_one_element_category_reads_like_the_first_of_several_guesses(write_fit, fit) -> None:
    path = write_fit(
        "guesses.fit",
        *strength_file(active(0, 30, [21]), active(60, 30, [21, 65534, 7], [0xFFFF] * 3)),
    )

    sets = decode_with(fit, path).strength_sessions[0].sets

    assert [s.exercise_name for s in sets] == ["pull_up", "pull_up"]


def test_a_set_the_watch_did_not_recognise_is_unknown(write_fit, fit) -> None:
    path = write_fit("unknown.fit", *strength_file(active(0, 30, [65534, 7, 0])))

    (only,) = decode_with(fit, path).strength_sessions[0].sets

    assert (only.exercise_name, only.exercise_category) == ("unknown", None)

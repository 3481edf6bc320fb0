"""The exercise catalogue: its schema, unique aliases, every FIT strength exercise and template lift resolving."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from garmin_fit_sdk import Profile

from runlift.coaching import catalogue_build
from runlift.coaching.exercises import (
    COLUMNS,
    CUSTOM,
    Catalogue,
    CatalogueError,
    catalogue,
    exercise_key,
    identify,
    parse_rows,
    resolve,
)
from runlift.demo.lifts import WORKOUTS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "runlift" / "coaching" / "exercises.csv"
TYPES = Profile["types"]
# The FIT profile's strength categories: every one but the cardio, warm-up and machine-specific ones.
STRENGTH = [
    name
    for number, name in sorted(TYPES["exercise_category"].items())
    if number <= 30 and name not in {"cardio", "warm_up"}
]


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def test_the_shipped_catalogue_follows_its_schema():
    rows = _rows()
    assert tuple(rows[0]) == COLUMNS
    exercises = list(parse_rows(rows))  # raises, naming the line, on any field off its vocabulary
    assert len({e.id for e in exercises}) == len(rows)
    assert len(catalogue()) == len(rows)


def test_aliases_are_unique_across_the_catalogue():
    seen: dict[str, str] = {}
    for row in _rows():
        for alias in filter(None, row["aliases"].split("|")):
            key = exercise_key(alias)
            assert seen.setdefault(key, row["id"]) == row["id"], (
                f"{alias!r}: {seen[key]} and {row['id']}"
            )


def test_a_second_owner_of_an_alias_is_refused_naming_both():
    rows = [
        dict(zip(COLUMNS, r, strict=True))
        for r in (
            ("a_squat", "A Squat", "squat", "lower", "quadriceps", "", "barbell", "load", "Squat"),
            ("b_squat", "B Squat", "squat", "lower", "quadriceps", "", "barbell", "load", "squat!"),
        )
    ]
    with pytest.raises(CatalogueError, match=r"b_squat: alias 'squat!' is already a_squat's"):
        Catalogue(parse_rows(rows))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("primary", "quads", r"line 2 \(a_squat\): primary \['quads'\] unknown"),
        ("pattern", "squatting", r"pattern \['squatting'\] unknown"),
        ("kind", "heavy", r"kind \['heavy'\] unknown"),
        ("id", "A Squat", r"id 'A Squat' is not a snake_case id"),
    ],
)
def test_a_row_off_the_schema_is_refused_naming_the_line_and_field(field, value, message):
    row = dict(
        zip(
            COLUMNS,
            ("a_squat", "A Squat", "squat", "lower", "quadriceps", "", "barbell", "load", ""),
            strict=True,
        )
    )
    row[field] = value
    with pytest.raises(CatalogueError, match=message):
        list(parse_rows([row]))


@pytest.mark.parametrize("category", STRENGTH)
def test_every_exercise_the_fit_profile_names_in_a_strength_category_resolves(category):
    names = TYPES.get(f"{category}_exercise_name", {})
    assert names, category
    for name in names.values():
        exercise = catalogue().match(name, category)
        assert exercise is not None, f"{category}/{name}"
        assert exercise.known


def test_the_catalogue_file_is_current_with_the_fit_profile():
    rows = _rows()
    curated = [r for r in rows if not r["id"].startswith(catalogue_build.GENERATED)]
    assert catalogue_build.rebuild(curated) == rows, (
        "run python -m runlift.coaching.catalogue_build"
    )


def test_every_exercise_of_the_shipped_template_is_in_the_catalogue():
    plan = tomllib.loads((ROOT / "config" / "plan.toml").read_text())
    names = [e["name"] for s in plan["sessions"].values() for e in s["exercises"]]
    assert names
    for name in names:
        assert catalogue().match(name) is not None, name


@pytest.mark.parametrize("lift", [lift for lifts in WORKOUTS.values() for lift in lifts], ids=str)
def test_a_lift_as_hevy_names_it_and_as_a_watch_numbers_it_is_one_exercise(lift):
    fit_name = TYPES[f"{lift.category}_exercise_name"][lift.subtype]
    from_watch = identify(fit_name, lift.category)
    from_hevy = identify(lift.hevy)
    assert from_watch.known
    assert from_watch.id == from_hevy.id, (fit_name, lift.hevy)


@pytest.mark.parametrize(
    ("spelling", "same_as"),
    [
        ("Squat (Barbell)", "squat/barbell_back_squat"),
        ("barbell_back_squat", "squat/barbell_back_squat"),
        ("Romanian Deadlift (Barbell)", "deadlift/romanian_deadlift"),
        ("Bench Press (Barbell)", "bench_press/barbell_bench_press"),
    ],
)
def test_the_common_spellings_of_a_lift_meet(spelling, same_as):
    category, name = same_as.split("/")
    assert identify(spelling).id == identify(name, category).id


def test_a_name_the_catalogue_does_not_know_is_kept_as_its_own_exercise():
    exercise = identify("Zercher Carry to Moon (Sandbag)")
    assert exercise.id == CUSTOM + "zercher_carry_to_moon_sandbag"
    assert exercise.name == "Zercher Carry To Moon Sandbag"
    assert exercise.loaded
    assert resolve(exercise.id) == exercise.id
    assert resolve("zercher carry to moon (sandbag)") == exercise.id


@pytest.mark.parametrize("name", ["Burpee", "Sit Up", "Plank"])
def test_body_weight_and_timed_moves_are_not_loaded(name):
    exercise = catalogue().match(name)
    assert exercise is not None, name
    assert not exercise.loaded

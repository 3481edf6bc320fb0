"""Exercise identity: one catalogue entry per exercise however an app or a watch spells its name.

The catalogue is data shipped in the package (`exercises.csv`, docs/exercises.md): for each exercise a stable
id, a display name, its movement pattern, region, primary and secondary muscle groups, equipment, whether it
is loaded, body-weight or timed, and every alias apps and watches write for it (the FIT profile's
`category/name` forms, Hevy's and Strong's titles, common spellings). `identify` is the one matching function:
the importers' output, the read models and the plan all go through it. A name the catalogue does not know is
kept as an exercise of its own (`custom:<key>`), never dropped.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal

PATTERNS = frozenset(
    {
        "squat",
        "hinge",
        "lunge",
        "horizontal_push",
        "vertical_push",
        "horizontal_pull",
        "vertical_pull",
        "carry",
        "core_anti_extension",
        "core_anti_rotation",
        "core_flexion",
        "core_lateral",
        "calf",
        "isolation_upper",
        "isolation_lower",
        "plyometric",
        "olympic",
        "conditioning",
        "mobility",
    }
)
MUSCLES = frozenset(
    {
        "quadriceps",
        "hamstrings",
        "glutes",
        "adductors",
        "abductors",
        "calves",
        "hip_flexors",
        "lower_back",
        "abdominals",
        "obliques",
        "chest",
        "upper_back",
        "lats",
        "traps",
        "front_delts",
        "side_delts",
        "rear_delts",
        "biceps",
        "triceps",
        "forearms",
        "neck",
    }
)
REGIONS = frozenset({"lower", "upper", "core", "full"})
EQUIPMENT = frozenset(
    {
        "barbell",
        "dumbbell",
        "kettlebell",
        "cable",
        "machine",
        "band",
        "bodyweight",
        "smith_machine",
        "trap_bar",
        "ez_bar",
        "landmine",
        "medicine_ball",
        "sandbag",
        "suspension",
        "other",
    }
)
Kind = Literal["load", "bodyweight", "timed"]
KINDS = frozenset({"load", "bodyweight", "timed"})
COLUMNS = (
    "id",
    "name",
    "pattern",
    "region",
    "primary",
    "secondary",
    "equipment",
    "kind",
    "aliases",
)
CUSTOM = "custom:"
DATA = "exercises.csv"

_FOLD = str.maketrans({c: " " for c in "()[]{}/_-.,;:'\"!?&+*#@%$^|\\<>=~`"})


def exercise_key(name: str) -> str:
    """The form names are matched in: lower case, every other character a space, runs of spaces folded.

    "Bench Press (Barbell)" -> "bench press barbell"; "squat/barbell_back_squat" -> "squat barbell back squat".
    """
    folded = name.lower().translate(_FOLD)
    if not folded.replace(" ", "").isalnum():  # rare: other punctuation, symbols
        folded = "".join(c if c.isalnum() else " " for c in folded)
    return " ".join(folded.split())


@dataclass(frozen=True)
class Exercise:
    """One exercise of the catalogue (or a name it does not know, kept as its own exercise)."""

    id: str
    name: str
    pattern: str | None
    region: str | None
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    equipment: str | None
    kind: Kind
    aliases: tuple[str, ...] = ()

    @property
    def loaded(self) -> bool:
        """Prescribed and progressed in kg (a body-weight or timed exercise is not)."""
        return self.kind == "load"

    @property
    def known(self) -> bool:
        return not self.id.startswith(CUSTOM)


class CatalogueError(ValueError):
    """The catalogue data breaks its schema; the message names the row and the field."""


class Catalogue:
    """The exercises by id, and an index from every alias's key to its exercise."""

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self.by_id: dict[str, Exercise] = {}
        self.index: dict[str, str] = {}
        entries = list(exercises)
        for exercise in entries:
            if exercise.id in self.by_id:
                raise CatalogueError(f"{exercise.id}: the id is used twice")
            self.by_id[exercise.id] = exercise
            for alias in exercise.aliases:
                key = exercise_key(alias)
                owner = self.index.setdefault(key, exercise.id)
                if owner != exercise.id:
                    raise CatalogueError(
                        f"{exercise.id}: alias {alias!r} is already {owner}'s (as {key!r})"
                    )
        # The ids and display names match too, unless an explicit alias already claims them.
        for exercise in entries:
            for name in (exercise.id, exercise.name):
                self.index.setdefault(exercise_key(name), exercise.id)

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.by_id.values())

    def match(self, name: str, category: str | None = None) -> Exercise | None:
        """The catalogue's exercise for a name as a source wrote it (None: not in the catalogue).

        A FIT set names its category too: "romanian_deadlift" in category "deadlift" is first looked up
        as "deadlift/romanian_deadlift", then as the name alone.
        """
        if category:
            found = self.index.get(exercise_key(f"{category}/{name}"))
            if found is not None:
                return self.by_id[found]
        found = self.index.get(exercise_key(name))
        return None if found is None else self.by_id[found]

    def identify(self, name: str, category: str | None = None) -> Exercise:
        """The exercise a name stands for: the catalogue's, else one of its own (`custom:<key>`)."""
        return self.match(name, category) or self.custom(name)

    def get(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id (a `custom:` id gives the name-only exercise it stands for)."""
        if exercise_id.startswith(CUSTOM):
            return self.custom(exercise_id.removeprefix(CUSTOM).replace("_", " "))
        return self.by_id.get(exercise_id)

    @staticmethod
    def custom(name: str) -> Exercise:
        key = exercise_key(name)
        display = " ".join(word.capitalize() for word in key.split()) or name
        return Exercise(
            id=CUSTOM + key.replace(" ", "_"),
            name=display,
            pattern=None,
            region=None,
            primary=(),
            secondary=(),
            equipment=None,
            kind="load",
        )


def parse_rows(rows: Iterable[dict[str, str]], source: str = DATA) -> Iterator[Exercise]:
    """Exercises from catalogue rows, each field checked against its vocabulary."""
    for number, row in enumerate(rows, start=2):
        where = f"{source} line {number}"
        if set(row) != set(COLUMNS):
            raise CatalogueError(f"{where}: the columns are {', '.join(COLUMNS)}")
        exercise_id = row["id"].strip()
        if not exercise_id or exercise_id != exercise_id.lower() or " " in exercise_id:
            raise CatalogueError(f"{where}: id {exercise_id!r} is not a snake_case id")
        primary = _split(row["primary"])
        secondary = _split(row["secondary"])
        checks = (
            ("pattern", {row["pattern"]} - PATTERNS),
            ("region", {row["region"]} - REGIONS),
            ("equipment", {row["equipment"]} - EQUIPMENT),
            ("kind", {row["kind"]} - KINDS),
            ("primary", set(primary) - MUSCLES),
            ("secondary", set(secondary) - MUSCLES),
        )
        for field, unknown in checks:
            if unknown:
                raise CatalogueError(f"{where} ({exercise_id}): {field} {sorted(unknown)} unknown")
        if not primary:
            raise CatalogueError(f"{where} ({exercise_id}): primary names no muscle group")
        if not row["name"].strip():
            raise CatalogueError(f"{where} ({exercise_id}): no display name")
        yield Exercise(
            id=exercise_id,
            name=row["name"].strip(),
            pattern=row["pattern"],
            region=row["region"],
            primary=primary,
            secondary=secondary,
            equipment=row["equipment"],
            kind=row["kind"],  # type: ignore[arg-type]
            aliases=_split(row["aliases"]),
        )


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


@functools.cache
def catalogue() -> Catalogue:
    """The shipped catalogue (loaded once per process)."""
    text = (resources.files("runlift.coaching") / DATA).read_text(encoding="utf-8")
    return Catalogue(parse_rows(csv.DictReader(text.splitlines())))


def loaded(exercise_id: str) -> bool:
    """Whether the exercise with this id is prescribed and progressed in kg (unknown names are)."""
    exercise = catalogue().get(exercise_id)
    return exercise is None or exercise.loaded


def identify_mapped(
    name: str, category: str | None, mapped: Mapping[str, str]
) -> tuple[Exercise, bool]:
    """The athlete's mapping of `name` (folded name -> exercise id) if it has one, else the catalogue's
    identity; and whether the mapping decided it."""
    exercise_id = mapped.get(exercise_key(name)) if mapped else None
    exercise = catalogue().get(exercise_id) if exercise_id else None
    if exercise is not None:
        return exercise, True
    return identify(name, category), False


def resolve(text: str) -> str:
    """The exercise id a user means: an id as it is (`barbell_back_squat`, `custom:...`), else a name's."""
    if text.startswith(CUSTOM) or text in catalogue().by_id:
        return text
    return identify(text).id


@functools.lru_cache(maxsize=65536)
def identify(name: str, category: str | None = None) -> Exercise:
    """The exercise a name (and FIT category) stands for; see Catalogue.identify."""
    return catalogue().identify(name, category)

"""Rebuilds the exercise catalogue's FIT rows: every strength exercise the FIT SDK profile names gets an entry.

The curated rows of `exercises.csv` (ids not starting with `fit_`) are kept as written; each FIT profile name
of a strength category that no curated row claims becomes a row of its own, its pattern, region and muscles
those of its category, its equipment and kind read from its name. Run after editing the curated rows or
upgrading garmin-fit-sdk: `python -m runlift.coaching.catalogue_build` (docs/exercises.md).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from garmin_fit_sdk import Profile

from runlift.coaching.exercises import COLUMNS, DATA, Catalogue, exercise_key, parse_rows

GENERATED = "fit_"

# Per FIT strength category: pattern, region, primary muscles, secondary muscles, the kind of a plain name.
CATEGORIES: dict[str, tuple[str, str, str, str, str]] = {
    "bench_press": ("horizontal_push", "upper", "chest", "triceps|front_delts", "load"),
    "calf_raise": ("calf", "lower", "calves", "", "load"),
    "carry": ("carry", "full", "forearms|traps", "abdominals|obliques", "load"),
    "chop": ("core_anti_rotation", "core", "obliques", "abdominals", "load"),
    "core": ("core_anti_extension", "core", "abdominals", "obliques", "bodyweight"),
    "crunch": ("core_flexion", "core", "abdominals", "obliques", "bodyweight"),
    "curl": ("isolation_upper", "upper", "biceps", "forearms", "load"),
    "deadlift": ("hinge", "lower", "hamstrings|glutes", "lower_back|forearms|traps", "load"),
    "flye": ("isolation_upper", "upper", "chest", "front_delts", "load"),
    "hip_raise": ("hinge", "lower", "glutes", "hamstrings", "bodyweight"),
    "hip_stability": ("isolation_lower", "lower", "glutes|abductors", "", "bodyweight"),
    "hip_swing": ("hinge", "lower", "glutes|hamstrings", "lower_back", "load"),
    "hyperextension": ("hinge", "lower", "lower_back", "glutes|hamstrings", "bodyweight"),
    "lateral_raise": ("isolation_upper", "upper", "side_delts", "traps", "load"),
    "leg_curl": ("isolation_lower", "lower", "hamstrings", "calves", "load"),
    "leg_raise": ("core_flexion", "core", "abdominals|hip_flexors", "obliques", "bodyweight"),
    "lunge": ("lunge", "lower", "quadriceps|glutes", "hamstrings|adductors", "bodyweight"),
    "olympic_lift": ("olympic", "full", "quadriceps|glutes|hamstrings", "traps|upper_back", "load"),
    "plank": ("core_anti_extension", "core", "abdominals", "obliques|glutes", "timed"),
    "plyo": ("plyometric", "lower", "quadriceps|glutes|calves", "hamstrings", "bodyweight"),
    "pull_up": ("vertical_pull", "upper", "lats", "biceps|upper_back", "bodyweight"),
    "push_up": ("horizontal_push", "upper", "chest", "triceps|front_delts", "bodyweight"),
    "row": ("horizontal_pull", "upper", "upper_back|lats", "biceps|rear_delts", "load"),
    "shoulder_press": ("vertical_push", "upper", "front_delts", "triceps|side_delts", "load"),
    "shoulder_stability": ("isolation_upper", "upper", "rear_delts", "upper_back", "bodyweight"),
    "shrug": ("isolation_upper", "upper", "traps", "forearms", "load"),
    "sit_up": ("core_flexion", "core", "abdominals", "hip_flexors", "bodyweight"),
    "squat": ("squat", "lower", "quadriceps|glutes", "hamstrings|adductors", "load"),
    "total_body": ("conditioning", "full", "quadriceps|glutes|chest", "abdominals", "bodyweight"),
    "triceps_extension": ("isolation_upper", "upper", "triceps", "", "load"),
}
# Words in a FIT name that say what it is done with, first match wins.
_EQUIPMENT = (
    ("smith_machine", "smith_machine"),
    ("trap_bar", "trap_bar"),
    ("ez_bar", "ez_bar"),
    ("landmine", "landmine"),
    ("barbell", "barbell"),
    ("dumbbell", "dumbbell"),
    ("kettlebell", "kettlebell"),
    ("cable", "cable"),
    ("machine", "machine"),
    ("medicine_ball", "medicine_ball"),
    ("sandbag", "sandbag"),
    ("suspension", "suspension"),
    ("trx", "suspension"),
    ("band", "band"),
    ("weighted", "other"),
    ("plate", "other"),
)
_LOADED = {"smith_machine", "trap_bar", "ez_bar", "landmine", "barbell", "dumbbell", "kettlebell"}
_LOADED |= {"cable", "machine", "medicine_ball", "sandbag", "other"}
_HOLDS = ("plank", "hold", "wall_sit", "dead_hang", "isometric")


def strength_names() -> list[tuple[str, str]]:
    """(category, name) for every exercise name the FIT profile defines in a strength category."""
    types = Profile["types"]
    return [
        (category, name)
        for category in CATEGORIES
        for name in types.get(f"{category}_exercise_name", {}).values()
    ]


def derived_row(category: str, name: str, bare_alias: bool) -> dict[str, str]:
    """The catalogue row of a FIT exercise no curated row claims."""
    pattern, region, primary, secondary, plain_kind = CATEGORIES[category]
    equipment = next((kind for word, kind in _EQUIPMENT if word in name), "bodyweight")
    if category == "plank" or any(word in name for word in _HOLDS):
        kind = "timed"
    elif equipment in _LOADED:
        kind = "load"
    elif equipment == "bodyweight":
        kind = plain_kind
    else:  # bands, suspension trainers: not prescribed in kg
        kind = "bodyweight"
    aliases = [f"{category}/{name}"] + ([name] if bare_alias else [])
    return {
        "id": f"{GENERATED}{category}__{name}",
        "name": " ".join(word.capitalize() for word in name.split("_")),
        "pattern": pattern,
        "region": region,
        "primary": primary,
        "secondary": secondary,
        "equipment": equipment,
        "kind": kind,
        "aliases": "|".join(aliases),
    }


def rebuild(curated: list[dict[str, str]]) -> list[dict[str, str]]:
    """The curated rows, then a derived row for each FIT strength name they do not claim."""
    taken = Catalogue(parse_rows(curated)).index
    names = strength_names()
    counts: dict[str, int] = {}
    for _, name in names:
        counts[exercise_key(name)] = counts.get(exercise_key(name), 0) + 1
    rows = list(curated)
    for category, name in names:
        if exercise_key(f"{category}/{name}") in taken:
            continue
        bare = counts[exercise_key(name)] == 1 and exercise_key(name) not in taken
        row = derived_row(category, name, bare)
        rows.append(row)
        for alias in row["aliases"].split("|"):
            taken[exercise_key(alias)] = row["id"]
    return rows


def write(rows: list[dict[str, str]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def main(argv: list[str]) -> int:
    """Rebuild the FIT rows of the catalogue file (default: the package's) in place."""
    path = Path(argv[0]) if argv else Path(__file__).with_name(DATA)
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    curated = [row for row in rows if not row["id"].startswith(GENERATED)]
    rebuilt = rebuild(curated)
    write(rebuilt, path)
    print(
        f"{path}: {len(curated)} curated rows, {len(rebuilt) - len(curated)} from the FIT profile"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

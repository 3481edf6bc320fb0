"""FIT workout files of the plan's runs and lifts, written with Garmin's FIT SDK for a watch to load."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from runlift.coaching.model import PlannedSession, Prescription, Week
from runlift.plans.ics import summary

# Heart-rate zone (the watch's own zones, 1-5) each run type targets; None is an open target.
RUN_ZONES: dict[str, int | None] = {"easy": 2, "long": 2, "strides": 2, "tempo": 4, "intervals": 5}
WARM_UP_S, COOL_DOWN_S = 600, 300  # around a tempo or interval block of at least 10 minutes
STRIDES = (6, 20, 60)  # 6 x (20 s stride + 60 s easy) at the end of a strides run
INTERVAL = (180, 120)  # 3 min hard + 2 min easy, as many as the main block holds
REST_S = 90  # between sets

# Category of an exercise the FIT profile has no exact name for, by a word of its name (first match).
CATEGORY_WORDS = (
    ("pallof", "core"),
    ("bird dog", "core"),
    ("dead bug", "core"),
    ("wall sit", "squat"),
    ("squat", "squat"),
    ("step up", "squat"),
    ("deadlift", "deadlift"),
    ("bridge", "hip_raise"),
    ("hip thrust", "hip_raise"),
    ("lunge", "lunge"),
    ("row", "row"),
    ("bench", "bench_press"),
    ("push up", "push_up"),
    ("pull up", "pull_up"),
    ("plank", "plank"),
    ("carry", "carry"),
    ("walk", "carry"),
    ("curl", "curl"),
    ("press", "shoulder_press"),
)


@dataclass(frozen=True)
class Step:
    """One workout step: `duration` is time (s), reps, open, or repeat (`value` the step repeated from,
    `repeat` the number of times in all)."""

    name: str
    duration: str
    value: int | None = None
    intensity: str = "active"
    hr_zone: int | None = None
    repeat: int | None = None
    notes: str | None = None
    exercise: Prescription | None = None


def run_steps(session: PlannedSession) -> list[Step]:
    """Easy and long runs: one step of the planned minutes. Tempo: 10 min warm-up, the block, 5 min
    cool-down. Intervals: the same around 3 min / 2 min repeats. Strides: easy, then 6 x 20 s strides."""
    total = round((session.minutes or 0) * 60)
    zone = RUN_ZONES.get(session.type)
    main = total - WARM_UP_S - COOL_DOWN_S
    if session.type in ("tempo", "intervals") and main >= 600:
        warm_up = WARM_UP_S
        block = [Step(session.type.capitalize(), "time", main, "active", zone)]
        if session.type == "intervals":
            on, off = INTERVAL
            n, spare = divmod(main, on + off)
            warm_up += spare
            block = [
                Step("Hard", "time", on, "interval", zone),
                Step("Easy", "time", off, "recovery", 1),
                Step(f"{n} x", "repeat", 1, repeat=n),
            ]
        return [
            Step("Warm-up", "time", warm_up, "warmup", 2),
            *block,
            Step("Cool-down", "time", COOL_DOWN_S, "cooldown", 1),
        ]
    n, stride, easy = STRIDES
    if session.type == "strides" and total >= 2 * n * (stride + easy):
        return [
            Step("Easy", "time", total - n * (stride + easy), "warmup", zone),
            Step("Stride", "time", stride, "interval"),
            Step("Easy", "time", easy, "recovery", 1),
            Step(f"{n} x", "repeat", 1, repeat=n),
        ]
    return [Step(summary(session), "time", total, "active", zone)]


def lift_steps(session: PlannedSession, rest_s: int = REST_S) -> list[Step]:
    """Each exercise: a step of its reps (or its hold's seconds), a rest, and a repeat for its sets."""
    steps: list[Step] = []
    for e in session.exercises:
        first = len(steps)
        load = f" @ {e.load_kg:g} kg" if e.load_kg else ""
        if e.hold_s:
            steps.append(
                Step(
                    e.name,
                    "time",
                    round(e.hold_s),
                    notes=f"{e.sets} x {e.hold_s:g} s{load}",
                    exercise=e,
                )
            )
        else:
            steps.append(
                Step(e.name, "reps", e.reps, notes=f"{e.sets} x {e.reps}{load}", exercise=e)
            )
        steps.append(Step("Rest", "time", rest_s, "rest"))
        if e.sets > 1:
            steps.append(Step(f"{e.sets} sets", "repeat", first, repeat=e.sets))
    return steps


def steps_of(session: PlannedSession) -> list[Step]:
    return run_steps(session) if session.kind == "run" else lift_steps(session)


@cache
def _exercise_index() -> dict[str, tuple[int, int]]:
    """Every exercise name of the FIT profile's strength categories -> (category, name number)."""
    types = Profile["types"]
    index: dict[str, tuple[int, int]] = {}
    for number, category in sorted(types["exercise_category"].items()):
        if number > 30 or category == "cardio":  # 31 on are warm-up, cardio machines and equipment
            continue
        for value, name in types.get(f"{category}_exercise_name", {}).items():
            index.setdefault(name, (number, value))
    return index


def _snake(text: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def exercise_ids(name: str) -> tuple[int | None, int | None]:
    """The FIT exercise category and exercise name numbers of an exercise ("Bench Press (Dumbbell)" ->
    bench_press / dumbbell_bench_press), the category alone from a word of its name, else neither."""
    found = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", name)
    base, equipment = (found.group(1), found.group(2)) if found else (name, "")
    candidates = [f"{equipment} {base}", f"{base} with {equipment}"] if equipment else []
    index = _exercise_index()
    for candidate in (*candidates, base):
        if _snake(candidate) in index:
            return index[_snake(candidate)]
    words = " ".join(_snake(base).split("_"))
    categories = {v: k for k, v in Profile["types"]["exercise_category"].items()}
    return next(((categories[c], None) for w, c in CATEGORY_WORDS if w in words), (None, None))


def _text(value: str, limit: int = 60) -> str:
    """A FIT string short enough for a watch's screen (and the 255-byte field limit)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _step_message(index: int, step: Step) -> dict[str, Any]:
    message: dict[str, Any] = {
        "mesg_num": Profile["mesg_num"]["WORKOUT_STEP"],
        "message_index": index,
        "wkt_step_name": _text(step.name),
    }
    if step.duration == "repeat":
        return message | {
            "duration_type": "repeat_until_steps_cmplt",
            "duration_value": step.value,
            "target_value": step.repeat,
        }
    scale = 1000 if step.duration == "time" else 1  # duration_time is in ms
    message |= {
        "duration_type": step.duration,
        "duration_value": None if step.value is None else step.value * scale,
        "intensity": step.intensity,
        "target_type": "open" if step.hr_zone is None else "heart_rate",
        "target_value": step.hr_zone or 0,
        "notes": _text(step.notes) if step.notes else None,
    }
    if step.exercise is not None:
        category, name = exercise_ids(step.exercise.name)
        message |= {"exercise_category": category, "exercise_name": name}
        if step.exercise.load_kg:
            message |= {"exercise_weight": step.exercise.load_kg, "weight_display_unit": "kilogram"}
    return message


def workout_fit(session: PlannedSession, created: datetime | None = None) -> bytes:
    """A FIT workout file (file_id type workout, a workout message, its steps) of a run or lift."""
    if session.kind not in ("run", "lift"):
        raise ValueError(f"no FIT workout for a {session.kind} session")
    steps = steps_of(session)
    run = session.kind == "run"
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": Profile["mesg_num"]["FILE_ID"],
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": zlib.crc32(session.key.encode()) or 1,
            "time_created": created or datetime.now(UTC),
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": Profile["mesg_num"]["WORKOUT"],
            "wkt_name": _text(f"{session.day:%a} {summary(session)}", 40),
            "sport": "running" if run else "training",
            "sub_sport": "generic" if run else "strength_training",
            "num_valid_steps": len(steps),
        }
    )
    for index, step in enumerate(steps):
        encoder.write_mesg(_step_message(index, step))
    data: bytes = encoder.close()
    return data


def file_name(session: PlannedSession) -> str:
    """Day, kind and type: 2025-03-31-run-easy.fit, 2025-04-02-lift-lower_posterior.fit."""
    return f"{session.day.isoformat()}-{session.kind}-{_snake(session.type)}.fit"


def write_week(week: Week, folder: Path, created: datetime | None = None) -> list[Path]:
    """One FIT workout file per run and lift of the week in `folder` (created if missing). The files an
    earlier export wrote for the week's days and this one does not (a run type changed, a lift moved or
    dropped) are removed, so the folder holds the week as it stands."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for session in week.sessions:
        if session.kind in ("run", "lift"):
            path = folder / file_name(session)
            path.write_bytes(workout_fit(session, created))
            written.append(path)
    for day in week.days:
        for kind in ("run", "lift"):
            for stale in folder.glob(f"{day.isoformat()}-{kind}-*.fit"):
                if stale not in written:
                    stale.unlink()
    return written

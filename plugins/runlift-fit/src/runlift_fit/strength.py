"""Strength sessions from FIT `set` messages (Garmin strength training), named from the FIT exercise profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fitdecode import profile

from runlift.importers import StrengthSession, StrengthSet
from runlift.importers.values import HEART_RATE_BPM
from runlift_fit.activities import workout_name
from runlift_fit.clean import count, first, non_negative, plausible, text
from runlift_fit.clock import Clock, to_utc
from runlift_fit.reading import EXERCISE_TITLE, SET, FitFile, Message
from runlift_fit.sessions import FileView, Session

# `set` fields by number (FIT profile), read raw: duration in ms, weight in 1/16 kg.
_DURATION, _REPETITIONS, _WEIGHT, _SET_TYPE, _START_TIME = 0, 3, 4, 5, 6
_CATEGORY, _CATEGORY_SUBTYPE, _SET_TIMESTAMP = 7, 8, 254
_ACTIVE, _REST = 1, 0
# `exercise_title` fields by number.
_TITLE_CATEGORY, _TITLE_NAME, _TITLE_STEP_NAME = 0, 1, 2

_UNKNOWN_CATEGORY = 65534
_CATEGORY_NAMES: dict[int, str] = dict(profile.FIELD_TYPES["exercise_category"].enum)
UNKNOWN_EXERCISE = "unknown"


@dataclass(frozen=True)
class SetMessage:
    """A `set` message with its start resolved: an active set or a rest between sets."""

    start: int | None
    active: bool
    raw: Message

    @property
    def duration_s(self) -> float | None:
        value = non_negative(self.raw.get(_DURATION))
        return None if value is None else value / 1000


def set_messages(file: FitFile, clock: Clock) -> list[SetMessage]:
    """The file's set messages in the order they were done; other set types than active/rest are ignored."""
    found: list[SetMessage] = []
    for raw in file.all(SET):
        kind = raw.get(_SET_TYPE)
        if kind not in (_ACTIVE, _REST):
            continue
        start = clock.seconds(raw.get(_START_TIME))
        if start is None:
            end = clock.seconds(raw.get(_SET_TIMESTAMP))
            duration = non_negative(raw.get(_DURATION))
            if end is not None and duration is not None:
                start = round(end - duration / 1000)
        found.append(SetMessage(start, kind == _ACTIVE, raw))
    return found


def is_strength(session: Session, sets: list[SetMessage]) -> bool:
    """A strength session by its sport, or a generic training session that holds active sets."""
    if session.sub_sport == "strength_training":
        return True
    return session.sport == "training" and any(s.active for s in sets)


def strength_session_of(
    session: Session, view: FileView, sets: list[SetMessage]
) -> StrengthSession:
    """One StrengthSession: its active sets in order, each rest becoming the previous set's rest_after_s."""
    titles = _exercise_titles(view.file)
    done: list[dict[str, Any]] = []
    for set_message in sets:
        if set_message.active:
            done.append(_set_fields(set_message, titles))
        elif done and set_message.duration_s is not None:
            rest = done[-1].get("rest_after_s") or 0.0
            done[-1]["rest_after_s"] = rest + set_message.duration_s
    durations = [d for d in (s.get("duration_s") for s in done) if d is not None]
    m = session.message
    return StrengthSession(
        start_utc=to_utc(session.span.start),
        elapsed_s=session.span.elapsed,
        sets=tuple(StrengthSet(**fields) for fields in done),
        utc_offset_s=view.utc_offset_s,
        active_s=round(sum(durations), 3) if durations else None,
        avg_hr_bpm=plausible(m.get("avg_heart_rate"), HEART_RATE_BPM),
        max_hr_bpm=plausible(m.get("max_heart_rate"), HEART_RATE_BPM),
        calories_kcal=non_negative(m.get("total_calories")),
        title=workout_name(view),
    )


def exercise_names(
    category: Any, subtype: Any, titles: dict[tuple[int, int], str]
) -> tuple[str, str | None]:
    """(exercise name, category name) for a set's FIT category and sub-category.

    Garmin's watches list up to three guesses per set, best first; the first is what the watch shows
    and what the athlete confirmed or left standing. The name comes from the workout's exercise_title
    when it has one for this exercise, else from the FIT profile's per-category exercise names, else
    it is the category's own name; a set the watch did not recognise is "unknown".
    """
    category_num = first(category)
    subtype_num = first(subtype)
    if not isinstance(category_num, int) or category_num == _UNKNOWN_CATEGORY:
        return UNKNOWN_EXERCISE, None
    category_name = _CATEGORY_NAMES.get(category_num, f"category_{category_num}")
    if isinstance(subtype_num, int):
        titled = titles.get((category_num, subtype_num))
        if titled is not None:
            return titled, category_name
        names = profile.FIELD_TYPES.get(f"{category_name}_exercise_name")
        named = names.enum.get(subtype_num) if names is not None and names.enum else None
        if isinstance(named, str):
            return named, category_name
    return category_name, category_name


def _set_fields(set_message: SetMessage, titles: dict[tuple[int, int], str]) -> dict[str, Any]:
    raw = set_message.raw
    name, category = exercise_names(raw.get(_CATEGORY), raw.get(_CATEGORY_SUBTYPE), titles)
    weight = non_negative(raw.get(_WEIGHT))
    return {
        "exercise_name": name,
        "exercise_category": category,
        "reps": count(raw.get(_REPETITIONS)),
        "weight_kg": None if weight is None else weight / 16,
        "start_utc": None if set_message.start is None else to_utc(set_message.start),
        "duration_s": set_message.duration_s,
    }


def _exercise_titles(file: FitFile) -> dict[tuple[int, int], str]:
    """The names a workout gave its exercises, by (category, exercise name number)."""
    titles: dict[tuple[int, int], str] = {}
    for raw in file.all(EXERCISE_TITLE):
        category, name = first(raw.get(_TITLE_CATEGORY)), first(raw.get(_TITLE_NAME))
        step_name = text(raw.get(_TITLE_STEP_NAME))
        if isinstance(category, int) and isinstance(name, int) and step_name is not None:
            titles.setdefault((category, name), step_name)
    return titles

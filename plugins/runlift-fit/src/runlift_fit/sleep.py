"""Sleep nights from Garmin sleep files (file type 49): sleep_level stages and the sleep_assessment score."""

from __future__ import annotations

from runlift.importers import SleepNight
from runlift_fit.clean import percent
from runlift_fit.clock import to_utc
from runlift_fit.reading import EVENT, SLEEP_ASSESSMENT, SLEEP_LEVEL
from runlift_fit.sessions import FileView

# Fields by number, read raw (fitdecode's profile may not name these messages).
_TIMESTAMP = 253
_LEVEL = 0  # sleep_level.sleep_level: 0 unmeasurable, 1 awake, 2 light, 3 deep, 4 rem
_OVERALL_SCORE = 6  # sleep_assessment.overall_sleep_score, 0..100
_EVENT_TYPE = 1  # event.event_type: 0 start, 1 stop, 4 stop_all
_STARTS, _STOPS = frozenset({0}), frozenset({1, 4})
_STAGES = {1: "awake", 2: "light", 3: "deep", 4: "rem"}


def sleep_night_of(view: FileView) -> SleepNight | None:
    """The night a sleep file describes, or None if it has no stages to place it in time.

    Each sleep_level message starts a stage that lasts until the next one; the last lasts until the
    recording's stop event. The night runs from the start event (or the first stage) to the stop event
    (or the last stage); time in "unmeasurable" counts toward no stage.
    """
    clock = view.clock
    levels: list[tuple[int, int]] = []
    for raw in view.file.all(SLEEP_LEVEL):
        at, level = clock.seconds(raw.get(_TIMESTAMP)), raw.get(_LEVEL)
        if at is not None and isinstance(level, int):
            levels.append((at, level))
    if not levels:
        return None
    levels.sort()
    starts, stops = [], []
    for raw in view.file.all(EVENT):
        at = clock.seconds(raw.get(_TIMESTAMP))
        if at is None:
            continue
        if raw.get(_EVENT_TYPE) in _STARTS:
            starts.append(at)
        elif raw.get(_EVENT_TYPE) in _STOPS:
            stops.append(at)
    start = min([levels[0][0], *starts])
    end = max([levels[-1][0], *stops])
    seconds = dict.fromkeys(_STAGES.values(), 0.0)
    for (at, level), (next_at, _) in zip(levels, [*levels[1:], (end, 0)], strict=True):
        stage = _STAGES.get(level)
        if stage is not None:
            seconds[stage] += max(next_at - at, 0)
    if end <= start:
        return None
    assessment = view.file.first(SLEEP_ASSESSMENT) or {}
    return SleepNight(
        start_utc=to_utc(start),
        end_utc=to_utc(end),
        utc_offset_s=view.utc_offset_s,
        deep_min=round(seconds["deep"] / 60, 1),
        light_min=round(seconds["light"] / 60, 1),
        rem_min=round(seconds["rem"] / 60, 1),
        awake_min=round(seconds["awake"] / 60, 1),
        score=percent(assessment.get(_OVERALL_SCORE)),
    )

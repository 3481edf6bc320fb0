"""Nights from `*_sleepData.json` (DI-Connect-Wellness): the sleep window in UTC, seconds per stage, and
the overall sleep score; `calendarDate` is the local day Garmin woke the athlete on."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers import SleepNight
from runlift.importers.notes import Notes
from runlift_garminexport.fields import Record, offset_on

# Windows the watch did not confirm as sleep: the export keeps the window with no stages.
UNDETECTED = frozenset({"UNCONFIRMED", "OFF_WRIST"})
STAGES = (
    ("deep_min", "deepSleepSeconds"),
    ("light_min", "lightSleepSeconds"),
    ("rem_min", "remSleepSeconds"),
    ("awake_min", "awakeSleepSeconds"),
)


def read_nights(values: list[Any], zone: ZoneInfo, notes: Notes) -> list[SleepNight]:
    """Each night of the file; naps and windows without sleep are left out, with a note."""
    nights = []
    for index, value in enumerate(values):
        record = Record(value, f"entry {index + 1}")
        if not record.has("calendarDate"):  # a nap-only entry ({"napList": [...]})
            notes.add("entries without a night (naps only)", record.where)
            continue
        day = record.day()
        record.where = f"night of {day}"
        start = record.gmt("sleepStartTimestampGMT", required=True)
        end = record.gmt("sleepEndTimestampGMT", required=True)
        assert start is not None
        assert end is not None
        minutes = {name: _minutes(record, key) for name, key in STAGES}
        confirmation = record.text("sleepWindowConfirmationType")
        if confirmation in UNDETECTED and all(m is None for m in minutes.values()):
            notes.add(f"windows the watch did not detect sleep in ({confirmation})", str(day))
            continue
        offset = offset_on(end, day, zone)
        if offset is None:
            notes.add("nights dated more than 14 h from their end", str(day))
            continue
        nights.append(
            SleepNight(
                start_utc=start,
                end_utc=end,
                utc_offset_s=offset,
                score=_score(record),
                **minutes,
            )
        )
    return nights


def _minutes(record: Record, key: str) -> float | None:
    seconds = record.number(key)
    return None if seconds is None or seconds < 0 else seconds / 60


def _score(record: Record) -> float | None:
    """The overall sleep score: flat (`sleepScores.overallScore`, as exports write it) or as the Connect
    API writes it (`sleepScores.overall.value`)."""
    scores = record.record("sleepScores")
    if scores is None:
        return None
    flat = scores.number("overallScore")
    if flat is not None:
        return flat
    overall = scores.record("overall")
    return overall.number("value") if overall is not None else None

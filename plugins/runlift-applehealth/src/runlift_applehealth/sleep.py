"""Nights from the sleep analysis records: each source's segments (in bed, asleep, core, deep, REM, awake)
joined into nights, minutes per stage summed.

Apple Watch (watchOS 9 on) writes a night as consecutive stage segments; older watches, the phone's Clock
and other apps write "in bed" and "asleep" spans. A source's segments less than `GAP` apart are one night.
A night spans its asleep and awake segments ("in bed" overlaps them and is not sleep); one of only "in
bed" is no recorded sleep and is left out. Sources are kept apart: two apps' copies of one night are two
records, which the read models take as one (the longest of overlapping nights).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from runlift.importers import SleepNight
from runlift.importers.notes import Notes

GAP = timedelta(hours=2)
PREFIX = "HKCategoryValueSleepAnalysis"
IN_BED = "InBed"
# The stage a segment's value names, as SleepNight's field ("" for asleep without a stage).
STAGES = {
    "Asleep": "",
    "AsleepUnspecified": "",
    "AsleepCore": "light_min",
    "AsleepDeep": "deep_min",
    "AsleepREM": "rem_min",
    "Awake": "awake_min",
}


@dataclass(frozen=True)
class Segment:
    start: datetime
    end: datetime
    offset_s: int
    value: str  # the value without its prefix: "AsleepCore"


class Nights:
    """Collects segments while the export streams past, then joins them into nights."""

    def __init__(self) -> None:
        self.segments: dict[str, list[Segment]] = defaultdict(list)

    def add(self, source: str, segment: Segment) -> None:
        self.segments[source].append(segment)

    def nights(self, notes: Notes) -> list[SleepNight]:
        out: list[SleepNight] = []
        for source in sorted(self.segments):
            segments = sorted(self.segments[source], key=lambda s: (s.start, s.end))
            night: list[Segment] = []
            end = segments[0].end if segments else None
            for segment in segments:
                if night and end is not None and segment.start - end > GAP:
                    out.extend(self._night(night, source, notes))
                    night, end = [], segment.end
                night.append(segment)
                end = max(end, segment.end) if end is not None else segment.end
            if night:
                out.extend(self._night(night, source, notes))
        return sorted(out, key=lambda n: n.start_utc)

    def _night(self, segments: list[Segment], source: str, notes: Notes) -> list[SleepNight]:
        slept = [s for s in segments if s.value in STAGES]
        if not slept:
            notes.add(
                "spans in bed without sleep from the same source (a phone's bedtime)",
                f"{segments[0].start:%Y-%m-%d} ({source})",
            )
            return []
        minutes: dict[str, float] = {}
        for s in slept:
            field = STAGES[s.value]
            if field:
                minutes[field] = minutes.get(field, 0.0) + (s.end - s.start).total_seconds() / 60
        staged = any(STAGES[s.value] and s.value != "Awake" for s in slept)
        last = max(slept, key=lambda s: s.end)
        return [
            SleepNight(
                start_utc=min(s.start for s in slept),
                end_utc=last.end,
                utc_offset_s=last.offset_s,
                deep_min=round(minutes.get("deep_min", 0.0), 2) if staged else None,
                light_min=round(minutes.get("light_min", 0.0), 2) if staged else None,
                rem_min=round(minutes.get("rem_min", 0.0), 2) if staged else None,
                awake_min=round(minutes["awake_min"], 2) if "awake_min" in minutes else None,
            )
        ]

"""Reads Hevy's workout export: one row per set, a workout per title and start time, in local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from runlift.importers import Decoded, DecodeRequest, Unimportable
from runlift_liftcsv import __version__
from runlift_liftcsv.cells import LB_KG, bad_value, count, kilograms, label, number, rpe
from runlift_liftcsv.sessions import SessionDraft, SetType, decoded_sessions, set_draft
from runlift_liftcsv.sniff import hevy_confidence
from runlift_liftcsv.table import Row, Table, read_table
from runlift_liftcsv.zones import LocalClock, zone_for

FORMAT = "Hevy CSV"

SET_TYPES: dict[str, SetType] = {
    "normal": "working",
    "warmup": "warmup",
    "dropset": "dropset",
    "failure": "failure",
}

# "3 Jul 2024, 15:36": English month abbreviations whatever the phone's language ("Sept" too).
_HEVY_TIME = re.compile(
    r"\s*(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*"
)
_MONTHS = {
    name: month
    for month, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


@dataclass(frozen=True)
class _Columns:
    """Where each field is in this file's header, and the factor that turns its weights into kg."""

    title: int
    start: int
    end: int
    exercise: int
    set_index: int
    set_type: int
    weight: int | None
    weight_to_kg: float
    reps: int | None
    distance: int | None
    seconds: int | None
    rpe: int | None

    @classmethod
    def of(cls, table: Table) -> _Columns:
        def required(name: str) -> int:
            index = table.find(name)
            if index is None:
                raise Unimportable(f"the Hevy export has no {name!r} column")
            return index

        weight_kg, weight_lbs = table.find("weight_kg"), table.find("weight_lbs")
        return cls(
            title=required("title"),
            start=required("start_time"),
            end=required("end_time"),
            exercise=required("exercise_title"),
            set_index=required("set_index"),
            set_type=required("set_type"),
            weight=weight_kg if weight_kg is not None else weight_lbs,
            weight_to_kg=1.0 if weight_kg is not None else LB_KG,
            reps=table.find("reps"),
            distance=table.find("distance_km", "distance_miles"),
            seconds=table.find("duration_seconds"),
            rpe=table.find("rpe"),
        )


class HevyImporter:
    """Hevy's "Export workouts" CSV (Settings > Export & Import Data)."""

    name: str = "hevy"
    version: str = __version__
    formats: tuple[str, ...] = (FORMAT,)

    def sniff(self, head: bytes, filename: str) -> float:
        return hevy_confidence(head)

    def decode(self, request: DecodeRequest) -> Decoded:
        zone = zone_for(request, self.name)
        table = read_table(request.path)
        columns = _Columns.of(table)
        reader = _Reader(table.columns, columns, zone)
        return decoded_sessions(table.rows, reader, FORMAT, "Hevy")


class _Reader:
    """Turns each row into a set of its workout."""

    def __init__(self, names: tuple[str, ...], columns: _Columns, zone: ZoneInfo) -> None:
        self.names = names
        self.columns = columns
        self.clock = LocalClock(_local_time, zone, "3 Jul 2024, 15:36")

    def read(self, row: Row, sessions: dict[tuple[str, str], SessionDraft]) -> None:
        c, cells, line = self.columns, row.cells, row.line
        start_utc, offset = self.time(row, c.start)
        end_utc, _ = self.time(row, c.end)
        key = (cells[c.title], cells[c.start])
        session = sessions.get(key)
        if session is None:
            # A workout saved across a clock change can end "before" it started; it lasted no less than 0.
            elapsed = max(0.0, (end_utc - start_utc).total_seconds())
            session = SessionDraft(start_utc, offset, elapsed, label(cells[c.title]))
            sessions[key] = session
        exercise = label(cells[c.exercise])
        if exercise is None:
            raise bad_value(line, self.names[c.exercise], cells[c.exercise], "is empty")
        count(cells[c.set_index], line, self.names[c.set_index])
        weight = self.number(row, c.weight)
        session.sets.append(
            set_draft(
                exercise,
                self.set_type(row),
                reps=None if c.reps is None else count(cells[c.reps], line, self.names[c.reps]),
                weight_kg=None if weight is None else kilograms(weight, c.weight_to_kg),
                seconds=self.number(row, c.seconds),
                distance=self.number(row, c.distance),
                rpe=None if c.rpe is None else rpe(cells[c.rpe], line, self.names[c.rpe]),
            )
        )

    def number(self, row: Row, index: int | None) -> float | None:
        return None if index is None else number(row.cells[index], row.line, self.names[index])

    def set_type(self, row: Row) -> SetType:
        value = row.cells[self.columns.set_type]
        set_type = SET_TYPES.get(value.strip().lower())
        if set_type is None:
            known = ", ".join(SET_TYPES)
            name = self.names[self.columns.set_type]
            raise bad_value(row.line, name, value, f"is not a Hevy set type ({known})")
        return set_type

    def time(self, row: Row, index: int) -> tuple[datetime, int]:
        return self.clock.read(row.cells[index], row.line, self.names[index])


def _local_time(text: str) -> datetime | None:
    match = _HEVY_TIME.fullmatch(text)
    try:
        if match is None:
            # Not Hevy's usual form; an ISO time (with or without an offset) is unambiguous too.
            return datetime.fromisoformat(text.strip())
        month = _MONTHS.get(match[2][:3].lower())
        if month is None:
            return None
        day, year, hour, minute = int(match[1]), int(match[3]), int(match[4]), int(match[5])
        return datetime(year, month, day, hour, minute, int(match[6] or 0))
    except ValueError:
        return None

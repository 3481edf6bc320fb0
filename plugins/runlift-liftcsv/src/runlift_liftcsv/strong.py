"""Reads Strong's workout export in all its layouts: a row per set, a workout per date and name."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from runlift.importers import Decoded, DecodeRequest, Unimportable
from runlift_liftcsv import __version__
from runlift_liftcsv.cells import (
    LB_KG,
    bad_value,
    count,
    duration_s,
    kilograms,
    label,
    number,
    rpe,
)
from runlift_liftcsv.sessions import SessionDraft, SetType, decoded_sessions, set_draft
from runlift_liftcsv.sniff import base_name, strong_confidence
from runlift_liftcsv.table import Row, Table, read_table
from runlift_liftcsv.zones import LocalClock, zone_for

FORMAT = "Strong CSV"
WEIGHT_UNIT_OPTION = "weight_unit"

# Strong marks a set that is not a working set by a letter in "Set Order" instead of its number.
SET_MARKS: dict[str, SetType] = {"w": "warmup", "d": "dropset", "f": "failure"}
REST_TIMER = "rest timer"

UNITS_TO_KG = {"kg": 1.0, "kgs": 1.0, "kilograms": 1.0, "lb": LB_KG, "lbs": LB_KG, "pounds": LB_KG}

# "2024-11-28 17:36:08", or with a 12-hour clock "2024-11-28 5:36:08 PM", where iOS puts a narrow
# no-break space (U+202F) before PM.
_STRONG_TIME = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T\u00a0](\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?:[\s\u00a0\u202f]*([AaPp])\.?\s?[Mm]\.?)?\s*"
)


@dataclass(frozen=True)
class _Columns:
    """Where each field is in this file's header, and what unit the weights are in."""

    date: int
    workout: int
    exercise: int
    order: int
    duration: int | None
    weight: int | None
    header_weight_unit: str | None
    weight_unit: int | None
    reps: int | None
    distance: int | None
    seconds: int | None
    rpe: int | None

    @classmethod
    def of(cls, table: Table) -> _Columns:
        # Layouts differ in names ("Duration", "Workout Duration", "Duration (sec)") and in where a
        # unit is given ("Weight (kg)" in the header, a "Weight Unit" column, or nowhere).
        bases = [base_name(column) for column in table.columns]

        def find(*names: str) -> int | None:
            return next((i for i, base in enumerate(bases) if base in names), None)

        def required(name: str) -> int:
            index = find(name)
            if index is None:
                raise Unimportable(f"the Strong export has no {name.title()!r} column")
            return index

        weight = find("weight")
        return cls(
            date=required("date"),
            workout=required("workout name"),
            exercise=required("exercise name"),
            order=required("set order"),
            duration=find("duration", "workout duration"),
            weight=weight,
            header_weight_unit=None if weight is None else _unit_in(table.columns[weight]),
            weight_unit=find("weight unit"),
            reps=find("reps"),
            distance=find("distance"),
            seconds=find("seconds"),
            rpe=find("rpe"),
        )


class StrongImporter:
    """Strong's "Export Strong Data" CSV, semicolon- or comma-separated, with or without unit columns."""

    name: str = "strong"
    version: str = __version__
    formats: tuple[str, ...] = (FORMAT,)

    def sniff(self, head: bytes, filename: str) -> float:
        return strong_confidence(head)

    def decode(self, request: DecodeRequest) -> Decoded:
        zone = zone_for(request, self.name)
        default_unit = _default_weight_unit(request.options)
        table = read_table(request.path)
        reader = _Reader(table, _Columns.of(table), zone, default_unit)
        return decoded_sessions(table.rows, reader, FORMAT, "Strong")


class _Reader:
    """Turns each row into a set of its workout, or a Rest Timer row into the rest after one."""

    def __init__(self, table: Table, columns: _Columns, zone: ZoneInfo, default_unit: str) -> None:
        self.names = table.columns
        self.columns = columns
        self.clock = LocalClock(_local_time, zone, "2024-11-28 17:36:08")
        self.default_unit = default_unit
        # Semicolon-separated exports come from locales that may write 62,5 for 62.5.
        self.decimal_comma = table.delimiter == ";"

    def read(self, row: Row, sessions: dict[tuple[str, str], SessionDraft]) -> None:
        c, cells, line = self.columns, row.cells, row.line
        key = (cells[c.date], cells[c.workout])
        exercise = label(cells[c.exercise])
        if cells[c.order].strip().lower() == REST_TIMER:
            self.add_rest(row, sessions.get(key), exercise)
            return
        start_utc, offset = self.time(row)
        session = sessions.get(key)
        if session is None:
            elapsed = None if c.duration is None else duration_s(*self.cell(row, c.duration))
            session = SessionDraft(start_utc, offset, elapsed or 0.0, label(cells[c.workout]))
            sessions[key] = session
        if exercise is None:
            raise bad_value(line, self.names[c.exercise], cells[c.exercise], "is empty")
        weight = self.number(row, c.weight)
        session.sets.append(
            set_draft(
                exercise,
                self.set_type(row),
                reps=None if c.reps is None else self.whole(row, c.reps),
                weight_kg=None if weight is None else self.kg(row, weight),
                seconds=self.number(row, c.seconds),
                distance=self.number(row, c.distance),
                rpe=self.rating(row, c.rpe),
            )
        )

    def cell(self, row: Row, index: int) -> tuple[str, int, str]:
        return row.cells[index], row.line, self.names[index]

    def number(self, row: Row, index: int | None) -> float | None:
        if index is None:
            return None
        return number(*self.cell(row, index), decimal_comma=self.decimal_comma)

    def whole(self, row: Row, index: int) -> int | None:
        return count(*self.cell(row, index), decimal_comma=self.decimal_comma)

    def rating(self, row: Row, index: int | None) -> float | None:
        if index is None:
            return None
        return rpe(*self.cell(row, index), decimal_comma=self.decimal_comma)

    def add_rest(self, row: Row, session: SessionDraft | None, exercise: str | None) -> None:
        # A "Rest Timer" row is the pause after the set above it, not a set: its seconds become that
        # set's rest. It is not a set row, so a value that does not read is dropped with it.
        if session is None or not session.sets or session.sets[-1].exercise_name != exercise:
            return
        try:
            rest = self.number(row, self.columns.seconds)
        except Unimportable:
            return
        if rest:
            session.sets[-1].rest_after_s = rest

    def set_type(self, row: Row) -> SetType:
        value, line, name = self.cell(row, self.columns.order)
        mark = SET_MARKS.get(value.strip().lower())
        if mark is not None:
            return mark
        try:
            if count(value, line, name) is not None:
                return "working"
        except Unimportable:
            pass
        raise bad_value(line, name, value, "is not a set number, W, D, F or Rest Timer")

    def kg(self, row: Row, weight: float) -> float:
        c = self.columns
        if c.header_weight_unit is not None:
            unit, where = c.header_weight_unit, c.weight
        elif c.weight_unit is not None and row.cells[c.weight_unit].strip():
            unit, where = row.cells[c.weight_unit].strip().lower(), c.weight_unit
        else:
            unit, where = self.default_unit, None
        to_kg = UNITS_TO_KG.get(unit)
        if to_kg is None:
            name = self.names[where] if where is not None else WEIGHT_UNIT_OPTION
            raise bad_value(row.line, name, unit, "is not a weight unit (kg or lbs)")
        return kilograms(weight, to_kg)

    def time(self, row: Row) -> tuple[datetime, int]:
        return self.clock.read(*self.cell(row, self.columns.date))


def _unit_in(column: str) -> str | None:
    """The unit a column's name gives in brackets: "Weight (kg)" -> "kg"."""
    name = column.strip()
    if name.endswith(")") and " (" in name:
        return name[name.rindex(" (") + 2 : -1].strip().lower()
    return None


def _default_weight_unit(options: Mapping[str, Any]) -> str:
    # Strong's comma-separated export writes weights in the app's unit without saying which.
    unit = options.get(WEIGHT_UNIT_OPTION) or "kg"
    if not isinstance(unit, str) or unit.strip().lower() not in UNITS_TO_KG:
        raise Unimportable(
            f"[importers.strong] {WEIGHT_UNIT_OPTION} must be 'kg' or 'lbs', got {unit!r}"
        )
    return unit.strip().lower()


def _local_time(text: str) -> datetime | None:
    match = _STRONG_TIME.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    meridiem = (match[7] or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    try:
        return datetime(year, month, day, hour, minute, int(match[6] or 0))
    except ValueError:
        return None

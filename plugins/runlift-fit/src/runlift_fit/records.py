"""Record messages from framed runs to runlift's rows: struct unpacking, then fitdecode's arithmetic.

fitdecode builds a Python object for every field of every message; a long activity's per-second records
are nearly all of its decoding time. Framing hands over the records' field bytes in runs of one
definition, each with a struct that unpacks only the fields runlift uses, so a run unpacks in one C call
(`iter_unpack`). Column by column, invalid raw values become None and the profile's scale and offset are
applied exactly as fitdecode applies them (`float(raw) / scale`, then minus the offset); where two values
fill one field (`speed` expands into `enhanced_speed`, and a later `enhanced_speed` field overrides it),
the later valid one wins, as in fitdecode. The corpus tests compare the rows with fitdecode's, row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

from runlift_fit.framing import RecordRun, Step

Row = list[Any]
Column = list[Any]


def rows_of(runs: Sequence[RecordRun], slots: dict[str, int], width: int) -> list[Row]:
    """The rows of every record in the runs, in order, each `width` long with values at `slots`."""
    rows: list[Row] = []
    for run in runs:
        values = list(run.layout.unpacker.iter_unpack(run.payloads))
        if not values:
            continue
        columns = list(zip(*values, strict=True)) if values[0] else []
        placed: dict[int, Column] = {}
        for step in run.layout.steps:
            column = _decoded(columns[step.index], step)
            slot = slots[step.name]
            earlier = placed.get(slot)
            placed[slot] = column if earlier is None else _later_wins(earlier, column)
        if not placed:
            rows.extend([None] * width for _ in values)
            continue
        laid_out = [placed[i] if i in placed else repeat(None) for i in range(width)]
        rows.extend(map(list, zip(*laid_out, strict=False)))  # repeat(None) is endless
    return rows


def _decoded(raw: Sequence[int], step: Step) -> Column:
    invalid, scale, offset = step.invalid, step.scale, step.offset
    if scale and offset:
        return [None if v == invalid else float(v) / scale - offset for v in raw]
    if scale:
        return [None if v == invalid else float(v) / scale for v in raw]
    return [None if v == invalid else v for v in raw]


def _later_wins(earlier: Column, later: Column) -> Column:
    return [e if v is None else v for e, v in zip(earlier, later, strict=True)]

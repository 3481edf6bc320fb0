"""Walks a FIT stream's message framing without decoding a field, to decode only the messages runlift uses.

A FIT message's size follows from its definition, so a stream can be cut into messages with a few byte
lookups each. This module does that for an intact stream and builds two things from it: the stream again
with only the data messages asked for (for fitdecode, which then never touches the rest), and the `record`
messages' field bytes in runs of one definition, with a struct format per definition that unpacks only the
fields runlift uses (`records.py` turns them into rows).

Only a stream whose every part is whole and whose checksums match is framed; anything unusual raises
`Unframed` and the caller reads the stream whole with fitdecode, the reference decoder, which also names
the damage. Unusual means: a compressed-timestamp header (its time depends on every message before it), a
record field whose value is accumulated across messages, or a record field whose size or base type is not
the profile's.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from runlift_fit.checksum import body_matches, header_matches

RECORD = 20
DEVELOPER_DATA_ID = 207
FIELD_DESCRIPTION = 206
# Needed to read any definition that has developer fields, so always kept.
_DEVELOPER_MESSAGES = frozenset({DEVELOPER_DATA_ID, FIELD_DESCRIPTION})

_COMPRESSED_HEADER = 0x80
_DEFINITION = 0x40
_DEVELOPER_FLAG = 0x20
_LOCAL_NUMBER = 0x0F
_SIGNATURE = b".FIT"

# The record fields runlift reads: number -> (name, base type as the profile defines it, scale, offset).
# A record whose definition gives one of them another base type or size is left to fitdecode.
RECORD_FIELDS: dict[int, tuple[str, int, int, int]] = {
    0: ("position_lat", 0x85, 0, 0),
    1: ("position_long", 0x85, 0, 0),
    2: ("altitude", 0x84, 5, 500),
    3: ("heart_rate", 0x02, 0, 0),
    4: ("cadence", 0x02, 0, 0),
    5: ("distance", 0x86, 100, 0),
    6: ("speed", 0x84, 1000, 0),
    53: ("fractional_cadence", 0x02, 128, 0),
    73: ("enhanced_speed", 0x86, 1000, 0),
    78: ("enhanced_altitude", 0x86, 5, 500),
    253: ("timestamp", 0x86, 0, 0),
}
# Base type -> (struct code, size, the raw value that means "invalid"), as fitdecode reads them.
BASE_TYPES: dict[int, tuple[str, int, int]] = {
    0x02: ("B", 1, 0xFF),
    0x84: ("H", 2, 0xFFFF),
    0x85: ("i", 4, 0x7FFFFFFF),
    0x86: ("I", 4, 0xFFFFFFFF),
}
# Fields the FIT profile expands into another field of the same record, with the same scale and offset
# (fitdecode adds the expanded value just before the field itself).
EXPANDS: dict[int, str] = {6: "enhanced_speed", 2: "enhanced_altitude"}
# compressed_speed_distance: its distance component accumulates over every record before it.
_ACCUMULATED = frozenset({8})


@dataclass(frozen=True)
class Step:
    """One unpacked value landing in runlift's row: the row field, which value of the unpacked tuple,
    the raw value meaning invalid, and the profile's scale and offset."""

    name: str
    index: int
    invalid: int
    scale: int
    offset: int


@dataclass(frozen=True)
class Layout:
    """How a record definition's data messages unpack: a struct reading only the fields runlift uses
    (the others are skipped as pad bytes), and where each value lands, in fitdecode's order (where two
    values fill one field, the later valid one wins)."""

    unpacker: struct.Struct
    steps: tuple[Step, ...]


class Unframed(Exception):
    """The stream is not one this module frames; read it whole with fitdecode instead.

    `records_only` says the trouble is only in how records are laid out: the stream can still be framed
    with its records left to fitdecode.
    """

    def __init__(self, problem: str, *, records_only: bool = False) -> None:
        super().__init__(problem)
        self.records_only = records_only


@dataclass
class RecordRun:
    """Consecutive records of one definition: their field bytes back to back (developer bytes dropped)."""

    layout: Layout
    payloads: bytearray = field(default_factory=bytearray)

    @property
    def count(self) -> int:
        return len(self.payloads) // self.layout.unpacker.size


@dataclass
class FramedFile:
    """One FIT file of the stream: where it sits, and its records in runs."""

    offset: int
    header_size: int
    body_size: int
    runs: list[RecordRun] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(run.count for run in self.runs)


@dataclass
class Framed:
    """An intact stream cut into messages: the part to decode with fitdecode, and the records."""

    selective: bytes
    files: list[FramedFile]


@dataclass(frozen=True)
class _Definition:
    global_number: int
    size: int  # bytes of the profile fields of each data message
    developer_size: int  # bytes of its developer fields, which follow
    layout: Layout | None  # for a record definition
    length: int  # bytes of each data message, its header byte included (looked up per message)


def frame(data: bytes, keep: frozenset[int], *, split_records: bool) -> Framed:
    """Frame an intact stream. The selective stream holds every definition and the data messages whose
    number is in `keep`; with `split_records`, records go to runs instead. Raises Unframed."""
    wanted = keep | _DEVELOPER_MESSAGES
    selective = bytearray()
    files: list[FramedFile] = []
    position = 0
    while position < len(data):
        header_size, body_size = _check_file(data, position)
        start = position + header_size
        end = start + body_size
        file = FramedFile(position, header_size, body_size)
        header = bytearray(data[position:start])
        if header_size == 14:
            header[12:14] = b"\0\0"  # fitdecode is asked not to check checksums of this copy
        body = _Body(data, wanted, split_records)
        body.walk(start, end)
        header[4:8] = len(body.kept).to_bytes(4, "little")
        selective += header + body.kept + b"\0\0"
        file.runs = body.runs
        files.append(file)
        position = end + 2
    return Framed(bytes(selective), files)


def _check_file(data: bytes, position: int) -> tuple[int, int]:
    """A chained file's header and footer: whole, signed and matching their checksums."""
    header_size = data[position]
    if header_size not in (12, 14) or position + header_size > len(data):
        raise Unframed("not a whole FIT header")
    if data[position + 8 : position + 12] != _SIGNATURE:
        raise Unframed("no FIT signature")
    body_size = int.from_bytes(data[position + 4 : position + 8], "little")
    end = position + header_size + body_size
    if end + 2 > len(data):
        raise Unframed("truncated")
    view = memoryview(data)
    if not header_matches(view, position, header_size):
        raise Unframed("header checksum")
    if not body_matches(view, position, end):
        raise Unframed("data checksum")
    return header_size, body_size


class _Body:
    """Walks one file's messages, copying what is kept and gathering records into runs."""

    def __init__(self, data: bytes, wanted: frozenset[int], split: bool) -> None:
        self.data = data
        self.wanted = wanted if split else wanted | {RECORD}
        self.split = split
        self.kept = bytearray()
        self.definitions: dict[int, _Definition] = {}
        self.runs: list[RecordRun] = []

    def walk(self, start: int, end: int) -> None:
        # The hot loop of framing (one pass per message): data messages are handled inline.
        data = self.data
        definitions = self.definitions
        wanted = self.wanted
        run: RecordRun | None = None
        position = start
        while position < end:
            header = data[position]
            if header & (_COMPRESSED_HEADER | _DEFINITION):
                if header & _COMPRESSED_HEADER:
                    raise Unframed("compressed timestamp header")
                position = self._definition(header, header & _LOCAL_NUMBER, position, end)
                continue
            definition = definitions.get(header & _LOCAL_NUMBER)
            if definition is None:
                raise Unframed("a message of an undefined local type")
            after = position + definition.length
            if after > end:
                raise Unframed("a message runs past the end")
            layout = definition.layout
            if layout is not None:
                if run is None or run.layout is not layout:
                    run = RecordRun(layout)
                    self.runs.append(run)
                run.payloads += data[position + 1 : position + 1 + definition.size]
            elif definition.global_number in wanted:
                self.kept += data[position:after]
            position = after

    def _definition(self, header: int, local: int, position: int, end: int) -> int:
        data = self.data
        if position + 6 > end:
            raise Unframed("definition runs past the end")
        architecture = data[position + 2]
        if architecture not in (0, 1):
            raise Unframed("unknown architecture")
        number = int.from_bytes(
            data[position + 3 : position + 5], "big" if architecture else "little"
        )
        fields_end = position + 6 + 3 * data[position + 5]
        developer_end = fields_end
        developer_size = 0
        if header & _DEVELOPER_FLAG:
            if fields_end >= end:
                raise Unframed("definition runs past the end")
            developer_end = fields_end + 1 + 3 * data[fields_end]
            developer_size = sum(data[fields_end + 2 : developer_end : 3])
        if developer_end > end:
            raise Unframed("definition runs past the end")
        fields = data[position + 6 : fields_end]
        layout = _layout(fields, architecture) if number == RECORD and self.split else None
        size = sum(fields[1::3])
        self.definitions[local] = _Definition(
            number, size, developer_size, layout, 1 + size + developer_size
        )
        self.kept += data[position:developer_end]
        return developer_end


def _layout(fields: bytes, architecture: int) -> Layout:
    """How a record definition unpacks, and where its values land in fitdecode's order."""
    codes = [">" if architecture else "<"]
    steps: list[Step] = []
    seen: set[int] = set()
    index = 0
    for at in range(0, len(fields), 3):
        number, size, base_type = fields[at], fields[at + 1], fields[at + 2]
        if number in _ACCUMULATED:
            raise Unframed("a record field accumulated across records", records_only=True)
        known = RECORD_FIELDS.get(number)
        if known is None:
            codes.append(f"{size}x")
            continue
        name, expected_type, scale, offset = known
        code, expected_size, invalid = BASE_TYPES[expected_type]
        if base_type != expected_type or size != expected_size or number in seen:
            raise Unframed(
                f"record field {name} is not as the profile defines it", records_only=True
            )
        seen.add(number)
        codes.append(code)
        expanded = EXPANDS.get(number)
        if expanded is not None:
            steps.append(Step(expanded, index, invalid, scale, offset))
        steps.append(Step(name, index, invalid, scale, offset))
        index += 1
    unpacker = struct.Struct("".join(codes))
    # A record of no bytes (its time in a compressed header, say): struct cannot iterate over it.
    if unpacker.size == 0:
        raise Unframed("a record definition of no bytes", records_only=True)
    return Layout(unpacker, tuple(steps))

"""Walks a FIT stream's message framing without decoding a field, to decode only the messages runlift uses.

A FIT message's size follows from its definition, so a stream can be cut into messages with a few byte
lookups each. This module does that for an intact stream and builds two things from it: the stream again
with only the data messages asked for (for fitdecode, which then never touches the rest), and the `record`
messages as small FIT files of their own (for a native decoder, a few thousand records at a time so that
its output never holds a long file's records at once).

Only a stream whose every part is whole and whose checksums match is framed; anything unusual raises
`Unframed` and the caller reads the stream whole with fitdecode, the reference decoder, which also names
the damage. Unusual means: a compressed-timestamp header (its time depends on every message before it), a
record field whose value is accumulated across messages, or a record field whose size or base type is not
the profile's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runlift_fit.checksum import crc16

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

# The record fields runlift reads: number -> (name, size in bytes, base type without its endian bit,
# scale, offset), as the FIT profile (and fitdecode's copy of it) defines them.
RECORD_FIELDS: dict[int, tuple[str, int, int, int, int]] = {
    0: ("position_lat", 4, 0x05, 0, 0),
    1: ("position_long", 4, 0x05, 0, 0),
    2: ("altitude", 2, 0x04, 5, 500),
    3: ("heart_rate", 1, 0x02, 0, 0),
    4: ("cadence", 1, 0x02, 0, 0),
    5: ("distance", 4, 0x06, 100, 0),
    6: ("speed", 2, 0x04, 1000, 0),
    53: ("fractional_cadence", 1, 0x02, 128, 0),
    73: ("enhanced_speed", 4, 0x06, 1000, 0),
    78: ("enhanced_altitude", 4, 0x06, 5, 500),
    253: ("timestamp", 4, 0x06, 0, 0),
}
# Fields the FIT profile expands into another field of the same record, with the same scale and offset
# (fitdecode adds the expanded value just before the field itself).
EXPANDS: dict[int, str] = {6: "enhanced_speed", 2: "enhanced_altitude"}
# compressed_speed_distance: its distance component accumulates over every record before it.
_ACCUMULATED = frozenset({8})
# Record chunks are written under a manufacturer-specific message number, so that the native decoder
# applies no profile to them (no scaling, no derived fields) and returns every field's raw integer as
# "unknown_field_<number>", leaving out values that are invalid for their base type.
RAW_MESSAGE = 0xFF00
# Records per chunk: the native decoder's output for one chunk (a dict per record) is all that is ever
# held at once, a few MB.
CHUNK_RECORDS = 4096


@dataclass(frozen=True)
class Step:
    """One value of a record landing in runlift's row: row field, native key, scale and offset."""

    name: str
    key: str
    scale: int
    offset: int


# How a record's values land in runlift's row, in fitdecode's order (a later step wins).
Layout = tuple[Step, ...]


class Unframed(Exception):
    """The stream is not one this module frames; read it whole with fitdecode instead.

    `records_only` says the trouble is only in how records are laid out: the stream can still be framed
    with its records left to fitdecode.
    """

    def __init__(self, problem: str, *, records_only: bool = False) -> None:
        super().__init__(problem)
        self.records_only = records_only


@dataclass
class RecordChunk:
    """A few thousand records as a FIT file of their own (definitions without developer fields, records
    without their developer bytes) and, per record in order, the layout of its definition."""

    stream: bytes
    layouts: list[Layout]


@dataclass
class FramedFile:
    """One FIT file of the stream: where it sits, and its records in chunks."""

    offset: int
    header_size: int
    body_size: int
    chunks: list[RecordChunk] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(len(chunk.layouts) for chunk in self.chunks)


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
    plain: bytes  # the definition message without its developer fields
    layout: Layout | None  # for a record definition
    length: int  # bytes of each data message, its header byte included (looked up per message)


def frame(data: bytes, keep: frozenset[int], *, split_records: bool) -> Framed:
    """Frame an intact stream. The selective stream holds every definition and the data messages whose
    number is in `keep`; with `split_records`, records go to chunks instead. Raises Unframed."""
    chunk = CHUNK_RECORDS
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
        body = _Body(data, wanted, split_records, chunk, data[position + 1 : position + 4])
        body.walk(start, end)
        header[4:8] = len(body.kept).to_bytes(4, "little")
        selective += header + body.kept + b"\0\0"
        file.chunks = body.finish()
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
    if header_size == 14:
        stored = int.from_bytes(data[position + 12 : position + 14], "little")
        if stored and crc16(view[position : position + 12]) != stored:
            raise Unframed("header checksum")
    if crc16(view[position:end]) != int.from_bytes(data[end : end + 2], "little"):
        raise Unframed("data checksum")
    return header_size, body_size


class _Body:
    """Walks one file's messages, copying what is kept and gathering records into chunks."""

    def __init__(
        self, data: bytes, wanted: frozenset[int], split: bool, chunk: int, versions: bytes
    ) -> None:
        self.data = data
        self.wanted = wanted if split else wanted | {RECORD}
        self.split = split
        self.chunk = chunk
        self.versions = versions
        self.kept = bytearray()
        self.definitions: dict[int, _Definition] = {}
        self.chunks: list[RecordChunk] = []
        self._records = bytearray()
        self._layouts: list[Layout] = []

    def walk(self, start: int, end: int) -> None:
        # The hot loop of framing (one pass per message): data messages are handled inline.
        data = self.data
        definitions = self.definitions
        wanted = self.wanted
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
            if definition.layout is not None:
                if len(self._layouts) == self.chunk:
                    self._close_chunk()
                self._records += data[position : position + 1 + definition.size]
                self._layouts.append(definition.layout)
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
        layout = _layout(fields) if number == RECORD and self.split else None
        plain = bytes([header & ~_DEVELOPER_FLAG]) + data[position + 1 : fields_end]
        if layout is not None:
            raw = RAW_MESSAGE.to_bytes(2, "big" if architecture else "little")
            plain = plain[:3] + raw + plain[5:]
        size = sum(fields[1::3])
        definition = _Definition(
            number, size, developer_size, plain, layout, 1 + size + developer_size
        )
        self.definitions[local] = definition
        self.kept += data[position:developer_end]
        if layout is not None:
            self._records += plain
        return developer_end

    def _close_chunk(self) -> None:
        header = bytearray([12]) + self.versions + len(self._records).to_bytes(4, "little")
        stream = bytes(header + _SIGNATURE + self._records)
        self.chunks.append(RecordChunk(stream + crc16(stream).to_bytes(2, "little"), self._layouts))
        self._records = bytearray()
        for definition in self.definitions.values():
            if definition.layout is not None:
                self._records += definition.plain
        self._layouts = []

    def finish(self) -> list[RecordChunk]:
        if self._layouts:
            self._close_chunk()
        return self.chunks


def _layout(fields: bytes) -> Layout:
    """Which row fields a record of this definition fills, from which raw field, in fitdecode's order."""
    steps: list[Step] = []
    seen: set[int] = set()
    for index in range(0, len(fields), 3):
        number, size, base_type = fields[index], fields[index + 1], fields[index + 2]
        if number in _ACCUMULATED:
            raise Unframed("a record field accumulated across records", records_only=True)
        known = RECORD_FIELDS.get(number)
        if known is None:
            continue
        name, expected_size, expected_type, scale, offset = known
        if size != expected_size or base_type & 0x1F != expected_type or number in seen:
            raise Unframed(
                f"record field {name} is not as the profile defines it", records_only=True
            )
        seen.add(number)
        key = f"unknown_field_{number}"
        expanded = EXPANDS.get(number)
        if expanded is not None:
            steps.append(Step(expanded, key, scale, offset))
        steps.append(Step(name, key, scale, offset))
    return tuple(steps)

"""FIT streams as messages and fields at byte offsets, so a test can rewrite values and re-sign the file.

A mutation that breaks the checksum only tests the checksum check; one written in place with both CRCs
recomputed reaches the importer's handling of the value itself. This walks a stream independently of the
importer (headers, definitions, data messages, compressed timestamp headers, developer fields, chained
files) and stops quietly at the first thing it cannot frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from runlift_fit.checksum import crc16

_COMPRESSED = 0x80
_DEFINITION = 0x40
_DEVELOPER = 0x20
_SIGNATURE = b".FIT"

# Integer base types and the size of one value in bytes (an array field holds several).
_INTEGER_SIZES = {
    0x00: 1,  # enum
    0x01: 1,  # sint8
    0x02: 1,  # uint8
    0x0A: 1,  # uint8z
    0x0D: 1,  # byte
    0x83: 2,  # sint16
    0x84: 2,  # uint16
    0x8B: 2,  # uint16z
    0x85: 4,  # sint32
    0x86: 4,  # uint32
    0x8C: 4,  # uint32z
    0x8E: 8,  # sint64
    0x8F: 8,  # uint64
    0x90: 8,  # uint64z
}


@dataclass(frozen=True)
class Field:
    """One field of one data message: where its bytes are and how its first value is written."""

    mesg_num: int
    number: int
    offset: int
    size: int
    base_type: int
    big_endian: bool

    @property
    def value_size(self) -> int | None:
        """Bytes of its first value when it holds an integer, else None."""
        size = _INTEGER_SIZES.get(self.base_type)
        return size if size is not None and self.size >= size else None


@dataclass(frozen=True)
class Definition:
    """A definition message: which file of the stream it is in, and its bytes."""

    file_index: int
    offset: int
    length: int


@dataclass
class Layout:
    """A stream's files (offset, header size, body size), definition messages and data fields."""

    files: list[tuple[int, int, int]]
    definitions: list[Definition]
    fields: list[Field]

    def of(self, mesg_num: int, number: int) -> list[Field]:
        """Every integer field `number` of the messages numbered `mesg_num`, in stream order."""
        return [
            f
            for f in self.fields
            if f.mesg_num == mesg_num and f.number == number and f.value_size is not None
        ]


def layout(data: bytes) -> Layout:
    """Walk `data` as far as it frames cleanly."""
    out = Layout([], [], [])
    position = 0
    while position + 12 <= len(data) and data[position + 8 : position + 12] == _SIGNATURE:
        header_size = data[position]
        body_size = int.from_bytes(data[position + 4 : position + 8], "little")
        start, end = position + header_size, position + header_size + body_size
        if header_size < 12 or end > len(data):
            break
        out.files.append((position, header_size, body_size))
        if not _walk(data, start, end, len(out.files) - 1, out):
            break
        position = end + 2
    return out


_Local = tuple[int, bool, list[tuple[int, int, int]], int]


def _walk(data: bytes, start: int, end: int, file_index: int, out: Layout) -> bool:
    """Add one file's definitions and fields to `out`; False where the framing breaks."""
    local: dict[int, _Local] = {}
    position = start
    while position < end:
        header = data[position]
        if header & _COMPRESSED:
            number = (header >> 5) & 0x03
        elif header & _DEFINITION:
            after = _definition(data, position, end, local)
            if after is None:
                return False
            out.definitions.append(Definition(file_index, position, after - position))
            position = after
            continue
        else:
            number = header & 0x0F
        if number not in local:
            return False
        mesg_num, big_endian, fields, developer_size = local[number]
        at = position + 1
        for field_number, size, base_type in fields:
            out.fields.append(Field(mesg_num, field_number, at, size, base_type, big_endian))
            at += size
        position = at + developer_size
        if position > end:
            return False
    return True


def _definition(data: bytes, position: int, end: int, local: dict[int, _Local]) -> int | None:
    """Read the definition at `position` into `local`; where it ends, or None if it runs past `end`."""
    if position + 6 > end:
        return None
    big_endian = data[position + 2] == 1
    mesg_num = int.from_bytes(data[position + 3 : position + 5], "big" if big_endian else "little")
    fields_end = position + 6 + 3 * data[position + 5]
    if fields_end > end:
        return None
    fields = [(data[i], data[i + 1], data[i + 2]) for i in range(position + 6, fields_end, 3)]
    after, developer_size = fields_end, 0
    if data[position] & _DEVELOPER:
        if fields_end >= end:
            return None
        after = fields_end + 1 + 3 * data[fields_end]
        developer_size = sum(data[fields_end + 2 : after : 3])
    if after > end:
        return None
    local[data[position] & 0x0F] = (mesg_num, big_endian, fields, developer_size)
    return after


def write(data: bytes, fields: Iterable[Field], raw: int) -> bytes:
    """`data` with the first value of each of `fields` set to `raw` (wrapped to the value's size: -1 is
    all ones), re-signed."""
    out = bytearray(data)
    for field in fields:
        size = field.value_size
        assert size is not None, field
        value = raw % (1 << (8 * size))
        order = "big" if field.big_endian else "little"
        out[field.offset : field.offset + size] = value.to_bytes(size, order)
    return resign(bytes(out))


def duplicate(data: bytes, definition: Definition) -> bytes:
    """`data` with `definition` repeated right after itself (legal FIT: a redefinition), re-signed."""
    at = definition.offset + definition.length
    out = bytearray(data[:at] + data[definition.offset : at] + data[at:])
    position, _, body_size = layout(data).files[definition.file_index]
    out[position + 4 : position + 8] = (body_size + definition.length).to_bytes(4, "little")
    return resign(bytes(out))


def resign(data: bytes) -> bytes:
    """The stream with the header and data checksums of each whole file recomputed."""
    out = bytearray(data)
    position = 0
    while position + 12 <= len(out) and out[position + 8 : position + 12] == _SIGNATURE:
        header_size = out[position]
        end = position + header_size + int.from_bytes(out[position + 4 : position + 8], "little")
        if header_size < 12 or end + 2 > len(out):
            break
        if header_size >= 14:
            header_crc = crc16(bytes(out[position : position + 12]))
            out[position + 12 : position + 14] = header_crc.to_bytes(2, "little")
        out[end : end + 2] = crc16(bytes(out[position:end])).to_bytes(2, "little")
        position = end + 2
    return bytes(out)

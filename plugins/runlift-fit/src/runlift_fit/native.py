"""Record messages through a native FIT decoder (pyfitparsernative, in Rust) when it is installed.

fitdecode spends most of a long file's decoding on its `record` messages, one Python object per field.
The native decoder reads them about seven times faster. It is used for records only, and only as
`framing` hands them over: chunks of an intact file whose record fields are laid out as the profile
says. It returns raw integers (see framing.RAW_MESSAGE); the profile's scale and offset are applied
here with fitdecode's arithmetic, and values are placed in the order fitdecode places them, so that the
rows are the same; the corpus tests compare the two readings row for row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runlift_fit.framing import RecordChunk

Parser = Callable[[bytes], list[dict[str, Any]]]


def _load() -> Parser | None:
    try:
        from pyfitparsernative import parse_fit_bytes
    except ImportError:  # an optional dependency: fitdecode reads the records instead
        return None
    return parse_fit_bytes


_parse = _load()

Row = list[Any]


class NativeFailed(Exception):
    """The native decoder refused or misread a chunk; fitdecode reads the file instead."""


def available() -> bool:
    """Whether pyfitparsernative is installed."""
    return _parse is not None


def records_of(chunks: list[RecordChunk], slots: dict[str, int], width: int) -> list[Row]:
    """The rows of every record in the chunks, each `width` long with values at `slots`."""
    parse = _parse
    if parse is None:
        raise NativeFailed("pyfitparsernative is not installed")
    rows: list[Row] = []
    # Keyed by identity: a chunk's layouts are shared tuples, and hashing one per record costs more.
    placements: dict[int, tuple[tuple[int, str, int, int], ...]] = {}
    for chunk in chunks:
        messages = _decoded(parse, chunk.stream)
        if len(messages) != len(chunk.layouts):
            raise NativeFailed(
                f"the native decoder read {len(messages)} records of {len(chunk.layouts)}"
            )
        for message, layout in zip(messages, chunk.layouts, strict=True):
            placed = placements.get(id(layout))
            if placed is None:
                placed = placements[id(layout)] = tuple(
                    (slots[step.name], step.key, step.scale, step.offset) for step in layout
                )
            row: Row = [None] * width
            for slot, key, scale, offset in placed:
                raw = message.get(key)
                if raw is None:
                    continue
                # fitdecode's arithmetic, to the bit: float(raw) / scale, then minus the offset.
                if scale:
                    raw = float(raw) / scale
                if offset:
                    raw = raw - offset
                row[slot] = raw
            rows.append(row)
    return rows


def _decoded(parse: Parser, stream: bytes) -> list[dict[str, Any]]:
    try:
        messages = parse(stream)
    except Exception as exc:
        raise NativeFailed(f"{type(exc).__name__}: {exc}") from exc
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise NativeFailed(f"the native decoder panicked: {exc}") from exc
    if messages and not all(_raw(key) for key in messages[0]):
        raise NativeFailed("the native decoder applied a profile to the raw record fields")
    return messages


def _raw(key: str) -> bool:
    return key == "message_type" or key.startswith("unknown_field_")

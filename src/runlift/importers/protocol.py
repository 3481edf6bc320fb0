"""What an importer object is: a name, a version, the formats it reads, a sniff and a decode."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from runlift.importers.values import Decoded


@dataclass(frozen=True)
class DecodeRequest:
    """One file to decode: where it is, the name the user knows it by, this importer's config section
    ([importers.<name>]), the athlete's IANA time zone for formats that store local times without one, and
    the athlete's units ("metric" or "imperial") for formats whose weights carry no unit."""

    path: Path
    filename: str
    options: Mapping[str, Any] = field(default_factory=dict)
    time_zone: str = "UTC"
    units: str = "metric"
    # Set by runlift: hears how many bytes of the file the importer has read (see `progress`).
    on_progress: Callable[[int], None] | None = field(default=None, repr=False, compare=False)

    def progress(self, read_bytes: int) -> None:
        """Say how far the decode has read (bytes from the file's start). runlift shows it to the user,
        and while the figure grows the decode is not stopped by [import] plugin_timeout_s: an importer that
        reads large files as a stream calls it as it goes (as often as it likes; it is throttled)."""
        if self.on_progress is not None:
            self.on_progress(read_bytes)


class Unimportable(Exception):
    """Raised by an importer for a file it recognises but cannot import (damaged, not an activity, ...).

    `reason` is shown to the user and stored in the FileRejected event; `offset` is the byte where the
    damage was found, when known. `truncated` says the data stops where the file ends, as a file still
    being copied does (the daemon then waits for the rest before it rejects the file).
    """

    def __init__(self, reason: str, *, offset: int | None = None, truncated: bool = False) -> None:
        self.reason = reason
        self.offset = offset
        self.truncated = truncated
        super().__init__(reason if offset is None else f"{reason} (at byte {offset})")


@runtime_checkable
class Importer(Protocol):
    """An importer for one or more file formats.

    `sniff` gets the first bytes of a file (up to 4 KiB) and its name, and returns how sure it is that it
    can read the file, from 0.0 (not mine) to 1.0 (certain); it must be fast and must not open the file.
    `decode` reads the whole file and returns what it holds, or raises Unimportable.

    An importer may also set `streams = True`: it reads a file as a stream, in memory bounded whatever the
    file's size, so files past [import] max_file_bytes (up to [import] max_stream_bytes) reach it; an
    importer without it never gets a file past max_file_bytes. A streaming importer should report its
    progress through `DecodeRequest.progress`.
    """

    name: str
    version: str
    formats: tuple[str, ...]

    def sniff(self, head: bytes, filename: str) -> float: ...

    def decode(self, request: DecodeRequest) -> Decoded: ...

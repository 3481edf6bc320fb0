"""What decoding one file gave: the decoded values, or the stage and reason it failed (picklable)."""

from __future__ import annotations

from dataclasses import dataclass

from runlift.importers.values import Decoded


@dataclass(frozen=True)
class DecodeSuccess:
    """The file was read by `importer` (at `version`)."""

    importer: str
    version: str
    decoded: Decoded


@dataclass(frozen=True)
class DecodeFailure:
    """The file could not be read. `stage` is one of: read, sniff, size (too large for
    an importer that reads files whole), decode, validate, timeout, crash.
    `truncated`: the importer found the data stopping where the file ends (it may still be being written)."""

    stage: str
    reason: str
    importer: str | None = None
    truncated: bool = False


DecodeOutcome = DecodeSuccess | DecodeFailure

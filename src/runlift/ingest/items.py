"""The files an import will read (candidates) and the things it refused before reading them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from runlift.importers.reading import Cause, Snapshot

# Names that are still being written or are not user data.
TEMPORARY_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".download")


@dataclass(frozen=True)
class Candidate:
    """A file to import: `path` is readable on disk; `display` is how the user knows it. An archive's
    member carries the archive's snapshot (`origin`): nothing from it is stored if the archive changed.
    `follow_links` only for a link named on the command line: one swapped in later is not followed."""

    path: Path
    display: str
    archive: str | None = None
    origin: Snapshot | None = None
    follow_links: bool = False


@dataclass(frozen=True)
class Refused:
    """Something given that will not be imported, and why (never read: no bytes, no hash). `path` is
    what may be kept in failed/ (None: nothing); `cause` says what is recorded (reading.Cause);
    `truncated`: an archive that stops before its end (no central directory yet: still being copied?)."""

    display: str
    reason: str
    archive: str | None = None
    path: Path | None = None
    cause: Cause = "input"
    origin: Snapshot | None = None
    truncated: bool = False


Item = Candidate | Refused


def is_ignored(name: str) -> bool:
    """Dotfiles and temporary download names are skipped until renamed."""
    return name.startswith(".") or name.lower().endswith(TEMPORARY_SUFFIXES)

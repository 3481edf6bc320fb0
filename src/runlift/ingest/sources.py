"""Expands what the user gave (files, folders, .zip archives) into files to import, refusing unsafe ones."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from runlift.importers.reading import link_reason, not_regular_reason
from runlift.ingest.archives import extract_archive
from runlift.ingest.items import Candidate, Item, Refused, is_ignored
from runlift.settings import ArchiveLimits


def is_archive(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def expand(
    paths: Iterable[Path], limits: ArchiveLimits, scratch: Path, *, follow_links: bool = True
) -> Iterator[Item]:
    """Yield every importable file under `paths`; archives are extracted safely into `scratch`.

    A symbolic link among `paths` is followed only with `follow_links` (a link named on the command line
    is the user's choice; one in the drop folder is not); links inside a folder never are.
    """
    for given in paths:
        if not follow_links and given.is_symlink():
            yield Refused(str(given), link_reason(given))
        elif not given.exists():  # gone since it was named (the daemon's scan, say): not recorded
            yield Refused(str(given), "not read: no such file or folder", cause="change")
        elif given.is_dir():
            for path in _walk(given):
                yield from _one(path, limits, scratch, follow_links=False)
        else:
            yield from _one(given, limits, scratch, follow_links=follow_links)


def _one(path: Path, limits: ArchiveLimits, scratch: Path, *, follow_links: bool) -> Iterator[Item]:
    try:
        mode = os.stat(path, follow_symlinks=follow_links).st_mode
    except OSError as exc:  # gone since the folder was listed
        yield Refused(str(path), f"not read: {exc.strerror}", cause="change")
        return
    if stat.S_ISLNK(mode):
        yield Refused(str(path), link_reason(path))
    elif not stat.S_ISREG(mode):
        yield Refused(str(path), not_regular_reason(mode))
    elif is_archive(path):
        # A folder of its own: members are written to numbered folders, which two archives share.
        own = Path(tempfile.mkdtemp(prefix="zip-", dir=scratch))
        yield from extract_archive(path, limits, own, follow_links=follow_links)
    else:
        yield Candidate(path, str(path), follow_links=follow_links)


def _walk(folder: Path) -> Iterator[Path]:
    """Everything below a folder in a stable order, skipping hidden and temporary names. Links (to files
    or folders) are listed, to be refused by name, but never followed."""
    for root, dirs, files in os.walk(folder):
        linked = sorted(d for d in dirs if not is_ignored(d) and Path(root, d).is_symlink())
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
        for name in sorted([*files, *linked]):
            if not is_ignored(name):
                yield Path(root) / name

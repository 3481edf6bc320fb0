"""Expands what the user gave (files, folders, .zip archives) into files to import, refusing unsafe ones."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from runlift.ingest.archives import ArchiveLimits, extract_archive
from runlift.ingest.items import Candidate, Item, Refused, is_ignored


def is_archive(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def expand(paths: Iterable[Path], limits: ArchiveLimits, scratch: Path) -> Iterator[Item]:
    """Yield every importable file under `paths`; archives are extracted safely into `scratch`."""
    for given in paths:
        if not given.exists():
            yield Refused(str(given), "no such file or folder")
        elif given.is_dir():
            for path in _walk(given):
                yield from _one(path, limits, scratch)
        else:
            yield from _one(given, limits, scratch)


def _one(path: Path, limits: ArchiveLimits, scratch: Path) -> Iterator[Item]:
    if not path.is_file():
        yield Refused(str(path), "not a regular file")
    elif is_archive(path):
        yield from extract_archive(path, limits, scratch)
    else:
        yield Candidate(path, str(path))


def _walk(folder: Path) -> Iterator[Path]:
    """Files below a folder in a stable order, skipping hidden and temporary names; links are not followed."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not is_ignored(name) and not path.is_symlink():
                yield path

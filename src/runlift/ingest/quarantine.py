"""Quarantine: a rejected file is copied (or moved) to failed/ with a sidecar saying why."""

from __future__ import annotations

import shutil
from pathlib import Path

SIDECAR_SUFFIX = ".error.txt"


def quarantine(
    path: Path | None, name: str, reason: str, failed: Path, *, move: bool = False
) -> Path:
    """Put a rejected file into `failed/` beside `<name>.error.txt`; returns where the sidecar went.

    A file of the same name already there is never overwritten: a numbered name is used instead.
    `path` None (the bytes were never read, e.g. a refused archive member) writes the sidecar only.
    """
    failed.mkdir(parents=True, exist_ok=True)
    target = _free_name(failed, Path(name).name or "unnamed")
    if path is not None and path.is_file():
        if move:
            shutil.move(path, target)
        else:
            shutil.copyfile(path, target)
    sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
    sidecar.write_text(f"{name}\n{reason}\n", encoding="utf-8")
    return sidecar


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while target.exists() or target.with_name(target.name + SIDECAR_SUFFIX).exists():
        target = folder / f"{stem}.{n}{suffix}"
        n += 1
    return target

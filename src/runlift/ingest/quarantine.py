"""Quarantine: a rejected file is copied (or moved) to failed/ with a sidecar saying why."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

SIDECAR_SUFFIX = ".error.txt"


def quarantine(
    path: Path | None,
    name: str,
    reason: str,
    failed: Path,
    *,
    move: bool = False,
    max_copy_bytes: int | None = None,
) -> Path:
    """Put a rejected file into `failed/` beside `<name>.error.txt`; returns where the sidecar went.

    A file of the same name already there is never overwritten: a numbered name is used instead.
    `path` None (the bytes were never read, e.g. a refused archive member) writes the sidecar only, and
    so does anything but a regular file: a link is never followed (its target stays where it is) and a
    pipe never opened. A copy larger than `max_copy_bytes` is not made (a move is only a rename), and a
    file that cannot be copied or moved (say, unreadable) is left where it is; the sidecar says so.
    """
    failed.mkdir(parents=True, exist_ok=True)
    target = _free_name(failed, Path(name).name or "unnamed")
    note = ""
    if path is not None and _regular(path):
        note = _keep(path, target, move, max_copy_bytes)
    sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
    sidecar.write_text(f"{name}\n{reason}\n{note}", encoding="utf-8")
    return sidecar


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _keep(path: Path, target: Path, move: bool, max_copy_bytes: int | None) -> str:
    """Copy or move the file to `target`; why it stayed where it is, if it did."""
    try:
        if move:
            shutil.move(path, target)
        elif max_copy_bytes is not None and path.stat().st_size > max_copy_bytes:
            return f"(the file itself was left where it is: larger than {max_copy_bytes:,} bytes)\n"
        else:
            shutil.copyfile(path, target)
    except OSError as exc:
        target.unlink(missing_ok=True)  # a partial copy
        verb = "moved" if move else "copied"
        return f"(the file itself could not be {verb} here: {exc.strerror or exc})\n"
    return ""


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while os.path.lexists(target) or os.path.lexists(
        target.with_name(target.name + SIDECAR_SUFFIX)
    ):
        target = folder / f"{stem}.{n}{suffix}"
        n += 1
    return target

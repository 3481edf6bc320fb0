"""Quarantine: a rejected file is copied (or moved) to failed/ with a sidecar saying why."""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
from collections.abc import Iterator
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
    file that cannot be copied or moved (say, unreadable) is left where it is; the sidecar says so. The
    same bytes rejected for the same reason before (a re-import) are not kept twice: the earlier sidecar
    is returned (and a file to be moved is removed: its bytes are in failed/ already).
    """
    failed.mkdir(parents=True, exist_ok=True)
    kept = _kept_before(failed, Path(name).name or "unnamed", path, reason)
    if kept is not None:  # the same bytes, rejected for the same reason: failed/ stays as it was
        if move and path is not None and _regular(path):
            path.unlink(missing_ok=True)
        return kept
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


def _kept_before(folder: Path, name: str, path: Path | None, reason: str) -> Path | None:
    """The sidecar of a file of this name (or a numbered one) in `folder` holding the same bytes as
    `path`, rejected for the same reason; None if there is none (or `path` is not a readable file)."""
    if path is None or not _regular(path):
        return None
    for target in _names(folder, name):
        sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
        if not (os.path.lexists(target) or os.path.lexists(sidecar)):
            return None
        try:
            same_reason = sidecar.read_text(encoding="utf-8").split("\n")[1:2] == [reason]
            if same_reason and _regular(target) and filecmp.cmp(target, path, shallow=False):
                return sidecar
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _names(folder: Path, name: str) -> Iterator[Path]:
    """name, then name.1.ext, name.2.ext ... in `folder`."""
    yield folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while True:
        yield folder / f"{stem}.{n}{suffix}"
        n += 1


def _free_name(folder: Path, name: str) -> Path:
    for target in _names(folder, name):
        if not (
            os.path.lexists(target)
            or os.path.lexists(target.with_name(target.name + SIDECAR_SUFFIX))
        ):
            return target
    raise AssertionError("unreachable")  # pragma: no cover

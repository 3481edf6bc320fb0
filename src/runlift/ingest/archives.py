"""Safe extraction of .zip archives (a whole Garmin export): no escaping paths, bounded size and count."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from runlift.importers.reading import Snapshot, Unreadable, open_regular
from runlift.ingest.items import Candidate, Item, Refused, is_ignored
from runlift.settings import ArchiveLimits

CHUNK = 1 << 20


class _TooLarge(Exception):
    pass


def extract_archive(
    archive: Path,
    limits: ArchiveLimits,
    scratch: Path,
    *,
    depth: int = 0,
    label: str | None = None,
    follow_links: bool = True,
    origin: Snapshot | None = None,
) -> Iterator[Item]:
    """Extract the members of a zip into `scratch` and yield them; refuse what is unsafe, with the reason.

    A nested .zip is opened one level deep. Member names are never used as paths: each member is written
    under a fresh numbered folder, so no name can reach outside `scratch`. Every item carries the outer
    archive's snapshot (`origin`), so nothing is stored from an archive that changed while it was read.
    """
    label = label or str(archive)
    try:
        fh, opened = open_regular(archive, follow_links=follow_links)
    except Unreadable as exc:
        kept = archive if exc.keep else None
        yield Refused(label, exc.reason, cause=exc.cause, path=kept, origin=origin)
        return
    origin = origin or Snapshot.of(archive, opened, follow_links=follow_links)
    with fh:
        yield from _extract(fh, archive, limits, scratch, depth, label, origin)


_LOCAL_HEADER = b"PK\x03\x04"  # a zip starts with its first member's local header


def _extract(
    fh: BinaryIO,
    archive: Path,
    limits: ArchiveLimits,
    scratch: Path,
    depth: int,
    label: str,
    origin: Snapshot,
) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError) as exc:
        fh.seek(0)
        # Its members' start without the directory at its end: a copy not finished yet, maybe.
        begun = fh.read(4) in (b"", _LOCAL_HEADER)
        yield Refused(
            label,
            f"not a readable zip archive: {exc}",
            path=archive,
            origin=origin,
            truncated=begun and depth == 0,
        )
        return
    with zf:
        members = [info for info in zf.infolist() if not info.is_dir()]
        if len(members) > limits.max_members:
            yield Refused(
                label,
                f"the archive holds {len(members)} files, more than the limit of {limits.max_members} "
                "(import.archives.max_members)",
                path=archive,
                origin=origin,
            )
            return
        declared = sum(info.file_size for info in members)
        if declared > limits.max_total_bytes:
            yield Refused(
                label,
                f"the archive would unpack to {declared:,} bytes, more than the limit of "
                f"{limits.max_total_bytes:,} (import.archives.max_total_bytes)",
                path=archive,
                origin=origin,
            )
            return
        budget = [limits.max_total_bytes]
        for index, info in enumerate(members):
            display = f"{label}!{info.filename}"
            problem = _unsafe(zf, info, limits)
            if problem is not None:
                yield Refused(display, problem, archive=label, origin=origin)
                continue
            name = PurePosixPath(info.filename.replace("\\", "/")).name
            if is_ignored(name):
                continue
            target = scratch / f"{depth}-{index}" / name
            target.parent.mkdir(parents=True)
            try:
                _copy_bounded(zf, info, target, limits, budget)
            except _TooLarge as exc:
                yield Refused(display, str(exc), archive=label, origin=origin)
                return
            except zipfile.BadZipFile as exc:
                target.unlink(missing_ok=True)  # what was copied before the mismatch showed
                reason = (
                    "refused: the member's bytes do not match what the archive declares for it "
                    f"(size or checksum: damaged or forged): {exc}"
                )
                yield Refused(display, reason, archive=label, origin=origin)
                continue
            except (OSError, EOFError, zipfile.LargeZipFile) as exc:
                target.unlink(missing_ok=True)
                reason = f"cannot extract this member: {exc}"
                yield Refused(display, reason, archive=label, origin=origin)
                continue
            if name.lower().endswith(".zip"):
                if depth >= 1:
                    reason = "refused: archives nested more than one level deep are not opened"
                    yield Refused(display, reason, archive=label, origin=origin)
                    continue
                yield from extract_archive(
                    target,
                    limits,
                    scratch / f"{depth}-{index}-zip",
                    depth=depth + 1,
                    label=display,
                    origin=origin,
                )
                continue
            yield Candidate(target, display, archive=label, origin=origin)


def _unsafe(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits) -> str | None:
    """Why a member must not be extracted, or None."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "refused: the member has an absolute path (it would be written outside the import)"
    if ".." in parts:
        return "refused: the member's path climbs out of the archive with '..' (zip slip)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return (
            f"refused: the member is a symbolic link (to {_link_target(zf, info)}); not extracted"
        )
    if info.file_size > limits.max_member_bytes:
        return (
            f"refused: the member unpacks to {info.file_size:,} bytes, more than the limit of "
            f"{limits.max_member_bytes:,} (import.archives.max_member_bytes)"
        )
    if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
        ratio = info.file_size / info.compress_size
        return (
            f"refused: the member is compressed {ratio:,.0f}:1, above the limit of "
            f"{limits.max_compression_ratio:g}:1 (a zip bomb?)"
        )
    return None


def _link_target(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """What a symbolic-link member points to (its data), read no further than a path can be long."""
    try:
        with zf.open(info) as member:
            return member.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        return f"an unreadable target: {exc}"


def _copy_bounded(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    target: Path,
    limits: ArchiveLimits,
    budget: list[int],
) -> None:
    """Copy a member out, counting real bytes: declared sizes in a zip can lie."""
    written = 0
    with zf.open(info) as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            budget[0] -= len(chunk)
            if written > limits.max_member_bytes or budget[0] < 0:
                dst.close()
                target.unlink()
                raise _TooLarge(
                    "refused: the archive unpacks to more than its declared size allows "
                    "(import.archives limits); extraction stopped"
                )
            dst.write(chunk)

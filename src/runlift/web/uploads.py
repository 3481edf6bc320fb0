"""A pushed file's bytes, received into the home before ingest: size checked as they arrive, never held whole."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile

# The content types a pushed file may come as: the file's bytes (its format is sniffed from them, as a
# dropped file's is), or the browser's multipart form with one `file` field.
RAW_TYPES = frozenset(
    {
        "application/octet-stream",
        "application/json",
        "text/json",
        "text/csv",
        "application/csv",
        "text/xml",
        "application/xml",
        "application/gpx+xml",
        "application/vnd.garmin.tcx+xml",
        "application/zip",
        "application/x-zip-compressed",
        "application/vnd.ant.fit",
        "application/fit",
    }
)
MULTIPART = "multipart/form-data"
# What a name may hold: a file name, not a path (no separators, no control characters, not "." or "..").
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")
NAME_MAX = 200
CHUNK = 1 << 16


class Staged:
    """A folder of its own under <home>/incoming holding one received file; `discard()` removes it."""

    def __init__(self, home: Path, name: str) -> None:
        self.folder = home / "incoming" / uuid.uuid4().hex
        self.folder.mkdir(parents=True)
        self.path = self.folder / name

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def file_name(given: str | None, content_type: str) -> str:
    """The pushed file's name: `?name=` checked, or one made up from the content type."""
    if given is None or given == "":
        suffix = {"application/json": ".json", "text/json": ".json", "text/csv": ".csv"}.get(
            content_type, ""
        )
        return f"pushed{suffix}"
    name = given.strip()
    if _UNSAFE.search(name) or name in {".", ".."} or not name or len(name) > NAME_MAX:
        raise HTTPException(
            422,
            f"name: {given[:NAME_MAX]!r} is not a file name (no path, at most {NAME_MAX} characters)",
        )
    return name


def media_type(request: Request) -> str:
    """The request's content type without its parameters (no header: plain bytes)."""
    header = request.headers.get("content-type", "application/octet-stream")
    return header.split(";", 1)[0].strip().lower()


def check_length(request: Request, limit: int, *, required: bool) -> None:
    """Refuse a body whose stated length is over `limit` before reading any of it (413)."""
    stated = request.headers.get("content-length")
    if stated is None:
        if required:
            raise HTTPException(411, "a multipart upload needs a Content-Length")
        return
    try:
        length = int(stated)
    except ValueError:
        raise HTTPException(400, f"Content-Length: {stated!r} is not a number") from None
    if length > limit:
        raise too_large(limit)


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        413,
        f"the file is larger than {limit:,} bytes, the most runlift reads ([import] max_file_bytes, "
        "or max_stream_bytes for a file an importer reads as a stream); raise it in runlift.toml to "
        "import larger files",
    )


async def receive_raw(request: Request, target: Path, limit: int) -> int:
    """Write the body to `target` as it arrives; 413 as soon as it passes `limit`. Its size."""
    return await _write(request.stream(), target, limit)


async def receive_form(request: Request, target: Path, limit: int) -> str | None:
    """Write the multipart form's `file` field to `target`; the file name the browser gave."""
    # The body's length was checked against the limit (plus a form's few headers) before this reads it.
    async with request.form(max_files=1, max_fields=4) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, "file: the form has no file field named 'file'")

        async def chunks() -> AsyncIterator[bytes]:
            while chunk := await upload.read(CHUNK):
                yield chunk

        await _write(chunks(), target, limit)
        return upload.filename


async def _write(chunks: AsyncIterator[bytes], target: Path, limit: int) -> int:
    size = 0
    with target.open("wb") as out:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            out.write(chunk)
    if size == 0:
        raise HTTPException(422, "the body is empty: send the file's bytes")
    return size

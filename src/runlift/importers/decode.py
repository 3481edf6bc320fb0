"""Decodes one file with the chosen importer, checks what the plugin returned and leaves out what is not
plausible; never raises."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from runlift.importers.manager import Registry
from runlift.importers.outcomes import DecodeFailure, DecodeOutcome, DecodeSuccess
from runlift.importers.plausible import NothingPlausible, plausible
from runlift.importers.protocol import DecodeRequest, Unimportable
from runlift.importers.reading import Unreadable, open_regular
from runlift.importers.sniff import HEAD_BYTES, choose_importer
from runlift.importers.values import Decoded

_DECODED = TypeAdapter(Decoded)


@dataclass(frozen=True)
class Athlete:
    """What an importer may know about the athlete: the time zone and units for files that do not say."""

    time_zone: str = "UTC"
    units: str = "metric"


def decode_file(
    registry: Registry,
    path: Path,
    filename: str,
    options: Mapping[str, Mapping[str, Any]],
    on_choice: Callable[[str], None] | None = None,
    athlete: Athlete = Athlete(),
    *,
    on_progress: Callable[[int], None] | None = None,
    whole_limit: int | None = None,
) -> DecodeOutcome:
    """Sniff, decode, validate and screen one file (plausible.py). Every failure becomes a DecodeFailure
    naming the plugin.

    `on_choice` hears the chosen importer's name before decoding starts, so a watchdog that has to kill
    a hung decode can still say whose it was; `on_progress` hears the bytes a streaming importer has
    read. A file larger than `whole_limit` ([import] max_file_bytes) reaches only an importer that
    declares it `streams`; any other refuses it unread, saying how to raise the limit.
    """
    try:
        # Not a plain open: a pipe swapped in since the parent hashed the file would block it.
        fh, opened = open_regular(path, follow_links=True)
        with fh:
            head = fh.read(HEAD_BYTES)
    except Unreadable as exc:
        return DecodeFailure("read", exc.reason)
    except OSError as exc:
        return DecodeFailure("read", f"cannot read the file: {exc.strerror or exc}")
    choice = choose_importer(registry.importers.values(), head, filename)
    if choice is None:
        return DecodeFailure("sniff", _unrecognised(head, filename, registry))
    importer = choice.importer
    if on_choice is not None:
        on_choice(importer.name)
    streams = getattr(importer, "streams", False) is True
    if whole_limit is not None and opened.st_size > whole_limit and not streams:
        return DecodeFailure("size", too_large(importer.name, opened.st_size, whole_limit))
    request = DecodeRequest(
        path=path,
        filename=filename,
        options=options.get(importer.name, {}),
        time_zone=athlete.time_zone,
        units=athlete.units,
        on_progress=on_progress,
    )
    try:
        decoded = importer.decode(request)
    except Unimportable as exc:
        return DecodeFailure(
            "decode", str(exc), importer.name, truncated=getattr(exc, "truncated", False) is True
        )
    except ValidationError as exc:
        return DecodeFailure("validate", _malformed(importer.name, exc), importer.name)
    except Exception as exc:
        reason = f"importer {importer.name!r} failed: {type(exc).__name__}: {exc}"
        return DecodeFailure("decode", reason, importer.name)
    if not isinstance(decoded, Decoded):
        reason = (
            f"importer {importer.name!r} returned {type(decoded).__name__}, "
            "not runlift.importers.Decoded"
        )
        return DecodeFailure("validate", reason, importer.name)
    try:
        _DECODED.validate_python(decoded)
    except ValidationError as exc:
        return DecodeFailure("validate", _malformed(importer.name, exc), importer.name)
    try:
        decoded = plausible(decoded, datetime.now(UTC))
    except NothingPlausible as exc:
        return DecodeFailure("validate", str(exc), importer.name)
    return DecodeSuccess(importer.name, importer.version, decoded)


def streaming(registry: Registry, path: Path, filename: str) -> tuple[str | None, bool]:
    """The importer that would read a file (None if none recognises it or it cannot be read) and whether
    it reads files as a stream: asked of a file past [import] max_file_bytes before it is hashed. Reads
    the file's head only."""
    try:
        fh, _ = open_regular(path, follow_links=True)
        with fh:
            head = fh.read(HEAD_BYTES)
    except (Unreadable, OSError):
        return None, False
    choice = choose_importer(registry.importers.values(), head, filename)
    if choice is None:
        return None, False
    return choice.importer.name, getattr(choice.importer, "streams", False) is True


def too_large(importer: str | None, size: int, limit: int) -> str:
    """Why a file past [import] max_file_bytes was not decoded: `importer`, which recognises it, reads
    files whole (None: no importer that streams recognises it)."""
    who = (
        f"importer {importer!r} reads a file whole"
        if importer
        else "no importer that reads files as a stream recognises it"
    )
    return (
        f"refused: the file is {size:,} bytes, more than the limit of {limit:,} "
        f"(import.max_file_bytes), and {who}; it was not decoded: raise [import] max_file_bytes in "
        "runlift.toml to import it"
    )


def _malformed(importer: str, exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "value"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"importer {importer!r} returned malformed values: {where}: {first['msg']}{more}"


def _unrecognised(head: bytes, filename: str, registry: Registry) -> str:
    if not head:
        return "the file is empty"
    formats = sorted({f for i in registry.importers.values() for f in i.formats})
    known = ", ".join(formats) if formats else "none: no importer plugin is installed"
    return f"no importer recognises {filename!r} (formats runlift can read: {known})"

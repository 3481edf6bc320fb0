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
) -> DecodeOutcome:
    """Sniff, decode, validate and screen one file (plausible.py). Every failure becomes a DecodeFailure
    naming the plugin.

    `on_choice` hears the chosen importer's name before decoding starts, so a watchdog that has to kill
    a hung decode can still say whose it was.
    """
    try:
        # Not a plain open: a pipe swapped in since the parent hashed the file would block it.
        fh, _ = open_regular(path, follow_links=True)
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
    request = DecodeRequest(
        path=path,
        filename=filename,
        options=options.get(importer.name, {}),
        time_zone=athlete.time_zone,
        units=athlete.units,
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

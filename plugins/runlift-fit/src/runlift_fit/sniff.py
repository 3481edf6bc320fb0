"""Recognising FIT files by their header, and refusing what only looks like one by its name."""

from __future__ import annotations

from runlift.importers import Unimportable

_MAGIC = b".FIT"
_STANDARD_HEADER_SIZES = (12, 14)
_CERTAIN = 1.0
# Header sizes other than 12 and 14 are legal but unusual; still far more likely FIT than anything else.
_LIKELY = 0.9
# A .fit name without a FIT header: low, so any importer that recognises the content wins, but above zero
# so the file is still routed here and rejected with a reason instead of "no importer recognises it".
_BY_NAME_ONLY = 0.1


def confidence(head: bytes, filename: str) -> float:
    """How sure we are that this is a FIT file, from its first bytes and its name."""
    if head[8:12] == _MAGIC and head[0] >= 12:
        return _CERTAIN if head[0] in _STANDARD_HEADER_SIZES else _LIKELY
    if filename.lower().endswith(".fit"):
        return _BY_NAME_ONLY
    return 0.0


def require_fit_header(data: bytes) -> None:
    """Raise Unimportable, saying what the file seems to be, unless it starts with a FIT header."""
    if not data:
        raise Unimportable("not a FIT file: the file is empty", offset=0, truncated=True)
    if len(data) < 12:
        raise Unimportable(
            f"not a FIT file: it is only {len(data)} bytes long", offset=0, truncated=True
        )
    if data[8:12] != _MAGIC:
        raise Unimportable(f"not a FIT file: {_what_it_looks_like(data)}", offset=0)
    if data[0] < 12:
        raise Unimportable(
            f"not a FIT file: its header claims a size of {data[0]} bytes (FIT headers have 12 or 14)",
            offset=0,
        )


def _what_it_looks_like(data: bytes) -> str:
    start = data[:64].lstrip()
    if start.startswith(b"PK\x03\x04"):
        return "it is a zip archive: unpack it first"
    if start.startswith((b"<?xml", b"<gpx", b"<Training")):
        return "it is an XML file (GPX or TCX?) named .fit; rename it to its real extension"
    if start.startswith((b"{", b"[")):
        return "it looks like JSON"
    # The 64 bytes may end inside a multi-byte character: allow that much to be dropped, no more.
    decoded = start.decode("utf-8", errors="ignore")
    printable = len(start) - len(decoded.encode("utf-8")) <= 3 and all(
        c.isprintable() or c in "\t\r\n" for c in decoded
    )
    return "it is a text file" if printable else "the '.FIT' signature is missing at bytes 8-11"

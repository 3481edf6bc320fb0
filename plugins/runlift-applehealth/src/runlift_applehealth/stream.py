"""The export read as a stream of chunks an XML parser can take: the DOCTYPE dropped unread (its newlines kept,
so the parser's line numbers are the file's), and the control bytes XML forbids removed.

The Health app writes an internal DTD before `<HealthData>`; iOS 16's is malformed (an `<!ATTLIST` left
open), which stops every standard parser at its line 156. Nothing in it is needed (the elements are read by
name, every attribute as text), and dropping it leaves no entity an attacker could declare. Some exports
hold a vertical tab or another C0 control byte inside a source's name, which XML 1.0 forbids: removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 1 << 20
# The prologue is searched this far for the DTD's end (Apple's is ~10 KB); beyond it, nothing is dropped.
PROLOGUE_MAX = 1 << 20
_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_DTD_END = re.compile(rb"\]\s*>")
# C0 controls XML 1.0 does not allow (tab, newline and carriage return stay).
_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))


class ExportStream:
    """Chunks of the export with its DTD dropped and forbidden control bytes removed."""

    def __init__(self, source: BinaryIO, chunk: int = CHUNK) -> None:
        self.source = source
        self.chunk = chunk

    def __iter__(self) -> Iterator[bytes]:
        head = self._prologue()
        if head:
            yield self._clean(head)
        while data := self.source.read(self.chunk):
            yield self._clean(data)

    def _prologue(self) -> bytes:
        """The file's first bytes up to and including the DTD's end, with the DTD cut out (as many
        newlines kept, so line numbers stay the file's)."""
        head = b""
        while len(head) < PROLOGUE_MAX:
            data = self.source.read(self.chunk)
            head += data
            start = _DOCTYPE.search(head)
            if start is None:
                if not data or b"<HealthData" in head or len(head) > 64 * 1024:
                    return head
                continue
            end = _DTD_END.search(head, start.end())
            if end is not None:
                dropped = head[start.start() : end.end()]
                return head[: start.start()] + b"\n" * dropped.count(b"\n") + head[end.end() :]
            if not data:
                return head
        return head

    def _clean(self, data: bytes) -> bytes:
        return data.translate(None, _CONTROLS)

"""For importers of XML formats: the root element's name and whether a DOCTYPE precedes it, without a parser.

Sniffing must not parse (a DOCTYPE can declare entities that expand without limit), so an importer reads the
prolog of the head it is given and decides from the root element; `decode` can refuse a DOCTYPE the same way.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass

# Enough for any real prolog (declaration, a few comments); a longer one is suspicious, not an export.
PROLOG_LIMIT = 64 * 1024

_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Prolog:
    """What comes before the root element's content.

    `root` is the root element's local name (None when the bytes end before it), `doctype` whether a
    document type declaration comes first.
    """

    root: str | None
    doctype: bool


def read_prolog(head: bytes) -> Prolog | None:
    """The prolog of an XML document starting with `head`; None when `head` is not XML markup."""
    text = _markup_text(head)
    i = 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return Prolog(None, False)
        if text.startswith("<?", i):
            close = "?>"
        elif text.startswith("<!--", i):
            close = "-->"
        elif text.startswith("<!DOCTYPE", i):
            # The DOCTYPE names the root element, so the sniff still works before the decode refuses it.
            rest = text[i + len("<!DOCTYPE") :].lstrip()
            name = _NAME.match(rest)
            complete = name is not None and name.end() < len(rest)
            return Prolog(_local(name.group()) if name and complete else None, True)
        elif text.startswith("<", i):
            name = _NAME.match(text, i + 1)
            if name is None:
                return None if i + 1 < len(text) else Prolog(None, False)
            if name.end() == len(text):
                # The head stops inside the name: it may be longer than what we see.
                return Prolog(None, False)
            return Prolog(_local(name.group()), False)
        else:
            return None
        end = text.find(close, i)
        if end < 0:
            return Prolog(None, False)
        i = end + len(close)


def root_confidence(head: bytes, filename: str, root: str, suffix: str) -> float:
    """A sniff answer for an XML format known by its root element (and usual file suffix).

    Certain (1.0) when the root element is `root` and the name ends with `suffix`, nearly (0.95) with another
    name; 0.0 for any other root element, whatever the name; 0.1 for a bare matching name (so a damaged file
    is still routed to the importer, which can say what is wrong).
    """
    prolog = read_prolog(head)
    named = filename.lower().endswith(suffix)
    if prolog is not None and prolog.root is not None:
        if prolog.root != root:
            return 0.0
        return 1.0 if named else 0.95
    return 0.1 if named else 0.0


def finite_number(text: str | None) -> float | None:
    """An element's text as a finite float; None for missing, malformed, NaN or infinite values."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _markup_text(head: bytes) -> str:
    """The head as text, well enough to read markup: by its byte-order mark, else ASCII-compatible."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="replace")
    # Latin-1 maps every byte; markup is ASCII in every encoding an XML declaration can name here.
    return head.decode("latin-1")


def _local(qualified: str) -> str:
    return qualified.rpartition(":")[2]


# expat's codes for a document that stops before it is complete: no element closed yet ("no element
# found"), a tag, a character or a CDATA section cut off. Any other error is damage inside the file.
_ENDS_EARLY_CODES = frozenset({3, 5, 6, 20})


def ends_early(error: BaseException | None) -> bool:
    """Whether an XML parse error (or the one it was raised from) is the document stopping where the file
    ends, as a file still being copied does, rather than markup broken inside it."""
    while error is not None:
        if getattr(error, "code", None) in _ENDS_EARLY_CODES and isinstance(
            getattr(error, "position", None), tuple
        ):
            return True
        error = error.__cause__ or error.__context__
    return False

"""For importers of JSON formats: a head's object keys without a parser, the document, and its fields by type."""

from __future__ import annotations

import json
import math
from typing import Any, Self

from runlift.importers.protocol import Unimportable

KeyPath = tuple[str, ...]

_BLANK = " \t\r\n"


def object_keys(head: bytes) -> dict[KeyPath, list[str]] | None:
    """The keys the head of a JSON object shows, by the keys that lead to their object: `()` for the top
    level, `("data",)` for the object under "data". Objects inside arrays are not followed. None when the
    head does not start a JSON object. Keys keep their escapes; a key cut off by the head's end is left out.
    """
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff" + _BLANK)
    if not text.startswith("{"):
        return None
    keys: dict[KeyPath, list[str]] = {}
    # Each open container: the path of an object whose keys are collected, or None (an array, or an
    # object inside one).
    stack: list[KeyPath | None] = []
    # The last key read in the innermost object, whose value may open an object.
    key: str | None = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            end = _string_end(text, i + 1)
            if end is None:
                break
            word = text[i + 1 : end]
            i = end + 1
            while i < n and text[i] in _BLANK:
                i += 1
            path = stack[-1] if stack else None
            if i < n and text[i] == ":" and path is not None:
                keys.setdefault(path, []).append(word)
                key = word
            continue
        if char == "{":
            parent = stack[-1] if stack else ()
            if not stack:
                stack.append(())
            elif parent is not None and key is not None:
                stack.append((*parent, key))
            else:
                stack.append(None)
            key = None
        elif char == "[":
            stack.append(None)
            key = None
        elif char in "}]":
            if stack:
                stack.pop()
            if not stack:
                break
            key = None
        elif char == ",":
            key = None
        i += 1
    return keys


def _string_end(text: str, start: int) -> int | None:
    """The index of the quote that closes the string starting at `start` (None: the head ends first)."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return None


def starts_like_json(head: bytes) -> bool:
    """Whether the head's first character (after a BOM and blanks) opens a JSON object or array."""
    text = head[:64].decode("utf-8", errors="replace").lstrip("\ufeff" + _BLANK)
    return text[:1] in ("{", "[")


def read_json(data: bytes, what: str = "file") -> object:
    """The JSON document in `data` (UTF-8, a BOM allowed); Unimportable saying where it breaks, truncated
    when the document stops where the data ends (a file still being written). `what` is what the user
    calls the document ("the payload is empty")."""
    if not data.strip():
        raise Unimportable(f"the {what} is empty", truncated=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unimportable(f"not UTF-8 text: {exc.reason}", offset=exc.start) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        ends_early = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated")
        offset = len(data) - len(text.encode()) + len(text[: exc.pos].encode())
        reason = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise Unimportable(reason, offset=offset, truncated=ends_early) from None
    except ValueError as exc:  # NaN or Infinity, which JSON does not allow
        raise Unimportable(f"not valid JSON: {exc}") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def describe(value: object) -> str:
    """A JSON value as a rejection names it: its JSON type and, for a short one, the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, list):
        return "an array"
    return "an object"


class Record:
    """One JSON object of a document, known to the user as `where` ("sleep[2]"), read field by field: a
    missing optional field is a gap, a wrong type an Unimportable naming the record and the field.

    A format's own fields (its dates, its quantities) belong in a subclass; `record` keeps the subclass.
    """

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise Unimportable(f"{where} is {describe(value)}, not a JSON object")
        self.data: dict[str, Any] = value
        self.where = where

    def _missing(self, key: str, required: bool) -> None:
        if required:
            raise Unimportable(f"{self.where} has no {key!r}")

    def has(self, key: str) -> bool:
        """Whether the field is there and not null."""
        return self.data.get(key) is not None

    def number(self, key: str, *, required: bool = False) -> float | None:
        """A finite JSON number (an integer or not); null or absent is a gap."""
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Unimportable(f"{self.where}.{key} is {describe(value)}, not a number")
        if not math.isfinite(value):
            raise Unimportable(f"{self.where}.{key} is {value!r}, not a finite number")
        return float(value)

    def text(self, key: str, *, required: bool = False) -> str | None:
        """A JSON string; null or absent is a gap."""
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if not isinstance(value, str):
            raise Unimportable(f"{self.where}.{key} is {describe(value)}, not a string")
        return value

    def array(self, key: str) -> list[Any]:
        """A JSON array; null or absent is empty."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise Unimportable(f"{self.where}.{key} is {describe(value)}, not an array")
        return value

    def record(self, key: str) -> Self | None:
        """The JSON object under `key`, known as `where.key`; null or absent is None."""
        value = self.data.get(key)
        if value is None:
            return None
        return type(self)(value, f"{self.where}.{key}")

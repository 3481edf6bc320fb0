"""Reads the object keys in the first bytes of a JSON document, without parsing it (sniff sees 4 KiB)."""

from __future__ import annotations

Path = tuple[str, ...]

_BLANK = " \t\r\n"


def object_keys(head: bytes) -> dict[Path, list[str]] | None:
    """The keys the head of a JSON object shows, by the keys that lead to their object: `()` for the top
    level, `("data",)` for the object under "data". Objects inside arrays are not followed. None when the
    head does not start a JSON object. Keys keep their escapes; a key cut off by the head's end is left out.
    """
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff" + _BLANK)
    if not text.startswith("{"):
        return None
    keys: dict[Path, list[str]] = {}
    # Each open container: the path of an object whose keys are collected, or None (an array, or an
    # object inside one).
    stack: list[Path | None] = []
    key: str | None = (
        None  # the last key read in the innermost object, whose value may open an object
    )
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

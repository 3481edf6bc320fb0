"""Decoder values made acceptable to runlift's strict values: finite numbers within range, else None."""

from __future__ import annotations

import math
from collections.abc import Iterable
from math import isfinite
from typing import Any

from runlift.importers.values import Plausible


def number(value: Any) -> float | None:
    """A finite number as float; None for anything else (invalid FIT values, tuples, strings, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def non_negative(value: Any) -> float | None:
    """A finite number >= 0, else None."""
    result = number(value)
    return result if result is not None and result >= 0 else None


def numbers(values: Iterable[Any]) -> list[float | None]:
    """number() of each value, in one pass: for a per-second stream the call per value costs more than
    the check (plain ints and floats are taken inline; anything else goes through number())."""
    return [
        float(v)
        if (kind := type(v)) is int
        else (v if isfinite(v) else None)
        if kind is float
        else None
        if v is None
        else number(v)
        for v in values
    ]


def non_negatives(values: Iterable[Any]) -> list[float | None]:
    """non_negative() of each value, in one pass (as numbers())."""
    return [v if v is not None and v >= 0 else None for v in numbers(values)]


def plausible(value: Any, limit: Plausible) -> float | None:
    """A finite number within the plausible range `limit` (runlift.importers.values), else None."""
    return limit.keep(number(value))


def plausibles(values: Iterable[Any], limit: Plausible) -> list[float | None]:
    """plausible() of each value, in one pass (as numbers())."""
    low, high = limit.low, limit.high
    return [v if v is not None and low <= v <= high else None for v in numbers(values)]


def positive(value: Any) -> float | None:
    """A finite number > 0, else None."""
    result = number(value)
    return result if result is not None and result > 0 else None


def percent(value: Any) -> float | None:
    """A finite number within 0..100, else None."""
    result = number(value)
    return result if result is not None and 0 <= result <= 100 else None


def count(value: Any) -> int | None:
    """A whole number >= 0, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if value >= 0 else None


def text(value: Any) -> str | None:
    """A short non-empty string (FIT strings may carry NULs and padding), or a number as text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return None
    result = value.replace("\x00", "").strip()
    return result[:200] if result else None


def first(value: Any) -> Any:
    """The first element of a FIT array field; fitdecode returns one-element arrays as scalars."""
    if isinstance(value, tuple | list):
        return value[0] if value else None
    return value

"""How figures read in reasons: never looking equal to the bound they crossed ("6.96 h", not "7.0 h")."""

from __future__ import annotations


def shown(value: float, bound: float, digits: int = 1) -> str:
    """`value` with `digits` decimals, more while it would print the same as `bound` (up to 4); a value
    equal to its bound prints as it is ("60" at a threshold of 60)."""
    while digits < 4 and value != bound and round(value, digits) == round(bound, digits):
        digits += 1
    return f"{value:.{digits}f}"

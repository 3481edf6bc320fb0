"""Building blocks for event upcasters: each returns a function that edits a stored event's state in place."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

State = dict[str, Any]
Upcaster = Callable[[State], None]


def add_field(name: str, default: Any) -> Upcaster:
    """A new field: old events get `default` (choose a value that states "not known", usually None); a
    mutable default is copied, so no two events share it."""

    def upcast(state: State) -> None:
        if name not in state:
            state[name] = copy.copy(default)

    return upcast


def rename_field(old: str, new: str) -> Upcaster:
    """A field renamed (e.g. to put its unit in the name)."""

    def upcast(state: State) -> None:
        if old in state:
            state[new] = state.pop(old)

    return upcast


def convert_field(name: str, convert: Callable[[Any], Any]) -> Upcaster:
    """A field whose unit or encoding changed; None stays None."""

    def upcast(state: State) -> None:
        if state.get(name) is not None:
            state[name] = convert(state[name])

    return upcast


def chain(*steps: Upcaster) -> Upcaster:
    """Several edits that make one version step."""

    def upcast(state: State) -> None:
        for step in steps:
            step(state)

    return upcast

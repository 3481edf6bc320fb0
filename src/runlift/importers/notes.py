"""What a decode left out, counted by kind with the first example of each, as the lines of Decoded.notes."""

from __future__ import annotations

from collections import Counter


class Notes:
    """What a decode left out, counted by kind, with the first example of each (Decoded.notes)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def add(self, what: str, example: str) -> None:
        """One more thing of the kind `what` left out; `example` says which, if it is the first."""
        self.counts[what] += 1
        self.examples.setdefault(what, example)

    def lines(self) -> tuple[str, ...]:
        """One line per kind: "left out <what>: <count> (the first: <example>)"."""
        return tuple(
            f"left out {what}: {count} (the first: {self.examples[what]})"
            for what, count in self.counts.items()
        )

"""An element of the export as the reader keeps it: its tag, its attributes and its children (built only
for the elements runlift reads)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    tag: str
    attrib: dict[str, str]
    children: list[Node] = field(default_factory=list)

    def findall(self, tag: str) -> list[Node]:
        """The direct children with this tag (never deeper: a workout's own metadata, not its route's)."""
        return [child for child in self.children if child.tag == tag]

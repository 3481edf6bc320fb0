"""One summary of an import (a whole export in one drop): what was stored, what was already there, and
what was left out and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # light to import: the CLI renders with it before the store loads
    from runlift.ingest.service import FileResult, Status


class LeftOut(NamedTuple):
    """A file left out of an import: its name, why, and whether it was rejected (else it was read but
    held nothing runlift reads)."""

    file: str
    reason: str
    rejected: bool


@dataclass(frozen=True)
class ImportSummary:
    """The files of one import by outcome, the facts stored and those already stored, and every file
    left out with its reason (rejected, or read but holding nothing runlift reads)."""

    files: dict[str, int]
    stored: dict[str, int]
    already_stored: dict[str, int]
    left_out: list[LeftOut] = field(default_factory=list)

    @classmethod
    def of(cls, results: list[FileResult]) -> ImportSummary:
        files = Counter[str](r.status for r in results)
        stored = Counter[str]()
        already = Counter[str]()
        left_out: list[LeftOut] = []
        for r in results:
            stored.update(r.events)
            already.update(r.already_stored)
            if r.status == "rejected":
                left_out.append(LeftOut(r.file, r.reason or "rejected", rejected=True))
            elif r.status == "imported" and not r.events and not r.already_stored:
                reason = "; ".join(r.notes) or "it holds nothing runlift reads"
                left_out.append(LeftOut(r.file, reason, rejected=False))
        return cls(
            dict(files), dict(sorted(stored.items())), dict(sorted(already.items())), left_out
        )

    def count(self, status: Status) -> int:
        return self.files.get(status, 0)

    @property
    def outcome(self) -> Status:
        """One word for the whole: imported if anything new was stored, already imported if everything
        was there, rejected if nothing went in."""
        if self.count("imported"):
            return "imported"
        if self.count("already imported"):
            return "already imported"
        if self.count("incomplete"):
            return "incomplete"
        return "rejected"

    def line(self) -> str:
        """One line: new facts, what was already there, and how many files were left out."""
        new = sum(self.stored.values())
        parts = [f"{new:,} new facts from {self.count('imported'):,} files"]
        if self.stored:
            parts[0] += " (" + ", ".join(f"{n:,} {t}" for t, n in self.stored.items()) + ")"
        there = sum(self.already_stored.values())
        if there or self.count("already imported"):
            parts.append(
                f"already there: {self.count('already imported'):,} files, {there:,} facts of newer "
                "files"
            )
        if self.left_out:
            parts.append(f"left out: {len(self.left_out):,} files")
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "files": {
                "imported": self.count("imported"),
                "already_imported": self.count("already imported"),
                "rejected": self.count("rejected"),
            },
            "stored": self.stored,
            "already_stored": self.already_stored,
            "left_out": [{"file": lo.file, "reason": lo.reason} for lo in self.left_out],
        }

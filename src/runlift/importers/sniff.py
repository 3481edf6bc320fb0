"""Chooses the importer for a file: the one place where formats are routed."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from runlift.importers.protocol import Importer

log = logging.getLogger(__name__)

HEAD_BYTES = 4096


@dataclass(frozen=True)
class Choice:
    """The importer chosen for a file and how sure it was."""

    importer: Importer
    confidence: float


def choose_importer(importers: Iterable[Importer], head: bytes, filename: str) -> Choice | None:
    """Ask every importer how sure it is; the surest wins, ties go to the first name alphabetically.

    An importer whose sniff raises or answers nonsense is passed over for this file (and logged).
    """
    best: Choice | None = None
    for importer in sorted(importers, key=lambda i: i.name):
        try:
            confidence = float(importer.sniff(head, filename))
        except Exception as exc:
            log.warning("importer %s failed to sniff %s: %s", importer.name, filename, exc)
            continue
        if not 0.0 < confidence <= 1.0:
            continue
        if best is None or confidence > best.confidence:
            best = Choice(importer, confidence)
    return best

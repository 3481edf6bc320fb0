"""Elevation gain and loss from an altitude stream, smoothed so that barometer and GPS jitter does not add up."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise


def gain_and_loss(altitudes: Sequence[float | None]) -> tuple[float, float] | None:
    """Metres climbed and descended; None when the stream holds no altitude.

    Each altitude is first averaged with its neighbours (0.3, 0.4, 0.3), as gpxpy does for GPX, so the
    two importers report comparable climbs for the same session.
    """
    known = [a for a in altitudes if a is not None]
    if not known:
        return None
    smoothed = [
        0.3 * known[i - 1] + 0.4 * known[i] + 0.3 * known[i + 1]
        if 0 < i < len(known) - 1
        else known[i]
        for i in range(len(known))
    ]
    gain = loss = 0.0
    for before, after in pairwise(smoothed):
        step = after - before
        if step > 0:
            gain += step
        else:
            loss -= step
    return gain, loss

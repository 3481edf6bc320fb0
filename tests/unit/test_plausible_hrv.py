"""The core's plausibility screen on HRV in both metrics: a value outside 1..500 ms becomes a gap, named by
its metric, and a reading left with nothing is left out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runlift.importers.plausible import NothingPlausible, plausible
from runlift.importers.values import HRV_SDNN_MS, Decoded, Wellness

NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
MORNING = datetime(2025, 3, 4, 6, 30, tzinfo=UTC)


def test_an_sdnn_reading_within_its_range_is_kept_as_sdnn():
    reading = Wellness(measured_utc=MORNING, hrv_sdnn_ms=62.5)

    screened = plausible(Decoded(format="test", wellness=(reading,)), NOW)

    assert screened.wellness == (reading,)
    assert (HRV_SDNN_MS.low, HRV_SDNN_MS.high) == (1.0, 500.0)


def test_an_implausible_sdnn_becomes_a_gap_beside_a_plausible_resting_hr():
    reading = Wellness(measured_utc=MORNING, resting_hr_bpm=52.0, hrv_sdnn_ms=900.0)

    screened = plausible(Decoded(format="test", wellness=(reading,)), NOW)

    (kept,) = screened.wellness
    assert (kept.resting_hr_bpm, kept.hrv_sdnn_ms) == (52.0, None)
    assert screened.notes == (
        "left out HRV (SDNN) values outside 1..500 ms: 1 (the first: 900, hrv_sdnn_ms of a wellness "
        "measurement)",
    )


def test_a_reading_of_nothing_but_an_implausible_sdnn_leaves_nothing():
    reading = Wellness(measured_utc=MORNING, hrv_sdnn_ms=0.2)

    with pytest.raises(NothingPlausible, match=r"HRV \(SDNN\) values outside 1\.\.500 ms"):
        plausible(Decoded(format="test", wellness=(reading,)), NOW)

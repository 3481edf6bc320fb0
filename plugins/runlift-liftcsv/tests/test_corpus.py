"""The shared corpus's two real exports decode to what the manifest's independent decode found (both are
committed under tests/data with their manifest rows, so these run without the corpus)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from runlift.importers import Decoded, StrengthSession
from runlift.importers.testing import chosen_importer, decode_with
from tests.support.corpus import HEVY_CSV, STRONG_CSV, committed, data_manifest

HEVY = HEVY_CSV
STRONG = STRONG_CSV

# Each file, the importer that reads it, and how its manifest row writes local times.
SAMPLES = [
    pytest.param(HEVY, "hevy", "%d %b %Y, %H:%M", id="hevy"),
    pytest.param(STRONG, "strong", "%Y-%m-%d %H:%M:%S", id="strong"),
]


def _sets(decoded: Decoded) -> list[str]:
    return [s.set_type for session in decoded.strength_sessions for s in session.sets]


def _local(session: StrengthSession) -> datetime:
    offset = timedelta(seconds=session.utc_offset_s or 0)
    return (session.start_utc + offset).replace(tzinfo=None)


@pytest.mark.parametrize(("path", "importer", "time_format"), SAMPLES)
def test_the_core_picks_the_importer_of_the_app_that_wrote_the_file(
    both, path: str, importer: str, time_format: str
) -> None:
    assert chosen_importer(both, committed(path)) == importer


@pytest.mark.parametrize(("path", "importer", "time_format"), SAMPLES)
def test_every_row_becomes_one_set_as_the_manifest_counts(
    both,
    path: str,
    importer: str,
    time_format: str,
) -> None:
    decoded = decode_with(both, committed(path))

    assert len(_sets(decoded)) == int(data_manifest()[path]["n_set_messages"])


@pytest.mark.parametrize(("path", "importer", "time_format"), SAMPLES)
def test_every_set_but_warmups_is_active_as_the_manifest_counts(
    both,
    path: str,
    importer: str,
    time_format: str,
) -> None:
    # The manifest's "active" sets are all but the warm-ups: Hevy's normal, dropset and failure sets
    # (3851 + 43 + 1122 = 5016 in the Hevy sample) and every numbered Strong set.
    decoded = decode_with(both, committed(path))

    assert sum(t != "warmup" for t in _sets(decoded)) == int(data_manifest()[path]["n_active_sets"])


@pytest.mark.parametrize(("path", "importer", "time_format"), SAMPLES)
def test_first_and_last_workouts_start_when_the_manifest_says(
    both,
    path: str,
    importer: str,
    time_format: str,
) -> None:
    first, last = data_manifest()[path]["start_time"].removesuffix(" (local)").split(" .. ")

    sessions = decode_with(both, committed(path)).strength_sessions

    assert _local(sessions[0]) == datetime.strptime(first, time_format)
    assert _local(sessions[-1]) == datetime.strptime(last, time_format)


def test_the_hevy_sample_groups_its_rows_into_one_session_per_workout(both) -> None:
    sessions = decode_with(both, committed(HEVY)).strength_sessions

    assert len(sessions) == 335
    first = sessions[0]
    assert first.title == "Pull 1 Week 1"
    assert first.elapsed_s == 61 * 60  # 3 Jul 2024, 15:36 .. 16:37


def test_the_hevy_sample_decodes_well_under_a_second(both) -> None:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        decode_with(both, committed(HEVY))
        best = min(best, time.perf_counter() - started)

    assert best < 1.0

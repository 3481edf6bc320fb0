"""A FIT file that stops where the file ends (a copy not finished yet) says so; damage inside one does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from runlift_fit.importer import FitImporter
from runlift_fit.reading import ends_early, read_stream

from runlift.importers.decode import decode_file
from runlift.importers.outcomes import DecodeFailure, DecodeSuccess
from runlift.importers.testing import registry_of
from tests.support.corpus import RUN_FIT, committed, device_file

# Damaged inside, complete at the end: never "truncated".
DAMAGED_INSIDE = (
    "fit/invalid/fitparse__activity-filecrc.fit",
    "fit/invalid/fitparse__activity-settings-corruptheader.fit",
    "fit/invalid/gpsbabel__lezyne_super_gps-garmin_fit-sample-bad-endian.fit",
)


def _outcome(path: Path) -> DecodeSuccess | DecodeFailure:
    return decode_file(registry_of(FitImporter()), path, path.name, {})


def test_no_whole_corpus_file_ends_early_and_every_cut_of_one_does(corpus: Path) -> None:
    checked = 0
    for path in sorted((corpus / "fit").rglob("*.fit")):
        if "invalid" in path.parts or path.stat().st_size > 300_000:  # the big ones cost minutes
            continue
        data = path.read_bytes()
        assert not ends_early(read_stream(data), data), path.name
        for cut in (12, len(data) // 3, len(data) - 1):
            assert ends_early(read_stream(data[:cut]), data[:cut]), f"{path.name} cut at {cut}"
        checked += 1
    assert checked >= 70


@pytest.mark.parametrize("name", DAMAGED_INSIDE)
def test_damage_inside_a_file_is_not_truncation(name: str) -> None:
    outcome = _outcome(device_file(name))  # the Lezyne file (GPL) is read from the corpus
    truncated = (
        outcome.decoded.truncated if isinstance(outcome, DecodeSuccess) else outcome.truncated
    )
    assert truncated is False


def test_a_run_cut_short_is_salvaged_as_truncated_and_a_stub_is_refused_as_truncated(
    tmp_path: Path,
) -> None:
    data = committed(RUN_FIT).read_bytes()
    cut = tmp_path / "cut.fit"
    cut.write_bytes(data[: len(data) // 2])
    salvaged = _outcome(cut)
    assert isinstance(salvaged, DecodeSuccess)
    assert salvaged.decoded.truncated
    assert salvaged.decoded.salvaged is not None
    assert "truncated" in salvaged.decoded.salvaged
    for size in (0, 7, 40):  # empty, inside the header, before any session
        stub = tmp_path / f"stub{size}.fit"
        stub.write_bytes(data[:size])
        refused = _outcome(stub)
        assert isinstance(refused, DecodeFailure), size
        assert refused.truncated, (size, refused.reason)

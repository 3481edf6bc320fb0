"""The framed decoders give exactly what fitdecode's full read gives, on every corpus FIT file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runlift_fit import framing
from runlift_fit.checksum import crc16
from runlift_fit.framing import Unframed, frame
from runlift_fit.importer import FitImporter
from runlift_fit.reading import _WANTED, FitStream, read_stream

from runlift.importers.testing import Rejected, decode_with
from tests.support.corpus import (
    RUN_FIT,
    committed,
    load_manifest,
    manifest_paths,
    require_corpus,
)


def _fit_paths() -> list[str]:
    return manifest_paths(lambda path, row: path.startswith("fit/"))


# Why an undamaged corpus file may still be read whole: both are correct FIT that framing leaves alone.
_ALLOWED_FALLBACKS = (
    "compressed timestamp header",
    "a record field accumulated across records",
    "a record definition of no bytes",
)


def _shape(stream: FitStream) -> tuple[Any, ...]:
    return (
        stream.damage,
        [
            (f.index, f.offset, f.header_size, f.body_size, f.messages, f.records)
            for f in stream.files
        ],
    )


def _manifest_row(relative: str) -> dict[str, str]:
    return load_manifest()[relative]


@pytest.mark.parametrize("relative", _fit_paths())
def test_every_decoder_reads_what_the_full_read_reads(relative: str) -> None:
    data = (require_corpus() / relative).read_bytes()
    reference = _shape(read_stream(data, "full"))
    assert _shape(read_stream(data, "selective")) == reference
    assert _shape(read_stream(data, "auto")) == reference


@pytest.mark.parametrize("relative", _fit_paths())
def test_only_damaged_or_unusual_files_are_read_whole(relative: str) -> None:
    data = (require_corpus() / relative).read_bytes()
    intact = _manifest_row(relative)["decodes_ok"] == "yes"
    framed, problem = _framed(data)
    if framed is None:
        assert intact is False or problem in _ALLOWED_FALLBACKS
        return
    assert intact
    records = sum(part.records for part in framed.files)
    assert records == int(_manifest_row(relative)["n_records"] or 0)


def _framed(data: bytes) -> tuple[framing.Framed | None, str]:
    try:
        return frame(data, _WANTED, split_records=True), ""
    except Unframed as exc:
        return None, str(exc)


def test_the_framed_stream_holds_only_the_wanted_messages(corpus: Path) -> None:
    data = (corpus / "fit/other/muktihari-fit__big_activity.fit").read_bytes()
    framed = frame(data, _WANTED, split_records=True)
    # 99,998 records are unpacked with struct; fitdecode is left the few summary messages.
    assert [part.records for part in framed.files] == [99_998]
    assert len(framed.selective) < 1_000 < len(data)


def test_an_unknown_decoder_setting_is_named() -> None:
    with pytest.raises(Rejected) as rejected:
        decode_with(FitImporter(), committed(RUN_FIT), options={"decoder": "fastest"})
    assert "[importers.fit] decoder = 'fastest' is not one of 'auto', 'selective', 'full'" in (
        rejected.value.failure.reason
    )


# Small intact files with records, developer fields and several record definitions between them
# (all committed under tests/data).
_MUTATED = (
    "fit/other/fitparse__garmin-fenix-5-bike.fit",
    "fit/other/fitparse__DeveloperData.fit",
    "fit/other/fitparse__2015-10-13-08-43-15.fit",
    "fit/other/fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
)


def _with_checksum(data: bytearray) -> bytes:
    """The stream with its file checksum recomputed, so that framing does not refuse it for that."""
    end = data[0] + int.from_bytes(data[4:8], "little")
    data[end : end + 2] = crc16(memoryview(data)[:end]).to_bytes(2, "little")
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    relative=st.sampled_from(_MUTATED),
    changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=4),
)
def test_damage_that_keeps_the_checksum_right_reads_the_same_either_way(
    relative: str, changes: list[tuple[float, int]]
) -> None:
    # A writer's bug rather than a flipped bit: the bytes are wrong but the checksum covers them.
    data = bytearray(committed(relative).read_bytes())
    header = data[0]
    end = header + int.from_bytes(data[4:8], "little")
    for where, value in changes:
        data[header + int(where * (end - header))] = value
    mutated = _with_checksum(data)
    assert _shape(read_stream(mutated, "auto")) == _shape(read_stream(mutated, "full"))


def test_a_record_definition_without_fields_reads_the_same_either_way() -> None:
    definition = bytes([0x40, 0, 0]) + (20).to_bytes(2, "little") + bytes([0])  # record, no fields
    body = definition + bytes([0x00]) * 3  # three records of no bytes
    header = bytes([12, 0x20]) + (2132).to_bytes(2, "little") + len(body).to_bytes(4, "little")
    stream = header + b".FIT" + body
    data = stream + crc16(stream).to_bytes(2, "little")
    full = read_stream(data, "full")
    assert len(full.files[0].records) == 3
    assert _shape(read_stream(data, "auto")) == _shape(full)

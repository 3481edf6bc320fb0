"""Damaged and foreign files: salvaged when a whole session was read before the damage, else refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fitdecode.utils import compute_crc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runlift_fit.checksum import crc16
from runlift_fit.importer import FitImporter
from runlift_fit.sniff import confidence

from runlift.importers.decode import decode_file
from runlift.importers.outcomes import DecodeFailure
from runlift.importers.testing import chosen_importer, decode_with, registry_of, rejection_of
from tests.support.corpus import RUN_FIT, committed, device_file

START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
Message = tuple[str, dict[str, Any]]

# Each damaged corpus file, and what its salvage note or refusal must say.
INVALID = [
    ("fit/invalid/fitparse__activity-filecrc.fit", "checksum of the FIT data does not match"),
    ("fit/invalid/fitparse__activity-settings-corruptheader.fit", "has no valid FIT header"),
    ("fit/invalid/fitparse__activity-unexpected-eof.fit", "truncated"),
    (
        "fit/invalid/fitparse__strava-android-app-201.10-b1218918.fit",
        "local message 11 not defined",
    ),
    (
        "fit/invalid/gpsbabel__lezyne_super_gps-garmin_fit-sample-bad-endian.fit",
        "cannot make sense",
    ),
]


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def run_messages(records: int = 30) -> list[Message]:
    return [
        ("file_id", {"type": "activity", "manufacturer": "garmin", "product": 3113}),
        (
            "session",
            {
                "timestamp": at(records),
                "start_time": START,
                "total_elapsed_time": float(records),
                "sport": "running",
            },
        ),
        *[("record", {"timestamp": at(s), "heart_rate": 140}) for s in range(records)],
        ("activity", {"timestamp": at(records), "num_sessions": 1}),
    ]


@pytest.mark.parametrize(("path", "problem"), INVALID)
def test_every_damaged_corpus_file_is_salvaged_or_refused_saying_what_is_wrong(
    fit: FitImporter, path: str, problem: str
) -> None:
    # All but the GPL-licensed Lezyne file are committed under tests/data.
    decoded = decode_with(fit, device_file(path))

    assert decoded.salvaged is not None
    assert problem in decoded.salvaged
    assert "at byte" in decoded.salvaged
    assert len(decoded.activities) == 1


def test_a_truncated_file_keeps_the_session_read_before_the_cut(write_fit, fit) -> None:
    whole = write_fit("whole.fit", *run_messages()).read_bytes()
    cut = write_fit("cut.fit", data=whole[: len(whole) - 40])

    decoded = decode_with(fit, cut)

    assert decoded.activities[0].elapsed_s == 30.0
    assert decoded.salvaged is not None
    assert "truncated" in decoded.salvaged


def test_a_recording_cut_before_its_summary_is_rebuilt_from_its_records(write_fit, fit) -> None:
    # A watch that died mid-run leaves records and no session: the records still tell the run.
    messages = run_messages()
    del messages[1]
    whole = write_fit("whole.fit", *messages).read_bytes()
    cut = write_fit("cut.fit", data=whole[: len(whole) - 20])

    decoded = decode_with(fit, cut)

    assert decoded.activities[0].start_utc == START
    assert decoded.salvaged is not None


def test_a_file_cut_before_any_training_data_is_refused_with_the_offset(write_fit, fit) -> None:
    whole = write_fit("whole.fit", *run_messages()).read_bytes()
    cut = write_fit("cut.fit", data=whole[:40])

    failure = rejection_of(fit, cut)

    assert failure.stage == "decode"
    assert "truncated" in failure.reason
    assert "nothing usable comes before it (at byte" in failure.reason


def test_a_changed_byte_is_caught_by_the_checksum(write_fit, fit) -> None:
    data = bytearray(write_fit("whole.fit", *run_messages()).read_bytes())
    data[data.rindex(140)] = 141  # one heart rate, a value the decoder cannot tell is wrong
    changed = write_fit("changed.fit", data=bytes(data))

    decoded = decode_with(fit, changed)

    assert decoded.salvaged is not None
    assert "checksum of the FIT data does not match" in decoded.salvaged


def test_a_partly_read_sleep_file_is_refused_rather_than_imported_short(write_fit, fit) -> None:
    levels = [
        ("sleep_level", {"timestamp": at(600 * i), "sleep_level": "light"}) for i in range(10)
    ]
    whole = write_fit(
        "sleep.fit", ("file_id", {"type": 49, "manufacturer": "garmin"}), *levels
    ).read_bytes()
    cut = write_fit("cut.fit", data=whole[: len(whole) - 12])

    assert "truncated" in rejection_of(fit, cut).reason


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"time,heart_rate\n0,120\n1,121\n", "it is a text file"),
        (b"PK\x03\x04" + bytes(40), "zip archive"),
        (b'<?xml version="1.0"?><gpx></gpx>', "XML file"),
        (bytes(range(200)), "signature is missing"),
    ],
)
def test_a_file_named_fit_that_is_not_fit_is_refused_as_not_a_fit_file(
    write_fit, fit, content: bytes, says: str
) -> None:
    failure = rejection_of(fit, write_fit("activity.fit", data=content))

    assert failure.stage == "decode"
    assert failure.reason.startswith("not a FIT file: ")
    assert says in failure.reason


def test_a_fit_header_is_recognised_whatever_the_file_is_called(write_fit, fit) -> None:
    path = write_fit("export.bin", *run_messages(2))

    assert confidence(path.read_bytes()[:4096], "export.bin") == 1.0
    assert chosen_importer(fit, path) == "fit"


def test_a_fit_name_alone_gets_low_confidence_and_other_files_none() -> None:
    assert 0 < confidence(b"hello", "run.FIT") < 0.5
    assert confidence(b"hello", "run.gpx") == 0.0


def test_the_whole_file_checksum_equals_fitdecodes(corpus: Path) -> None:
    for path in sorted((corpus / "fit").rglob("*.fit")):
        data = path.read_bytes()
        assert crc16(data) == compute_crc(data), path.name
        assert crc16(memoryview(data)[:13]) == compute_crc(data[:13]), path.name


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=2000),
    changes=st.lists(st.tuples(st.integers(14, 2000), st.integers(0, 255)), max_size=8),
)
def test_no_damage_makes_the_importer_fail_or_return_malformed_values(
    write_fit, cut: int, changes: list[tuple[int, int]]
) -> None:
    whole = write_fit("whole.fit", *run_messages(40)).read_bytes()
    data = bytearray(whole)
    for position, value in changes:
        if position < len(data):
            data[position] = value
    damaged = write_fit("damaged.fit", data=bytes(data[:cut]))

    outcome = decode_file(registry_of(FitImporter()), damaged, damaged.name, {"fit": {}})

    if isinstance(outcome, DecodeFailure):
        # An Unimportable with a reason, not an exception; or the core's refusal of what the damage made
        # implausible (a session in 2099, of 49 days), never malformed values.
        assert outcome.stage in ("decode", "validate")
        assert "failed:" not in outcome.reason
        if outcome.stage == "validate":
            assert outcome.reason.startswith("nothing in the file is plausible"), outcome.reason
    elif len(changes) <= 1 and damaged.read_bytes() != whole:
        # A CRC-16 catches any one changed byte (several scattered ones could, rarely, cancel out).
        assert outcome.decoded.salvaged


def test_a_summary_its_records_do_not_bear_out_is_kept_and_noted() -> None:
    # The Strava Android file breaks at byte 7471: its summary survived, most of its records did not.
    decoded = decode_with(
        FitImporter(), committed("fit/invalid/fitparse__strava-android-app-201.10-b1218918.fit")
    )

    assert decoded.activities[0].distance_m == pytest.approx(11274.0, rel=0.01)
    assert "the running session's summary says 11.27 km but its records cover 0.93 km" in " ".join(
        decoded.notes
    )


def test_a_whole_file_whose_records_agree_gets_no_such_note() -> None:
    decoded = decode_with(FitImporter(), committed(RUN_FIT))

    assert not [n for n in decoded.notes if "summary says" in n]

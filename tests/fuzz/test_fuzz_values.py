"""The absurd values issue 10 names, written into real corpus files of each format: what runlift does with
each (left out as a gap, left out whole with a note, flagged, or the file rejected with a reason)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from runlift.importers.values import (
    DURATION_S,
    HEART_RATE_BPM,
    LOAD_KG,
    REPS,
    plausible_time,
)
from tests.fuzz import fitbytes
from tests.fuzz import mutations as m
from tests.fuzz.properties import UNSET_CLOCK, Outcome, check_decode

# The FIT run and the TCX are committed under tests/data; no licence lets a night or a GPX run with heart
# rate be committed, so their tests read the corpus (skipped locally without it, failed under CI).
RUN_FIT = "fit/run/fitparse__2013-02-06-12-11-14.fit"
SLEEP_FIT = "fit/sleep_monitoring/fit_data_whiz__sleep1.fit"
STRENGTH_FIT = "fit/strength/fit_data_whiz__training.fit"
GPX = "gpx/sports-lib__garmin.gpx"
TCX = "tcx/tcxparser__test.tcx"
HR, SESSION_AVG_HR, SESSION_MAX_HR = (20, 3), (18, 16), (18, 17)
SESSION_START, SESSION_END, SESSION_ELAPSED = (18, 2), (18, 253), (18, 7)


def test_the_values_the_issue_names_lie_outside_the_plausible_ranges() -> None:
    now = datetime.now(UTC)
    assert 0 not in HEART_RATE_BPM
    assert 255 not in HEART_RATE_BPM
    assert 60 in HEART_RATE_BPM
    assert -1 not in DURATION_S
    assert 10_000 not in REPS
    assert -5 not in LOAD_KG
    for moment in (datetime(1989, 6, 1, tzinfo=UTC), datetime(1900, 1, 1, tzinfo=UTC)):
        assert not plausible_time(moment, now)
    assert not plausible_time(datetime(2099, 1, 1, tzinfo=UTC), now)
    assert not plausible_time(now + timedelta(days=2), now)
    assert plausible_time(now, now)


def _fit(tmp_path: Path, relative: str, *changes: tuple[tuple[int, int], int]) -> Outcome:
    data = m.corpus_bytes(relative)
    found = fitbytes.layout(data)
    for key, raw in changes:
        data = fitbytes.write(data, found.of(*key), raw)
    return check_decode(m.Mutant(data, Path(relative).name, relative).write(tmp_path))


@pytest.mark.parametrize("bpm", [0, 254, 255])
def test_fit_heart_rates_of_0_and_above_250_are_gaps(tmp_path: Path, bpm: int) -> None:
    outcome = _fit(tmp_path, RUN_FIT, (HR, bpm), (SESSION_AVG_HR, bpm), (SESSION_MAX_HR, bpm))

    assert outcome.success is not None
    (run,) = outcome.success.decoded.activities
    assert (run.avg_hr_bpm, run.max_hr_bpm) == (None, None)
    assert run.samples is not None
    assert run.samples.heart_rate_bpm is None
    assert run.distance_m == pytest.approx(
        float(m.data_manifest()[RUN_FIT]["distance_m"]), rel=0.01
    )


@pytest.mark.parametrize(("relative", "element"), [(GPX, "hr"), (TCX, "Value")])
@pytest.mark.parametrize("bpm", [b"0", b"255"])
def test_gpx_and_tcx_heart_rates_of_0_and_255_are_gaps(
    tmp_path: Path, relative: str, element: str, bpm: bytes
) -> None:
    data = m.corpus_bytes(relative)
    changed = m._element(element).sub(lambda match: m._replaced(match, bpm), data)
    assert changed != data

    outcome = check_decode(m.Mutant(changed, Path(relative).name, relative).write(tmp_path))

    assert outcome.success is not None
    (activity,) = outcome.success.decoded.activities
    assert activity.avg_hr_bpm is None
    assert activity.samples is not None
    assert activity.samples.heart_rate_bpm is None


def test_a_fit_session_dated_2099_is_rejected_saying_so(tmp_path: Path) -> None:
    in_2099 = m.fit_seconds(datetime(2099, 6, 1, tzinfo=UTC))

    outcome = _fit(tmp_path, RUN_FIT, (SESSION_START, in_2099), (SESSION_END, in_2099 + 3600))

    assert outcome.failure is not None
    assert outcome.failure.reason.startswith(
        "nothing in the file is plausible: left out activities dated outside 1989-12-31.."
    )
    assert "(the first: 2099-06-01 00:00 UTC)" in outcome.failure.reason


def test_a_fit_session_in_1989_imports_flagged_as_an_unset_clock(tmp_path: Path) -> None:
    # One hour after power-on, as a device whose clock was never set writes it.
    outcome = _fit(tmp_path, RUN_FIT, (SESSION_START, 3_600))

    assert outcome.success is not None
    (run,) = outcome.success.decoded.activities
    assert run.start_utc == datetime(1989, 12, 31, 1, tzinfo=UTC)
    assert any(UNSET_CLOCK in note for note in outcome.success.decoded.notes)


def test_a_fit_night_in_1989_is_flagged_as_an_unset_clock(tmp_path: Path) -> None:
    sleep_level_times, events = (275, 253), (21, 253)
    data = m.corpus_bytes(SLEEP_FIT)
    found = fitbytes.layout(data)
    for index, field in enumerate(found.of(*sleep_level_times)):
        data = fitbytes.write(data, [field], 60 + 60 * index)
    data = fitbytes.write(data, found.of(*events)[:1], 30)
    data = fitbytes.write(data, found.of(*events)[1:], 60 * (len(found.of(*sleep_level_times)) + 1))

    outcome = check_decode(m.Mutant(data, "sleep.fit", SLEEP_FIT).write(tmp_path))

    assert outcome.success is not None
    (night,) = outcome.success.decoded.sleep
    assert night.start_utc.year == 1989
    assert any(UNSET_CLOCK in note for note in outcome.success.decoded.notes)


def test_a_fit_session_that_ends_before_it_starts_takes_its_records_span(tmp_path: Path) -> None:
    data = m.corpus_bytes(RUN_FIT)
    found = fitbytes.layout(data)
    (start,) = found.of(*SESSION_START)
    raw_start = int.from_bytes(data[start.offset : start.offset + 4], "little")
    # An hour before its start, and no elapsed time (the FIT invalid value).
    data = fitbytes.write(data, found.of(*SESSION_END), raw_start - 3_600)
    data = fitbytes.write(data, found.of(*SESSION_ELAPSED), -1)

    outcome = check_decode(m.Mutant(data, "run.fit", RUN_FIT).write(tmp_path))

    assert outcome.success is not None
    (run,) = outcome.success.decoded.activities
    assert run.elapsed_s == pytest.approx(float(m.data_manifest()[RUN_FIT]["duration_s"]), rel=0.05)


def test_a_lap_of_negative_time_in_tcx_takes_its_trackpoints_span(tmp_path: Path) -> None:
    data = m.corpus_bytes(TCX)
    changed = m._element("TotalTimeSeconds").sub(lambda match: m._replaced(match, b"-100"), data)

    outcome = check_decode(m.Mutant(changed, "negative.tcx", TCX).write(tmp_path))

    assert outcome.success is not None
    (activity,) = outcome.success.decoded.activities
    assert all(lap.elapsed_s >= 0 for lap in activity.laps)
    assert activity.elapsed_s > 0


def _lifts(tmp_path: Path, relative: str, rows: int, column: str, cells: dict[int, str]) -> Outcome:
    delimiter, header, body = m.csv_rows(relative)
    body = [list(row) for row in body[:rows]]
    for index, value in cells.items():
        body[index][header.index(column)] = value
    data = m.csv_bytes(delimiter, header, body)
    return check_decode(m.Mutant(data, Path(relative).name, relative).write(tmp_path))


def test_10000_reps_are_left_out_of_the_set_with_a_note(tmp_path: Path) -> None:
    outcome = _lifts(tmp_path, m.HEVY, 12, "reps", {3: "10000"})

    assert outcome.success is not None
    sets = [s for session in outcome.success.decoded.strength_sessions for s in session.sets]
    assert len(sets) == 12
    assert [s.reps for s in sets].count(None) == 1
    assert max(s.reps or 0 for s in sets) < 10_000
    assert "left out reps values outside 0..1000 reps: 1 (the first: 10000" in " ".join(
        outcome.success.decoded.notes
    )


def test_a_negative_weight_rejects_the_export_naming_the_cell(tmp_path: Path) -> None:
    outcome = _lifts(tmp_path, m.HEVY, 12, "weight_kg", {3: "-5"})

    assert outcome.failure is not None
    assert outcome.failure.reason == "line 5, column 'weight_kg': '-5' is negative"


@pytest.mark.parametrize("year", ["1900", "2099"])
def test_a_workout_dated_1900_or_2099_is_left_out_and_the_others_kept(
    tmp_path: Path, year: str
) -> None:
    # The legacy Strong export holds three workouts, two rows each; the first one's rows get the year.
    outcome = _lifts(
        tmp_path, m.STRONG, 6, "Date", {0: f"{year}-11-28 17:36:08", 1: f"{year}-11-28 17:36:08"}
    )

    assert outcome.success is not None
    sessions = outcome.success.decoded.strength_sessions
    assert [s.start_utc.year for s in sessions] == [2024, 2024]
    assert f"left out strength sessions dated outside 1989-12-31..{_tomorrow()}: 1" in " ".join(
        outcome.success.decoded.notes
    )


def test_an_export_whose_every_workout_is_dated_2099_is_rejected(tmp_path: Path) -> None:
    outcome = _lifts(tmp_path, m.STRONG, 6, "Date", dict.fromkeys(range(6), "2099-01-01 10:00:00"))

    assert outcome.failure is not None
    assert outcome.failure.reason == (
        "nothing in the file is plausible: left out strength sessions dated outside "
        f"1989-12-31..{_tomorrow()}: 3 (the first: 2099-01-01 09:00 UTC)"
    )


def _tomorrow() -> str:
    return f"{datetime.now(UTC) + timedelta(days=1):%Y-%m-%d}"

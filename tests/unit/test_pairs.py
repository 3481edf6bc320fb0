"""The pair builders' files decode, through the real plugins, to the session of the FIT they came from."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import pytest
from runlift_fit.importer import FitImporter
from runlift_gpx.importer import GpxImporter
from runlift_liftcsv.hevy import HevyImporter
from runlift_tcx.importer import TcxImporter

from runlift.importers import Activity, Decoded, StrengthSession
from runlift.importers.testing import decode_with, registry_of
from tests.support import pairs
from tests.support.corpus import (
    RUN_FIT,
    SHORT_RUN_FIT,
    STRENGTH_AND_RUN_FIT,
    STRENGTH_FIT,
    device_file,
    load_manifest,
    require_corpus,
)

# A Forerunner 110 run of 5 laps with heart rate (no cadence); a 1-lap fenix 5 run with cadence.
RUN = RUN_FIT
CADENCE_RUN = SHORT_RUN_FIT
# 14 active sets, 6 of them the watch did not recognise; one a bench press, with weights.
STRENGTH = STRENGTH_FIT
# Two strength sessions around a run in one file, with weights.
TWO_STRENGTH = STRENGTH_AND_RUN_FIT
STRENGTH_ZONE = "Europe/Helsinki"  # the watch's own offset that day was +03:00

# Session edges: GPX has whole seconds, TCX ends at the last lap's start plus its timer time.
EDGE_S = 1.5


def corpus(path: str) -> Path:
    """A real device file: committed under tests/data, or read from the corpus (call it in a test)."""
    return device_file(path)


@pytest.fixture(scope="module")
def fit_run() -> Activity:
    (activity,) = decode_with(FitImporter(), corpus(RUN)).activities
    return activity


@pytest.fixture(scope="module")
def fit_strength() -> StrengthSession:
    (session,) = decode_with(FitImporter(), corpus(STRENGTH)).strength_sessions
    return session


def to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def only_activity(decoded: Decoded) -> Activity:
    (activity,) = decoded.activities
    return activity


def moving_cadence(fit: Activity) -> float:
    """The mean of the FIT samples' cadence while moving: what a copy made from the samples averages
    (this fenix 5 run's own session average, 167.3, counts its first standing seconds)."""
    assert fit.samples is not None
    assert fit.samples.cadence_spm is not None
    moving = [c for c in fit.samples.cadence_spm if c]
    return sum(moving) / len(moving)


def assert_same_run(copy: Activity, fit: Activity, *, shift: timedelta = timedelta(0)) -> None:
    assert copy.start_utc - shift == fit.start_utc
    assert copy.elapsed_s == pytest.approx(fit.elapsed_s, abs=EDGE_S)
    assert copy.distance_m == pytest.approx(fit.distance_m, rel=0.01)
    assert copy.sport == fit.sport


# --- GPX ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("shift_hours", "naive"), [(0, False), (2, False), (-7, False), (0, True)])
def test_gpx_holds_the_fit_run(
    tmp_path: Path, fit_run: Activity, shift_hours: int, naive: bool
) -> None:
    out = pairs.fit_run_to_gpx(
        corpus(RUN), tmp_path / "run.gpx", shift_hours=shift_hours, naive=naive
    )
    decoded = decode_with(GpxImporter(), out)
    copy = only_activity(decoded)
    assert_same_run(copy, fit_run, shift=timedelta(hours=shift_hours))
    assert copy.avg_hr_bpm == pytest.approx(fit_run.avg_hr_bpm, abs=2)
    assert copy.avg_cadence_spm == pytest.approx(fit_run.avg_cadence_spm, abs=2)
    assert decoded.device is not None
    assert decoded.device.product == "runlift-tests"
    # Shifted times still say UTC ("the wrong time zone"); naive ones say nothing.
    text = out.read_text()
    assert ("Z</time>" in text) is not naive


def test_gpx_without_heart_rate_keeps_cadence(tmp_path: Path) -> None:
    fit_run = only_activity(decode_with(FitImporter(), corpus(CADENCE_RUN)))
    out = pairs.fit_run_to_gpx(
        corpus(CADENCE_RUN), tmp_path / "run.gpx", with_heart_rate=False, creator="Some App 2.0"
    )
    decoded = decode_with(GpxImporter(), out)
    copy = only_activity(decoded)
    assert (copy.start_utc, copy.sport) == (fit_run.start_utc, fit_run.sport)
    assert copy.elapsed_s == pytest.approx(fit_run.elapsed_s, abs=EDGE_S)
    # GPX has no distance: over this one-minute run the GPS track measures 162 m, the watch 158 m.
    assert copy.distance_m == pytest.approx(fit_run.distance_m, rel=0.05)
    assert copy.avg_hr_bpm is None
    assert copy.samples is not None
    assert copy.samples.heart_rate_bpm is None
    assert copy.avg_cadence_spm == pytest.approx(moving_cadence(fit_run), abs=2)
    assert decoded.device is not None
    assert decoded.device.product == "Some App 2.0"


def test_gpx_reaches_the_session_edges_without_a_position(tmp_path: Path) -> None:
    # This COROS run gets its first GPS fix 3 s after the start: the track begins at the start anyway.
    run = corpus("fit/run/sports-lib__OutdoorRun20200314145229.fit")
    fit = only_activity(decode_with(FitImporter(), run))
    copy = only_activity(decode_with(GpxImporter(), pairs.fit_run_to_gpx(run, tmp_path / "r.gpx")))
    assert_same_run(copy, fit)
    assert copy.samples is not None
    assert copy.samples.heart_rate_bpm is not None
    assert copy.samples.heart_rate_bpm[0] is None
    assert copy.samples.heart_rate_bpm[1] is not None


def test_two_runs_minutes_apart_differ_only_in_start(tmp_path: Path, fit_run: Activity) -> None:
    first, second = pairs.two_runs_minutes_apart(corpus(RUN), tmp_path / "runs", 10)
    assert first != second
    a = only_activity(decode_with(GpxImporter(), first))
    b = only_activity(decode_with(GpxImporter(), second))
    assert_same_run(a, fit_run)
    assert_same_run(b, fit_run, shift=timedelta(minutes=10))
    assert b.elapsed_s == a.elapsed_s
    assert b.distance_m == pytest.approx(a.distance_m)


# --- TCX ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("shift_hours", [0, 3])
def test_tcx_holds_the_fit_run_lap_by_lap(
    tmp_path: Path, fit_run: Activity, shift_hours: int
) -> None:
    out = pairs.fit_run_to_tcx(corpus(RUN), tmp_path / "run.tcx", shift_hours=shift_hours)
    copy = only_activity(decode_with(TcxImporter(), out))
    shift = timedelta(hours=shift_hours)
    assert_same_run(copy, fit_run, shift=shift)
    assert copy.moving_s == pytest.approx(fit_run.moving_s, abs=EDGE_S)
    assert copy.avg_hr_bpm == pytest.approx(fit_run.avg_hr_bpm, abs=2)
    assert copy.max_hr_bpm == fit_run.max_hr_bpm
    assert copy.calories_kcal == fit_run.calories_kcal
    assert len(copy.laps) == len(fit_run.laps) == 5
    for lap, fit_lap in zip(copy.laps, fit_run.laps, strict=True):
        assert lap.start_utc - shift == fit_lap.start_utc
        assert lap.distance_m == pytest.approx(fit_lap.distance_m, abs=0.01)
        assert lap.avg_hr_bpm == fit_lap.avg_hr_bpm


def test_tcx_without_heart_rate(tmp_path: Path) -> None:
    fit_run = only_activity(decode_with(FitImporter(), corpus(CADENCE_RUN)))
    out = pairs.fit_run_to_tcx(corpus(CADENCE_RUN), tmp_path / "run.tcx", with_heart_rate=False)
    copy = only_activity(decode_with(TcxImporter(), out))
    assert_same_run(copy, fit_run)
    assert copy.avg_hr_bpm is None
    assert copy.max_hr_bpm is None
    assert all(lap.avg_hr_bpm is None for lap in copy.laps)
    assert copy.avg_cadence_spm == pytest.approx(moving_cadence(fit_run), abs=2)


# --- Hevy CSV ----------------------------------------------------------------------------------


def expected_names(session: StrengthSession, names: dict[str, str] | None = None) -> Counter[str]:
    """The Hevy titles the FIT plugin's sets should come back as."""
    return Counter(
        pairs.hevy_name(s.exercise_category or pairs.UNKNOWN, s.exercise_name, names)
        for s in session.sets
    )


def test_hevy_holds_the_fit_sets(tmp_path: Path, fit_strength: StrengthSession) -> None:
    out = pairs.strength_fit_to_hevy(corpus(STRENGTH), tmp_path / "hevy.csv")
    (copy,) = decode_with(HevyImporter(), out).strength_sessions
    # Hevy keeps minutes only: the start drops its seconds, the end too.
    assert copy.start_utc == to_minute(fit_strength.start_utc)
    assert copy.elapsed_s == pytest.approx(fit_strength.elapsed_s, abs=60)
    assert len(copy.sets) == len(fit_strength.sets) == 14
    assert Counter(s.exercise_name for s in copy.sets) == expected_names(fit_strength)
    reps = Counter(
        (pairs.hevy_name(s.exercise_category or "unknown"), s.reps) for s in fit_strength.sets
    )
    assert Counter((s.exercise_name, s.reps) for s in copy.sets) == reps
    assert {s.set_type for s in copy.sets} == {"working"}
    assert {s.rpe for s in copy.sets} == {8.0}
    # The watch's 6 unrecognised sets have a name on the Hevy side.
    assert sum(s.exercise_name == "unknown" for s in fit_strength.sets) == 6
    assert sum(s.exercise_name == pairs.UNKNOWN_STAND_IN for s in copy.sets) == 6


def test_hevy_writes_local_time_in_hevy_s_format(
    tmp_path: Path, fit_strength: StrengthSession
) -> None:
    out = pairs.strength_fit_to_hevy(
        corpus(STRENGTH), tmp_path / "hevy.csv", time_zone=STRENGTH_ZONE, shift_minutes=7
    )
    # 17:44:06Z is 20:44 in Helsinki; 7 minutes later, 20:51 (and 31 minutes on, 21:22). The header
    # is Hevy's, quoted.
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(f'"{c}"' for c in pairs.HEVY_COLUMNS)
    assert lines[1].startswith('"Strength","20 Oct 2025, 20:51","20 Oct 2025, 21:22",')
    (copy,) = decode_with(HevyImporter(), out, time_zone=STRENGTH_ZONE).strength_sessions
    assert copy.start_utc - timedelta(minutes=7) == to_minute(fit_strength.start_utc)
    assert copy.utc_offset_s == fit_strength.utc_offset_s == 10800


def test_hevy_names_can_be_overridden(tmp_path: Path, fit_strength: StrengthSession) -> None:
    names = {"unknown": "Cable Crunch", "bench_press": "Bench Press (Dumbbell)"}
    out = pairs.strength_fit_to_hevy(corpus(STRENGTH), tmp_path / "hevy.csv", names=names, rpe=None)
    (copy,) = decode_with(HevyImporter(), out).strength_sessions
    titles = Counter(s.exercise_name for s in copy.sets)
    assert titles == expected_names(fit_strength, names)
    assert titles["Cable Crunch"] == 6
    assert titles["Bench Press (Dumbbell)"] == 1
    assert {s.rpe for s in copy.sets} == {None}


@pytest.mark.parametrize("weight_unit", ["kg", "lbs"])
def test_hevy_keeps_each_session_and_its_weights(
    tmp_path: Path, weight_unit: Literal["kg", "lbs"]
) -> None:
    fit = decode_with(FitImporter(), corpus(TWO_STRENGTH)).strength_sessions
    out = pairs.strength_fit_to_hevy(
        corpus(TWO_STRENGTH),
        tmp_path / "hevy.csv",
        time_zone="Europe/Helsinki",
        weight_unit=weight_unit,
    )
    assert f'"weight_{weight_unit}"' in out.read_text().splitlines()[0]
    copy = decode_with(HevyImporter(), out, time_zone="Europe/Helsinki").strength_sessions
    assert len(copy) == len(fit) == 2
    for hevy, watch in zip(copy, fit, strict=True):
        assert hevy.start_utc == to_minute(watch.start_utc)
        assert len(hevy.sets) == len(watch.sets)
        assert Counter(s.exercise_name for s in hevy.sets) == expected_names(watch)
        weights = sorted(s.weight_kg or 0.0 for s in hevy.sets)
        assert weights == pytest.approx(sorted(s.weight_kg or 0.0 for s in watch.sets), abs=0.005)
    assert any(s.weight_kg for session in copy for s in session.sets)


def test_hevy_warmups_come_before_each_exercise(
    tmp_path: Path, fit_strength: StrengthSession
) -> None:
    out = pairs.strength_fit_to_hevy(corpus(STRENGTH), tmp_path / "hevy.csv", warmups=True)
    (copy,) = decode_with(HevyImporter(), out).strength_sessions
    working = [s for s in copy.sets if s.set_type == "working"]
    warmups = [s for s in copy.sets if s.set_type == "warmup"]
    assert len(working) == len(fit_strength.sets)
    assert len(warmups) == len(expected_names(fit_strength))
    assert all(s.rpe is None for s in warmups)
    # Each exercise's rows start with its warm-up, as Hevy lists them.
    firsts: dict[str, str] = {}
    for s in copy.sets:
        firsts.setdefault(s.exercise_name, s.set_type)
    assert set(firsts.values()) == {"warmup"}


# --- corpus pairs ------------------------------------------------------------------------------

ALL = registry_of(FitImporter(), GpxImporter(), TcxImporter())


def pair_ids(found: list[tuple[str, str, str]]) -> list[str]:
    """Test ids naming both files, without folders or the reason."""
    return [f"{Path(a).stem}~{Path(b).stem}" for a, b, _ in found]


def spans(path: str) -> list[tuple[datetime, float, str]]:
    """(start, elapsed, sport) of every session the plugins read from a corpus file."""
    decoded = decode_with(ALL, corpus(path))
    found = [(a.start_utc, a.elapsed_s, a.sport) for a in decoded.activities]
    found += [(s.start_utc, s.elapsed_s, "strength") for s in decoded.strength_sessions]
    return found


def test_corpus_pair_lists_name_real_files_once() -> None:
    require_corpus()
    manifest = load_manifest()
    same = {frozenset(p[:2]) for p in pairs.corpus_pairs()}
    distinct = {frozenset(p[:2]) for p in pairs.corpus_distinct()}
    assert not same & distinct
    for a, b, why in pairs.corpus_pairs() + pairs.corpus_distinct():
        assert a != b
        assert a in manifest
        assert b in manifest
        assert why


@pytest.mark.parametrize(
    ("a", "b", "why"), pairs.corpus_pairs(), ids=pair_ids(pairs.corpus_pairs())
)
def test_corpus_pairs_hold_a_session_in_common(a: str, b: str, why: str) -> None:
    in_a, in_b = spans(a), spans(b)
    matches = [
        (x, y)
        for x in in_a
        for y in in_b
        if abs((x[0] - y[0]).total_seconds()) <= 1
        and abs(x[1] - y[1]) <= max(1.0, 0.01 * max(x[1], y[1]))
    ]
    assert matches, why


@pytest.mark.parametrize(
    ("a", "b", "why"), pairs.corpus_distinct(), ids=pair_ids(pairs.corpus_distinct())
)
def test_corpus_distinct_sessions_barely_overlap(a: str, b: str, why: str) -> None:
    in_b = spans(b)
    for start_a, elapsed_a, sport_a in spans(a):
        for start_b, elapsed_b, sport_b in in_b:
            end_a = start_a + timedelta(seconds=elapsed_a)
            end_b = start_b + timedelta(seconds=elapsed_b)
            overlap = (min(end_a, end_b) - max(start_a, start_b)).total_seconds()
            # Close in time (within the hour) but sharing under a quarter of the shorter one.
            assert overlap > -3600, why
            assert sport_a != sport_b or overlap < 0.25 * min(elapsed_a, elapsed_b), why

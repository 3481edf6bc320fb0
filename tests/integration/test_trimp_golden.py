"""Golden TRIMP and heart-rate zone times of real runs from the shared corpus.

The expected values are computed here, straight from each file's `record` messages decoded with fitdecode,
with none of runlift's code (no plugin, no projection, no formula); the actual values are what runlift's
projection stores in view_session after importing the file with the installed FIT plugin.

The profile is runlift's default: max heart rate 190, resting 50, male. So:
  HRr = clamp((hr - 50) / 140, 0, 1); TRIMP = sum(dt / 60 x HRr x 0.64 x e^(1.92 x HRr));
  each record counts dt = clamp(next t - t, 0, 30 s) and the last one 0; records without heart rate are skipped;
  zone bounds are 50 + edge x 140 for edges 0.6, 0.7, 0.8, 0.9, rounded to 0.1: 134, 148, 162, 176 bpm;
  zone k holds heart rates at or above the first k bounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import fitdecode
import pytest
from runlift_migrations import read_models
from sqlalchemy import select

from runlift.bootstrap import Runlift
from runlift.importers.manager import PluginSource
from runlift.queries import eventlog
from tests.support.corpus import device_file, load_manifest, require_corpus
from tests.support.stores import MakeApp

MAX_HR, RESTING_HR = 190.0, 50.0
MALE_A, MALE_B = 0.64, 1.92
MAX_GAP_S = 30.0
ZONE_EDGES = (0.6, 0.7, 0.8, 0.9)

COROS = "fit/run/sports-lib__OutdoorRun20200314145229.fit"
FR110 = "fit/run/fitparse__2013-02-06-12-11-14.fit"
FENIX6S = "fit/run/fit_data_whiz__running.fit"
# The Forerunner 110 run is committed under tests/data; the COROS (AGPL) and fenix 6S (no licence stated)
# runs are read from the corpus, and their cases are skipped locally without it (failed under CI).

# Three runs from three devices, each with its golden figures as the independent decode below found them:
# (TRIMP, seconds in zones 0-4, seconds that carried a heart rate). The stored values must match the decode;
# these literals pin the decode itself (a fitdecode upgrade that changed it would show here first).
RUNS = [
    # COROS APEX Pro, 2921 records 1 s apart; the first (3 s before the second) has no heart rate: skipped.
    pytest.param(
        COROS, 112.6223007817, [63.0, 238.0, 987.0, 1631.0, 0.0], 2919.0, id="coros-apex-pro"
    ),
    # Garmin Forerunner 110, 590 records ("smart recording": mostly 1-8 s apart); 7 repeat a timestamp
    # (0 s each) and one gap of 52 s is capped at 30 s.
    pytest.param(
        FR110, 78.8864053578, [405.0, 447.0, 1382.0, 368.0, 0.0], 2602.0, id="garmin-fr110"
    ),
    # Garmin fenix 6S, 706 records 1-9 s apart and one pause of 233 s (capped at 30 s). Its last record
    # lies 1 ms after the session's fractional end and still belongs to it (see session_records).
    pytest.param(
        FENIX6S, 48.3660733839, [2859.0, 124.0, 0.0, 0.0, 0.0], 2983.0, id="garmin-fenix6s"
    ),
]


@dataclass(frozen=True)
class Record:
    at: datetime
    hr_bpm: float | None


@dataclass(frozen=True)
class Figures:
    trimp: float
    zone_s: list[float]
    hr_seconds: float


@cache
def decode(path: str) -> tuple[tuple[Record, ...], datetime, float]:
    """A file's timestamped records (timestamp, heart rate) in file order, and its one session's start_time
    and total_elapsed_time, as fitdecode reads them."""
    records: list[Record] = []
    sessions: list[tuple[datetime, float]] = []
    with fitdecode.FitReader(
        str(device_file(path)),
        check_crc=fitdecode.CrcCheck.WARN,
        error_handling=fitdecode.ErrorHandling.WARN,
    ) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "record":
                at = frame.get_value("timestamp", fallback=None)
                if at is None:  # a record without a time has no place on the timeline
                    continue
                hr = frame.get_value("heart_rate", fallback=None)
                records.append(Record(at, None if hr is None else float(hr)))
            elif frame.name == "session":
                sessions.append(
                    (frame.get_value("start_time"), float(frame.get_value("total_elapsed_time")))
                )
    [(start, elapsed)] = sessions
    return tuple(records), start, elapsed


def all_records(path: str) -> list[Record]:
    return list(decode(path)[0])


def session_records(path: str) -> list[Record]:
    """The records within the session: stamped from start_time to start_time + total_elapsed_time,
    rounded up to the whole second (records are stamped in whole seconds; the elapsed time is not).

    A FIT session covers that stretch, and runlift gives a session the records within it (which is what
    places each record in the right leg of a multisport file). The fenix 6S's session ends at 17:59:13 +
    3185.999 s = 18:52:18.999 and its last record is stamped 18:52:19: rounded up, it is the session's,
    and for these three single-session files every record is.
    """
    records, start, elapsed = decode(path)
    end = start + timedelta(seconds=math.ceil(elapsed))
    return [r for r in records if start <= r.at <= end]


def zone_bounds() -> list[float]:
    return [round(RESTING_HR + edge * (MAX_HR - RESTING_HR), 1) for edge in ZONE_EDGES]


def figures(records: list[Record]) -> Figures:
    """TRIMP, zone seconds and seconds with heart rate, sample by sample, as the module docstring says."""
    bounds = zone_bounds()
    t0 = records[0].at
    t_s = [(r.at - t0).total_seconds() for r in records]
    trimp, hr_seconds = 0.0, 0.0
    zone_s = [0.0] * (len(bounds) + 1)
    for i, record in enumerate(records):
        if record.hr_bpm is None:
            continue
        dt = min(max(t_s[i + 1] - t_s[i], 0.0), MAX_GAP_S) if i + 1 < len(records) else 0.0
        hrr = min(max((record.hr_bpm - RESTING_HR) / (MAX_HR - RESTING_HR), 0.0), 1.0)
        trimp += dt / 60 * hrr * MALE_A * math.exp(MALE_B * hrr)
        zone_s[sum(1 for bound in bounds if record.hr_bpm >= bound)] += dt
        hr_seconds += dt
    return Figures(trimp, zone_s, hr_seconds)


def import_and_project(make_app: MakeApp, path: str) -> Runlift:
    # PluginSource(): the installed first-party plugins (the FIT one), not the toy plugins of make_app.
    app = make_app(plugins=PluginSource())
    report = app.importer().import_paths([device_file(path)])
    [result] = report.results
    assert (result.status, result.importer) == ("imported", "fit"), result.reason
    app.projections().catch_up()
    return app


def stored_run(app: Runlift) -> tuple[float, float, list[float], list[float]]:
    s = read_models.session.c
    with app.projections().engine.connect() as c:
        [row] = c.execute(
            select(s.hr_trimp, s.hr_minutes, s.zone_s, s.zone_bounds_bpm).where(s.kind == "run")
        ).all()
    return row.hr_trimp, row.hr_minutes, list(row.zone_s), list(row.zone_bounds_bpm)


def test_the_chosen_files_are_heart_rate_runs_from_different_devices():
    require_corpus()
    manifest = load_manifest()
    devices = set()
    for path in (COROS, FR110, FENIX6S):
        row = manifest[path]
        assert row["has_heart_rate"] == "yes"
        assert row["sport"].startswith("running/")
        assert ";" not in row["sport"]  # one session
        devices.add((row["manufacturer"], row["product"]))
    assert len(devices) == 3


def test_zone_bounds_of_the_default_profile():
    # 50 + 0.6 x 140 = 134, 50 + 0.7 x 140 = 148, 50 + 0.8 x 140 = 162, 50 + 0.9 x 140 = 176
    assert zone_bounds() == [134.0, 148.0, 162.0, 176.0]


@pytest.mark.parametrize(("path", "trimp", "zone_s", "hr_seconds"), RUNS)
def test_the_independent_decode_gives_the_golden_figures(path, trimp, zone_s, hr_seconds):
    expected = figures(session_records(path))

    assert expected.trimp == pytest.approx(trimp, rel=1e-10)
    assert expected.zone_s == zone_s
    assert expected.hr_seconds == hr_seconds
    # Every second with a heart rate lies in exactly one zone.
    assert sum(expected.zone_s) == expected.hr_seconds


@pytest.mark.parametrize(("path", "trimp", "zone_s", "hr_seconds"), RUNS)
def test_stored_trimp_and_zone_times_match_the_independent_decode(
    make_app: MakeApp, path, trimp, zone_s, hr_seconds
):
    expected = figures(session_records(path))

    app = import_and_project(make_app, path)
    hr_trimp, hr_minutes, stored_zone_s, stored_bounds = stored_run(app)

    # The same sums over the same samples, in a different order (numpy's pairwise sum against a loop):
    # agreement to rounding, far tighter than any real difference (one 1 s sample at 120 bpm is 0.014,
    # rel 1e-4 of these totals).
    assert hr_trimp == pytest.approx(expected.trimp, rel=1e-9)
    assert hr_minutes == pytest.approx(expected.hr_seconds / 60, rel=1e-9)
    # Whole-second timestamps: the zone times are whole seconds, stored rounded to 0.1 s.
    assert stored_zone_s == pytest.approx(expected.zone_s, abs=0.05)
    assert stored_bounds == zone_bounds()


@pytest.mark.parametrize(("path", "trimp", "zone_s", "hr_seconds"), RUNS)
def test_stored_samples_are_the_session_records(make_app: MakeApp, path, trimp, zone_s, hr_seconds):
    """Sample counts and heart rates: the imported stream is exactly the session's records."""
    records = session_records(path)

    app = import_and_project(make_app, path)
    [samples] = list(eventlog.read_events(app.history, ["ActivitySamplesRecorded"]))

    assert len(samples["t_s"]) == len(records)
    assert samples["heart_rate_bpm"] == [r.hr_bpm for r in records]
    t0 = records[0].at
    offset = samples["t_s"][
        0
    ]  # runlift counts from the session's start, this decode from the first record
    assert [t - offset for t in samples["t_s"]] == [(r.at - t0).total_seconds() for r in records]


def test_the_fenix6s_record_a_fraction_after_the_session_end_is_kept(make_app: MakeApp):
    """The session's elapsed time ends 1 ms before its last record (18:52:18.999 vs 18:52:19): that record
    is still the session's, so all 706 records are stored and count."""
    every = all_records(FENIX6S)
    _records, start, elapsed = decode(FENIX6S)
    assert every[-1].at > start + timedelta(seconds=elapsed)  # the case this guards
    assert session_records(FENIX6S) == every
    app = import_and_project(make_app, FENIX6S)
    hr_trimp, _hr_minutes, stored_zone_s, _ = stored_run(app)
    raw = figures(every)
    assert hr_trimp == pytest.approx(raw.trimp, rel=1e-9)
    assert stored_zone_s == raw.zone_s

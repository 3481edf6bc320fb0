"""One workout, many files: the same-session rule, links stored as events, the primary, unlink and --force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from runlift.domain.sessions import UnknownLink
from runlift.importers.manager import PluginSource
from runlift.ingest.dedupe import Summary, same_session
from runlift.projections.duplicates import Duplicates
from runlift.settings import defaults
from tests.support.corpus import TCX_RUN, committed, device_file
from tests.support.helpers import stored
from tests.support.stores import MakeApp

T0 = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
RULE = defaults().dedupe


def _session(
    file_id: str = "f1",
    *,
    start: datetime = T0,
    elapsed: float = 3600.0,
    distance: float | None = 10_000.0,
    sport: str = "running",
    kind: str = "endurance",
    clock_known: bool = False,
    sets: tuple[tuple[int | None, float | None], ...] = (),
) -> Summary:
    return Summary(
        session=f"{file_id}:a0",
        file_id=file_id,
        file_sha256=file_id * 8,
        kind=kind,  # type: ignore[arg-type]
        sport=sport,
        start_utc=start,
        elapsed_s=elapsed,
        distance_m=distance,
        clock_known=clock_known,
        sets=sets,
        richness=1,
    )


@pytest.mark.parametrize(
    ("other", "same"),
    [
        pytest.param(_session("f2", start=T0 + timedelta(seconds=90)), True, id="90 s apart"),
        pytest.param(_session("f2", start=T0 + timedelta(minutes=10)), False, id="10 min apart"),
        pytest.param(
            _session("f2", start=T0 - timedelta(minutes=3, seconds=1)), False, id="just outside"
        ),
        pytest.param(_session("f2", elapsed=3600 * 1.049), True, id="duration within 5 %"),
        pytest.param(_session("f2", elapsed=3600 * 1.06), False, id="duration 6 % off"),
        pytest.param(_session("f2", distance=10_600.0), False, id="distance 6 % off"),
        pytest.param(_session("f2", distance=None), True, id="one without distance"),
        pytest.param(_session("f2", sport="cycling"), False, id="another sport"),
        pytest.param(
            _session("f2", sport="generic"), True, id="a file that does not say its sport"
        ),
        pytest.param(
            _session("f2", start=T0 + timedelta(hours=2, seconds=40)), True, id="2 h clock offset"
        ),
        pytest.param(_session("f2", start=T0 - timedelta(hours=5)), True, id="-5 h clock offset"),
        pytest.param(
            _session("f2", start=T0 + timedelta(seconds=170), elapsed=300.0, distance=None),
            False,
            id="short sessions that barely overlap",
        ),
        pytest.param(
            _session("f2", start=T0 + timedelta(hours=2, minutes=10)), False, id="2 h 10 min apart"
        ),
        pytest.param(
            _session("f2", start=T0 + timedelta(hours=15)), False, id="beyond the hour window"
        ),
        pytest.param(_session("f1"), False, id="two sessions of one file"),
    ],
)
def test_the_same_session_rule(other, same):
    assert (same_session(other, _session("f1"), RULE) is not None) is same


def test_two_files_whose_devices_stated_their_offset_are_never_matched_across_hours():
    watch = _session("f1", clock_known=True)
    other_watch = _session("f2", start=T0 + timedelta(hours=3), clock_known=True)

    assert same_session(other_watch, watch, RULE) is None
    assert same_session(_session("f3", start=T0 + timedelta(hours=3)), watch, RULE) is not None


def test_a_very_short_session_may_differ_by_the_absolute_floor():
    watch = _session("f1", elapsed=60.0, distance=None)
    bike_computer = _session("f2", start=T0 + timedelta(seconds=2), elapsed=64.5, distance=None)

    match = same_session(bike_computer, watch, RULE)

    assert match is not None
    assert match.reasons["duration_diff_pct"] == 6.98


def test_two_devices_recording_one_after_the_other_are_two_records():
    # fenix 5 and Edge 820 on one short ride: 16:09:22-16:10:23 and 16:10:15-16:11:20 (corpus).
    watch = _session("f1", elapsed=60.4, distance=None)
    bike_computer = _session("f2", start=T0 + timedelta(seconds=53), elapsed=64.5, distance=None)

    assert same_session(bike_computer, watch, RULE) is None


def test_strength_sessions_match_on_their_sets_not_their_names():
    sets = ((10, 60.0), (10, 60.0), (8, 70.0), (12, 20.0))
    watch = _session("f1", kind="strength", sport="strength_training", sets=sets)
    app_log = _session(
        "f2", kind="strength", sport="strength_training", sets=((10, 60.2), (8, 70.0), (12, 20.0))
    )
    other_day = _session(
        "f3", kind="strength", sport="strength_training", sets=((5, 100.0), (5, 100.0))
    )
    a_run = _session("f4", start=T0 + timedelta(seconds=10))

    assert same_session(app_log, watch, RULE) is not None
    assert same_session(other_day, watch, RULE) is None
    assert same_session(a_run, watch, RULE) is None


def test_every_decision_states_its_reasons_in_words():
    match = same_session(
        _session("f2", start=T0 + timedelta(hours=1, seconds=30)), _session("f1"), RULE
    )

    assert match is not None
    assert match.reasons["hour_offset_h"] == 1
    assert (
        match.summary
        == "start 30 s apart after a +1 h clock offset, duration within 0.0 %, distance within 0.0 %"
    )


# Real files recording one session: (richer, poorer) by what they hold. Committed under tests/data but
# for no_hr.tcx and the FITfileR rides, which are read from the corpus (skipped locally without it).
REAL_PAIRS = [
    ("tcx/tcxparser__test.tcx", "tcx/tcxparser__no_hr.tcx"),
    ("fit/other/FITfileR__zwift-turbo.fit", "fit/other/FITfileR__garmin-fenix6-turbo.fit"),
    ("fit/run/fitparse__Activity.fit", "fit/other/muktihari-fit__activity_truncated.fit"),
]
REAL_DISTINCT = [
    ("fit/run/fitparse__garmin-fenix-5-walk.fit", "fit/run/fitparse__garmin-fenix-5-run.fit"),
    ("fit/other/fitparse__garmin-fenix-5-bike.fit", "fit/other/fitparse__garmin-edge-820-bike.fit"),
    (
        "fit/other/fit-analyzer__20747700969_ACTIVITY.fit",
        "fit/strength/fit-analyzer__20748058539_ACTIVITY.fit",
    ),
]


def _real_app(make_app: MakeApp):
    return make_app(plugins=PluginSource())


@pytest.mark.parametrize(("richer", "poorer"), REAL_PAIRS)
@pytest.mark.parametrize("order", ["richer first", "poorer first"])
def test_a_real_pair_is_one_workout_whatever_arrives_first(
    make_app: MakeApp, richer, poorer, order
):
    app = _real_app(make_app)
    files = [device_file(richer), device_file(poorer)]
    for path in files if order == "richer first" else files[::-1]:
        assert app.importer().import_paths([path]).results[0].status == "imported"

    duplicates = Duplicates.of(app.history)
    [group] = duplicates.groups()
    filenames = [duplicates_file(app, s) for s in group.members]

    assert filenames == [Path(richer).name, Path(poorer).name]
    runs = [e for e in stored(app) if e["type"] in ("RunCompleted", "ActivityCompleted")]
    counted = [
        e for e in runs if duplicates.is_primary(f"{e['aggregate_id']}:a{e['activity_index']}")
    ]
    assert len(counted) == 1


def duplicates_file(app, session: str) -> str:
    from uuid import UUID

    return app.history.repository.get(UUID(session.split(":")[0])).source.filename


@pytest.mark.parametrize(("first", "second"), REAL_DISTINCT)
def test_real_sessions_close_in_time_stay_distinct(make_app: MakeApp, first, second):
    app = _real_app(make_app)

    app.importer().import_paths([device_file(first), device_file(second)])

    assert Duplicates.of(app.history).groups() == []
    assert stored(app, "DuplicateLinked") == []


def test_a_wrong_link_can_be_split_and_stays_in_history(make_app: MakeApp):
    app = _real_app(make_app)
    richer, poorer = REAL_PAIRS[2]  # the SDK run, and the same records without a session
    app.importer().import_paths([committed(richer), committed(poorer)])
    [group] = Duplicates.of(app.history).groups()
    [link] = group.links

    app.history.unlink(link.link_id, "they were two runs")

    after = Duplicates.of(app.history)
    assert after.groups() == []
    assert all(after.is_primary(s) for s in group.members)
    assert [e["reason"] for e in stored(app, "DuplicateUnlinked")] == ["they were two runs"]
    assert len(stored(app, "DuplicateLinked")) == 1
    with pytest.raises(UnknownLink):
        app.history.unlink(link.link_id, "again")


def test_a_forced_reimport_is_a_new_revision_linked_to_the_first(make_app: MakeApp):
    app = _real_app(make_app)
    path = committed(TCX_RUN)
    app.importer().import_paths([path])

    plain = app.importer().import_paths([path])
    forced = app.importer().import_paths([path], force=True)

    assert plain.results[0].status == "already imported"
    assert forced.results[0].status == "imported"
    [group] = Duplicates.of(app.history).groups()
    assert len(group.members) == 2
    assert len(stored(app, "FileImported")) == 2


def test_two_processes_importing_copies_of_one_workout_at_once_link_them_once(
    make_app: MakeApp, home: Path, store_url: str, tmp_path
):
    import os
    import subprocess
    import sys

    from tests.support.helpers import toy_file

    run = ("2024-05-01T07:00:00+00:00", 3600.0, 10_000.0)
    watch = toy_file(tmp_path / "a", "watch.toy", run)
    app_export = toy_file(tmp_path / "b", "app.toy", (run[0], 3610.0, 10_020.0))
    make_app()  # the store's tables exist before the race
    env = {**os.environ, "RUNLIFT_DATABASE_URL": store_url, "RUNLIFT_HOME": str(home)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "runlift", "import", str(path)], env=env, stdout=subprocess.PIPE
        )
        for path in (watch, app_export)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    app = make_app()
    [group] = Duplicates.of(app.history).groups()
    assert len(group.members) == 2
    assert len(stored(app, "DuplicateLinked")) == 1
    assert len(stored(app, "SessionDayStarted")) == 1

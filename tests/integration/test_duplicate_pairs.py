"""Real pairs: the same workout from the corpus in two files, or converted to GPX/TCX/Hevy here, counts once."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.importers.decode import decode_file
from runlift.importers.manager import PluginSource, load_registry
from runlift.importers.outcomes import DecodeSuccess
from runlift.ingest.history import History
from runlift.ingest.normalise import facts
from runlift.projections.duplicates import Duplicates, merged_view
from runlift.settings import defaults
from runlift.storage.persistence import parse_store_url
from tests.support.corpus import SHORT_RUN_FIT, STRENGTH_FIT, committed, device_file
from tests.support.pairs import (
    corpus_distinct,
    corpus_pairs,
    fit_run_to_gpx,
    fit_run_to_tcx,
    strength_fit_to_hevy,
    two_runs_minutes_apart,
)
from tests.support.stores import MakeApp

RUN = committed(SHORT_RUN_FIT)  # a fenix 5 run: heart rate, cadence, GPS and its UTC offset
STRENGTH = committed(STRENGTH_FIT)  # 14 active sets, 6 the watch did not recognise


def _app(make_app: MakeApp):
    return make_app(plugins=PluginSource())


def _filename(app_or_history: Any, session: str) -> str:
    history = getattr(app_or_history, "history", app_or_history)
    return str(history.repository.get(UUID(session.split(":")[0])).source.filename)


def _groups_by_name(app: Any) -> list[list[str]]:
    return [[_filename(app, s) for s in g.members] for g in Duplicates.of(app.history).groups()]


@pytest.mark.parametrize(("first", "second", "why"), corpus_pairs(), ids=lambda v: str(v)[:40])
def test_a_corpus_pair_is_linked_into_one_group(make_app: MakeApp, first, second, why):
    app = _app(make_app)

    # Committed under tests/data, or read from the corpus (skipped locally without it).
    app.importer().import_paths([device_file(first)])
    (later,) = app.importer().import_paths([device_file(second)]).results

    groups = _groups_by_name(app)
    if later.already_stored:
        # The second file says what the first said, to the value: its copy of the workout is not stored
        # at all (ingest/identity.py), so there is nothing to link; the workout counts once.
        assert groups == [], why
        assert later.already_stored.keys() & {"RunCompleted", "ActivityCompleted"}, why
    else:
        assert len(groups) == 1, why
        assert set(groups[0]) == {Path(first).name, Path(second).name}


@pytest.mark.parametrize(("first", "second", "why"), corpus_distinct(), ids=lambda v: str(v)[:40])
def test_a_corpus_pair_close_in_time_stays_distinct(make_app: MakeApp, first, second, why):
    app = _app(make_app)

    app.importer().import_paths([device_file(first), device_file(second)])

    assert _groups_by_name(app) == [], why


@pytest.mark.parametrize(
    ("convert", "hour_offset"),
    [
        pytest.param(lambda out: fit_run_to_gpx(RUN, out / "run.gpx"), 0, id="gpx"),
        pytest.param(
            lambda out: fit_run_to_gpx(RUN, out / "run.gpx", naive=True), 0, id="gpx naive times"
        ),
        pytest.param(
            lambda out: fit_run_to_gpx(RUN, out / "run.gpx", shift_hours=2),
            2,
            id="gpx local as UTC +2",
        ),
        pytest.param(
            lambda out: fit_run_to_gpx(RUN, out / "run.gpx", shift_hours=-5, with_heart_rate=False),
            -5,
            id="gpx -5 h without heart rate",
        ),
        pytest.param(
            lambda out: fit_run_to_tcx(RUN, out / "run.tcx", shift_hours=1), 1, id="tcx +1"
        ),
    ],
)
@pytest.mark.parametrize("watch_first", [True, False], ids=["watch first", "app first"])
def test_a_watch_run_and_its_app_export_count_once_with_the_watch_as_primary(
    make_app: MakeApp, tmp_path, convert, hour_offset, watch_first
):
    app = _app(make_app)
    converted = convert(tmp_path)
    for path in [RUN, converted] if watch_first else [converted, RUN]:
        assert app.importer().import_paths([path]).results[0].status == "imported"

    [group] = Duplicates.of(app.history).groups()
    [link] = group.links

    assert _filename(app, group.primary) == RUN.name
    assert link.reasons["hour_offset_h"] == (hour_offset if watch_first else -hour_offset)
    assert "start" in link.summary


def test_runs_ten_minutes_apart_stay_two_runs(make_app: MakeApp, tmp_path):
    app = _app(make_app)
    first, second = two_runs_minutes_apart(RUN, tmp_path, 10)

    app.importer().import_paths([first, second])

    assert _groups_by_name(app) == []


def test_a_hevy_log_of_a_watch_strength_session_names_the_sets_the_watch_could_not(
    make_app: MakeApp, tmp_path
):
    app = _app(make_app)
    hevy = strength_fit_to_hevy(STRENGTH, tmp_path / "hevy.csv", rpe=8.0)
    app.importer().import_paths([STRENGTH, hevy])

    duplicates = Duplicates.of(app.history)
    [group] = duplicates.groups()
    view = merged_view(app.history, group)

    assert _filename(app, group.primary) == STRENGTH.name  # heart rate and a trusted clock
    assert len(view.sets) == 14
    unknown_before = [s for s in view.sets if s["provenance"]["exercise_name"] != group.primary]
    assert len(unknown_before) == 6
    assert {s["exercise_name"] for s in unknown_before} == {"Lateral Raise (Dumbbell)"}
    assert all(s["rpe"] == 8.0 for s in view.sets)
    assert {s["provenance"]["rpe"] for s in view.sets} == {group.members[1]}
    assert view.provenance["avg_hr_bpm"] == group.primary


def test_the_merged_view_takes_the_track_from_the_record_that_has_one(make_app: MakeApp, tmp_path):
    app = _app(make_app)
    # The fenix 6 recorded heart rate indoors; Zwift had the distance: one ride, two halves of the picture.
    app.importer().import_paths(
        [
            device_file("fit/other/FITfileR__garmin-fenix6-turbo.fit"),  # Artistic-2.0: the corpus
            device_file("fit/other/FITfileR__zwift-turbo.fit"),
        ]
    )
    [group] = Duplicates.of(app.history).groups()

    view = merged_view(app.history, group)

    assert view.fields["distance_m"] == pytest.approx(28286.2, rel=0.001)
    assert _filename(app, view.provenance["distance_m"]) == "FITfileR__zwift-turbo.fit"
    assert set(view.streams) >= {"heart_rate_bpm", "distance_m"}


# Order independence: the same files imported in any order give the same groups, primary and merged view.

_REGISTRY = load_registry(PluginSource())
_PROFILE = defaults().profile()


def _decoded(path: Path) -> tuple[str, list[Any], Any]:
    outcome = decode_file(_REGISTRY, path, path.name, {})
    assert isinstance(outcome, DecodeSuccess), outcome
    return outcome.importer, facts(outcome.decoded, _PROFILE), outcome


@pytest.fixture(scope="module")
def group_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, list[Any], Any]]:
    out = tmp_path_factory.mktemp("group")
    _, far = two_runs_minutes_apart(RUN, out / "far", 30)  # the same run moved 30 minutes on
    paths = [
        RUN,
        fit_run_to_gpx(RUN, out / "shifted.gpx", shift_hours=2),
        fit_run_to_tcx(RUN, out / "run.tcx"),
        fit_run_to_gpx(RUN, out / "plain.gpx", with_heart_rate=False),
        far,
        STRENGTH,
        strength_fit_to_hevy(STRENGTH, out / "hevy.csv"),
    ]
    return [(p.name, *_decoded(p)) for p in paths]  # type: ignore[misc]


def _import_in_order(history: History, files: list[Any]) -> tuple[Any, ...]:
    for name, importer, fact_list, outcome in files:
        from runlift.domain.events import Source

        source = Source(
            uuid.uuid5(uuid.NAMESPACE_URL, name).hex * 2, name, importer, outcome.version
        )
        history.record_import(
            source=source,
            size_bytes=1,
            format=outcome.decoded.format,
            archive=None,
            salvaged=None,
            facts=fact_list,
        )
    duplicates = Duplicates.of(history)
    described = []
    for group in duplicates.groups():
        view = merged_view(history, group)
        described.append(
            (
                tuple(_filename(history, s) for s in group.members),
                tuple(sorted((k, _filename(history, v)) for k, v in view.provenance.items())),
                tuple(sorted(view.fields.items(), key=lambda kv: kv[0])).__repr__(),
                tuple((s["exercise_name"], s["reps"], s["rpe"]) for s in view.sets),
            )
        )
    return tuple(sorted(described))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(7)))
def test_linking_does_not_depend_on_the_order_files_arrive_in(store_url, group_files, order):
    reference = _reference(store_url, group_files)
    history = History(parse_store_url(store_url), f"athlete-{uuid.uuid4().hex[:8]}")
    try:
        assert _import_in_order(history, [group_files[i] for i in order]) == reference
    finally:
        history.close()


_REFERENCES: dict[str, tuple[Any, ...]] = {}


def _reference(store_url: str, files: list[Any]) -> tuple[Any, ...]:
    backend = store_url.split(":", 1)[0]
    if backend not in _REFERENCES:
        history = History(parse_store_url(store_url), f"athlete-{uuid.uuid4().hex[:8]}")
        _REFERENCES[backend] = _import_in_order(history, files)
        history.close()
        groups = _REFERENCES[backend]
        assert (
            len(groups) == 2
        )  # the run with its three copies, and the strength session with its Hevy log
        assert groups[1][0][0] == RUN.name or groups[0][0][0] == RUN.name
    return _REFERENCES[backend]


def test_every_permutation_of_a_small_group_gives_the_same_primary(store_url, group_files):
    subset = [group_files[1], group_files[0], group_files[3]]  # shifted GPX, watch FIT, plain GPX
    seen = set()
    for order in itertools.permutations(subset):
        history = History(parse_store_url(store_url), f"athlete-{uuid.uuid4().hex[:8]}")
        seen.add(_import_in_order(history, list(order)))
        history.close()
    assert len(seen) == 1

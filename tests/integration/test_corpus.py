"""The whole real-device corpus through the installed plugins into the store, checked against its manifest.

One import of `../shared/corpus` per backend (SQLite and PostgreSQL); then every file's outcome and events
are compared with MANIFEST.tsv, whose values came from an independent decode.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.importers.manager import PluginSource
from runlift.ingest.service import ImportReport
from runlift.queries import eventlog
from tests.support import stores as core
from tests.support.corpus import (
    corpus_present,
    corpus_root,
    load_manifest,
    or_missing,
    require_corpus,
)
from tests.support.helpers import INDEX_TYPES

pytestmark = pytest.mark.slow

# Read at collection time; without the corpus every test here is skipped (a failure under CI).
MANIFEST = load_manifest() if corpus_present() else {}
ACTIVITY_TYPES = ("RunCompleted", "ActivityCompleted")

# Files that hold no recorded activity; the plugins must say so, in words, rather than import them.
NOT_ACTIVITIES = {
    "gpx/gpxpy__route.gpx": "not an activity",
    "gpx/gpxpy__Mojstrovka.gpx": "not an activity",
    "tcx/gpsbabel__course.tcx": "not an activity",
    "gpx/gpxpy__unicode_with_bom.gpx": "not an activity",
}


class Imported:
    """The corpus imported once: the report, and the stored events grouped by file."""

    def __init__(self, app: Runlift, report: ImportReport, scratch: Path) -> None:
        self.app = app
        self.report = report
        self.results = {_relative(r.file): r for r in report.results}
        self.events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.all_events = list(eventlog.read_events(app.history))
        by_sha = {r.sha256: key for key, r in self.results.items()}
        for record in self.all_events:
            source = record.get("source")
            if source is not None:
                self.events[by_sha[source["sha256"]]].append(record)
        # A file that says what another said, to the value, stores none of it (ingest/identity.py):
        # its events are those it stores alone, in a store of its own.
        for key, result in self.results.items():
            if result.already_stored:
                with bootstrap(
                    scratch / key, database_url=f"sqlite://{scratch / key / 'store'}"
                ) as alone:
                    alone.importer().import_paths([corpus_root() / key])
                    self.events[key] = [
                        r for r in eventlog.read_events(alone.history) if r.get("source")
                    ]

    def of(self, path: str, *types: str) -> list[dict[str, Any]]:
        return [e for e in self.events[path] if not types or e["type"] in types]


def _relative(display: str) -> str:
    return str(Path(display).resolve().relative_to(corpus_root().resolve()))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def imported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Imported]:
    require_corpus()
    home = tmp_path_factory.mktemp("corpus-home")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite://{home / 'store'}"
    else:
        schema = f"rl_{uuid.uuid4().hex[:16]}"
        try:
            admin = core.pg_admin()
        except psycopg.OperationalError as exc:
            core.pg_unavailable(str(exc).strip())
        admin.execute(f'CREATE SCHEMA "{schema}"')
        url = f"postgresql://{core.PG_USER}@{core.PG_HOST}:{core.PG_PORT}/{core.PG_DB}?schema={schema}"
    app = bootstrap(home, database_url=url, plugins=PluginSource(), workers=os.cpu_count() or 1)
    report = app.importer().import_paths([corpus_root()])
    try:
        yield Imported(app, report, tmp_path_factory.mktemp("alone"))
    finally:
        app.close()
        if schema is not None:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
            admin.close()


def _rows(*folders: str) -> list[str]:
    return sorted(p for p in MANIFEST if p.startswith(folders))


def test_every_corpus_file_has_an_outcome_and_its_notes_are_refused_as_unknown(imported: Imported):
    assert set(MANIFEST) <= set(imported.results)
    for path in set(imported.results) - set(MANIFEST):  # README.md, SOURCES.md, MANIFEST.tsv
        assert imported.results[path].status == "rejected"
        assert "no importer recognises" in (imported.results[path].reason or "")


@pytest.mark.parametrize("path", or_missing(_rows("fit/invalid")))
def test_a_damaged_fit_file_is_rejected_or_salvaged_with_a_stated_reason(imported: Imported, path):
    result = imported.results[path]
    if result.status == "rejected":
        assert result.reason
        assert result.importer == "fit", result.reason
    else:
        assert result.status == "imported"
        assert result.salvaged, "a damaged file imported without saying it was salvaged"
        assert imported.of(path, "FileImported")[0]["salvaged"] == result.salvaged


@pytest.mark.parametrize("path", or_missing(sorted(set(MANIFEST) - set(_rows("fit/invalid")))))
def test_every_other_file_imports_or_is_refused_as_not_an_activity(imported: Imported, path):
    result = imported.results[path]
    if path in NOT_ACTIVITIES:
        assert result.status == "rejected"
        assert NOT_ACTIVITIES[path] in (result.reason or "")
    else:
        assert result.status == "imported", result.reason


def _fit_activity_rows() -> list[str]:
    return [
        p
        for p in _rows("fit/run", "fit/other", "fit/strength")
        if MANIFEST[p]["sport"] and MANIFEST[p]["decodes_ok"] == "yes"
    ]


@pytest.mark.parametrize("path", or_missing(_fit_activity_rows()))
def test_fit_activities_agree_with_the_manifest(imported: Imported, path):
    row = MANIFEST[path]
    # Strength sessions become StrengthSessionCompleted, transitions between multisport legs nothing.
    sports = [
        s
        for s in row["sport"].split(";")
        if not s.endswith("/strength_training") and not s.startswith("transition")
    ]
    activities = imported.of(path, *ACTIVITY_TYPES)
    strength = imported.of(path, "StrengthSessionCompleted")

    assert len(activities) + len(strength) >= 1
    # A session without a sport (the manifest's "None") is recorded as FIT's "generic".
    expected = [s.lower().replace("none/", "generic/", 1) for s in sports]
    assert [f"{a['sport']}/{a['sub_sport']}".lower() for a in activities] == expected
    first = min(activities + strength, key=lambda e: e["start_utc"])
    expected_start = datetime.fromisoformat(row["start_time"].replace("Z", "+00:00"))
    assert datetime.fromisoformat(first["start_utc"]) == expected_start
    if len(activities) == 1 and not strength:
        [activity] = activities
        if row["duration_s"]:
            assert activity["elapsed_s"] == pytest.approx(float(row["duration_s"]), rel=0.01)
        if row["distance_m"]:
            assert (activity["distance_m"] or 0) == pytest.approx(
                float(row["distance_m"]), rel=0.01
            )


@pytest.mark.parametrize(
    "path", or_missing([p for p in MANIFEST if MANIFEST[p]["n_active_sets"] not in ("", "0")])
)
def test_working_sets_agree_with_the_manifest(imported: Imported, path):
    sets = imported.of(path, "SetLogged")
    working = [s for s in sets if s["set_type"] != "warmup"]

    assert len(working) == int(MANIFEST[path]["n_active_sets"])


def test_the_strength_file_that_spells_its_sets_yields_exactly_those_exercises(imported: Imported):
    path = "fit/strength/fit_data_whiz__training_4pull_up_3push_up_3curl_3bench_press_1deadlift_1sit_up_5unknown.fit"
    counts: dict[str, int] = defaultdict(int)
    for s in imported.of(path, "SetLogged"):
        counts[s["exercise_name"].lower().replace("-", " ").replace("_", " ")] += 1

    assert sorted(counts.values(), reverse=True) == [5, 4, 3, 3, 3, 1, 1]
    assert counts["unknown"] == 5
    assert sum(counts.values()) == 20


@pytest.mark.parametrize(
    "path",
    or_missing([p for p in MANIFEST if MANIFEST[p]["n_sleep_level_messages"] not in ("", "0")]),
)
def test_sleep_files_give_sleep_records(imported: Imported, path):
    nights = imported.of(path, "SleepRecorded")

    assert nights
    assert all(n["duration_s"] > 0 for n in nights)


@pytest.mark.parametrize(
    "path",
    or_missing(
        [p for p in _rows("fit/sleep_monitoring") if MANIFEST[p]["n_hrv_messages"] not in ("", "0")]
    ),
)
def test_overnight_hrv_files_give_wellness_records(imported: Imported, path):
    assert any(w["hrv_rmssd_ms"] for w in imported.of(path, "WellnessRecorded"))


def test_every_event_carries_the_athlete_and_its_source(imported: Imported):
    athlete = imported.app.settings.athlete_id
    for record in imported.all_events:
        assert record["athlete_id"] == athlete
        if record["type"] not in ("FileImported", "FileRejected", *INDEX_TYPES):
            assert record["source"]["plugin"] in {"fit", "gpx", "tcx", "hevy", "strong"}


def test_importing_the_corpus_again_adds_nothing(imported: Imported):
    again = imported.app.importer().import_paths([corpus_root()])

    assert {r.status for r in again.results} <= {"already imported", "rejected"}
    assert len(list(eventlog.read_events(imported.app.history))) == len(imported.all_events)


def test_every_stored_event_decodes_alike_with_the_fast_and_the_stdlib_decoder(imported: Imported):
    from eventsourcing.persistence import JSONTranscoder

    from runlift.storage.log import notifications

    app = imported.app.history
    plain = JSONTranscoder()
    app.register_transcodings(plain)
    fast = app.mapper.transcoder
    compressor = app.mapper.compressor
    assert compressor is not None
    count = 0
    for notification in notifications(app.recorder):
        state = compressor.decompress(notification.state)
        assert fast.decode(state) == plain.decode(state), notification.topic
        count += 1
    assert count > 8000


def test_the_whole_corpus_projects_and_a_rebuild_gives_the_same_views(imported: Imported):
    from tests.support.reliability import snapshot

    projections = imported.app.projections()
    projections.catch_up()
    incremental = snapshot(projections)
    sessions = incremental["view_session"]
    assert len(sessions) > 400
    projections.rebuild()
    assert snapshot(projections) == incremental

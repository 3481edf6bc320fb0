"""Mutated corpus files through the real import service into SQLite and PostgreSQL: each file's events are
stored whole (all it yields, one transaction) or not at all (rejected with a reason, no data events), only
plausible values reach the store, and afterwards the store holds exactly what a clean import of the same
files holds, with views that a rebuild reproduces (tests/support/reliability.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.bootstrap import Runlift
from runlift.importers.manager import PluginSource
from runlift.ingest.service import ImportReport
from tests.fuzz import mutations as m
from tests.fuzz import settings
from tests.fuzz.properties import assert_a_reason, implausible
from tests.support.helpers import stored
from tests.support.reliability import IMPORTED, assert_nothing_lost
from tests.support.stores import MakeApp

pytestmark = pytest.mark.slow

# The events of an imported file besides FileImported: its training data.
DATA = IMPORTED - {"FileImported", "FileRejected", "DuplicateLinked"}

any_mutant = st.one_of(m.damaged(), m.fit_absurd(), m.xml_absurd(), m.csv_absurd())


def assert_stored_whole_or_not_at_all(app: Runlift, report: ImportReport) -> None:
    """Every imported file's stored events are the ones its result counts, with only plausible values;
    every rejected file has its reason recorded and no data events; no data event belongs to no file."""
    records = stored(app)
    sha256_of = {r["aggregate_id"]: r["source"]["sha256"] for r in _of(records, "FileImported")}
    files_of = {sha256: aggregate for aggregate, sha256 in sha256_of.items()}
    data: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        if record["type"] in DATA:
            data[record["aggregate_id"]].append(record)
    assert set(data) <= set(sha256_of), "data events of no imported file"
    rejections = {r["sha256"]: r for r in _of(records, "FileRejected")}
    for result in report.results:
        name = Path(result.file).name
        if result.status == "imported":
            events = data[files_of[result.sha256]]
            counted = Counter(r["type"] for r in events)
            assert counted == Counter(result.events), f"{name}: stored {dict(counted)}"
            imported = next(r for r in records if r["aggregate_id"] == files_of[result.sha256])
            problems = implausible(
                [(r["type"], r) for r in events], imported["notes"], datetime.now(UTC)
            )
            assert not problems, f"{name} stored implausible values: {problems}"
        elif result.status == "rejected":
            assert result.sha256 not in files_of, f"{name} was rejected but its bytes are stored"
            rejected = rejections[result.sha256]
            assert_a_reason(rejected["stage"], rejected["reason"], rejected["plugin"], name)
        else:
            assert result.status == "already imported"
            assert result.sha256 in files_of or result.sha256 in rejections, name


def _of(records: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    return [r for r in records if r["type"] == event_type]


def test_fuzzed_files_are_stored_whole_or_not_at_all(
    make_app: MakeApp, home: Path, store_url: str, tmp_path: Path
) -> None:
    app = make_app(plugins=PluginSource())
    offered: list[Path] = []

    @settings.default(4)
    @given(batch=st.lists(any_mutant, min_size=3, max_size=6))
    def import_a_batch(batch: list[m.Mutant]) -> None:
        folder = tmp_path / f"batch-{len(offered)}"
        paths = [mutant.write(folder / str(index)) for index, mutant in enumerate(batch)]
        offered.extend(paths)
        report = app.importer().import_paths(paths)
        try:
            assert_stored_whole_or_not_at_all(app, report)
        except AssertionError as exc:
            raise AssertionError(f"{[mutant.how for mutant in batch]}: {exc}") from None

    import_a_batch()
    assert_nothing_lost(home, store_url, offered, tmp_path / "scratch")


def test_a_10000_set_export_imports_whole_unless_it_is_one_workout(
    make_app: MakeApp, home: Path, store_url: str, tmp_path: Path
) -> None:
    app = make_app(plugins=PluginSource())
    history = tmp_path / "history" / "hevy.csv"
    one_workout = tmp_path / "one" / "hevy.csv"
    for path, one in ((history, False), (one_workout, True)):
        path.parent.mkdir()
        path.write_bytes(m.hevy_sets(10_000, one_workout=one))

    report = app.importer().import_paths([history, one_workout])

    results = {Path(r.file).parent.name: r for r in report.results}
    assert results["history"].status == "imported"
    assert results["history"].events["SetLogged"] == 10_000
    assert results["one"].status == "rejected"
    assert results["one"].reason == (
        "nothing in the file is plausible: left out strength sessions of more than 1000 sets: 1 "
        "(the first: 10000 sets)"
    )
    assert_stored_whole_or_not_at_all(app, report)
    assert_nothing_lost(home, store_url, [history, one_workout], tmp_path / "scratch")

"""Files whose data stops where they end: left alone while the rest may come, salvaged or refused after.

The daemon's way (`wait_for_rest`) against `runlift import`'s (salvage at once), on real device files cut
short, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from runlift.importers.manager import PluginSource
from tests.support.corpus import RUN_FIT, TCX_RUN, committed
from tests.support.helpers import stored
from tests.support.stores import MakeApp

RUN = RUN_FIT
TCX = TCX_RUN


def _cut(source: Path, target: Path, share: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * share)])
    return target


def _half_zip(tmp_path: Path) -> Path:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        zf.write(committed(RUN), "run.fit")
        zf.write(committed(TCX), "run.tcx")
    return _cut(whole, tmp_path / "export.zip", 0.6)


@pytest.mark.parametrize("kind", ["fit", "tcx", "zip", "empty"])
def test_waiting_for_the_rest_stores_nothing_and_leaves_the_file(
    make_app: MakeApp, tmp_path: Path, kind: str
) -> None:
    app = make_app(plugins=PluginSource())
    path = {
        "fit": lambda: _cut(committed(RUN), tmp_path / "run.fit", 0.5),
        "tcx": lambda: _cut(committed(TCX), tmp_path / "run.tcx", 0.5),
        "zip": lambda: _half_zip(tmp_path),
        "empty": lambda: _cut(committed(RUN), tmp_path / "new.fit", 0.0),
    }[kind]()
    before = path.read_bytes()

    report = app.importer().import_paths([path], move_rejected=True, wait_for_rest=True)

    assert [r.status for r in report.results] == ["incomplete"]
    assert report.results[0].reason
    assert stored(app) == []  # not even a rejection
    assert path.read_bytes() == before
    assert not any(app.settings.home.failed.glob("*"))


def test_after_the_wait_a_cut_run_is_salvaged_and_a_cut_zip_refused_each_saying_why(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(plugins=PluginSource())
    run = _cut(committed(RUN), tmp_path / "run.fit", 0.5)
    archive = _half_zip(tmp_path)
    note = "it stayed unchanged in the drop folder for 10 min, so it is taken as truncated for good"

    report = app.importer().import_paths([run, archive], salvage_note=note)

    by_file = {Path(r.file).name: r for r in report.results}
    assert by_file["run.fit"].status == "imported"
    assert by_file["run.fit"].salvaged is not None
    assert "the file is truncated" in by_file["run.fit"].salvaged
    assert by_file["run.fit"].salvaged.endswith(f"({note})")
    assert by_file["export.zip"].status == "rejected"
    assert by_file["export.zip"].reason is not None
    assert by_file["export.zip"].reason.endswith(f"({note})")
    (imported,) = stored(app, "FileImported")
    assert imported["salvaged"] == by_file["run.fit"].salvaged


def test_runlift_import_salvages_a_cut_run_at_once_and_a_complete_one_is_never_incomplete(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(plugins=PluginSource())
    cut = _cut(committed(RUN), tmp_path / "cut.fit", 0.5)
    whole = _cut(committed(RUN), tmp_path / "whole.fit", 1.0)

    salvaged = app.importer().import_paths([cut]).results
    complete = app.importer().import_paths([whole], wait_for_rest=True).results

    assert [r.status for r in salvaged] == ["imported"]
    assert salvaged[0].salvaged is not None
    assert [r.status for r in complete] == ["imported"]
    assert complete[0].salvaged is None

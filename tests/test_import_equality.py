"""The fast import (framed and native decoding, parallel workers) stores exactly the events of a
single-process import that decodes every FIT message with fitdecode, on the whole corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.storage.log import notifications
from tests.corpus import corpus_root

# What differs between two imports of the same bytes by design: when each event was recorded.
_RECORDING_TIME = "timestamp"

Stored = list[tuple[str, int, str, dict[str, Any]]]


def _home(root: Path) -> Path:
    """A home of the same athlete: aggregate ids are derived from the athlete's id."""
    home = root / "home"
    home.mkdir(parents=True)
    (home / "runlift.toml").write_text('[athlete]\nid = "corpus-athlete"\n', encoding="utf-8")
    return home


def _import(app: Runlift, decoder: str, workers: int) -> None:
    importer = app.importer()
    options = dict(importer.options.importer_options)
    options["fit"] = {**options.get("fit", {}), "decoder": decoder}
    importer.options = replace(importer.options, importer_options=options, workers=workers)
    files = [p for p in sorted(corpus_root().rglob("*")) if p.suffix.lower() in {".fit", ".gpx"}]
    files += [p for p in sorted(corpus_root().rglob("*")) if p.suffix.lower() in {".tcx", ".csv"}]
    importer.import_paths(files)


def _stored(app: Runlift) -> Stored:
    """Every event of the history, by aggregate and version, without its recording time."""
    decompress = app.history.mapper.compressor
    assert decompress is not None
    rows = []
    for note in notifications(app.history.recorder):
        state = orjson.loads(decompress.decompress(note.state))
        state.pop(_RECORDING_TIME, None)
        rows.append((str(note.originator_id), note.originator_version, note.topic, state))
    return sorted(rows, key=lambda row: (row[0], row[1]))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """The corpus imported by one worker that reads every FIT message with fitdecode."""
    root = tmp_path_factory.mktemp("reference")
    with bootstrap(_home(root), database_url=f"sqlite://{root / 'store'}") as app:
        _import(app, "full", workers=1)
        return _stored(app)


@pytest.fixture
def fast(tmp_path: Path, store_url: str) -> Iterator[Runlift]:
    with bootstrap(_home(tmp_path), database_url=store_url) as app:
        yield app


def test_the_fast_import_stores_the_events_of_a_full_decode(
    fast: Runlift, reference: Stored
) -> None:
    _import(fast, "auto", workers=2)
    stored = _stored(fast)
    assert len(stored) == len(reference) > 8_000
    for mine, theirs in zip(stored, reference, strict=True):
        assert mine == theirs

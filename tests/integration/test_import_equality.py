"""The fast import (framed and native decoding, parallel workers) stores the events of a single-process
import that decodes every FIT message with fitdecode, on the whole corpus (a day's session index and a
month's fact identities in any arrival order, with the same duplicate groups)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.projections.duplicates import Duplicates
from runlift.storage.log import notifications
from tests.support.corpus import corpus_root, require_corpus

# What differs between two imports of the same bytes by design: when each event was recorded, and in a
# day's session index, the order in which files arrived. Parallel workers finish in any order, so the
# index's entries (and which of two duplicates links to the other) are compared regardless of order, and
# the duplicate groups they make must be the same. A fact that several files hold alike is stored by the
# first to arrive (ingest/identity.py): the files that left facts out in the reference import are imported
# after the others in the fast one, so the same file stores each.
_RECORDING_TIME = "timestamp"
_ARRIVAL_ORDERED = {"SessionIndexed", "DuplicateLinked", "FactsNoted"}

Stored = list[tuple[str, int, str, dict[str, Any]]]
Groups = set[tuple[str, frozenset[str]]]


def _home(root: Path) -> Path:
    """A home of the same athlete: aggregate ids are derived from the athlete's id."""
    home = root / "home"
    home.mkdir(parents=True)
    (home / "runlift.toml").write_text('[athlete]\nid = "corpus-athlete"\n', encoding="utf-8")
    return home


def _import(app: Runlift, decoder: str, workers: int, later: frozenset[str] = frozenset()) -> None:
    """Import the corpus; the files named in `later` in a second pass."""
    importer = app.importer()
    options = dict(importer.options.importer_options)
    options["fit"] = {**options.get("fit", {}), "decoder": decoder}
    importer.options = replace(importer.options, importer_options=options, workers=workers)
    files = [p for p in sorted(corpus_root().rglob("*")) if p.suffix.lower() in {".fit", ".gpx"}]
    files += [p for p in sorted(corpus_root().rglob("*")) if p.suffix.lower() in {".tcx", ".csv"}]
    importer.import_paths([p for p in files if p.name not in later])
    importer.import_paths([p for p in files if p.name in later])


def _left_out(stored: Stored) -> frozenset[str]:
    """The files that left out facts another file had stored."""
    return frozenset(
        state["source"]["_data_"]["filename"]  # as the transcoder stores a Source
        for _, _, topic, state in stored
        if topic.endswith(":FileImported") and state["already_stored"]
    )


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


def _comparable(stored: Stored) -> tuple[Stored, dict[str, list[Any]]]:
    """The events compared exactly, and per day index its arrival-ordered entries as a sorted list (links
    as the unordered pair of sessions they join)."""
    exact: Stored = []
    by_arrival: dict[str, list[Any]] = {}
    for aggregate, version, topic, state in stored:
        name = topic.rsplit(":", 1)[-1]
        if name not in _ARRIVAL_ORDERED:
            exact.append((aggregate, version, topic, state))
        elif name in ("SessionIndexed", "FactsNoted"):
            by_arrival.setdefault(aggregate, []).append(
                orjson.dumps(state, option=orjson.OPT_SORT_KEYS)
            )
        else:
            pair = sorted((state["session"], state["duplicate_of"]))
            by_arrival.setdefault(aggregate, []).append(f"link {pair[0]} {pair[1]}".encode())
    return exact, {aggregate: sorted(entries) for aggregate, entries in by_arrival.items()}


def _groups(app: Runlift) -> Groups:
    """Each duplicate group: its primary and its members."""
    return {
        (group.primary, frozenset(group.members)) for group in Duplicates.of(app.history).groups()
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Stored, Groups]:
    """The corpus imported by one worker that reads every FIT message with fitdecode."""
    require_corpus()
    root = tmp_path_factory.mktemp("reference")
    with bootstrap(_home(root), database_url=f"sqlite://{root / 'store'}") as app:
        _import(app, "full", workers=1)
        return _stored(app), _groups(app)


@pytest.fixture
def fast(tmp_path: Path, store_url: str) -> Iterator[Runlift]:
    with bootstrap(_home(tmp_path), database_url=store_url) as app:
        yield app


def test_the_fast_import_stores_the_events_of_a_full_decode(
    fast: Runlift, reference: tuple[Stored, Groups]
) -> None:
    expected, groups = reference
    later = _left_out(expected)
    _import(fast, "auto", workers=2, later=later)
    stored = _stored(fast)
    assert len(stored) == len(expected) > 8_000
    mine, mine_by_arrival = _comparable(stored)
    theirs, theirs_by_arrival = _comparable(expected)
    for event, same in zip(mine, theirs, strict=True):
        assert event == same
    assert mine_by_arrival == theirs_by_arrival
    assert _groups(fast) == groups
    assert groups  # the corpus has duplicates: the comparison means something
    assert later  # and files that repeat another's facts

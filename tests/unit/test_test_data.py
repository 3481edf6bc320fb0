"""The committed device files (tests/data): each listed with its source and a licence that lets it be
committed, its licence text beside it, byte for byte the corpus's file; and the corpus rule for the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import corpus
from tests.support.corpus import DATA, data_manifest, load_manifest, require_corpus

LISTS = {"SOURCES.md", "MANIFEST.tsv"}
# The licences a file may come under to be committed (tests/data/SOURCES.md, issue 18).
ALLOWED = re.compile(r"^(MIT|BSD-[23]-Clause|Apache-2\.0|FIT SDK licence)\b")
FORBIDDEN = re.compile(r"GPL|Artistic|NONE", re.IGNORECASE)


def _committed_files() -> set[str]:
    return {
        str(path.relative_to(DATA))
        for path in DATA.rglob("*")
        if path.is_file() and path.name not in LISTS and "LICENSES" not in path.parts
    }


def _sources() -> dict[str, list[str]]:
    """SOURCES.md's table: file -> [repository, path, commit, licence, licence text, bytes]."""
    rows = {}
    for line in (DATA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] != "file":
            rows[cells[0]] = cells[1:]
    return rows


def _corpus_sources() -> dict[str, list[str]]:
    rows = {}
    text = (require_corpus() / "SOURCES.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] != "file":
            rows[cells[0]] = cells[1:]
    return rows


def test_every_committed_file_is_listed_with_its_source_and_in_the_manifest() -> None:
    assert _committed_files() == set(_sources()) == set(data_manifest())
    for relative, (repository, path, commit, _, _, size) in _sources().items():
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", repository), relative
        assert path, relative
        assert re.fullmatch(r"[0-9a-f]{40}", commit), relative
        assert (
            (DATA / relative).stat().st_size == int(size) == int(data_manifest()[relative]["bytes"])
        )


def test_only_permissive_licences_and_each_licence_text_is_committed() -> None:
    for relative, (_, _, _, licence, texts, _) in _sources().items():
        assert ALLOWED.match(licence), (relative, licence)
        assert not FORBIDDEN.search(licence), (relative, licence)
        for text in texts.split(", "):
            assert (DATA / text).is_file(), (relative, text)


def test_the_committed_set_stays_small() -> None:
    total = sum((DATA / relative).stat().st_size for relative in _committed_files())
    assert total < 2_000_000


def test_the_named_files_are_committed() -> None:
    named = [v for k, v in vars(corpus).items() if k.isupper() and isinstance(v, str) and "/" in v]
    assert len(named) >= 10
    for relative in named:
        assert (DATA / relative).is_file(), relative


def test_each_committed_file_is_the_corpus_file_byte_for_byte_from_the_same_source() -> None:
    root = require_corpus()
    theirs = _corpus_sources()
    for relative, (repository, path, commit, _, _, _) in _sources().items():
        assert (DATA / relative).read_bytes() == (root / relative).read_bytes(), relative
        assert data_manifest()[relative] == load_manifest()[relative], relative
        their_repository, their_path, their_commit, their_licence, *_ = theirs[relative]
        assert (repository, path, commit) == (their_repository, their_path, their_commit)
        assert not FORBIDDEN.search(their_licence), (relative, their_licence)


@pytest.mark.parametrize("ci", ["", "true"])
def test_a_missing_corpus_skips_locally_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ci: str
) -> None:
    monkeypatch.setenv(corpus.CORPUS_ENV, str(tmp_path / "nowhere"))
    monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(expected, match=r"the device corpus is missing at .*nowhere"):
        corpus.require_corpus()
    with pytest.raises(expected):
        corpus.device_file("fit/run/fit_data_whiz__running.fit")  # not committed
    # A committed file is found all the same, and collection gets a placeholder, not a crash.
    assert corpus.device_file(corpus.RUN_FIT) == DATA / corpus.RUN_FIT
    assert corpus.manifest_paths(lambda path, row: True) == [corpus.MISSING]
    assert corpus.or_missing(["fit/run/x.fit"]) == [corpus.MISSING]

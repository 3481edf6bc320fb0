"""Mutated real corpus files through every importer and the core, without a store: each is imported with
only plausible values (possibly salvaged) or rejected with a reason; no plugin raises or returns malformed
values, and none hangs. Each property has a long twin for `pytest -m fuzz` (docs/fuzzing.md)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

from tests.fuzz import mutations as m
from tests.fuzz import settings
from tests.fuzz.properties import check_decode


def _check(mutant: m.Mutant, folder: Path) -> None:
    try:
        check_decode(mutant.write(folder / "fuzzed"))
    except AssertionError as exc:
        raise AssertionError(f"{mutant.how}: {exc}") from None


@settings.default(60)
@given(mutant=m.damaged())
def test_damaged_files_of_every_format_are_imported_or_rejected_with_a_reason(
    mutant: m.Mutant, tmp_path: Path
) -> None:
    _check(mutant, tmp_path)


@settings.long
@given(mutant=m.damaged())
def test_damaged_files_at_length(mutant: m.Mutant, tmp_path: Path) -> None:
    _check(mutant, tmp_path)


@settings.default(60)
@given(mutant=m.fit_absurd())
def test_fit_files_with_absurd_values_store_only_plausible_ones(
    mutant: m.Mutant, tmp_path: Path
) -> None:
    _check(mutant, tmp_path)


@settings.long
@given(mutant=m.fit_absurd())
def test_fit_absurd_values_at_length(mutant: m.Mutant, tmp_path: Path) -> None:
    _check(mutant, tmp_path)


def _check_redefined(case: tuple[str, m.Mutant], folder: Path) -> None:
    relative, mutant = case
    original = check_decode(m.Mutant(m.corpus_bytes(relative), mutant.name, relative).write(folder))
    redefined = check_decode(mutant.write(folder / "fuzzed"))
    assert original.success is not None, f"{relative} no longer imports"
    assert redefined.success is not None, f"{mutant.how}: {redefined.failure}"
    assert redefined.success.decoded == original.success.decoded, mutant.how


@settings.default(25)
@given(case=m.fit_redefined())
def test_a_repeated_fit_definition_changes_nothing(
    case: tuple[str, m.Mutant], tmp_path: Path
) -> None:
    _check_redefined(case, tmp_path)


@settings.long
@given(case=m.fit_redefined())
def test_repeated_fit_definitions_at_length(case: tuple[str, m.Mutant], tmp_path: Path) -> None:
    _check_redefined(case, tmp_path)


@settings.default(60)
@given(mutant=m.xml_absurd())
def test_gpx_and_tcx_files_with_absurd_values_store_only_plausible_ones(
    mutant: m.Mutant, tmp_path: Path
) -> None:
    _check(mutant, tmp_path)


@settings.long
@given(mutant=m.xml_absurd())
def test_gpx_and_tcx_absurd_values_at_length(mutant: m.Mutant, tmp_path: Path) -> None:
    _check(mutant, tmp_path)


@settings.default(60)
@given(mutant=m.csv_absurd())
def test_lifting_exports_with_absurd_cells_store_only_plausible_ones(
    mutant: m.Mutant, tmp_path: Path
) -> None:
    _check(mutant, tmp_path)


@settings.long
@given(mutant=m.csv_absurd())
def test_lifting_export_absurd_cells_at_length(mutant: m.Mutant, tmp_path: Path) -> None:
    _check(mutant, tmp_path)

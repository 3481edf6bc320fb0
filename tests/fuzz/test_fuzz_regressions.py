"""Every input fuzzing found to break an importer or the core (tests/fuzz_regressions/) still holds the fuzzing
property and has the outcome its README table records."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.properties import check_decode

FOLDER = Path(__file__).resolve().parent.parent / "fuzz_regressions"


def _table() -> dict[str, str]:
    """README.md's table: file name -> the outcome it records ("imported", "imported: <a note>",
    "rejected: <the reason's start>")."""
    rows: dict[str, str] = {}
    for line in (FOLDER / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and (FOLDER / cells[0]).is_file():
            rows[cells[0]] = cells[3]
    return rows


def test_every_regression_file_is_in_the_readme() -> None:
    files = {p.name for p in FOLDER.iterdir() if p.name != "README.md"}
    assert files, "no regression files"
    assert files == set(_table())


@pytest.mark.parametrize(("name", "expected"), sorted(_table().items()))
def test_a_regression_file_has_the_outcome_the_readme_records(name: str, expected: str) -> None:
    outcome = check_decode(FOLDER / name)

    status, _, words = expected.partition(": ")
    if status == "rejected":
        assert outcome.failure is not None, f"{name} was imported"
        assert outcome.failure.reason.startswith(words), outcome.failure.reason
    else:
        assert status == "imported", expected
        assert outcome.success is not None, f"{name} was rejected: {outcome.failure}"
        assert words in " ".join(outcome.success.decoded.notes)

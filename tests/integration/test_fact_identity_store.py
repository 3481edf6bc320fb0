"""Facts idempotent by their identity, on SQLite and PostgreSQL: a newer file repeating stored facts stores
only the new ones, whichever process stored the old ones and whatever it had read of the store before."""

from __future__ import annotations

from pathlib import Path

from tests.support.helpers import stored, toy_file
from tests.support.stores import MakeApp

MAY_1 = ("2024-05-01T07:00:00+00:00", 3600.0, 10_000.0)
MAY_3 = ("2024-05-03T07:00:00+00:00", 1800.0, 5_000.0)
MAY_5 = ("2024-05-05T07:00:00+00:00", 2400.0, 7_000.0)


def test_a_newer_file_stores_only_its_new_facts(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    older = toy_file(tmp_path / "a", "runs.toy", MAY_1, MAY_3)
    newer = toy_file(tmp_path / "b", "runs.toy", MAY_1, MAY_3, MAY_5)

    first = app.importer().import_paths([older]).results[0]
    second = app.importer().import_paths([newer]).results[0]

    assert (first.events, first.already_stored) == ({"RunCompleted": 2}, {})
    assert (second.events, second.already_stored) == ({"RunCompleted": 1}, {"RunCompleted": 2})
    runs = stored(app, "RunCompleted")
    assert sorted(r["start_utc"][:10] for r in runs) == ["2024-05-01", "2024-05-03", "2024-05-05"]
    (imported,) = [r for r in stored(app, "FileImported") if r["source"]["sha256"] == second.sha256]
    assert imported["already_stored"] == {"RunCompleted": 2}
    assert imported["event_counts"] == {"RunCompleted": 1}


def test_what_another_process_stored_meanwhile_is_known(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    # Two runlifts of one athlete (a daemon and an import): each has read the month before the other
    # stores in it.
    one, two = make_app(), make_app()
    two.importer().import_paths([toy_file(tmp_path / "x", "x.toy", MAY_3)])
    one.importer().import_paths([toy_file(tmp_path / "a", "a.toy", MAY_1)])

    (result,) = (
        two.importer().import_paths([toy_file(tmp_path / "b", "b.toy", MAY_1, MAY_5)]).results
    )

    assert result.already_stored == {"RunCompleted": 1}
    assert result.events == {"RunCompleted": 1}
    assert len(stored(one, "RunCompleted")) == 3


def test_a_forced_reimport_stores_every_fact_again(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    runs = toy_file(tmp_path, "runs.toy", MAY_1, MAY_3)
    app.importer().import_paths([runs])

    (again,) = app.importer().import_paths([runs], force=True).results

    assert (again.status, again.events, again.already_stored) == (
        "imported",
        {"RunCompleted": 2},
        {},
    )


def test_another_importer_reading_the_same_values_is_another_fact(
    make_app: MakeApp, tmp_path: Path
) -> None:
    # The toy and the streaming toy read the same lines into the same values: their facts stay apart.
    toys = make_app()
    toys.importer().import_paths([toy_file(tmp_path / "a", "a.toy", MAY_1)])

    (result,) = (
        toys.importer()
        .import_paths([toy_file(tmp_path / "b", "b.toy", MAY_1, magic="STREAM")])
        .results
    )

    assert (result.importer, result.events, result.already_stored) == (
        "streaming",
        {"RunCompleted": 1},
        {},
    )

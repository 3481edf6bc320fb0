"""Ingest through a plugin into the store, on SQLite and PostgreSQL: once per file's bytes, whole or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runlift.ingest.history import AlreadyImported
from tests.support.helpers import stored, toy_file, types_of
from tests.support.stores import MakeApp

RUN = ("2024-05-01T07:00:00+00:00", 3600.0, 10_000.0)
OTHER_RUN = ("2024-05-02T07:00:00+00:00", 1800.0, 5_000.0)


def test_a_toy_file_is_chosen_decoded_and_stored_with_its_provenance(make_app: MakeApp, tmp_path):
    app = make_app()
    path = toy_file(tmp_path, "week.toy", RUN, OTHER_RUN)

    report = app.importer().import_paths([path])

    assert [(r.status, r.importer) for r in report.results] == [("imported", "toy")]
    records = stored(app)
    assert types_of(records) == ["FileImported", "RunCompleted", "RunCompleted"]
    runs = [r for r in records if r["type"] == "RunCompleted"]
    assert [r["distance_m"] for r in runs] == [10_000.0, 5_000.0]
    assert runs[0]["local_day"] == "2024-05-01"
    assert runs[0]["source"]["plugin"] == "toy"
    assert runs[0]["source"]["sha256"] == report.results[0].sha256
    assert runs[0]["athlete_id"] == app.settings.athlete_id
    assert records[0]["event_counts"] == {"RunCompleted": 2}


def test_reimporting_the_same_bytes_adds_no_events(make_app: MakeApp, tmp_path):
    app = make_app()
    path = toy_file(tmp_path, "run.toy", RUN)
    app.importer().import_paths([path])
    before = stored(app)

    again = app.importer().import_paths([path, path])

    assert [r.status for r in again.results] == ["already imported", "already imported"]
    assert stored(app) == before


def test_the_same_bytes_under_another_name_are_already_imported(make_app: MakeApp, tmp_path):
    app = make_app()
    first = toy_file(tmp_path / "a", "run.toy", RUN)
    second = toy_file(tmp_path / "b", "renamed.toy", RUN)

    report = app.importer().import_paths([first, second])

    assert sorted(r.status for r in report.results) == ["already imported", "imported"]
    assert len(stored(app, "RunCompleted")) == 1


def test_reimporting_after_a_restart_adds_no_events(make_app: MakeApp, tmp_path):
    path = toy_file(tmp_path, "run.toy", RUN)
    first = make_app()
    first.importer().import_paths([path])
    count = len(stored(first))
    first.close()

    restarted = make_app()
    report = restarted.importer().import_paths([path])

    assert report.results[0].status == "already imported"
    assert len(stored(restarted)) == count


def test_a_save_racing_another_process_is_reported_as_already_imported(make_app: MakeApp, tmp_path):
    app = make_app()
    path = toy_file(tmp_path, "run.toy", RUN)
    app.importer().import_paths([path])
    sha = stored(app, "FileImported")[0]["source"]["sha256"]
    source = stored(app, "FileImported")[0]["source"]

    from runlift.domain.events import Source

    with pytest.raises(AlreadyImported):
        app.history.record_import(
            source=Source(**source),
            size_bytes=1,
            format="toy",
            archive=None,
            salvaged=None,
            facts=[],
        )
    assert app.history.is_imported(sha)


def test_two_processes_importing_the_same_file_at_once_store_it_once(
    make_app: MakeApp, home: Path, store_url: str, tmp_path
):
    path = toy_file(tmp_path, "run.toy", RUN, OTHER_RUN)
    make_app()  # creates the home and the store's tables before the race
    env = {**os.environ, "RUNLIFT_DATABASE_URL": store_url, "RUNLIFT_HOME": str(home)}
    command = [sys.executable, "-m", "runlift", "import", "--json", str(path)]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    app = make_app()
    assert types_of(stored(app)) == ["FileImported", "RunCompleted", "RunCompleted"]


def test_a_failure_in_the_middle_of_saving_leaves_nothing_of_the_file(
    make_app: MakeApp, tmp_path, monkeypatch
):
    app = make_app()
    path = toy_file(tmp_path, "week.toy", RUN, OTHER_RUN)
    recorder = app.history.recorder
    if hasattr(
        recorder, "_insert_stored_events"
    ):  # PostgreSQL: the server fails after the rows went in

        def fail_after_inserting(curs, *args, **kwargs):
            original(curs, *args, **kwargs)
            curs.execute("SELECT 1/0")

        name = "_insert_stored_events"
    else:  # SQLite: the process fails after the inserts, inside the transaction

        def fail_after_inserting(*args, **kwargs):
            original(*args, **kwargs)
            raise OSError("disk vanished mid-save")

        name = "_insert_events"
    original = getattr(recorder, name)

    monkeypatch.setattr(recorder, name, fail_after_inserting)
    with pytest.raises(Exception, match=r"disk vanished|division by zero"):
        app.importer().import_paths([path])
    monkeypatch.undo()

    assert stored(app) == []
    report = app.importer().import_paths([path])
    assert report.results[0].status == "imported"
    assert types_of(stored(app)) == ["FileImported", "RunCompleted", "RunCompleted"]


@pytest.mark.parametrize(
    ("magic", "stage", "reason"),
    [
        ("RAISE", "decode", "importer 'raising' failed: RuntimeError: the toy exploded"),
        ("MALFORMED", "validate", "importer 'malformed' returned malformed values"),
        ("NOTDECODED", "validate", "importer 'notdecoded' returned dict"),
        ("CRASH", "crash", "importer 'crashing': the decoder process died"),
    ],
)
def test_a_misbehaving_plugin_gets_the_file_rejected_and_the_next_file_imports(
    make_app: MakeApp, home: Path, tmp_path, magic, stage, reason
):
    app = make_app()
    bad = toy_file(tmp_path, f"bad-{magic.lower()}.toy", RUN, magic=magic)
    good = toy_file(tmp_path, "good.toy", RUN)

    report = app.importer().import_paths([bad, good])

    results = {Path(r.file).name: r for r in report.results}
    assert results["good.toy"].status == "imported"
    assert results[bad.name].status == "rejected"
    assert reason in results[bad.name].reason
    rejected = stored(app, "FileRejected")
    assert [(r["stage"], r["filename"]) for r in rejected] == [(stage, bad.name)]
    assert (home / "failed" / bad.name).read_bytes() == bad.read_bytes()
    assert reason in (home / "failed" / f"{bad.name}.error.txt").read_text()


def test_a_plugin_that_hangs_is_stopped_at_the_time_limit(make_app: MakeApp, tmp_path):
    app = make_app()
    service = app.importer()
    object.__setattr__(service.options, "plugin_timeout_s", 2.0)
    hanging = toy_file(tmp_path, "hang.toy", RUN, magic="HANG")
    good = toy_file(tmp_path, "good.toy", RUN)

    report = service.import_paths([hanging, good])

    results = {Path(r.file).name: r for r in report.results}
    assert results["good.toy"].status == "imported"
    assert results["hang.toy"].status == "rejected"
    assert "importer 'hanging'" in results["hang.toy"].reason
    assert "did not finish within 2 s" in results["hang.toy"].reason


def test_a_file_no_importer_recognises_is_rejected_naming_the_known_formats(
    make_app: MakeApp, tmp_path
):
    app = make_app()
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")

    report = app.importer().import_paths([path])

    assert report.results[0].status == "rejected"
    assert "no importer recognises 'notes.txt'" in report.results[0].reason
    assert "Toy run list (.toy)" in report.results[0].reason


def test_the_same_bad_file_rejected_twice_for_the_same_reason_is_recorded_once(
    make_app: MakeApp, tmp_path
):
    app = make_app()
    path = toy_file(tmp_path, "bad.toy", RUN, magic="RAISE")

    app.importer().import_paths([path])
    app.importer().import_paths([path])

    assert len(stored(app, "FileRejected")) == 1


def test_an_importer_refusal_is_stored_with_its_reason(make_app: MakeApp, tmp_path):
    app = make_app()
    path = toy_file(tmp_path, "broken.toy", ("yesterday", 1, 2))

    report = app.importer().import_paths([path])

    assert report.results[0].reason.startswith("line 2:")
    assert stored(app, "FileRejected")[0]["plugin"] == "toy"


def test_folders_are_imported_recursively_skipping_hidden_and_partial_files(
    make_app: MakeApp, tmp_path
):
    app = make_app()
    toy_file(tmp_path / "drop", "a.toy", RUN)
    toy_file(tmp_path / "drop" / "deeper", "b.toy", OTHER_RUN)
    toy_file(tmp_path / "drop", "c.toy.part", ("2024-05-03T07:00:00+00:00", 1, 1))
    toy_file(tmp_path / "drop", ".hidden.toy", ("2024-05-04T07:00:00+00:00", 1, 1))

    report = app.importer().import_paths([tmp_path / "drop"])

    assert sorted(Path(r.file).name for r in report.results) == ["a.toy", "b.toy"]
    assert len(stored(app, "RunCompleted")) == 2


def test_a_store_that_fails_is_reported_naming_the_file_and_nothing_of_it_is_kept(
    make_app: MakeApp, tmp_path, monkeypatch
):
    from eventsourcing.persistence import OperationalError

    from runlift.ingest.history import StoreFailed

    app = make_app()
    first = toy_file(tmp_path, "first.toy", RUN)
    app.importer().import_paths([first])
    second = toy_file(tmp_path, "second.toy", OTHER_RUN)

    def unavailable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(app.history.recorder, "insert_events", unavailable)
    with pytest.raises(StoreFailed, match=r"while saving second\.toy") as caught:
        app.importer().import_paths([second])
    monkeypatch.undo()

    assert "import again" in str(caught.value)
    assert [r["source"]["filename"] for r in stored(app, "RunCompleted")] == ["first.toy"]


def test_re_importing_leaves_failed_as_it_was_until_the_bytes_or_the_reason_change(
    make_app: MakeApp, home: Path, tmp_path
):
    # given: a folder with a good file, a text file no importer reads and a file a plugin rejects
    app = make_app()
    folder = tmp_path / "export"
    folder.mkdir()
    toy_file(folder, "good.toy", RUN)
    toy_file(folder, "bad.toy", RUN, magic="RAISE")
    (folder / "README.md").write_text("# my export\n")
    app.importer().import_paths([folder])
    kept = sorted(p.name for p in (home / "failed").iterdir())
    assert kept == ["README.md", "README.md.error.txt", "bad.toy", "bad.toy.error.txt"]
    # when: the same folder again (twice): then failed/ is as it was
    for _ in range(2):
        report = app.importer().import_paths([folder])
        assert report.count("rejected") == 2
    assert sorted(p.name for p in (home / "failed").iterdir()) == kept
    # when the bytes change, the new file is kept beside the old one
    (folder / "README.md").write_text("# my export, edited\n")
    app.importer().import_paths([folder])
    assert (home / "failed" / "README.1.md").read_text() == "# my export, edited\n"
    # and a file moved in (the daemon's way) whose bytes are kept already leaves its folder
    again = toy_file(tmp_path / "drop", "bad.toy", RUN, magic="RAISE")
    app.importer().import_paths([again], move_rejected=True)
    assert not again.exists()
    assert sorted(p.name for p in (home / "failed").iterdir()) == sorted(
        [*kept, "README.1.md", "README.1.md.error.txt"]
    )

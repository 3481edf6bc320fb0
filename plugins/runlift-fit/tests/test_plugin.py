"""The installed plugin: its entry point registers the FIT importer, and a real runlift imports through it."""

from __future__ import annotations

from tests.support.corpus import RUN_FIT, STRENGTH_AND_RUN_FIT, TRUNCATED_FIT, committed


def test_the_entry_point_registers_the_fit_importer(runlift_app) -> None:
    (plugin,) = [p for p in runlift_app.registry().plugins if p.name == "fit"]

    assert plugin.status == "loaded"
    assert plugin.importers == ("fit",)
    assert plugin.formats == ("FIT",)


def test_a_run_imports_end_to_end_with_its_samples(runlift_app) -> None:
    report = runlift_app.importer().import_paths([committed(RUN_FIT)])

    (result,) = report.results
    assert (result.status, result.importer, result.format) == ("imported", "fit", "FIT activity")
    assert result.events.get("RunCompleted") == 1
    assert result.events.get("ActivitySamplesRecorded") == 1


def test_a_strength_and_run_file_imports_both(runlift_app) -> None:
    report = runlift_app.importer().import_paths([committed(STRENGTH_AND_RUN_FIT)])

    (result,) = report.results
    assert result.events.get("RunCompleted") == 1
    assert result.events.get("StrengthSessionCompleted") == 2
    assert result.events.get("SetLogged") == 20


def test_a_truncated_file_is_imported_from_what_was_read(runlift_app) -> None:
    report = runlift_app.importer().import_paths([committed(TRUNCATED_FIT)])

    (result,) = report.results
    assert result.status == "imported"
    assert result.salvaged is not None
    assert "truncated" in result.salvaged
    assert result.events.get("RunCompleted") == 1

"""The installed plugin: its entry point registers both importers, and a real runlift imports through them."""

from __future__ import annotations

from tests.support.corpus import STRONG_CSV, committed


def test_the_entry_point_registers_a_hevy_and_a_strong_importer(runlift_app) -> None:
    (plugin,) = [p for p in runlift_app.registry().plugins if p.name == "liftcsv"]

    assert plugin.status == "loaded"
    assert plugin.importers == ("hevy", "strong")
    assert plugin.formats == ("Hevy CSV", "Strong CSV")


def test_a_strong_export_imports_end_to_end(runlift_app) -> None:
    report = runlift_app.importer().import_paths([committed(STRONG_CSV)])

    (result,) = report.results
    assert (result.status, result.importer, result.format) == ("imported", "strong", "Strong CSV")
    assert result.events.get("StrengthSessionCompleted") == 3
    assert result.events.get("SetLogged") == 6

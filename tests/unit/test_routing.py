"""Routing with every installed plugin: content decides, not the name; an unknown file is refused clearly."""

from __future__ import annotations

import shutil

import pytest

from runlift.importers.manager import PluginSource, load_registry
from runlift.importers.testing import chosen_importer, rejection_of
from tests.support.corpus import committed

REGISTRY = load_registry(PluginSource())


@pytest.mark.parametrize(
    ("source", "renamed", "importer"),
    [
        ("fit/run/fitparse__Activity.fit", "activity.bin", "fit"),
        ("fit/run/fitparse__Activity.fit", "activity.gpx", "fit"),
        ("tcx/tcxparser__test.tcx", "export.xml", "tcx"),
        ("tcx/tcxparser__test.tcx", "mislabelled.gpx", "tcx"),
        ("gpx/gpxpy__track-with-empty-segment.gpx", "export.xml", "gpx"),
        ("csv/strong-statistics__sample_hevy.csv", "workouts.txt", "hevy"),
        ("csv/strong-statistics__sample_strong_legacy.csv", "strong.export", "strong"),
    ],
)
def test_a_file_with_a_wrong_or_missing_extension_is_routed_by_its_content(
    tmp_path, source, renamed, importer
):
    path = tmp_path / renamed
    shutil.copy(committed(source), path)

    assert chosen_importer(REGISTRY, path) == importer


def test_a_csv_from_another_app_is_refused_naming_the_formats_runlift_reads(tmp_path):
    path = tmp_path / "garmin-activities.csv"
    path.write_text("Activity Type,Date,Distance,Calories\nRunning,2024-05-01 07:00:00,10.00,600\n")

    failure = rejection_of(REGISTRY, path)

    assert failure.stage == "sniff"
    assert "no importer recognises 'garmin-activities.csv'" in failure.reason
    for name in (
        "FIT",
        "GPX",
        "TCX",
        "Hevy CSV",
        "Strong CSV",
        "Health Auto Export JSON",
        "Health Connect Webhook JSON",
    ):
        assert name in failure.reason


def test_a_text_file_named_fit_is_refused_as_not_a_fit_file(tmp_path):
    path = tmp_path / "run.fit"
    path.write_text("this is not a FIT file\n")

    failure = rejection_of(REGISTRY, path)

    assert failure.importer == "fit"
    assert "not a FIT file" in failure.reason


def test_every_installed_first_party_plugin_is_loaded():
    loaded = {p.name: p for p in REGISTRY.plugins}

    first_party = {
        "fit",
        "gpx",
        "tcx",
        "liftcsv",
        "healthconnect",
        "healthautoexport",
        "garminexport",
        "applehealth",
    }
    assert first_party <= set(loaded)
    assert all(p.status == "loaded" for p in loaded.values())
    assert set(REGISTRY.importers) >= {
        "fit",
        "gpx",
        "tcx",
        "hevy",
        "strong",
        "healthconnect",
        "healthautoexport",
        "garminexport",
    }


def test_plugins_lists_each_with_version_formats_and_origin():
    by_name = {p.name: p for p in REGISTRY.plugins}

    assert by_name["liftcsv"].formats == ("Hevy CSV", "Strong CSV")
    assert by_name["fit"].version
    assert by_name["fit"].origin.startswith("entry point runlift_fit.plugin (runlift-fit ")

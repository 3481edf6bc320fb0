"""Recognising the app's JSON: by its `data` object of the app's arrays and its dates, whatever the name;
another app's JSON is not claimed; JSON pushed under the app's name that it did not write is rejected
saying what is wrong."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.support.corpus import HEVY_CSV, committed
from tests.support.health_payloads import health_auto_export_week

from runlift.importers.testing import rejection_of
from runlift_healthautoexport.importer import NAME_HINT, HealthAutoExportImporter

IMPORTER = HealthAutoExportImporter()


def test_an_export_is_recognised_from_its_first_4_kib_whatever_its_name():
    export = json.dumps(health_auto_export_week(seed=1, first_morning=date(2025, 3, 3), days=7))

    assert len(export) > 4096
    for name in ("healthautoexport.json", "HealthAutoExport-20250303-20250309.json", "upload"):
        assert IMPORTER.sniff(export.encode()[:4096], name) == 1.0


def test_a_compact_post_with_only_workouts_and_a_12_hour_clock_is_recognised():
    head = (
        '{"data":{"workouts":[{"id":"A1","name":"Running","start":"2024-01-02 7:00:00\u202fPM +0100",'
        '"end":"2024-01-02 7:30:00\u202fPM +0100","duration":1800}]}}'
    ).encode()

    assert IMPORTER.sniff(head, "post") == 1.0


def test_an_export_with_nothing_in_it_is_recognised():
    assert IMPORTER.sniff(b'{"data": {"metrics": [], "workouts": []}}', "x.json") == 1.0


@pytest.mark.parametrize(
    "other",
    [
        # Health Connect Webhook (Android)
        {"timestamp": "2026-05-09T14:00:00.123Z", "app_version": "1.9.13", "weight": []},
        # an API answer with a "data" object of other keys
        {"data": {"user": "jo", "metrics": [{"name": "a"}]}},
        # the app's keys, but ISO dates: not the app's format
        {"data": {"metrics": [{"name": "step_count", "data": [{"date": "2024-01-02T00:00:00Z"}]}]}},
        # "data" beside other top-level keys
        {"status": "ok", "data": {"metrics": [], "workouts": []}},
        [{"data": {"metrics": []}}],
    ],
)
def test_another_apps_json_is_not_claimed(other):
    assert IMPORTER.sniff(json.dumps(other).encode(), "export.json") == 0.0


def test_files_that_are_not_json_are_not_claimed():
    assert IMPORTER.sniff(committed(HEVY_CSV).read_bytes()[:4096], "healthautoexport.csv") == 0.0


def test_json_pushed_under_the_apps_name_that_the_app_did_not_write_is_rejected_saying_why(
    tmp_path,
):
    path = tmp_path / "healthautoexport.json"
    path.write_text(json.dumps({"metrics": [], "user": "jo"}))

    assert IMPORTER.sniff(path.read_bytes(), path.name) == NAME_HINT
    failure = rejection_of(IMPORTER, path)
    assert (failure.stage, failure.importer) == ("decode", "healthautoexport")
    assert failure.reason == (
        'not a Health Auto Export file: its top level has no "data" object (its keys: metrics, user)'
    )

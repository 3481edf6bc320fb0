"""Recognising the app's JSON: by its top-level keys, whatever the name; another app's JSON is not claimed;
a payload pushed under the app's name that the app did not write is rejected saying what is wrong."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.support.corpus import RUN_FIT, committed
from tests.support.health_payloads import health_connect_week

from runlift.importers.testing import chosen_importer, rejection_of
from runlift_healthconnect.importer import NAME_HINT, HealthConnectImporter

IMPORTER = HealthConnectImporter()


def compact(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def test_a_payload_is_recognised_from_its_first_4_kib_whatever_its_name():
    payload = compact(health_connect_week(seed=11, first_morning=date(2025, 3, 3), days=7))

    assert len(payload) > 4096
    for name in ("healthconnect.json", "upload", "data.bin"):
        assert IMPORTER.sniff(payload[:4096], name) == 1.0


def test_a_pretty_printed_payload_with_a_bom_is_recognised():
    payload = {"timestamp": "2026-05-09T14:00:00.123Z", "app_version": "1.9.13", "weight": []}

    head = b"\xef\xbb\xbf" + json.dumps(payload, indent=2).encode()

    assert IMPORTER.sniff(head, "x.json") == 1.0


@pytest.mark.parametrize(
    "other",
    [
        # Health Auto Export (iOS)
        {"data": {"metrics": [{"name": "heart_rate_variability", "units": "ms", "data": []}]}},
        # a log line of some service: a timestamp, but no app_version
        {"timestamp": "2026-05-09T14:00:00Z", "level": "info", "sleep": []},
        # the right keys nested one level down
        {"body": {"timestamp": "2026-05-09T14:00:00Z", "app_version": "1.0"}},
        # a timestamp that is not an instant (epoch milliseconds)
        {"timestamp": 1778335200000, "app_version": "1.0", "steps": []},
        # the app's keys beside keys the app never writes, in another order
        {"app_version": "2.0", "user": "jo", "timestamp": "2026-05-09T14:00:00Z"},
        [{"timestamp": "2026-05-09T14:00:00Z", "app_version": "1.0"}],
    ],
)
def test_another_apps_json_is_not_claimed(other):
    assert IMPORTER.sniff(compact(other), "export.json") == 0.0


def test_files_that_are_not_json_are_not_claimed():
    assert IMPORTER.sniff(committed(RUN_FIT).read_bytes()[:4096], "healthconnect.json") == 0.0
    assert IMPORTER.sniff(b"timestamp,app_version\n2026-05-09,1.0\n", "healthconnect.csv") == 0.0


def test_json_pushed_under_the_apps_name_is_only_a_hint():
    assert IMPORTER.sniff(b'{"hello": "world"}', "healthconnect.json") == NAME_HINT
    assert IMPORTER.sniff(b'{"hello": "world"}', "Health-Connect 2026-05-09.json") == NAME_HINT


def test_json_pushed_under_the_apps_name_that_the_app_did_not_write_is_rejected_saying_why(
    tmp_path,
):
    path = tmp_path / "healthconnect.json"
    path.write_bytes(compact({"data": {"steps": 12}, "version": 3}))

    failure = rejection_of(IMPORTER, path)

    assert (failure.stage, failure.importer) == ("decode", "healthconnect")
    assert failure.reason == (
        "not a Health Connect Webhook payload: its top level has no 'timestamp' and no 'app_version' "
        "(its keys: data, version)"
    )


def test_json_that_is_no_payload_under_another_name_is_refused_naming_the_format(tmp_path):
    path = tmp_path / "data.json"
    path.write_bytes(compact({"hello": "world"}))

    failure = rejection_of(IMPORTER, path)

    assert failure.stage == "sniff"
    assert failure.reason == (
        "no importer recognises 'data.json' (formats runlift can read: Health Connect Webhook JSON)"
    )
    assert chosen_importer(IMPORTER, path) is None

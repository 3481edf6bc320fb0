"""Which files the importer claims: an XML file whose head names Apple's `HealthData` (the DOCTYPE, the
root, or the export version comment), or an XML file named export.xml (a hint only)."""

from __future__ import annotations

import pytest
from bench.history.apple_export import BROKEN_DTD, DTD

from runlift_applehealth.importer import NAME_HINT, AppleHealthImporter

XML = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@pytest.mark.parametrize(
    "head",
    [
        XML + DTD.encode()[:3000],
        XML + BROKEN_DTD.encode(),
        XML + b'<HealthData locale="en_US">\n <ExportDate value="2024-01-02 07:30:00 +0100"/>',
        b"\xef\xbb\xbf" + XML + b"<HealthData>",
    ],
)
def test_the_health_data_root_is_certain(head):
    assert AppleHealthImporter().sniff(head, "export.xml") == 1.0


def test_another_xml_named_export_xml_is_a_hint():
    head = (
        XML
        + b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
    )
    assert AppleHealthImporter().sniff(head, "export.xml") == NAME_HINT


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (XML + b'<gpx version="1.1" creator="Apple Health Export">', "route_2024-01-02_7.30am.gpx"),
        (XML + b"<ClinicalDocument>", "export_cda.xml"),
        (b'{"data": {"metrics": []}}', "export.json"),
        (b".FIT", "export.xml"),
    ],
)
def test_other_files_are_not_claimed(head, name):
    assert AppleHealthImporter().sniff(head, name) == 0.0

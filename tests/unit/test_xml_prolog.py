"""The XML prolog reader importers of XML formats sniff with: root element and DOCTYPE, no parsing."""

from __future__ import annotations

import codecs

import pytest

from runlift.importers.xml import Prolog, read_prolog, root_confidence


@pytest.mark.parametrize(
    ("head", "prolog"),
    [
        (b'<?xml version="1.0"?>\n<gpx version="1.1">', Prolog("gpx", False)),
        (
            b'<?xml version="1.0"?><!-- exported --><ns:TrainingCenterDatabase x="1">',
            Prolog("TrainingCenterDatabase", False),
        ),
        (codecs.BOM_UTF8 + b"<gpx>", Prolog("gpx", False)),
        ('<?xml version="1.0" encoding="UTF-16"?><gpx>'.encode("utf-16"), Prolog("gpx", False)),
        (b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>', Prolog("gpx", True)),
        (b'<?xml version="1.0"?>\n<gp', Prolog(None, False)),  # the head ends inside the name
        (b"<!-- a comment that never ends", Prolog(None, False)),
        (b".FIT binary", None),
        (b"Date,Workout Name\n", None),
    ],
)
def test_the_prolog_names_the_root_and_any_doctype(head, prolog):
    assert read_prolog(head) == prolog


@pytest.mark.parametrize(
    ("head", "filename", "confidence"),
    [
        (b"<?xml version='1.0'?><gpx>", "run.gpx", 1.0),
        (b"<?xml version='1.0'?><gpx>", "export.xml", 0.95),
        (b"<?xml version='1.0'?><TrainingCenterDatabase>", "run.gpx", 0.0),
        (b"\x0e\x10.FIT binary", "run.gpx", 0.1),
        (b"\x0e\x10.FIT binary", "run.fit", 0.0),
    ],
)
def test_an_xml_format_is_recognised_by_its_root_element_before_its_name(
    head, filename, confidence
):
    assert root_confidence(head, filename, "gpx", ".gpx") == confidence

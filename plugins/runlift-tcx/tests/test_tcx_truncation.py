"""TCX and GPX XML that breaks off at the end of the file is "truncated"; markup broken inside is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from runlift_gpx.importer import GpxImporter
from tests.support.corpus import GPX_TRACK, TCX_RUN, committed

from runlift.importers.decode import decode_file
from runlift.importers.outcomes import DecodeFailure, DecodeSuccess
from runlift.importers.testing import registry_of
from runlift_tcx.importer import TcxImporter

FILES = ((TcxImporter, TCX_RUN), (GpxImporter, GPX_TRACK))


def _truncated(importer: type, path: Path) -> bool:
    outcome = decode_file(registry_of(importer()), path, path.name, {})
    if isinstance(outcome, DecodeSuccess):
        return outcome.decoded.truncated
    assert isinstance(outcome, DecodeFailure)
    return outcome.truncated


@pytest.mark.parametrize(("importer", "name"), FILES)
def test_xml_cut_at_the_end_is_truncated_and_broken_inside_is_not(
    tmp_path: Path, importer: type, name: str
) -> None:
    data = committed(name).read_bytes()
    assert not _truncated(importer, committed(name))
    for k, cut in enumerate((len(data) // 2, len(data) * 9 // 10, len(data) - 3)):
        part = tmp_path / f"cut{k}{Path(name).suffix}"
        part.write_bytes(data[:cut])
        assert _truncated(importer, part), cut
    closing = data.rstrip().rsplit(b"</", 1)
    broken = tmp_path / f"broken{Path(name).suffix}"
    broken.write_bytes(closing[0] + b"</Mismatched>")  # the end is there, but wrong
    assert not _truncated(importer, broken)

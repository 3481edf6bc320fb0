"""A test kit for importer authors: decode a file through the real core's sniffing, decoding and checks.

    from runlift.importers.testing import decode_with

    def test_reads_my_run():
        decoded = decode_with(MyImporter(), Path("tests/files/run.xyz"))
        assert decoded.activities[0].distance_m == pytest.approx(10_012.5)

The fixtures that give a whole temporary runlift to import into (`runlift_home`, `runlift_app`) live in
`runlift.testing`, which pytest loads by itself wherever runlift is installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from runlift.importers.decode import Athlete, decode_file
from runlift.importers.manager import Registry
from runlift.importers.outcomes import DecodeFailure, DecodeSuccess
from runlift.importers.protocol import Importer
from runlift.importers.values import Decoded


class Rejected(AssertionError):
    """The core rejected the file; `failure` says at which stage and why."""

    def __init__(self, failure: DecodeFailure) -> None:
        self.failure = failure
        super().__init__(f"rejected at {failure.stage}: {failure.reason}")


def registry_of(*importers: Importer) -> Registry:
    """A registry holding just these importers, as the core would see them."""
    registry = Registry()
    for importer in importers:
        registry.importers[importer.name] = importer
        registry.versions[importer.name] = importer.version
    return registry


def decode_with(
    importer: Importer | Registry,
    path: Path,
    *,
    options: Mapping[str, Any] | None = None,
    filename: str | None = None,
    time_zone: str = "UTC",
    units: str = "metric",
) -> Decoded:
    """Sniff, decode and validate `path` exactly as the core does; raise Rejected if it would be rejected.

    Passing several importers (as a Registry from `registry_of`) also tests that the right one is chosen;
    `time_zone` and `units` stand for the athlete's settings, which the core passes in DecodeRequest.
    """
    outcome = _decode(importer, path, options, filename, Athlete(time_zone, units))
    if isinstance(outcome, DecodeFailure):
        raise Rejected(outcome)
    return outcome.decoded


def rejection_of(
    importer: Importer | Registry,
    path: Path,
    *,
    options: Mapping[str, Any] | None = None,
    filename: str | None = None,
    time_zone: str = "UTC",
    units: str = "metric",
) -> DecodeFailure:
    """The core's rejection of `path`; fails the test if the file would be imported."""
    outcome = _decode(importer, path, options, filename, Athlete(time_zone, units))
    if isinstance(outcome, DecodeSuccess):
        pytest.fail(f"{path.name} was imported by {outcome.importer}, expected a rejection")
    return outcome


def chosen_importer(importer: Importer | Registry, path: Path) -> str | None:
    """The name of the importer the core picks for `path` (None: no importer recognises it)."""
    chosen: list[str] = []
    registry = importer if isinstance(importer, Registry) else registry_of(importer)
    decode_file(registry, path, path.name, {}, on_choice=chosen.append)
    return chosen[0] if chosen else None


def _decode(
    importer: Importer | Registry,
    path: Path,
    options: Mapping[str, Any] | None,
    filename: str | None,
    athlete: Athlete,
) -> DecodeSuccess | DecodeFailure:
    registry = importer if isinstance(importer, Registry) else registry_of(importer)
    all_options = {name: dict(options or {}) for name in registry.importers}
    return decode_file(registry, path, filename or path.name, all_options, athlete=athlete)

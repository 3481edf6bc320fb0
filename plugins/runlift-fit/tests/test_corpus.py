"""Every FIT file of the shared corpus decodes to what the manifest's independent decode found, or is refused."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

import fitdecode
import pytest
from runlift_fit.importer import FitImporter

from runlift.importers import Decoded
from runlift.importers.outcomes import DecodeFailure
from runlift.importers.testing import Rejected, decode_with
from tests.support.corpus import manifest_paths

Row = dict[str, str]


# Read at collection time; without the corpus, one placeholder whose tests the `corpus` fixture skips
# (or fails under CI) with the reason.
FIT_PATHS = manifest_paths(lambda path, row: path.startswith("fit/"))

# Where this importer knowingly differs from the manifest's plain fitdecode reading, and why.
DEVIATIONS: dict[tuple[str, str], str] = {
    ("fit/other/muktihari-fit__chained_Activity_activity_poolswim.fit", "distance"): (
        "the paddleboard leg's session has no total_distance; its records cover 3600 m, which the "
        "manifest leaves out because the other chained file's session has a distance"
    ),
}


@cache
def _outcome(path: Path) -> Decoded | DecodeFailure:
    try:
        return decode_with(FitImporter(), path)
    except Rejected as rejected:
        return rejected.failure


def _decoded(corpus: Path, path: str) -> Decoded:
    outcome = _outcome(corpus / path)
    if isinstance(outcome, DecodeFailure):
        pytest.skip(f"refused (checked by the decode test): {outcome.reason}")
    return outcome


def _legs(decoded: Decoded) -> list[tuple[datetime, str, float, float | None]]:
    """(start, sport label, elapsed, distance) of every activity and strength session, in time order."""
    legs = [
        (a.start_utc, f"{a.sport}/{a.sub_sport}", a.elapsed_s, a.distance_m)
        for a in decoded.activities
    ]
    legs += [(s.start_utc, "strength", s.elapsed_s, None) for s in decoded.strength_sessions]
    return sorted(legs, key=lambda leg: leg[0])


def _manifest_legs(row: Row) -> list[str]:
    """The manifest's sessions as sport labels, transitions left out (they are not training)."""
    labels = []
    for label in filter(None, row["sport"].split(";")):
        sport, sub_sport = label.split("/")
        if sport == "transition":
            continue
        if sub_sport == "strength_training":
            labels.append("strength")
        else:
            # A session without a sport field is FIT's default sport, generic.
            labels.append(f"{'generic' if sport == 'None' else sport}/{sub_sport}")
    return labels


def _transitions(path: Path) -> tuple[float, float]:
    """Elapsed seconds and metres of the file's transition legs, read independently with fitdecode."""
    elapsed = distance = 0.0
    reader = fitdecode.FitReader(
        path, check_crc=fitdecode.CrcCheck.DISABLED, error_handling=fitdecode.ErrorHandling.IGNORE
    )
    try:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage) or frame.name != "session":
                continue
            if frame.get_value("sport", fallback=None) == "transition":
                elapsed += frame.get_value("total_elapsed_time", fallback=None) or 0.0
                distance += frame.get_value("total_distance", fallback=None) or 0.0
    except (fitdecode.FitError, ValueError):
        pass  # the damaged files: what was read before the damage is what the importer saw too
    finally:
        reader.close()
    return elapsed, distance


def _deviates(path: str, what: str) -> bool:
    return (path, what) in DEVIATIONS


@pytest.mark.parametrize("path", FIT_PATHS)
def test_each_file_decodes_or_is_refused_with_a_reason_as_the_manifest_says(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    outcome = _outcome(corpus / path)

    if manifest[path]["decodes_ok"] == "yes":
        assert isinstance(outcome, Decoded), outcome
        assert outcome.salvaged is None
        assert outcome.format.startswith("FIT")
    elif isinstance(outcome, DecodeFailure):
        assert outcome.stage == "decode"
        assert outcome.importer == "fit"
        assert outcome.reason
    else:
        assert outcome.salvaged, "a damaged file imported without saying so"


@pytest.mark.parametrize("path", FIT_PATHS)
def test_each_session_but_transitions_becomes_one_leg_of_the_manifests_sport(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    row = manifest[path]
    decoded = _decoded(corpus, path)
    expected = _manifest_legs(row)

    labels = [label for _, label, _, _ in _legs(decoded)]

    if expected:
        assert labels == expected
    elif labels:
        # No session: an activity rebuilt from records, over the span the manifest measured.
        assert row["file_type"] == "activity"
        assert labels == [f"{decoded.activities[0].sport}/None"]
        assert float(row["n_records"]) >= 2


@pytest.mark.parametrize("path", FIT_PATHS)
def test_the_first_leg_starts_at_the_manifests_start_time(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    row = manifest[path]
    legs = _legs(_decoded(corpus, path))
    if not legs or _deviates(path, "start"):
        return

    assert legs[0][0].strftime("%Y-%m-%dT%H:%M:%SZ") == row["start_time"]


@pytest.mark.parametrize("path", FIT_PATHS)
def test_durations_and_distances_add_up_to_the_manifests_within_one_percent(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    row = manifest[path]
    legs = _legs(_decoded(corpus, path))
    if not legs:
        return
    transition_s, transition_m = (
        _transitions(corpus / path) if "transition/" in row["sport"] else (0.0, 0.0)
    )

    if row["duration_s"]:
        elapsed = sum(leg[2] for leg in legs) + transition_s
        assert elapsed == pytest.approx(float(row["duration_s"]), rel=0.01)
    distances = [leg[3] for leg in legs if leg[3] is not None]
    if row["distance_m"] and distances and not _deviates(path, "distance"):
        assert sum(distances) + transition_m == pytest.approx(float(row["distance_m"]), rel=0.01)


@pytest.mark.parametrize("path", FIT_PATHS)
def test_strength_sessions_hold_as_many_sets_as_the_manifest_counts_active(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    decoded = _decoded(corpus, path)

    sets = sum(len(session.sets) for session in decoded.strength_sessions)

    assert sets == int(manifest[path]["n_active_sets"])


@pytest.mark.parametrize("path", FIT_PATHS)
def test_sleep_files_give_a_night_hrv_files_wellness_and_scales_weigh_ins(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    file_type = manifest[path]["file_type"]
    decoded = _decoded(corpus, path)

    assert len(decoded.sleep) == (1 if file_type == "49" else 0)
    if file_type == "68":
        assert [w.hrv_rmssd_ms is not None for w in decoded.wellness] == [True]
    if file_type == "weight":
        assert decoded.body
    else:
        assert not decoded.body


@pytest.mark.parametrize("path", FIT_PATHS)
def test_the_device_is_the_manifests_manufacturer(
    corpus: Path, manifest: dict[str, Row], path: str
) -> None:
    expected = manifest[path]["manufacturer"].split("+")[0]
    decoded = _decoded(corpus, path)

    assert decoded.device is not None
    assert decoded.device.manufacturer == expected


def test_the_known_deviations_name_corpus_files(corpus: Path) -> None:
    assert {path for path, _ in DEVIATIONS} <= set(FIT_PATHS)

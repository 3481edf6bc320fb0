"""Injury parts are checked: a flagged part is a known one (after an optional side), written one way."""

from __future__ import annotations

import pytest

from runlift.coaching.safety import (
    KNOWN_PARTS,
    REGION_OF_PART,
    UnknownBodyPart,
    injury_part,
    region_of,
)
from runlift.domain.errors import Refused


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("knee", "knee"),
        ("Left Knee ", "left knee"),
        ("  RIGHT   shoulder", "right shoulder"),
        ("knees", "knee"),
        ("left knees", "left knee"),
        ("Shoulders", "shoulder"),
        ("hamstrings", "hamstring"),
        ("right calves", "right calf"),
        ("feet", "foot"),
        ("quads", "quad"),
        ("left quadriceps", "left quad"),
        ("lower back", "lower back"),
        ("Lower-Back", "lower back"),
        ("low back", "lower back"),
        ("lower_back", "lower back"),
        ("back", "back"),
        ("Achilles", "achilles"),
        ("right achilles tendon", "right achilles"),
        ("adductors", "groin"),
        ("left\thip", "left hip"),
    ],
)
def test_a_known_part_is_kept_in_one_form(written: str, kept: str) -> None:
    assert injury_part(written) == kept


def test_every_known_part_is_its_own_form_with_or_without_a_side() -> None:
    for part in KNOWN_PARTS:
        assert injury_part(part) == part
        assert injury_part(f"left {part}") == f"left {part}"
        assert injury_part(f"Right {part.title()}") == f"right {part}"


@pytest.mark.parametrize(
    "written", ["left elbow pit", "elbow pit", "toe", "left", "right ", "", "middle knee", "kneee"]
)
def test_an_unknown_part_is_refused_naming_it_and_the_known_ones(written: str) -> None:
    with pytest.raises(UnknownBodyPart) as refused:
        injury_part(written)

    assert isinstance(refused.value, Refused)
    assert refused.value.part == written
    message = str(refused.value)
    assert message.startswith(f"unknown body part {written!r}: flag one of ")
    assert all(part in message for part in KNOWN_PARTS)
    assert "optionally after left or right" in message


def test_the_known_parts_are_the_parts_the_plan_has_a_region_for() -> None:
    assert set(KNOWN_PARTS) == set(REGION_OF_PART)
    assert list(KNOWN_PARTS) == sorted(KNOWN_PARTS)


@pytest.mark.parametrize(
    ("flagged", "region"),
    [
        ("left knee", "lower"),
        ("Right Shoulder", "upper"),
        ("lower back", "core"),
        ("quads", "lower"),
        ("pecs", "upper"),
        ("elbow pit", "lower"),  # flagged before parts were checked: the cautious side
    ],
)
def test_a_flagged_part_loads_its_region(flagged: str, region: str) -> None:
    assert region_of(flagged) == region

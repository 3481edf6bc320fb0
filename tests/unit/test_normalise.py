"""Normalisation: local days, runs versus other sports, heart-rate zone times, and the values contract."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from runlift.domain import events as ev
from runlift.domain.days import local_day
from runlift.importers import Activity, Decoded, Samples, StrengthSession, StrengthSet, Wellness
from runlift.importers.decode import _DECODED
from runlift.ingest.normalise import facts
from runlift.settings import defaults

BERLIN = ZoneInfo("Europe/Berlin")
PROFILE = replace(defaults().profile(), zone=BERLIN)


@pytest.mark.parametrize(
    ("instant", "offset", "day"),
    [
        (datetime(2024, 7, 1, 21, 30, tzinfo=UTC), None, date(2024, 7, 1)),  # 23:30 CEST
        (datetime(2024, 7, 1, 22, 30, tzinfo=UTC), None, date(2024, 7, 2)),  # 00:30 CEST
        (datetime(2024, 1, 1, 22, 30, tzinfo=UTC), None, date(2024, 1, 1)),  # 23:30 CET
        (datetime(2024, 3, 31, 0, 30, tzinfo=UTC), None, date(2024, 3, 31)),  # spring forward night
        (
            datetime(2024, 10, 26, 22, 30, tzinfo=UTC),
            None,
            date(2024, 10, 27),
        ),  # 00:30 CEST, DST ends
        (
            datetime(2024, 7, 1, 21, 30, tzinfo=UTC),
            -4 * 3600,
            date(2024, 7, 1),
        ),  # device in New York
        (datetime(2024, 7, 2, 2, 0, tzinfo=UTC), -4 * 3600, date(2024, 7, 1)),  # 22:00 in New York
    ],
)
def test_an_instant_lands_on_the_athletes_local_day(instant, offset, day):
    assert local_day(instant, offset, BERLIN) == day


def _run(sport: str = "running", sub_sport: str | None = None, **kw) -> Activity:
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=datetime(2024, 7, 1, 21, 30, tzinfo=UTC),
        elapsed_s=600,
        **kw,
    )


@pytest.mark.parametrize(
    ("sport", "sub_sport", "running_sports", "expected"),
    [
        ("running", "trail", {"running"}, ev.RunCompleted),
        ("walking", None, {"running"}, ev.ActivityCompleted),
        ("walking", None, {"running", "walking"}, ev.RunCompleted),
        ("cycling", "indoor_cycling", {"running"}, ev.ActivityCompleted),
        ("training", "treadmill", {"running", "training/treadmill"}, ev.RunCompleted),
    ],
)
def test_the_athletes_running_sports_decide_what_is_a_run(
    sport, sub_sport, running_sports, expected
):
    profile = replace(PROFILE, running_sports=frozenset(running_sports))

    [(event_class, fields)] = facts(
        Decoded(format="t", activities=(_run(sport, sub_sport),)), profile
    )

    assert event_class is expected
    assert fields["local_day"] == date(2024, 7, 1)


def test_zone_times_come_from_the_samples_and_the_heart_rate_reserve():
    samples = Samples(
        t_s=(0, 10, 20, 30, 40, 100),
        heart_rate_bpm=(100, 140, 150, 170, None, 180),
    )
    decoded = Decoded(format="t", activities=(_run(samples=samples),))

    run, samples_event = facts(decoded, PROFILE)

    # HRR 140 bpm: zone edges at 60/70/80/90 % -> 134, 148, 162, 176 bpm.
    assert run[1]["hr_zone_bounds_bpm"] == [134.0, 148.0, 162.0, 176.0]
    # 100 -> z1, 140 -> z2, 150 -> z3, 170 -> z4 (10 s each); no HR at 40 s; 180 is the last sample.
    assert run[1]["hr_zone_s"] == [10.0, 10.0, 10.0, 10.0, 0.0]
    assert samples_event[0] is ev.ActivitySamplesRecorded
    assert samples_event[1]["heart_rate_bpm"] == [100, 140, 150, 170, None, 180]


def test_a_strength_session_yields_the_session_then_each_set_in_order():
    session = StrengthSession(
        start_utc=datetime(2024, 7, 1, 16, 0, tzinfo=UTC),
        elapsed_s=1800,
        sets=(
            StrengthSet("squat", "warmup", reps=10, weight_kg=20),
            StrengthSet("squat", reps=8, weight_kg=60, rest_after_s=90),
        ),
    )

    out = facts(Decoded(format="t", strength_sessions=(session,)), PROFILE)

    assert [cls for cls, _ in out] == [ev.StrengthSessionCompleted, ev.SetLogged, ev.SetLogged]
    assert out[0][1]["n_sets"] == 2
    assert [(f["set_index"], f["set_type"], f["weight_kg"]) for _, f in out[1:]] == [
        (0, "warmup", 20),
        (1, "working", 60),
    ]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Activity(
            sport="running", start_utc=datetime(2024, 1, 1), elapsed_s=1
        ),  # naive time
        lambda: _run(distance_m=-1.0),
        lambda: _run(avg_hr_bpm=math.nan),
        lambda: Samples(t_s=[0.0, 1.0]),  # a list, not a tuple
        lambda: StrengthSet("squat", set_type="rest"),
    ],
)
def test_values_that_break_the_contract_cannot_be_built(build):
    with pytest.raises(ValidationError):
        build()


def test_a_value_smuggled_past_construction_is_caught_deep_inside_by_the_core():
    samples = Samples(t_s=(0.0, 1.0), heart_rate_bpm=(120.0, 121.0))
    decoded = Decoded(format="t", activities=(_run(samples=samples),))
    inner = decoded.activities[0].samples
    object.__setattr__(inner, "heart_rate_bpm", (120.0, -5.0))

    with pytest.raises(ValidationError) as caught:
        _DECODED.validate_python(decoded)

    assert caught.value.errors()[0]["loc"][:3] == ("activities", 0, "samples")


def test_device_zone_times_are_kept_with_their_edges_only_when_there_are_no_samples():
    device = _run(
        hr_zone_s=(60.0, 120.0, 300.0, 60.0, 0.0), hr_zone_bounds_bpm=(120.0, 140.0, 155.0, 170.0)
    )
    with_samples = _run(
        hr_zone_s=(60.0, 120.0, 300.0, 60.0, 0.0),
        samples=Samples(t_s=(0, 10, 20), heart_rate_bpm=(100, 100, 100)),
    )

    [(_, only_device)] = facts(Decoded(format="t", activities=(device,)), PROFILE)
    (_, from_samples), _ = facts(Decoded(format="t", activities=(with_samples,)), PROFILE)

    assert only_device["hr_zone_s"] == [60.0, 120.0, 300.0, 60.0, 0.0]
    assert only_device["hr_zone_bounds_bpm"] == [120.0, 140.0, 155.0, 170.0]
    assert from_samples["hr_zone_s"] == [20.0, 0.0, 0.0, 0.0, 0.0]
    assert from_samples["hr_zone_bounds_bpm"] == [134.0, 148.0, 162.0, 176.0]


def test_hrv_keeps_the_metric_the_source_measured():
    morning = datetime(2025, 3, 4, 6, 30, tzinfo=UTC)
    decoded = Decoded(
        format="test",
        wellness=(
            Wellness(measured_utc=morning, utc_offset_s=3600, hrv_sdnn_ms=61.2),
            Wellness(measured_utc=morning, hrv_rmssd_ms=44.0, resting_hr_bpm=51.0),
        ),
    )

    (apple, android) = facts(decoded, PROFILE)

    assert apple == (
        ev.WellnessRecorded,
        {
            "measured_utc": morning,
            "local_day": date(2025, 3, 4),
            "resting_hr_bpm": None,
            "hrv_rmssd_ms": None,
            "hrv_sdnn_ms": 61.2,
            "stress": None,
        },
    )
    assert (android[1]["hrv_rmssd_ms"], android[1]["hrv_sdnn_ms"]) == (44.0, None)

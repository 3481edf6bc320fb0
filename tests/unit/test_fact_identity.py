"""A fact's identity: what it says, not where it sits in its file; an activity with its samples and a
session with its sets are kept or left out whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from runlift.importers import Activity, Decoded, Samples, StrengthSession, StrengthSet, Wellness
from runlift.ingest.identity import units
from runlift.ingest.normalise import facts
from runlift.settings import defaults

PROFILE = defaults().profile()
START = datetime(2025, 1, 31, 23, 30, tzinfo=UTC)


def _run(minutes: int, hr: list[float | None]) -> Activity:
    return Activity(
        sport="running",
        start_utc=START + timedelta(days=minutes),
        elapsed_s=minutes * 60.0,
        samples=Samples(t_s=tuple(float(i) for i in range(len(hr))), heart_rate_bpm=tuple(hr)),
    )


def _lift(kg: float) -> StrengthSession:
    sets = tuple(StrengthSet(exercise_name="Squat", reps=5, weight_kg=kg) for _ in range(3))
    return StrengthSession(start_utc=START + timedelta(hours=12), elapsed_s=3000.0, sets=sets)


def _identities(decoded: Decoded) -> list[str]:
    return [u.identity for u in units(facts(decoded, PROFILE), "fit")]


def test_a_fact_keeps_its_identity_wherever_it_sits_in_a_newer_file() -> None:
    a, b = _run(30, [140.0, 141.0]), _run(45, [150.0, None])
    older = Decoded(format="x", activities=(a,), strength_sessions=(_lift(60.0),))
    newer = Decoded(
        format="x",
        activities=(b, a),
        strength_sessions=(
            _lift(62.5),
            _lift(60.0),
        ),
    )

    old, new = _identities(older), _identities(newer)

    assert len(old) == 2
    assert len(new) == 4
    assert set(old) <= set(new)
    assert len(set(new)) == 4


def test_an_activity_with_its_samples_is_one_unit_and_a_session_with_its_sets() -> None:
    decoded = Decoded(format="x", activities=(_run(30, [140.0]),), strength_sessions=(_lift(60.0),))

    run, lift = units(facts(decoded, PROFILE), "fit")

    assert [c.__name__ for c, _ in run.facts] == ["RunCompleted", "ActivitySamplesRecorded"]
    assert [c.__name__ for c, _ in lift.facts] == ["StrengthSessionCompleted", *["SetLogged"] * 3]
    assert run.identity != lift.identity


def test_what_changed_is_a_new_fact() -> None:
    night = Wellness(measured_utc=START, resting_hr_bpm=48.0)
    base = _identities(Decoded(format="x", wellness=(night,)))

    assert _identities(Decoded(format="x", wellness=(night,))) == base
    assert _identities(Decoded(format="x", wellness=(replace(night, resting_hr_bpm=49.0),))) != base
    # An edited set (a lifting app's export after the athlete corrected a weight) is a new session.
    assert _identities(Decoded(format="x", strength_sessions=(_lift(60.0),))) != _identities(
        Decoded(format="x", strength_sessions=(_lift(61.0),))
    )
    # The same values read by another importer are that importer's fact.
    other = [
        u.identity for u in units(facts(Decoded(format="x", wellness=(night,)), PROFILE), "gpx")
    ]
    assert other != base


def test_a_unit_is_filed_under_the_utc_month_of_its_instant() -> None:
    decoded = Decoded(
        format="x",
        activities=(_run(0, [140.0]),),
        wellness=(Wellness(measured_utc=START + timedelta(hours=1), resting_hr_bpm=50.0),),
    )

    run, reading = units(facts(decoded, PROFILE), "fit")

    assert run.month == "2025-01"  # 23:30 UTC on 31 January
    assert reading.month == "2025-02"  # 00:30 UTC on 1 February

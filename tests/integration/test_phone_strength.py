"""A strength workout a phone app synced (an activity without sets: Health Connect and Apple Health send a
workout's time, not its sets) and the watch's or a lifting app's record of it are one workout, counted once
with the record that has the sets as the primary; a phone's run, or another strength session of the day,
is not that workout."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from runlift_migrations import read_models as rm
from sqlalchemy import select

from runlift.importers.manager import PluginSource
from runlift.ingest.dedupe import Summary, same_session
from runlift.projections.duplicates import Duplicates, Link
from runlift.settings import defaults
from tests.support.corpus import RUN_FIT, STRENGTH_FIT, committed
from tests.support.health_payloads import (
    as_a_phone_saw_it,
    committed_run,
    hae_workout,
    hc_exercise,
    health_auto_export_week,
    health_connect_week,
)
from tests.support.helpers import stored
from tests.support.pairs import strength_fit_to_hevy
from tests.support.stores import MakeApp

RULE = defaults().dedupe
# The watch's strength session (a Forerunner 965, 14 active sets): 2025-10-20 17:44:06 UTC, 31 min.
SESSION_DAY = date(2025, 10, 20)
# Health Auto Export writes the phone's offset (October in Berlin); Health Connect writes UTC only.
PHONE_OFFSET_S = 7200


# --- the rule --------------------------------------------------------------------------------------------

T0 = datetime(2025, 10, 20, 17, 0, tzinfo=UTC)


def _summary(
    file_id: str,
    kind: str,
    *,
    sport: str = "training",
    start: datetime = T0,
    minutes: float = 60.0,
    clock_known: bool = False,
) -> Summary:
    strength = kind == "strength"
    return Summary(
        session=f"{file_id}:{'s' if strength else 'a'}0",
        file_id=file_id,
        file_sha256=file_id * 8,
        kind="strength" if strength else "endurance",
        sport="strength_training" if strength else sport,
        start_utc=start,
        elapsed_s=minutes * 60,
        distance_m=None,
        clock_known=clock_known,
        sets=((10, 60.0), (8, 70.0)) if strength else (),
        richness=1,
    )


SESSION = _summary("watch", "strength")


@pytest.mark.parametrize(
    ("phone", "same"),
    [
        pytest.param(_summary("phone", "endurance"), True, id="same span"),
        pytest.param(
            _summary("phone", "endurance", sport="strength_training"), True, id="strength_training"
        ),
        pytest.param(_summary("phone", "endurance", sport="generic"), True, id="sport unstated"),
        pytest.param(
            _summary("phone", "endurance", start=T0 + timedelta(minutes=11), minutes=49),
            True,
            id="started 11 min late: 82 % of the hour",
        ),
        pytest.param(
            _summary("phone", "endurance", start=T0 - timedelta(minutes=5), minutes=70),
            True,
            id="5 min early, 5 min late: 86 %",
        ),
        pytest.param(
            _summary("phone", "endurance", start=T0 + timedelta(minutes=13), minutes=47),
            False,
            id="started 13 min late: 78 % of the hour",
        ),
        pytest.param(
            _summary("phone", "endurance", start=T0 + timedelta(minutes=20), minutes=20),
            False,
            id="a short activity within the session",
        ),
        pytest.param(
            _summary("phone", "endurance", minutes=120), False, id="a long activity around it"
        ),
        pytest.param(
            _summary("phone", "endurance", start=T0 - timedelta(hours=10)),
            False,
            id="the same hour 10 h earlier (the morning)",
        ),
        pytest.param(
            _summary("phone", "endurance", start=T0 + timedelta(minutes=61)),
            False,
            id="right after it",
        ),
        pytest.param(_summary("phone", "endurance", sport="running"), False, id="a run"),
        pytest.param(_summary("phone", "endurance", sport="cycling"), False, id="a ride"),
    ],
)
def test_an_activity_without_sets_is_a_strength_session_of_the_same_time_span(
    phone: Summary, same: bool
) -> None:
    assert (same_session(phone, SESSION, RULE) is not None) is same
    assert (same_session(SESSION, phone, RULE) is not None) is same  # whichever arrives first


def test_without_sets_clocks_are_taken_as_stated_even_if_no_device_stated_its_offset() -> None:
    # Two whole hours apart, both clocks unknown: two endurance records would be tried with a +2 h
    # offset; a set-less record has nothing but its time to go by, so it is not.
    phone = _summary("phone", "endurance", start=T0 + timedelta(hours=2))
    lifting_app = _summary("app", "strength", start=T0)

    assert same_session(phone, lifting_app, RULE) is None


def test_the_threshold_is_the_configured_one() -> None:
    phone = _summary("phone", "endurance", start=T0 + timedelta(minutes=15), minutes=45)
    assert same_session(phone, SESSION, RULE) is None  # 75 %

    looser = RULE.model_copy(update={"setless_min_overlap": 0.7})
    assert same_session(phone, SESSION, looser) is not None


def test_the_link_says_why_in_figures_and_words() -> None:
    phone = _summary("phone", "endurance", start=T0 + timedelta(seconds=42), minutes=58)

    match = same_session(phone, SESSION, RULE)

    assert match is not None
    assert match.reasons == {
        "start_gap_s": 42.0,
        "hour_offset_h": 0,
        "time_overlap_pct": 100.0,
        "longer_overlap_pct": 96.7,
        "setless_sport": "training",
    }
    assert match.summary == (
        "start 42 s apart, 97% of the longer record's time shared "
        "(a training activity without sets and a strength session)"
    )


def test_the_session_with_sets_is_the_primary_however_rich_the_activity() -> None:
    # Richness is scored per kind (samples and GPS for an activity, sets and names for a strength
    # session): a watch's activity with heart-rate samples may score higher than a lifting app's log.
    duplicates = Duplicates()
    duplicates.rank = {"watch:a0": (-12, "a" * 64), "app:s0": (-3, "f" * 64)}
    duplicates.links = {"k": Link("k", "watch:a0", "app:s0", {}, "", "")}

    (group,) = duplicates.groups()

    assert group.members == ("app:s0", "watch:a0")


# --- end to end ------------------------------------------------------------------------------------------


def _phone_file(
    tmp_path: Path, app: str, workouts: list[tuple[str, datetime, datetime]], days: int = 3
) -> Path:
    """A phone app's payload of `days` mornings from 20 October 2025 (the apps' own draws: nights, HRV,
    no workout on the 20th, a run on the 21st, a strength workout on the 22nd) with `workouts` ("strength"
    or "run", start, end) added."""
    rng = random.Random(20748058539)
    if app == "healthconnect":
        codes = {"strength": "70", "run": "56"}
        exercises = [
            hc_exercise(codes[kind], start, end, 8000.0 if kind == "run" else None)
            for kind, start, end in workouts
        ]
        payload: dict[str, Any] = health_connect_week(7, SESSION_DAY, days, exercises=exercises)
    else:
        names = {"strength": "Traditional Strength Training", "run": "Outdoor Run"}
        extra = [
            hae_workout(
                rng, names[kind], start, end, PHONE_OFFSET_S, 8.0 if kind == "run" else None
            )
            for kind, start, end in workouts
        ]
        payload = health_auto_export_week(7, SESSION_DAY, days, PHONE_OFFSET_S, workouts=extra)
    path = tmp_path / f"{app}.json"
    path.write_text(json.dumps(payload))
    return path


def _strength_record(tmp_path: Path, record: str) -> Path:
    """The watch's FIT file of the session, or Hevy's CSV of it (the lifting app's: sets named, RPE 8,
    times to the minute on a naive clock)."""
    if record == "watch FIT":
        return committed(STRENGTH_FIT)
    return strength_fit_to_hevy(committed(STRENGTH_FIT), tmp_path / "hevy.csv", rpe=8.0)


def _as_synced() -> tuple[datetime, datetime]:
    """The session as the phone holds it after a sync: start some seconds off, length within 1 %."""
    start, end, _ = as_a_phone_saw_it(random.Random(17), committed_run(STRENGTH_FIT))
    return start, end


def _filename(app: Any, session: str) -> str:
    return str(app.history.repository.get(UUID(session.split(":")[0])).source.filename)


def _load_day(app: Any, day: date) -> dict[str, tuple[float, int, float]]:
    """Each channel's (load, sessions, volume) on a day."""
    app.projections().catch_up()
    d = rm.load_day.c
    with app.projections().engine.connect() as conn:
        rows = conn.execute(
            select(d.channel, d.load, d.sessions, d.volume_kg).where(
                d.athlete_id == app.settings.athlete_id, d.day == day
            )
        ).all()
    return {r.channel: (round(r.load, 6), r.sessions, round(r.volume_kg, 6)) for r in rows}


@pytest.mark.parametrize("phone_app", ["healthconnect", "healthautoexport"])
@pytest.mark.parametrize("record", ["watch FIT", "Hevy CSV"])
@pytest.mark.parametrize("order", ["phone first", "phone last"])
def test_a_phone_apps_strength_workout_is_linked_to_the_session_with_sets_and_counted_once(
    make_app: MakeApp, tmp_path: Path, phone_app: str, record: str, order: str
) -> None:
    app = make_app(plugins=PluginSource())
    start, end = _as_synced()
    lifted = _strength_record(tmp_path, record)
    phone = _phone_file(tmp_path, phone_app, [("strength", start, end)])

    for path in [phone, lifted] if order == "phone first" else [lifted, phone]:
        assert app.importer().import_paths([path]).results[0].status == "imported"

    (group,) = Duplicates.of(app.history).groups()
    assert {_filename(app, s) for s in group.members} == {lifted.name, phone.name}
    # The record with the sets stands for the workout, whatever the phone's record holds.
    assert _filename(app, group.primary) == lifted.name
    assert group.primary.endswith(":s0")
    (link,) = stored(app, "DuplicateLinked")
    assert link["reasons"]["setless_sport"] == "training"
    assert link["reasons"]["hour_offset_h"] == 0
    assert link["reasons"]["longer_overlap_pct"] >= RULE.setless_min_overlap * 100
    assert link["summary"].endswith("(a training activity without sets and a strength session)")
    assert link["summary"].startswith(f"start {link['reasons']['start_gap_s']:.0f} s apart, ")

    # Counted once: the day's lifting and combined load are what the strength record alone gives
    # (another athlete on the same store imports only it); without the link, the phone's activity
    # would be a second session of the combined channel.
    alone = make_app(plugins=PluginSource(), home=tmp_path / "without-the-phone")
    alone.importer().import_paths([lifted])
    counted = _load_day(app, SESSION_DAY)
    assert counted == _load_day(alone, SESSION_DAY)
    assert counted["lifting"][1] == 1
    assert counted["lifting"][2] > 0  # with its sets' volume
    assert counted["combined"][1] == 1


@pytest.mark.parametrize("phone_app", ["healthconnect", "healthautoexport"])
@pytest.mark.parametrize("record", ["watch FIT", "Hevy CSV"])
def test_a_morning_strength_workout_is_not_the_evening_session(
    make_app: MakeApp, tmp_path: Path, phone_app: str, record: str
) -> None:
    # The phone also holds a morning workout of the same length exactly ten hours earlier: a clock
    # mislabelled by whole hours would look like that, but without sets the clocks are taken as stated.
    app = make_app(plugins=PluginSource())
    start, end = _as_synced()
    morning = (start - timedelta(hours=10), end - timedelta(hours=10))
    lifted = _strength_record(tmp_path, record)
    phone = _phone_file(tmp_path, phone_app, [("strength", *morning), ("strength", start, end)])

    app.importer().import_paths([lifted, phone])

    duplicates = Duplicates.of(app.history)
    (group,) = duplicates.groups()
    hours = [duplicates.summaries[s].start_utc.astimezone(UTC).hour for s in group.members]
    assert hours == [17, 17]  # the evening ones only
    counted = _load_day(app, SESSION_DAY)
    assert counted["lifting"][1] == 1
    assert counted["combined"][1] == 2  # the evening session once, the morning workout on its own


@pytest.mark.parametrize("phone_app", ["healthconnect", "healthautoexport"])
def test_a_phone_strength_workout_is_not_a_run_nor_a_phone_run_a_strength_session(
    make_app: MakeApp, tmp_path: Path, phone_app: str
) -> None:
    app = make_app(plugins=PluginSource())
    rng = random.Random(2013)
    run_start, run_end, _ = as_a_phone_saw_it(rng, committed_run(RUN_FIT))
    lift_start, lift_end = _as_synced()
    # A "strength" workout over the watch's run, and a run over the watch's strength session.
    # One morning each, no workout of the apps' own draws (the two files would repeat them).
    (tmp_path / "run").mkdir()
    at_the_run = _phone_file(tmp_path / "run", phone_app, [("strength", run_start, run_end)], 1)
    at_the_lift = _phone_file(tmp_path, phone_app, [("run", lift_start, lift_end)], 1)

    results = app.importer().import_paths(
        [committed(RUN_FIT), committed(STRENGTH_FIT), at_the_run, at_the_lift]
    )

    assert [r.status for r in results.results] == ["imported"] * 4
    assert Duplicates.of(app.history).groups() == []
    assert stored(app, "DuplicateLinked") == []

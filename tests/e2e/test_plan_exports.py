"""The plan's exports through the real pipeline: an iCalendar feed any calendar reads, FIT workouts a watch
loads (decoded with fitdecode, as the importer does)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import fitdecode
import pytest
from icalendar import Calendar

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.coaching.model import PlannedSession
from runlift.plans.fit_workouts import file_name, write_week
from runlift.plans.ics import weeks_ics
from runlift.plans.service import WeekView
from tests.support.processes import runlift
from tests.support.stores import MakeApp

WEEK = date(2025, 3, 31)  # a Monday; four weeks of history before it
HISTORY = WEEK - timedelta(days=28)
WEDNESDAY = WEEK + timedelta(days=2)
ZONE = ZoneInfo("Europe/Berlin")
STAMP = datetime(2025, 4, 2, 22, tzinfo=UTC)
SESSION_KINDS = ("run", "lift", "mobility", "test")


def nights(app: Runlift, first: date, last: date, hours: float) -> None:
    rng = random.Random(1)
    day = first
    while day <= last:
        rhr, rmssd = 49.0 + day.toordinal() % 3, 58.0 + 2 * (day.toordinal() % 3)
        facts = syn.night(rng, day, hours=hours, resting_hr=rhr, rmssd_ms=rmssd)
        syn.record(app.history, syn.File(f"night-{day}-{hours}", facts))
        day += timedelta(days=1)


def runs(app: Runlift, days: list[date], minutes: float, base_hr: float = 135) -> None:
    rng = random.Random(2)
    for day in days:
        run = syn.run(rng, day, minutes=minutes, step_s=5, base_hr=base_hr, speed_mps=3.0)
        syn.record(app.history, syn.File(f"run-{day}-{minutes}-{base_hr}", run))


@pytest.fixture
def athlete(make_app: MakeApp) -> Runlift:
    """Four ordinary weeks of runs and 8-hour nights up to the Friday before WEEK."""
    app = make_app()
    nights(app, HISTORY, WEEK - timedelta(days=3), 8.0)
    runs(app, [HISTORY + timedelta(days=7 * w + d) for w in range(4) for d in (0, 3)], 30)
    runs(app, [HISTORY + timedelta(days=7 * w + 5) for w in range(4)], 75)
    return app


@pytest.fixture
def short_of_sleep(athlete: Runlift) -> Runlift:
    """Five short nights up to Wednesday: the nightly re-plan makes the tempo easy (rule 7) and, no
    reassessment on record, adds a test on Thursday (rule 9)."""
    nights(athlete, WEDNESDAY - timedelta(days=4), WEDNESDAY, 5.5)
    added = athlete.plans().replan(WEDNESDAY)
    assert {a.rule for a in added} >= {"sleep", "reassessment"}
    return athlete


def summary_of(s: PlannedSession) -> str:
    return f"{s.type.capitalize()} run {s.minutes:g} min" if s.kind == "run" else s.title


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def uids(view: WeekView) -> dict[str, str]:
    """SUMMARY -> UID of an export of the week."""
    return {str(e["SUMMARY"]): str(e["UID"]) for e in events(weeks_ics([view], ZONE, stamp=STAMP))}


def test_the_feed_has_an_event_per_session_with_its_prescription_and_why(
    short_of_sleep: Runlift,
) -> None:
    view = short_of_sleep.plans().view(WEEK)
    planned = [s for s in view.week.sessions if s.kind in SESSION_KINDS]
    data = weeks_ics([view], ZONE, stamp=STAMP)

    cal = Calendar.from_ical(data)
    found = events(data)
    assert [str(e["SUMMARY"]) for e in found] == [summary_of(s) for s in planned]
    assert [e.decoded("DTSTART").astimezone(ZONE).date() for e in found] == [s.day for s in planned]
    assert len({str(e["UID"]) for e in found}) == len(found)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    sunday = WEEK + timedelta(days=6)
    assert [s.kind for s in view.week.on(sunday)] == ["rest"]
    assert sunday not in {e.decoded("DTSTART").date() for e in found}  # rest days are no events

    by_day = {(e.decoded("DTSTART").date(), str(e["CATEGORIES"].cats[0])): e for e in found}
    wednesday_run = by_day[(WEDNESDAY, "run")]
    assert str(wednesday_run["SUMMARY"]).startswith("Easy run")  # was the tempo
    assert "tempo run made easy: 5 of the last 5 nights under 7 h" in str(
        wednesday_run["DESCRIPTION"]
    )
    assert wednesday_run.decoded("DTSTART") == datetime.combine(WEDNESDAY, time(7), ZONE)
    assert wednesday_run["SEQUENCE"] >= 1
    lift = by_day[(WEDNESDAY, "lift")]
    assert lift.decoded("DTEND") == wednesday_run.decoded("DTSTART")  # "before" the run
    lift_session = next(s for s in planned if s.day == WEDNESDAY and s.kind == "lift")
    for e in lift_session.exercises:
        load = f" @ {e.load_kg:g} kg" if e.load_kg else ""
        assert f"{e.name}: {e.sets} x {e.reps}{load}" in str(lift["DESCRIPTION"])
    test = by_day[(WEDNESDAY + timedelta(days=1), "test")]
    assert str(test["SUMMARY"]) == "Reassessment"
    assert "no reassessment yet" in str(test["DESCRIPTION"])


def test_a_re_export_keeps_each_sessions_uid(athlete: Runlift) -> None:
    plans = athlete.plans()
    plans.replan(WEEK)
    before = uids(plans.view(WEEK))
    plans.flag_injury("left knee", WEEK + timedelta(days=1), "sore on stairs")
    # Runs ahead are cut to 0.7 of their minutes, the lower-body lift turns into holds.
    plans.replan(WEEK + timedelta(days=1))

    view = plans.view(WEEK)
    after = uids(view)
    saturday = next(s for s in view.week.sessions if s.type == "long")
    # The athlete's median long run (75 min) cut to 70 %: 52.5 -> 52 min; its calendar event keeps its uid.
    assert saturday.minutes == 52
    assert after["Long run 52 min"] == before["Long run 75 min"]
    assert after["Hips and posterior chain"] == before["Hips and posterior chain"]
    assert set(after.values()) == set(before.values())


def test_a_moved_lift_keeps_the_uid_it_was_generated_with(make_app: MakeApp, home: Path) -> None:
    # An easy Saturday leaves the weekend free for a lift (the default week has no day to move one to).
    (home / "plan.toml").write_text('[template.sat]\nrun = { type = "easy", minutes = 60 }\n')
    app = make_app()
    plans = app.plans()
    plans.replan(WEEK)
    before = uids(plans.view(WEEK))
    runs(app, [WEDNESDAY], 35, base_hr=175)  # a hard tempo before Wednesday's lower-body session
    plans.replan(WEDNESDAY)

    view = plans.view(WEEK)
    moved = [a for a in view.adjustments if a.rule == "placement"]
    assert [(a.session, a.change["action"]) for a in moved] == [(f"{WEDNESDAY}:lift", "move")]
    found = {str(e["SUMMARY"]): e for e in events(weeks_ics([view], ZONE, stamp=STAMP))}
    lift = found["Hips and posterior chain"]
    assert lift.decoded("DTSTART").date() == date.fromisoformat(moved[0].change["to"])
    assert str(lift["UID"]) == before["Hips and posterior chain"]
    assert moved[0].reason in str(lift["DESCRIPTION"])
    assert set(uids(view).values()) == set(before.values())


def decode(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The FIT file's data messages by name, each as {field name: value}."""
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(path) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                messages.setdefault(frame.name, []).append(fields)
    return messages


def executed(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps as a watch runs them: each repeat step runs its block (from `duration_step`) again."""
    out: list[dict[str, Any]] = []
    for k, step in enumerate(steps):
        if step["duration_type"] == "repeat_until_steps_cmplt":
            block = steps[step["duration_step"] : k]
            out += block * (step["repeat_steps"] - 1)
        else:
            out.append(step)
    return out


def test_each_run_and_lift_becomes_a_fit_workout_file(athlete: Runlift, tmp_path: Path) -> None:
    plans = athlete.plans()
    plans.projections.catch_up()  # the week is generated from the read models' e1RMs
    week = plans.view(WEEK).week
    assert any(s.type == "tempo" for s in week.sessions)
    stale = tmp_path / "fit" / f"{WEDNESDAY}-run-easy.fit"  # an earlier export's, before a change
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    (tmp_path / "fit" / "mine.fit").write_bytes(b"someone else's")
    written = write_week(week, tmp_path / "fit")
    assert not stale.exists()
    assert (tmp_path / "fit" / "mine.fit").exists()

    sessions = [s for s in week.sessions if s.kind in ("run", "lift")]
    assert [p.name for p in written] == [file_name(s) for s in sessions]
    for session, path in zip(sessions, written, strict=True):
        fit = decode(path)
        assert fit["file_id"][0]["type"] == "workout"
        (workout,) = fit["workout"]
        steps = fit["workout_step"]
        assert workout["num_valid_steps"] == len(steps)
        assert [s["message_index"] for s in steps] == list(range(len(steps)))
        done = executed(steps)
        if session.kind == "run":
            assert workout["sport"] == "running"
            assert workout["wkt_name"].endswith(summary_of(session))
            assert sum(s["duration_time"] for s in done) == session.minutes * 60
            work = [s for s in done if s["intensity"] == "active"]
            # 10 min warm-up, the block at zone 4, 5 min cool-down (a block of 10 min or more; a short
            # tempo, as this athlete's 135-min weeks give, is one step)
            if session.type == "tempo" and session.minutes - 15 >= 10:
                assert [s["duration_time"] for s in steps] == [
                    600,
                    (session.minutes - 15) * 60,
                    300,
                ]
                assert [s["target_hr_zone"] for s in work] == [4]
            if session.type in ("easy", "long"):
                assert [s["duration_time"] for s in steps] == [session.minutes * 60]
                assert steps[0]["target_hr_zone"] == 2
        else:
            assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
            assert workout["wkt_name"].endswith(session.title)
            work = [s for s in done if s["intensity"] == "active"]
            expected = [
                (e.name, "time", e.hold_s) if e.hold_s else (e.name, "reps", e.reps)
                for e in session.exercises
                for _ in range(e.sets)
            ]
            assert [
                (
                    s["wkt_step_name"],
                    s["duration_type"],
                    s.get("duration_reps", s.get("duration_time")),
                )
                for s in work
            ] == expected
            loaded = {e.name: e.load_kg for e in session.exercises if e.load_kg}
            assert {
                s["wkt_step_name"]: s["exercise_weight"] for s in work if "exercise_weight" in s
            } == loaded
    goblet = decode(tmp_path / "fit" / f"{WEDNESDAY}-lift-lower_posterior.fit")["workout_step"]
    assert (
        next(s for s in goblet if s["wkt_step_name"] == "Goblet Squat")["exercise_category"]
        == "squat"
    )


def test_plan_export_writes_the_feed_and_the_workouts(
    home: Path, store_url: str, tmp_path: Path
) -> None:
    feed, folder = tmp_path / "plan.ics", tmp_path / "watch"

    result = runlift(
        home,
        "plan",
        "export",
        "--ics",
        str(feed),
        "--fit",
        str(folder),
        "--week",
        str(WEDNESDAY),
        store_url=store_url,
    )

    assert result.returncode == 0, result.stderr
    found = events(feed.read_bytes())
    assert len(found) == 8  # the template's 5 runs and 3 lifts (Sunday's rest is no event)
    files = sorted(p.name for p in folder.iterdir())
    assert f"{WEDNESDAY}-run-tempo.fit" in files
    assert len(files) == 8
    for name in files:
        assert name in result.stdout
    assert str(feed) in result.stdout


def test_plan_export_needs_something_to_write(home: Path) -> None:
    result = runlift(home, "plan", "export")

    assert result.returncode == 2
    assert "--ics" in result.stderr

"""The athlete's session RPE reaches the plan: lifts logged in a lifting app without RPE, then rated by the
athlete, through import -> projections -> the nightly re-plan's autoregulation (rule 4)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from runlift_migrations import read_models as rm
from sqlalchemy import select

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.demo.hevy import HEVY_COLUMNS, quoted
from runlift.importers.manager import PluginSource
from tests.support.stores import MakeApp

WEEK = date(2025, 3, 31)  # the Monday re-planned; four weeks of history before it
HISTORY = WEEK - timedelta(days=28)
LOWER = "Goblet Squat"  # the template's lower-body lift
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hevy_without_rpe(path: Path, day: date, sets: int, reps: int, load: float) -> Path:
    """Hevy's export of one workout on `day` (17:00-17:40; the home's zone is UTC): `sets` x `reps` of the
    goblet squat at `load`, the RPE column left empty (the athlete did not log it per set)."""

    def at(moment: datetime) -> str:
        return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"

    start = datetime.combine(day, time(17, 0), tzinfo=UTC)
    lines = [",".join(quoted(column) for column in HEVY_COLUMNS)]
    for index in range(sets):
        texts = ("Legs", at(start), at(start + timedelta(minutes=40)), "", LOWER)
        cells = [*map(quoted, texts), "", quoted(""), str(index), quoted("normal")]
        cells += [f"{load:g}", str(reps), "", "0", ""]
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def athlete(make_app: MakeApp, tmp_path: Path) -> Runlift:
    """Four ordinary weeks (8-hour nights and a steady morning baseline, easy runs) and, every Wednesday, the
    goblet squat 3 x 10 at 16 kg, every set done, imported from Hevy files without RPE: the lift is due."""
    app = make_app(plugins=PluginSource())
    rng = random.Random(1)
    day = HISTORY
    while day <= WEEK - timedelta(days=1):
        rhr, rmssd = 49.0 + day.toordinal() % 3, 58.0 + 2 * (day.toordinal() % 3)
        night = syn.night(rng, day, hours=8.0, resting_hr=rhr, rmssd_ms=rmssd)
        syn.record(app.history, syn.File(f"night-{day}", night))
        if day.weekday() in (0, 3, 5):
            minutes = 75 if day.weekday() == 5 else 30
            run = syn.run(rng, day, minutes=minutes, step_s=5, base_hr=135, speed_mps=3.0)
            syn.record(app.history, syn.File(f"run-{day}", run))
        day += timedelta(days=1)
    files = [
        hevy_without_rpe(tmp_path / f"legs-{w}.csv", HISTORY + timedelta(days=7 * w + 2), 3, 10, 16)
        for w in range(4)
    ]
    report = app.importer().import_paths(files)
    assert report.ok, [r.reason for r in report.results if r.status == "rejected"]
    return app


def strength_session(app: Runlift, day: date) -> str:
    """The key of the day's strength session (as the API lists the sessions done)."""
    s = rm.session.c
    with app.projections().engine.connect() as conn:
        session: str = conn.execute(
            select(s.session).where(
                s.athlete_id == app.settings.athlete_id, s.kind == "strength", s.local_day == day
            )
        ).scalar_one()
    return session


@pytest.mark.parametrize("rating", [None, 8.0, 9.5])
def test_a_hard_rating_of_the_last_session_holds_a_due_lift(
    athlete: Runlift, rating: float | None
) -> None:
    last = HISTORY + timedelta(days=23)  # the fourth Wednesday
    athlete.projections().catch_up()
    if rating is not None:
        athlete.journal.rate_session(strength_session(athlete, last), last, rating)

    athlete.plans().replan(WEEK)

    view = athlete.plans().view(WEEK)
    (progression,) = [a for a in view.adjustments if a.rule == "progression"]
    if rating == 9.5:
        # Epley e1RM 16 x (1 + 10/30) = 21.33; 90 % of its 10-rep load = 14.4 -> 14.5 kg, held.
        assert progression.change == {"action": "note", "text": f"{LOWER}: load held"}
        assert progression.reason == (
            f"{LOWER}: held at 14.5 kg although due: a work set of the last session at RPE 9.5 (>= 9.5)"
        )
    else:  # unrated, or rated under hold_rpe: the ordinary step, 14.5 x 1.025 = 14.86 -> 15 kg
        assert (progression.change["from"], progression.change["to"]) == (14.5, 15.0)

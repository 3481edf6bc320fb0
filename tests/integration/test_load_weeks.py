"""The load model's weeks and ratio as a coach reads them: a spike is a week above the recent norm (not one
noisy week), the acute:chronic ratio waits for enough history, and a week's monotony counts its rest days."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import pairwise

import pytest
from runlift_migrations import read_models as rm
from sqlalchemy import select

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.coaching import formulas as f
from runlift.queries import figures
from tests.support.stores import MakeApp

MONDAY = date(2025, 1, 6)
SPEED = 3.0  # m/s: a run's km are its minutes x 0.18


def weekly_runs(app: Runlift, kms: list[float]) -> None:
    """One run each Wednesday of consecutive weeks, of the given km."""
    rng = random.Random(5)
    for week, km in enumerate(kms):
        day = MONDAY + timedelta(weeks=week, days=2)
        facts = syn.run(rng, day, minutes=km * 1000 / SPEED / 60, step_s=10, speed_mps=SPEED)
        syn.record(app.history, syn.File(f"run-{day}", facts))


def weeks(app: Runlift) -> list[object]:
    w = rm.load_week.c
    with app.projections().engine.connect() as conn:
        return list(
            conn.execute(
                select(rm.load_week)
                .where(w.athlete_id == app.settings.athlete_id, w.channel == "running")
                .order_by(w.week_start)
            )
        )


def test_a_steady_athlete_varying_week_to_week_is_not_a_spike_but_a_jump_over_the_norm_is(
    make_app: MakeApp,
) -> None:
    app = make_app()
    # 52-65 km weeks: week-over-week changes up to +23 %, none more than 15 % over the mean of the 4 before;
    # then 80 km, 36 % over that mean.
    kms = [60, 52, 64, 53, 63, 55, 65, 80]
    weekly_runs(app, kms)
    app.projections().catch_up()

    rows = weeks(app)

    actual = [r.distance_m / 1000 for r in rows]
    assert actual == pytest.approx(kms, rel=0.05)
    spikes = [r.week_start for r in rows if (r.distance_change_pct or 0) > 15]
    assert spikes == [MONDAY + timedelta(weeks=7)]
    # Read literally: each week against the mean of the (up to) 4 before it.
    for k, row in enumerate(rows[1:], start=1):
        norm = sum(actual[max(0, k - 4) : k]) / len(actual[max(0, k - 4) : k])
        assert row.distance_norm_m / 1000 == pytest.approx(norm)
        assert row.distance_change_pct == pytest.approx((actual[k] - norm) / norm * 100)
    assert rows[0].distance_change_pct is None
    # Week over week, the same athlete would have "spiked" three times at 10 %.
    assert sum(b > a * 1.10 for a, b in pairwise(actual)) >= 3
    with app.projections().engine.connect() as conn:
        today = figures.load_today(
            conn, app.projection_settings(), MONDAY + timedelta(weeks=7, days=3)
        )
    assert today["running_week"]["spike"] is True
    assert "mean of the 4 weeks before" in today["running_week"]["change_pct"]["formula"]


def test_the_acute_chronic_ratio_waits_for_three_weeks_of_history(make_app: MakeApp) -> None:
    app = make_app()
    rng = random.Random(2)
    for k in (
        0,
        2,
        4,
    ):  # three lifting sessions in the first week: nothing to compare them with yet
        syn.record(app.history, syn.File(f"lift-{k}", syn.lifting(rng, MONDAY + timedelta(days=k))))
    weekly_runs(app, [10, 10, 10, 10])
    for day in (MONDAY + timedelta(days=5), MONDAY + timedelta(days=24)):  # readiness has a night
        syn.record(app.history, syn.File(f"night-{day}", syn.night(rng, day)))
    app.projections().catch_up()
    d = rm.load_day.c
    with app.projections().engine.connect() as conn:
        ratios = dict(
            conn.execute(
                select(d.day, d.acwr).where(
                    d.athlete_id == app.settings.athlete_id, d.channel == "combined"
                )
            ).all()
        )
        early = figures.load_today(conn, app.projection_settings(), MONDAY + timedelta(days=5))
    first = min(ratios)
    assert all(ratios[day] is None for day in ratios if (day - first).days < 20)
    assert all(ratios[day] is not None for day in ratios if (day - first).days >= 20)
    assert early["channels"]["combined"]["acwr"]["value"] is None
    assert "none before 21 days" in early["channels"]["combined"]["acwr"]["formula"]
    # Readiness leaves the ratio out during the cold start, and says why; from day 21 it scores it.
    with app.projections().engine.connect() as conn:
        settings = app.projection_settings()
        cold = figures.readiness_on(conn, settings, MONDAY + timedelta(days=5))
        warm = figures.readiness_on(conn, settings, MONDAY + timedelta(days=24))
    why = (
        "the acute:chronic load ratio is left out: 5 day(s) of training history, it means nothing "
        "before 21"
    )
    assert cold["components"]["load"]["left_out"] == why
    assert why in cold["reasons"]
    assert "score" in warm["components"]["load"]


def test_a_weeks_monotony_counts_its_rest_days(make_app: MakeApp) -> None:
    app = make_app()
    weekly_runs(
        app, [10]
    )  # one run, on the first Wednesday: Monday, Tuesday and Thursday-Sunday rest
    app.projections().catch_up()

    (week,) = weeks(app)

    load = week.load
    monotony, strain = f.monotony_strain([0, 0, load, 0, 0, 0, 0])
    assert week.monotony == pytest.approx(monotony)
    assert week.monotony == pytest.approx(1 / 6**0.5)  # mean L/7 over SD L x sqrt(6)/7
    assert week.strain == pytest.approx(strain)

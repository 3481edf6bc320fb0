"""The replay property: any run of operations, caught up in any batches with restarts in between, leaves the
views one rebuild gives."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift, bootstrap
from runlift.importers.manager import PluginSource
from runlift.projections.driver import Projections
from runlift.projections.duplicates import Duplicates
from tests.support.reliability import snapshot

START = date(2025, 3, 3)  # a Monday: an operation's day is START plus its number
# An operation: what it does, a number (a day from START, or an index), whether the driver restarts after it.
Op = tuple[str, int, bool]
# Does an operation assert_same_views does not know: (app, rng, its position n, what, its number).
Other = Callable[[Runlift, random.Random, int, str, int], None]

# Each example bootstraps a runlift and replays a store: slow, and the fixtures are the test's (one store).
SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def operations(days: int, **others: int) -> st.SearchStrategy[list[Op]]:
    """Up to 14 operations: "run", "dup", "lift" (a file on one of `days` + 1 days), the `others` (each with
    its numbers' upper bound, done by the test), and "unlink" (the first duplicate link)."""
    kinds = {"run": days, "dup": days, "lift": days, **others, "unlink": days}
    return st.lists(
        st.one_of(
            [
                st.tuples(st.just(op), st.integers(0, top), st.booleans())
                for op, top in kinds.items()
            ]
        ),
        min_size=1,
        max_size=14,
    )


@contextmanager
def new_athlete(home: Path, store_url: str) -> Iterator[Runlift]:
    """A runlift of an athlete of its own beside `home`, on the test's store: the views are per athlete,
    so each example starts with none."""
    athlete_home = home.parent / f"athlete-{uuid.uuid4().hex[:8]}"
    with bootstrap(
        athlete_home, database_url=store_url, plugins=PluginSource(entry_points=False)
    ) as app:
        yield app


def assert_same_views(
    app: Runlift,
    ops: list[Op],
    batch_size: int,
    seed: int,
    other: Other | None = None,
    beside: Runlift | None = None,
) -> None:
    """Does `ops` in order, catching up in batches of `batch_size` after some and restarting the driver
    where an op says, then asserts that a rebuild gives the views catching up kept.

    The files (runs with heart rate or not, a duplicate pair of runs, lifts) are named `run{n}`, `a{n}` and
    `b{n}`, `lift{n}`, by the op's position n; an op of another name goes to `other`. With `beside`,
    another athlete in the same store: after some ops it stores a run or a lift of the same day and
    catches up (a club in one schema); at the end its views too equal its rebuild, and neither athlete's
    rebuild changes the other's views.
    """
    rng = random.Random(seed)
    settings_ = app.projection_settings()
    engine = app.projections().engine
    driver = Projections(engine, app.applications, settings_, batch_size=batch_size)
    near = None if beside is None else beside.projections()
    for n, (op, number, restart) in enumerate(ops):
        day = START + timedelta(days=number)
        if beside is not None and near is not None and rng.random() < 0.5:
            facts = (
                syn.run(rng, day, minutes=30, hr=True, step_s=10)
                if rng.random() < 0.5
                else syn.lifting(rng, day, week=number // 7)
            )
            syn.record(beside.history, syn.File(f"beside{n}", facts))
            near.catch_up()
        if op == "run":
            run = syn.run(rng, day, minutes=20, hr=rng.random() < 0.5, step_s=10)
            syn.record(app.history, syn.File(f"run{n}", run))
        elif op == "dup":
            facts = syn.run(rng, day, minutes=20, hr=rng.random() < 0.5, step_s=10)
            syn.record(app.history, syn.File(f"a{n}", facts))
            syn.record(app.history, syn.File(f"b{n}", facts[:1]))
        elif op == "lift":
            syn.record(app.history, syn.File(f"lift{n}", syn.lifting(rng, day, week=number // 7)))
        elif op == "unlink":
            links = sorted(Duplicates.of(app.history).links)
            if links:
                app.history.unlink(links[0], "test")
        else:
            assert other is not None, f"no operation {op!r}"
            other(app, rng, n, op, number)
        if restart:
            driver = Projections(engine, app.applications, settings_, batch_size=batch_size)
        if rng.random() < 0.5:
            driver.catch_up()
    driver.catch_up()
    incremental = snapshot(driver)
    if near is None:
        driver.rebuild()
        assert snapshot(driver) == incremental
        return
    near.catch_up()
    theirs = snapshot(near)
    driver.rebuild()
    assert snapshot(driver) == incremental
    assert snapshot(near) == theirs
    near.rebuild()
    assert snapshot(near) == theirs
    assert snapshot(driver) == incremental

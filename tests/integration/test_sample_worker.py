"""The projections' sample worker (a second process computing activities' figures) on SQLite and PostgreSQL:
the views it helps build equal the ones built without it, also when it dies or fails mid-way."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from runlift_migrations import read_models as rm
from sqlalchemy import func, select

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.domain import events as ev
from runlift.projections.driver import Projections
from runlift.projections.sample_worker import Offload, SampleWorker, WorkerLost
from runlift.storage.views import batch
from tests.support import replay
from tests.support.reliability import snapshot

BOOT_S = 60  # how long a test waits for the worker's interpreter to start


def eight_weeks(app: Runlift) -> None:
    for file in syn.history(7, replay.START, 56, step_s=5):
        syn.record(app.history, file)


def projections(app: Runlift, worker_min: int | None) -> Projections:
    # Small batches: many pages, so the worker's read-ahead and balancing run many times.
    return Projections(
        app.projections().engine,
        app.applications,
        app.projection_settings(),
        batch_size=40,
        sample_worker_min=worker_min,
    )


def started(p: Projections) -> Offload:
    """An offload whose worker is up (a rebuild would not wait for it)."""
    offload = Offload(0, p.settings.profile)
    offload.start_if(1, p.applications[0].mapper.compressor)
    assert offload.worker is not None
    assert offload.worker.ready(timeout=BOOT_S)
    return offload


def rebuild_with(p: Projections, offload: Offload) -> int:
    """Clear the facts and catch up with `offload`; how many pages the worker computed."""
    p.prepare()
    with batch(p.engine, p.athlete_id) as conn:
        p._reset(conn, "facts")
    try:
        return p.catch_up(offload).worker_pages
    finally:
        offload.close()


def test_views_built_with_the_worker_equal_those_built_without(app: Runlift) -> None:
    eight_weeks(app)
    alone = projections(app, None)
    assert alone.rebuild().worker_pages == 0
    expected = snapshot(alone)
    assert any(row for row in expected["view_session"]), "runs were projected"

    helped = projections(app, 0)
    pages = rebuild_with(helped, started(helped))
    assert pages > 3, "the worker computed figures of several pages"
    assert snapshot(helped) == expected
    # Sessions' figures came from the worker: each run has its TRIMP and zone times.
    s = rm.session.c
    with helped.engine.connect() as conn:
        runs = conn.execute(
            select(func.count(), func.count(s.hr_trimp), func.count(s.cadence_spm)).where(
                s.athlete_id == helped.athlete_id, s.sport == "running"
            )
        ).one()
    assert runs[0] > 0
    assert runs[0] == runs[1] == runs[2]


def test_a_worker_that_dies_leaves_the_figures_to_the_batch(app: Runlift) -> None:
    eight_weeks(app)
    alone = projections(app, None)
    alone.rebuild()
    expected = snapshot(alone)

    helped = projections(app, 0)
    offload = started(helped)
    assert offload.worker is not None
    offload.worker._spawned.process.kill()
    offload.worker._spawned.process.wait()
    rebuild_with(helped, offload)
    assert offload.failed
    assert snapshot(helped) == expected


def test_a_record_the_worker_cannot_decode_is_said_back() -> None:
    from runlift.settings import defaults

    worker = SampleWorker(None, defaults().profile)
    try:
        assert worker.ready(timeout=BOOT_S)
        worker.submit(
            [StoredEvent(uuid.uuid4(), 1, get_topic(ev.ActivitySamplesRecorded), b"{not json")]
        )
        with pytest.raises(WorkerLost, match="Deserialis"):
            worker.results()
    finally:
        worker.close()
    assert worker._spawned.process.returncode is not None, "the worker stopped"

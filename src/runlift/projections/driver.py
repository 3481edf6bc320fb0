"""The projection driver: catches the read models up with the event logs, versions them, rebuilds them."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from eventsourcing.persistence import PersistenceError
from eventsourcing.utils import get_topic
from runlift_migrations import read_models as rm
from runlift_migrations.read_models import SCHEMA_VERSIONS
from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.exc import DBAPIError

from runlift.domain.events import ActivitySamplesRecorded
from runlift.projections import load, muscles, readiness, strength
from runlift.projections.facts import TOPIC_TYPES, FactBatch
from runlift.projections.first_day import HistoryStart
from runlift.projections.sample_worker import Offload
from runlift.settings import (
    LoadConfig,
    MusclesConfig,
    Profile,
    ReadinessConfig,
    StrengthConfig,
    defaults,
)
from runlift.storage.application import RunliftApplication
from runlift.storage.lost import connection_lost
from runlift.storage.views import batch, create_tables, drop_tables

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

DERIVED = ("training_load", "readiness", "strength", "muscles")
NAMES = ("facts", *DERIVED)
BATCH = 1000
FACT_TABLES = rm.TABLES["facts"]
BEGINNING = date(1900, 1, 1)
# A catch-up whose PostgreSQL connection drops is run again this often, this long apart (a server
# restart takes a few seconds); each batch is its own transaction, so a rerun resumes where it broke.
CATCH_UP_ATTEMPTS = 10
CATCH_UP_PAUSE_S = 0.5
# A catch-up with at least this many stored events ahead (a rebuild, a first import of years) has a second
# process reduce the sample streams (projections/sample_worker.py); a smaller one (a new file) does it in the
# batch, sparing the worker's start-up (about 0.3 s).
SAMPLE_WORKER_MIN_EVENTS = 5000
SAMPLES_TOPIC = get_topic(ActivitySamplesRecorded)


@dataclass(frozen=True)
class ProjectionSettings:
    """What the read models are computed with; a change to a model's part recomputes that model."""

    athlete_id: str
    profile: Profile
    time_zone: str
    load: LoadConfig
    readiness: ReadinessConfig
    strength: StrengthConfig
    first_day: date | None = None  # [athlete] first_day: None starts at the first plausible instant
    muscles: MusclesConfig = field(default_factory=lambda: defaults().muscles)

    @property
    def history_start(self) -> HistoryStart:
        """Where the athlete's history starts: facts dated before it feed no read model."""
        return HistoryStart(self.first_day)

    def fingerprints(self) -> dict[str, str]:
        parts: dict[str, Any] = {
            "facts": {
                "max_hr_bpm": self.profile.max_hr_bpm,
                "resting_hr_bpm": self.profile.resting_hr_bpm,
                "sex": self.profile.sex,
                "max_sample_gap_s": self.profile.max_sample_gap_s,
                "first_day": None if self.first_day is None else self.first_day.isoformat(),
            },
            "training_load": self.load.model_dump(exclude={"acwr_lower"}),  # drawn, not computed
            "readiness": {
                **self.readiness.model_dump(),
                "zone": self.time_zone,
                "acwr_upper": self.load.acwr_upper,
                "acwr_min_days": self.load.acwr_min_days,
            },
            "strength": self.strength.model_dump(),
            # What only the plan, the dashboard or status read is left out: changing it recomputes nothing.
            "muscles": {
                **self.muscles.model_dump(
                    exclude={"legs_threshold_pct", "weekly_hard_sets", "window_days"}
                ),
                "zone": self.time_zone,
            },
        }
        return {
            name: hashlib.sha256(json.dumps(part, sort_keys=True).encode()).hexdigest()[:32]
            for name, part in parts.items()
        }


@dataclass(frozen=True)
class CatchUp:
    """What one catch-up did."""

    events: int
    batches: int
    derived: tuple[str, ...]
    seconds: float
    # Seconds per stage: "facts" (reading the events), then each derived model recomputed.
    timings: dict[str, float] = field(default_factory=dict)
    # Pages whose sample figures the sample worker computed (projections/sample_worker.py).
    worker_pages: int = 0


class Projections:
    """Keeps an athlete's read models caught up with the History and Journal logs.

    Each batch writes its fact rows, the tracking position and the days the derived models must recompute
    from, in one transaction; the derived models are then recomputed in another that clears that mark. A
    crash anywhere resumes from the last committed batch and never counts an event twice.
    """

    def __init__(
        self,
        engine: Engine,
        applications: Sequence[RunliftApplication],
        settings: ProjectionSettings,
        *,
        batch_size: int = BATCH,
        sample_worker_min: int | None = SAMPLE_WORKER_MIN_EVENTS,
    ) -> None:
        self.engine = engine
        self.applications = tuple(applications)
        self.settings = settings
        self.athlete_id = settings.athlete_id
        self.batch_size = batch_size
        self.sample_worker_min = sample_worker_min  # None: never start the sample worker
        self.topics = [get_topic(t) for t in TOPIC_TYPES]
        self._prepared = False

    def prepare(self) -> list[str]:
        """Create missing tables and reset every model whose version or settings changed; returns their
        names (their rows are recomputed by the next catch-up)."""
        create_tables(self.engine)
        fingerprints = self.settings.fingerprints()
        reset: list[str] = []
        with batch(self.engine, self.athlete_id) as conn:
            m = rm.meta.c
            stored = conn.execute(select(m.name, m.athlete_id, m.version, m.fingerprint)).all()
            for name, version in SCHEMA_VERSIONS.items():
                if any(row.name == name and row.version != version for row in stored):
                    drop_tables(conn, name)  # a new schema: every athlete's rows go
                    conn.execute(delete(rm.meta).where(m.name == name))
                    if name == "facts":
                        conn.execute(delete(rm.tracking))
            mine = {
                row.name: (row.version, row.fingerprint)
                for row in conn.execute(
                    select(m.name, m.version, m.fingerprint).where(m.athlete_id == self.athlete_id)
                )
            }
            for name in NAMES:
                wanted = (SCHEMA_VERSIONS[name], fingerprints[name])
                if mine.get(name) != wanted:
                    reset.append(name)
                    self._reset(conn, name)
                    conn.execute(
                        delete(rm.meta).where(m.name == name, m.athlete_id == self.athlete_id)
                    )
                    conn.execute(
                        rm.meta.insert(),
                        {
                            "name": name,
                            "athlete_id": self.athlete_id,
                            "version": wanted[0],
                            "fingerprint": wanted[1],
                        },
                    )
        self._prepared = True
        return reset

    def _reset(self, conn: Connection, name: str) -> None:
        """Forget one model's rows for this athlete: facts replay the events, derived models recompute."""
        if name == "facts":
            for table in FACT_TABLES:
                conn.execute(delete(table).where(table.c.athlete_id == self.athlete_id))
            conn.execute(delete(rm.tracking).where(rm.tracking.c.athlete_id == self.athlete_id))
            for derived in DERIVED:
                self._mark(conn, derived, BEGINNING)
        else:
            self._mark(conn, name, BEGINNING)

    def _mark(self, conn: Connection, name: str, day: date) -> None:
        p = rm.pending.c
        mine = (p.name == name) & (p.athlete_id == self.athlete_id)
        current = conn.execute(select(p.from_day).where(mine)).scalar_one_or_none()
        if current is None:
            conn.execute(
                rm.pending.insert(), {"name": name, "athlete_id": self.athlete_id, "from_day": day}
            )
        elif day < current:
            conn.execute(rm.pending.update().where(mine).values(from_day=day))

    def catch_up(self, offload: Offload | None = None) -> CatchUp:
        """Apply every event stored so far, then recompute what they changed. A dropped PostgreSQL
        connection is retried (see CATCH_UP_ATTEMPTS); any other store error is raised. `offload`: a
        sample worker its caller started ahead (and stops)."""
        attempt = 1
        while True:
            try:
                return self._catch_up(offload)
            except (DBAPIError, PersistenceError) as exc:
                if attempt >= CATCH_UP_ATTEMPTS or not connection_lost(exc):
                    raise
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                log.warning("views catch-up lost its database connection (%s); retrying", reason)
            attempt += 1
            time.sleep(CATCH_UP_PAUSE_S)

    def _catch_up(self, ahead: Offload | None) -> CatchUp:
        started = time.perf_counter()
        if not self._prepared:
            self.prepare()
        events = batches = 0
        offload = ahead or Offload(self.sample_worker_min, self.settings.profile)
        try:
            for app in self.applications:
                stop = app.recorder.max_notification_id() or 0
                while True:
                    applied = self._batch(app, stop, offload)
                    if applied is None:
                        break
                    events += applied
                    batches += 1
        finally:
            if ahead is None:
                offload.close()
        timings = {"facts": time.perf_counter() - started}
        derived = self._derive(timings)
        return CatchUp(
            events, batches, derived, time.perf_counter() - started, timings, offload.pages
        )

    def _batch(
        self, app: RunliftApplication, stop: int, offload: Offload | None = None
    ) -> int | None:
        """One batch of one log in one transaction; None when the log is caught up to `stop`."""
        if offload is None:  # figures computed in the batch
            offload = Offload(None, self.settings.profile)
        t = rm.tracking.c
        with batch(self.engine, self.athlete_id) as conn:
            mine = (t.application == app.name) & (t.athlete_id == self.athlete_id)
            position = conn.execute(select(t.position).where(mine)).scalar_one_or_none()
            if (position or 0) >= stop:
                return None

            def read(start: int) -> list[Any]:
                return list(
                    app.recorder.select_notifications(
                        start, self.batch_size, stop=stop, topics=self.topics
                    )
                )

            offload.start_if(stop - (position or 0), app.mapper.compressor)
            page = offload.page(app.name, (position or 0) + 1, read, SAMPLES_TOPIC)
            facts = FactBatch(
                conn, self.athlete_id, self.settings.profile, self.settings.history_start
            )
            for notification in page.kept:
                facts.apply(app.mapper.to_domain_event(notification))
            figures = offload.collect(page.sent)
            if figures is None:  # the worker was lost: its records are decoded here
                for notification in page.sent:
                    facts.apply(app.mapper.to_domain_event(notification))
            else:  # in the page's order, after the rest of it: FactBatch merges them either way
                for athlete_id, session, values in figures:
                    facts.apply_figures(athlete_id, session, values)
            full = len(page.records) == self.batch_size
            if full:  # the worker computes the next page's figures while this one is written
                offload.read_ahead(app.name, page.records[-1].id + 1, read, SAMPLES_TOPIC)
            dirty = facts.flush()
            if dirty:
                for name in DERIVED:
                    self._mark(conn, name, min(dirty))
            if facts.regroup_lifts:  # which exercise a name is changed: every lift session regroups
                self._mark(conn, "strength", BEGINNING)
                self._mark(conn, "muscles", BEGINNING)
            # A short page means nothing else of interest up to `stop`: track up to it (ids below a seen
            # maximum never appear later: the recorders commit notification ids in order).
            reached = page.records[-1].id if full else stop
            if position is None:
                conn.execute(
                    rm.tracking.insert(),
                    {"application": app.name, "athlete_id": self.athlete_id, "position": reached},
                )
            else:
                conn.execute(rm.tracking.update().where(mine).values(position=reached))
            return len(page.records)

    def _derive(self, timings: dict[str, float]) -> tuple[str, ...]:
        """Recompute the derived models from the days marked, in one transaction that clears the marks;
        each one's seconds go into `timings`."""
        p = rm.pending.c
        s = self.settings
        with batch(self.engine, self.athlete_id) as conn:
            marks: dict[str, date] = {
                row.name: row.from_day
                for row in conn.execute(
                    select(p.name, p.from_day).where(p.athlete_id == self.athlete_id)
                )
            }
            if not marks:
                return ()
            clock = time.perf_counter()

            def timed(name: str) -> None:
                nonlocal clock
                now = time.perf_counter()
                timings[name] = now - clock
                clock = now

            if "training_load" in marks:
                changed = load.refresh(
                    conn, self.athlete_id, marks["training_load"], s.profile.sex, s.load
                )
                if changed is not None:  # readiness reads the load's ratio
                    marks["readiness"] = min(marks.get("readiness", date.max), changed)
                timed("training_load")
            if "readiness" in marks:
                readiness.refresh(
                    conn,
                    self.athlete_id,
                    marks["readiness"],
                    s.readiness,
                    ZoneInfo(s.time_zone),
                    s.load.acwr_upper,
                    s.load.acwr_min_days,
                )
                timed("readiness")
            if "strength" in marks:
                strength.refresh(conn, self.athlete_id, marks["strength"], s.strength)
                timed("strength")
                # The muscles read strength's rows (each set's RPE and the lift's e1RM).
                marks["muscles"] = min(marks.get("muscles", date.max), marks["strength"])
            if "muscles" in marks:
                muscles.refresh(
                    conn, self.athlete_id, marks["muscles"], s.muscles, ZoneInfo(s.time_zone)
                )
                timed("muscles")
            conn.execute(delete(rm.pending).where(p.athlete_id == self.athlete_id))
        return tuple(name for name in DERIVED if name in marks)

    def rebuild(self, names: Sequence[str] = ()) -> CatchUp:
        """Recompute models from scratch: the facts (and so everything) by replaying the event logs, or
        only the derived models named."""
        unknown = set(names) - set(NAMES)
        if unknown:
            raise ValueError(
                f"unknown read model {sorted(unknown)[0]!r}; choose from {', '.join(NAMES)}"
            )
        started = time.perf_counter()
        if not self._prepared:
            self.prepare()
        offload = Offload(self.sample_worker_min, self.settings.profile)
        try:
            if not names or "facts" in names:  # the worker boots while the facts are cleared
                stored = sum(app.recorder.max_notification_id() or 0 for app in self.applications)
                offload.start_if(stored, self.applications[0].mapper.compressor)
            with batch(self.engine, self.athlete_id) as conn:
                for name in names or ("facts",):
                    self._reset(conn, name)
            reset = time.perf_counter() - started
            done = self.catch_up(offload)
        finally:
            offload.close()
        # The rebuild's own seconds, clearing the models included (counted with the facts).
        timings = {**done.timings, "facts": done.timings.get("facts", 0.0) + reset}
        return replace(done, seconds=time.perf_counter() - started, timings=timings)

    def follow(self, stop: threading.Event, interval_s: float = 60.0) -> None:
        """Catch up now, then whenever the logs grow (PostgreSQL wakes this at once through LISTEN/NOTIFY;
        SQLite is polled every `interval_s`), until `stop` is set. A failed catch-up (the database away) is
        logged and tried again at the next wake: nothing it did half is kept."""
        import psycopg  # the listener's errors (imported here: SQLite homes never need psycopg)

        listener = None
        try:
            while not stop.is_set():
                try:
                    # Listen first, then catch up: what is stored in between is caught up now, and what
                    # comes after wakes the wait (catching up first would miss it until the next interval).
                    if listener is None:
                        listener = self._listener()
                    self.catch_up()
                except Exception:  # keep following: the next wake retries from the tracked position
                    log.exception("projection catch-up failed; retrying in %.0f s", interval_s)
                    if listener is not None:
                        listener.close()
                        listener = None
                try:
                    self._wait(stop, listener, interval_s)
                except psycopg.Error:  # the listening connection dropped: poll until it is back
                    log.warning("lost the PostgreSQL notification connection; polling instead")
                    if listener is not None:
                        listener.close()
                        listener = None
        finally:
            if listener is not None:
                listener.close()

    def _wait(
        self, stop: threading.Event, listener: psycopg.Connection[Any] | None, interval_s: float
    ) -> None:
        """Until a notification, `interval_s`, or `stop`."""
        if listener is None:
            stop.wait(interval_s)
            return
        deadline = time.monotonic() + interval_s
        while not stop.is_set() and time.monotonic() < deadline:
            if any(True for _ in listener.notifies(timeout=0.2, stop_after=1)):
                return

    def _listener(self) -> psycopg.Connection[Any] | None:
        """A connection listening on the event tables' channels (PostgreSQL only)."""
        channels = [getattr(app.recorder, "channel_name", None) for app in self.applications]
        if self.engine.dialect.name != "postgresql" or not all(channels):
            return None
        import psycopg

        url = self.engine.url
        conn = psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname=url.database,
            autocommit=True,
        )
        for channel in channels:
            conn.execute(f'LISTEN "{channel}"')
        return conn

    def close(self) -> None:
        self.engine.dispose()

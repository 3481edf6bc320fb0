"""The scheduler: APScheduler 3 with a persistent job store beside the events, missed runs coalesced."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.schema import CreateIndex, CreateTable

from runlift.settings import Settings
from runlift.storage.persistence import Store
from runlift.storage.views import creating_tables, views_engine

log = logging.getLogger(__name__)

JOB_TABLE = "runlift_jobs"


@dataclass(frozen=True)
class JobSpec:
    """A job as configured: a stable id, the function ("module:function"), when, and what it does."""

    id: str
    func: str
    trigger: BaseTrigger
    description: str


def job_specs(settings: Settings) -> list[JobSpec]:
    """The configured jobs of a home ([schedule] in runlift.toml), ids prefixed by the athlete."""
    c = settings.config.schedule
    zone = settings.config.athlete.zone
    athlete = settings.athlete_id
    hour, minute = (int(x) for x in c.nightly_replan_at.split(":"))
    week_hour, week_minute = (int(x) for x in c.weekly_plan_at.split(":"))
    return [
        JobSpec(
            f"{athlete}:nightly-replan",
            "runlift.daemon.jobs:nightly_replan",
            CronTrigger(hour=hour, minute=minute, timezone=zone),
            "catch the projections up and re-plan the day",
        ),
        JobSpec(
            f"{athlete}:weekly-plan",
            "runlift.daemon.jobs:weekly_plan",
            CronTrigger(
                day_of_week=c.weekly_plan_day, hour=week_hour, minute=week_minute, timezone=zone
            ),
            "generate next week's plan (block, reassessment)",
        ),
        JobSpec(
            f"{athlete}:protein-reminders",
            "runlift.daemon.jobs:protein_reminders",
            IntervalTrigger(minutes=c.reminders_every_min, timezone=zone),
            "remind of the protein window after a resistance session",
        ),
    ]


def job_store(store: Store) -> SQLAlchemyJobStore:
    """Jobs in the store's database: `scheduler.sqlite` beside the SQLite files, or a table in the
    PostgreSQL store's schema."""
    if store.backend == "sqlite":
        assert store.sqlite_dir is not None
        store.sqlite_dir.mkdir(parents=True, exist_ok=True)
        jobs = SQLAlchemyJobStore(
            url=f"sqlite:///{store.sqlite_dir / 'scheduler.sqlite'}", tablename=JOB_TABLE
        )
    else:
        jobs = SQLAlchemyJobStore(
            # the job store reads and writes from the scheduler's thread: one connection kept
            engine=views_engine(store, kept=1, most=2),
            tablename=JOB_TABLE,
            tableschema=store.schema or None,
        )
    # Created here, not by the job store's start(), whose "check, then create" races another process
    # starting on the same database (two daemons of two athletes started together: one died).
    with creating_tables(jobs.engine) as conn:
        conn.execute(CreateTable(jobs.jobs_t, if_not_exists=True))
        for index in jobs.jobs_t.indexes:
            conn.execute(CreateIndex(index, if_not_exists=True))
    return jobs


JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": None, "max_instances": 1}


def build(settings: Settings, store: Store) -> BackgroundScheduler:
    """A scheduler on the home's job store: one run for many missed ones (coalesce), however late."""
    return BackgroundScheduler(
        jobstores={"default": job_store(store)},
        job_defaults=JOB_DEFAULTS,
        timezone=settings.config.athlete.zone,
    )


class Offline(BaseScheduler):  # type: ignore[misc]  # APScheduler 3 ships no type hints
    """The jobs and their store without a scheduling thread: for listing them and running the due ones
    by hand. A paused BackgroundScheduler is not safe for that: shutting it down right after a change
    lets its thread process due jobs, moving a missed run on without running it."""

    def shutdown(self, wait: bool = True) -> None:
        """Close the job store (abstract in APScheduler's base)."""
        super().shutdown(wait)

    def wakeup(self) -> None:
        """Nothing runs by itself here."""


def offline(settings: Settings, store: Store) -> Offline:
    """The home's jobs, offline (see `Offline`)."""
    return Offline(
        jobstores={"default": job_store(store)},
        job_defaults=JOB_DEFAULTS,
        timezone=settings.config.athlete.zone,
    )


def start(
    scheduler: BaseScheduler, specs: list[JobSpec], home: str, *, paused: bool = False
) -> None:
    """Start with the configured jobs. A stored job whose trigger is unchanged is kept as stored, so a run
    it missed while runlift was down happens once now; replacing it would forget that run."""
    scheduler.start(paused=True)
    sync(scheduler, specs, home)
    if not paused:
        scheduler.resume()


def sync(scheduler: BaseScheduler, specs: list[JobSpec], home: str) -> None:
    """Add jobs that are missing or whose trigger or function changed; drop this athlete's others."""
    wanted = {spec.id for spec in specs}
    prefix = specs[0].id.split(":", 1)[0] + ":" if specs else ""
    for job in scheduler.get_jobs():
        if job.id.startswith(prefix) and job.id not in wanted:
            job.remove()
    for spec in specs:
        stored = scheduler.get_job(spec.id)
        if stored is not None and _same(stored, spec, home):
            continue
        scheduler.add_job(
            spec.func,
            spec.trigger,
            args=[home],
            id=spec.id,
            name=spec.description,
            replace_existing=True,
        )


def _same(job: Job, spec: JobSpec, home: str) -> bool:
    def shape(trigger: Any) -> tuple[str, str]:
        return (str(trigger), str(getattr(trigger, "timezone", "")))

    return (
        shape(job.trigger) == shape(spec.trigger)
        and job.func_ref == spec.func
        and list(job.args) == [home]
    )


def run_due(scheduler: BaseScheduler, now: datetime | None = None) -> list[str]:
    """Run every stored job that is due (missed runs count once) in this thread, then move each to its next
    fire time: what `runlift daemon --once` does instead of keeping a scheduler running."""
    moment = now or datetime.now(UTC)
    ran = []
    for job in scheduler.get_jobs():
        if job.next_run_time is None or job.next_run_time > moment:
            continue
        try:
            job.func(*job.args, **job.kwargs)
        except Exception:  # one failing job does not stop the others
            log.exception("job %s failed", job.id)
        ran.append(job.id)
        following = job.trigger.get_next_fire_time(None, moment)
        if following is None:
            job.remove()
        else:
            job.modify(next_run_time=following)
    return ran

"""The composition root: the one place that wires settings, stores, plugins and services together.

The CLI, the daemon and the tests all start here; every part defaults to the production one and can be
replaced by a keyword argument.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from runlift.importers.manager import PluginSource, Registry, load_registry
from runlift.ingest.history import History
from runlift.ingest.service import ImportOptions, ImportService
from runlift.journal import Journal
from runlift.plans.planner import Planner
from runlift.projections.driver import Projections, ProjectionSettings
from runlift.settings import Settings, init_home, load_settings
from runlift.storage.application import RunliftApplication
from runlift.storage.persistence import Store, parse_store_url
from runlift.storage.views import views_engine

if TYPE_CHECKING:  # the plan's modules load when a plan is asked for: an import does not need them
    from runlift.plans.service import PlanService


@dataclass
class Runlift:
    """A wired runlift: its settings, its applications and the services over them."""

    settings: Settings
    store: Store
    history: History
    journal: Journal
    planner: Planner
    plugins: PluginSource
    workers: int
    _registry: Registry | None = field(default=None, repr=False)
    _projections: Projections | None = field(default=None, repr=False)
    _importer: ImportService | None = field(default=None, repr=False)

    @property
    def applications(self) -> tuple[RunliftApplication, ...]:
        """The event logs of the athlete's facts (what the projections read)."""
        return (self.history, self.journal)

    @property
    def event_logs(self) -> tuple[RunliftApplication, ...]:
        """Every application's log: the facts and the plan (the audit log and `status` read them all)."""
        return (self.history, self.journal, self.planner)

    def registry(self) -> Registry:
        """The plugins as loaded in this process (for listing; decoding happens in workers)."""
        if self._registry is None:
            self._registry = load_registry(self.plugins)
        return self._registry

    def importer(self) -> ImportService:
        """The import service for this home (one per wired runlift: its decoding workers stay up until
        `close()`)."""
        if self._importer is None:
            self._importer = self._new_importer()
        return self._importer

    def _new_importer(self) -> ImportService:
        config = self.settings.config
        athlete = config.athlete
        options = ImportOptions(
            profile=config.profile(),
            limits=config.import_.archives,
            workers=self.workers,
            plugin_timeout_s=config.import_.plugin_timeout_s,
            max_file_bytes=config.import_.max_file_bytes,
            units=athlete.units,
            importer_options=config.importers,
            max_stream_bytes=config.import_.max_stream_bytes,
        )
        return ImportService(self.history, self.plugins, options, self.settings.home.failed)

    def projection_settings(self) -> ProjectionSettings:
        """What the read models are computed with, from the configuration."""
        config = self.settings.config
        athlete = config.athlete
        return ProjectionSettings(
            athlete_id=self.settings.athlete_id,
            profile=config.profile(),
            time_zone=athlete.time_zone,
            load=config.load,
            readiness=config.readiness,
            strength=config.strength,
            first_day=athlete.first_day,
            muscles=config.muscles,
        )

    def projections(self) -> Projections:
        """The read models' driver (one per wired runlift; its engine closes with it)."""
        if self._projections is None:
            self._projections = Projections(
                views_engine(self.store), self.applications, self.projection_settings()
            )
        return self._projections

    def plans(self) -> PlanService:
        """The plan service (template and rules from config/plan.toml and the home's plan.toml)."""
        from runlift.coaching.plan_config import load_plan_config
        from runlift.plans.service import PlanService

        config = load_plan_config(self.settings.home.root)
        return PlanService(self.planner, self.projections(), self.projection_settings(), config)

    def close(self) -> None:
        if self._importer is not None:
            self._importer.close()
        if self._projections is not None:
            self._projections.close()
        for app in self.event_logs:
            app.close()

    def __enter__(self) -> Runlift:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bootstrap(
    home: Path | str | None = None,
    *,
    settings: Settings | None = None,
    database_url: str | None = None,
    plugins: PluginSource | None = None,
    workers: int | None = None,
) -> Runlift:
    """Wire runlift for a home (created if missing). Keyword arguments replace the configured parts."""
    settings = settings or load_settings(home)
    if not settings.home.config_file.exists():
        init_home(settings.home)
        settings = load_settings(settings.home.root)
    store = parse_store_url(database_url or settings.database_url)
    if plugins is None:
        plugins = PluginSource(
            plugins_dir=settings.home.plugins,
            blocked=frozenset(settings.config.plugins.blocked),
        ).with_blocked_from_env()
    configured = settings.config.import_.workers
    workers = workers or configured or os.cpu_count() or 1
    athlete = settings.athlete_id
    rule = settings.config.dedupe
    return Runlift(
        settings=settings,
        store=store,
        history=History(store, athlete, rule),
        journal=Journal(store, athlete),
        planner=Planner(store, athlete),
        plugins=plugins,
        workers=workers,
    )

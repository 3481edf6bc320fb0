"""What the read side's queries need of a wired runlift, as a protocol (bootstrap.Runlift is one)."""

from __future__ import annotations

from typing import Protocol

from runlift.projections.driver import Projections, ProjectionSettings
from runlift.settings import Settings
from runlift.storage.application import RunliftApplication
from runlift.storage.persistence import Store


class Sources(Protocol):
    """The settings, the store, the event logs and the read models' driver of one athlete's home.

    Queries take this rather than the composition root's class, so the read side never imports the root.
    """

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> Store: ...

    @property
    def history(self) -> RunliftApplication: ...

    @property
    def event_logs(self) -> tuple[RunliftApplication, ...]: ...

    def projections(self) -> Projections: ...

    def projection_settings(self) -> ProjectionSettings: ...

"""A club on one PostgreSQL schema: each athlete's events in tables of their own, so that one athlete's
catch-up never reads another's; and a schema written by the release before, where every athlete shared one
log, moves each athlete's events into their own tables on its first start, once, whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.domain.checkins import Report
from runlift.importers.manager import PluginSource
from runlift.storage import application, split
from runlift.storage.athletes import log_name
from tests.support.corpus import RUN_FIT, STRENGTH_FIT, STRONG_CSV, WALK_FIT, committed
from tests.support.reliability import snapshot
from tests.support.stores import fresh_schema, pg_admin, schema_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("store_url", ["postgres"], indirect=True),
]


class Interrupted(Exception):
    """A move stopped half way (the process killed, the server gone)."""


FILES = {"ann": [RUN_FIT, STRENGTH_FIT], "bob": [WALK_FIT, STRONG_CSV]}


def home_of(root: Path, athlete: str) -> Path:
    home = root / athlete
    home.mkdir(parents=True, exist_ok=True)
    (home / "runlift.toml").write_text(f"[athlete]\nid = '{athlete}'\n")
    return home


@contextmanager
def opened(root: Path, athlete: str, store_url: str) -> Iterator[Runlift]:
    plugins = PluginSource(entry_points=True)
    with bootstrap(
        home_of(root, athlete), database_url=store_url, plugins=plugins, workers=1
    ) as app:
        yield app


def rows(schema: str, table: str) -> list[tuple[Any, ...]]:
    """A table's events in log order: (aggregate, version, topic)."""
    with pg_admin() as admin:
        return [
            (str(r[0]), r[1], r[2])
            for r in admin.execute(
                f'SELECT originator_id, originator_version, topic FROM "{schema}"."{table}" '
                "ORDER BY notification_id"
            )
        ]


def tables(schema: str) -> set[str]:
    with pg_admin() as admin:
        return {
            str(r[0])
            for r in admin.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
            )
        }


def write_as_the_release_before(
    root: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Both athletes' files imported with the log every athlete shared (tables named by the application
    alone, as before); each athlete's views caught up. Their view rows, to compare after the move."""
    views = {}
    with monkeypatch.context() as patch:
        patch.setattr(application, "log_name", lambda name, athlete: name)
        for athlete, files in FILES.items():
            with opened(root, athlete, store_url) as app:
                app.importer().import_paths([committed(f) for f in files])
                # A journal event too: every application's log moves.
                app.journal.check_in(date(2024, 5, 1), Report(mood=4))
                projections = app.projections()
                projections.catch_up()
                views[athlete] = snapshot(projections)
    return views


def rebuilt_counting(app: Runlift) -> tuple[dict[str, Any], list[str]]:
    """Rebuild the athlete's views from the events: the rows, and whose event each one decoded was."""
    decoded: list[str] = []
    for log in app.event_logs:
        real = log.mapper.to_domain_event

        def counting(notification: Any, real: Any = real) -> Any:
            event = real(notification)
            decoded.append(getattr(event, "athlete_id", "?"))
            return event

        log.mapper.to_domain_event = counting  # type: ignore[method-assign]
    projections = app.projections()
    projections.rebuild()
    return snapshot(projections), decoded


def test_each_athlete_has_tables_of_their_own_and_reads_only_them(
    store_url: str, tmp_path: Path
) -> None:
    schema = schema_of(store_url)
    for athlete, files in FILES.items():
        with opened(tmp_path, athlete, store_url) as app:
            app.importer().import_paths([committed(f) for f in files])
    with opened(tmp_path, "ann", store_url) as app:
        with_bob, decoded = rebuilt_counting(app)
    with fresh_schema() as url, opened(tmp_path / "alone", "ann", url) as app:
        app.importer().import_paths([committed(f) for f in FILES["ann"]])
        alone, _ = rebuilt_counting(app)

    assert {
        f"{log_name(a, athlete)}_events"
        for a in ("History", "Journal", "Plan")
        for athlete in FILES
    } <= tables(schema)
    assert "history_events" not in tables(schema)
    assert decoded  # the rebuild decoded events ...
    assert set(decoded) == {"ann"}  # ... and every one of them was ann's
    assert with_bob == alone  # bob's presence changes nothing of ann's
    assert with_bob["view_session"]


def test_a_shared_log_of_the_release_before_moves_into_each_athletes_tables(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = schema_of(store_url)
    views = write_as_the_release_before(tmp_path, store_url, monkeypatch)
    shared = rows(schema, "history_events")
    assert len(shared) > 20

    with opened(tmp_path, "ann", store_url) as app:
        projections = app.projections()
        projections.catch_up()
        ann_views = snapshot(projections)
    own = f"{log_name('History', 'ann')}_events"
    moved = rows(schema, own)
    left = rows(schema, "history_events")

    # ann's events moved in their order, none lost or doubled; bob's stayed in the shared log.
    assert moved
    assert left
    assert [r for r in shared if r in set(moved)] == moved
    assert [r for r in shared if r in set(left)] == left
    assert sorted(moved + left) == sorted(shared)
    assert ann_views == views["ann"]  # rebuilt from the moved events: the same views
    assert rows(schema, f"{log_name('Journal', 'ann')}_events")

    with opened(tmp_path, "ann", store_url):  # a second start moves nothing more
        pass
    assert rows(schema, own) == moved
    with opened(tmp_path, "bob", store_url) as app:
        projections = app.projections()
        projections.catch_up()
        assert snapshot(projections) == views["bob"]
    assert rows(schema, "history_events") == []


def test_a_move_that_is_stopped_leaves_nothing_done_and_the_next_start_does_it(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = schema_of(store_url)
    write_as_the_release_before(tmp_path, store_url, monkeypatch)
    shared = rows(schema, "history_events")
    seen = [0]
    real = split.athlete_in

    def failing(state: bytes) -> str | None:
        seen[0] += 1
        if seen[0] > 10:
            raise Interrupted("the process was stopped")
        return real(state)

    with monkeypatch.context() as patch:
        patch.setattr(split, "athlete_in", failing)
        with pytest.raises(Interrupted), opened(tmp_path, "ann", store_url):
            pass

    own = f"{log_name('History', 'ann')}_events"
    assert rows(schema, "history_events") == shared
    assert own not in tables(schema) or rows(schema, own) == []
    with opened(tmp_path, "ann", store_url):
        pass
    assert rows(schema, own)
    assert len(rows(schema, own)) + len(rows(schema, "history_events")) == len(shared)

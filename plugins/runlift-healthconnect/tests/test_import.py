"""The installed plugin end to end, on SQLite and PostgreSQL: its entry point, local days from the
athlete's zone (the app states no offset), and a run the watch's FIT file also holds, counted once."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from runlift_migrations import read_models as rm
from sqlalchemy import select
from tests.support.corpus import RUN_FIT, committed
from tests.support.health_payloads import (
    as_a_phone_saw_it,
    committed_run,
    hc_exercise,
    health_connect_week,
)
from tests.support.helpers import stored
from tests.support.stores import MakeApp

from runlift.importers.manager import PluginSource
from runlift.projections.duplicates import Duplicates


def test_the_entry_point_registers_the_importer(runlift_app) -> None:
    (plugin,) = [p for p in runlift_app.registry().plugins if p.name == "healthconnect"]

    assert plugin.status == "loaded"
    assert plugin.importers == ("healthconnect",)
    assert plugin.formats == ("Health Connect Webhook JSON",)


def test_facts_land_on_the_local_day_of_the_athletes_zone(
    make_app: MakeApp, home: Path, write_payload
) -> None:
    (home / "runlift.toml").write_text("[athlete]\nid = 'jo'\ntime_zone = 'America/New_York'\n")
    app = make_app(plugins=PluginSource())
    payload = health_connect_week(seed=5, first_morning=date(2025, 3, 6), days=6)

    (result,) = app.importer().import_paths([write_payload(payload)]).results

    assert (result.status, result.importer) == ("imported", "healthconnect")
    assert result.events["SleepRecorded"] == 6
    zone = ZoneInfo("America/New_York")  # -5 h, -4 h from 9 March 2025 (daylight saving)

    def day_in_zone(instant: str) -> str:
        return datetime.fromisoformat(instant).astimezone(zone).date().isoformat()

    nights = stored(app, "SleepRecorded")
    assert [n["local_day"] for n in nights] == [
        day_in_zone(r["session_end_time"]) for r in payload["sleep"]
    ]
    readings = stored(app, "WellnessRecorded")
    # resting HR when measured; HRV taken during a night as the night's, on the day it ended
    assert sorted(r["local_day"] for r in readings if r["resting_hr_bpm"]) == sorted(
        day_in_zone(r["time"]) for r in payload["resting_heart_rate"]
    )
    assert sorted(r["local_day"] for r in readings if r["hrv_rmssd_ms"]) == sorted(
        day_in_zone(r["session_end_time"]) for r in payload["sleep"]
    )
    assert all(r["hrv_sdnn_ms"] is None for r in readings)
    sessions = stored(app, "RunCompleted", "ActivityCompleted")
    assert [s["local_day"] for s in sessions] == [
        day_in_zone(r["start_time"]) for r in payload["exercise"]
    ]
    assert all(s["utc_offset_s"] is None for s in sessions)


@pytest.mark.parametrize("order", ["watch first", "phone first"])
def test_a_run_the_watchs_fit_file_also_holds_is_linked_and_counted_once(
    make_app: MakeApp, write_payload, order: str
) -> None:
    app = make_app(plugins=PluginSource())
    rng = random.Random(2013)
    start, end, metres = as_a_phone_saw_it(rng, committed_run(RUN_FIT))
    synced = hc_exercise("56", start, end, metres, steps=round((end - start).total_seconds() * 2.7))
    payload = health_connect_week(
        seed=2013, first_morning=date(2013, 2, 4), days=5, exercises=[synced]
    )
    files = [committed(RUN_FIT), write_payload(payload)]

    for path in files if order == "watch first" else files[::-1]:
        assert app.importer().import_paths([path]).results[0].status == "imported"

    duplicates = Duplicates.of(app.history)
    (group,) = duplicates.groups()
    sources = {s: _filename(app, s) for s in group.members}
    assert sorted(sources.values()) == sorted([Path(RUN_FIT).name, "healthconnect.json"])
    assert sources[group.primary] == Path(RUN_FIT).name  # the watch's record, with its samples
    (link,) = stored(app, "DuplicateLinked")
    assert link["reasons"]["start_gap_s"] == pytest.approx(
        abs((start - committed_run(RUN_FIT)[0]).total_seconds()), abs=0.1
    )
    runs = [r for r in stored(app, "RunCompleted") if r["local_day"] == "2013-02-06"]
    assert len(runs) == 2
    counted = [
        r for r in runs if duplicates.is_primary(f"{r['aggregate_id']}:a{r['activity_index']}")
    ]
    assert len(counted) == 1
    app.projections().catch_up()
    d = rm.load_day.c
    with app.projections().engine.connect() as conn:
        day = conn.execute(
            select(d.sessions, d.distance_m).where(
                d.athlete_id == app.settings.athlete_id,
                d.channel == "running",
                d.day == date(2013, 2, 6),
            )
        ).one()
    # one session, the watch's distance (the manifest gives it to 0.1 m), not the phone's too
    assert (day.sessions, day.distance_m) == (1, pytest.approx(committed_run(RUN_FIT)[2], abs=0.05))
    assert abs(metres - day.distance_m) > 0.05


def _filename(app, session: str) -> str:  # type: ignore[no-untyped-def]
    from uuid import UUID

    return str(app.history.repository.get(UUID(session.split(":")[0])).source.filename)

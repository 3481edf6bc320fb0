"""The installed plugin end to end, on SQLite and PostgreSQL: its entry point, local days from the offset
each date states, and a run the watch's FIT file also holds, counted once."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import pytest
from tests.support.corpus import RUN_FIT, committed
from tests.support.health_payloads import (
    as_a_phone_saw_it,
    committed_run,
    hae_workout,
    health_auto_export_week,
)
from tests.support.helpers import stored
from tests.support.stores import MakeApp

from runlift.importers.manager import PluginSource
from runlift.projections.duplicates import Duplicates


def test_the_entry_point_registers_the_importer(runlift_app) -> None:
    (plugin,) = [p for p in runlift_app.registry().plugins if p.name == "healthautoexport"]

    assert plugin.status == "loaded"
    assert plugin.importers == ("healthautoexport",)
    assert plugin.formats == ("Health Auto Export JSON",)


def test_facts_land_on_the_day_of_the_offset_the_phone_wrote(
    make_app: MakeApp, home: Path, write_export
) -> None:
    # The athlete's configured zone is UTC; the phone was in New Zealand's summer time, +13:00.
    (home / "runlift.toml").write_text("[athlete]\nid = 'jo'\ntime_zone = 'UTC'\n")
    app = make_app(plugins=PluginSource())
    export = health_auto_export_week(
        seed=8, first_morning=date(2025, 1, 6), days=5, offset_s=13 * 3600
    )
    metrics = {m["name"]: m["data"] for m in export["data"]["metrics"]}

    (result,) = app.importer().import_paths([write_export(export)]).results

    assert (result.status, result.importer) == ("imported", "healthautoexport")

    def written_day(text: str) -> str:  # "2025-01-06 06:40:00 +1300" is on 6 January
        return text[:10]

    nights = stored(app, "SleepRecorded")
    assert [n["local_day"] for n in nights] == [
        written_day(r["sleepEnd"]) for r in metrics["sleep_analysis"]
    ]
    # ... though most of them ended the UTC day before
    assert any(
        datetime.fromisoformat(n["end_utc"]).date().isoformat() != n["local_day"] for n in nights
    )
    readings = stored(app, "WellnessRecorded")
    assert sorted(r["local_day"] for r in readings) == sorted(
        written_day(r["date"])
        for r in metrics["resting_heart_rate"] + metrics["heart_rate_variability"]
    )
    assert all(r["hrv_rmssd_ms"] is None for r in readings)
    weigh_ins = stored(app, "BodyCompositionRecorded")
    assert [w["local_day"] for w in weigh_ins] == [
        written_day(r["date"]) for r in metrics["weight_body_mass"]
    ]
    sessions = stored(app, "RunCompleted", "ActivityCompleted")
    assert sorted((s["local_day"], s["utc_offset_s"]) for s in sessions) == sorted(
        (written_day(w["start"]), 13 * 3600) for w in export["data"]["workouts"]
    )


@pytest.mark.parametrize("order", ["watch first", "phone first"])
def test_a_run_the_watchs_fit_file_also_holds_is_linked_and_counted_once(
    make_app: MakeApp, write_export, order: str
) -> None:
    app = make_app(plugins=PluginSource())
    rng = random.Random(1302)
    start, end, metres = as_a_phone_saw_it(rng, committed_run(RUN_FIT))
    synced = hae_workout(rng, "Running", start, end, 3600, round(metres / 1000, 4))
    export = health_auto_export_week(
        seed=1302, first_morning=date(2013, 2, 4), days=5, workouts=[synced]
    )
    files = [committed(RUN_FIT), write_export(export)]

    for path in files if order == "watch first" else files[::-1]:
        assert app.importer().import_paths([path]).results[0].status == "imported"

    duplicates = Duplicates.of(app.history)
    (group,) = duplicates.groups()
    assert len(group.members) == 2
    assert _filename(app, group.primary) == Path(RUN_FIT).name  # the watch's, with its samples
    (link,) = stored(app, "DuplicateLinked")
    assert link["reasons"]["hour_offset_h"] == 0
    runs = [r for r in stored(app, "RunCompleted") if r["local_day"] == "2013-02-06"]
    assert len(runs) == 2
    counted = [
        r for r in runs if duplicates.is_primary(f"{r['aggregate_id']}:a{r['activity_index']}")
    ]
    assert [r["distance_m"] for r in counted] == [
        pytest.approx(committed_run(RUN_FIT)[2], abs=0.05)
    ]


def _filename(app, session: str) -> str:  # type: ignore[no-untyped-def]
    from uuid import UUID

    return str(app.history.repository.get(UUID(session.split(":")[0])).source.filename)

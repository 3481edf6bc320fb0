"""Local days through a real import: the configured zone, daylight saving included, decides the day."""

from __future__ import annotations

import pytest

from tests.support.helpers import stored, toy_file
from tests.support.stores import MakeApp

# Europe/Berlin: CET (+1) in winter, CEST (+2) from 2024-03-31 01:00Z to 2024-10-27 01:00Z.
RUNS = [
    ("2024-03-30T22:30:00+00:00", "2024-03-30"),  # 23:30 CET, the night before the spring change
    ("2024-03-30T23:30:00+00:00", "2024-03-31"),  # 00:30 CET: already the next day
    ("2024-03-31T21:30:00+00:00", "2024-03-31"),  # 23:30 CEST on the day of the change
    ("2024-10-26T21:30:00+00:00", "2024-10-26"),  # 23:30 CEST, the night before the autumn change
    ("2024-10-27T22:30:00+00:00", "2024-10-27"),  # 23:30 CET on the day of the change
    ("2024-10-27T23:30:00+00:00", "2024-10-28"),  # 00:30 CET
    (
        "2024-07-01T21:30:00+00:00",
        "2024-07-01",
    ),  # a run at 23:30 local is on that day, not the UTC next
]


@pytest.fixture
def berlin_app(make_app: MakeApp, home):
    (home / "runlift.toml").write_text(
        "[athlete]\nid = 'athlete-berlin'\ntime_zone = 'Europe/Berlin'\n"
    )
    return make_app()


def test_runs_around_both_daylight_saving_changes_land_on_the_local_day(berlin_app, tmp_path):
    files = [
        toy_file(tmp_path, f"run{i}.toy", (start, 1800.0, 5000.0))
        for i, (start, _) in enumerate(RUNS)
    ]

    berlin_app.importer().import_paths(files)

    days = {r["start_utc"]: r["local_day"] for r in stored(berlin_app, "RunCompleted")}
    assert days == {start: day for start, day in RUNS}

"""Soak: two years of synthetic exports (bench/make_history.py: 2,300 real FIT files and a Hevy CSV)
dropped in bursts into a running daemon (marked soak: not in the default run).

.venv/bin/pytest -m soak tests/e2e/test_daemon_soak.py
"""

from __future__ import annotations

import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from bench.make_history import make_history
from tests.support.processes import Start, events, state, wait_for

pytestmark = [pytest.mark.soak, pytest.mark.timeout(3600)]

YEARS = 2
BURST = 200


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_two_years_of_exports_in_bursts_import_once_with_flat_memory(
    daemon_home: Path, store_url: str, start: Start, tmp_path: Path
) -> None:
    history = make_history(tmp_path / "export", years=YEARS, seed=3, jobs=2)
    config = daemon_home / "runlift.toml"
    # The Hevy CSV's times carry no zone: the athlete's is the generator's.
    text = re.sub(r'time_zone = "[^"]*"', f'time_zone = "{history.time_zone}"', config.read_text())
    config.write_text(text)
    files = sorted(p for p in history.out.rglob("*") if p.is_file())
    assert len(files) == history.files
    process = start()
    drop = daemon_home / "drop"
    wait_for(lambda: "heartbeat" in state(daemon_home))
    samples = []
    for first in range(0, len(files), BURST):
        for path in files[first : first + BURST]:
            shutil.move(path, drop / f"{path.parent.name}-{path.name}")
        wait_for(lambda: not any(drop.iterdir()), timeout=600)
        samples.append(rss_mb(process.pid))
        time.sleep(1)
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    assert events(daemon_home, store_url, "FileImported") == history.files
    assert events(daemon_home, store_url, "RunCompleted") == history.runs
    # Every strength session twice: from the watch and from the Hevy CSV (linked as duplicates).
    assert events(daemon_home, store_url, "StrengthSessionCompleted") == 2 * history.lifts
    assert events(daemon_home, store_url, "SetLogged") == 2 * history.sets
    assert events(daemon_home, store_url, "SleepRecorded") == history.nights
    assert events(daemon_home, store_url, "BodyCompositionRecorded") == history.weigh_ins
    assert len(list((daemon_home / "done").iterdir())) == history.files
    # Memory stays flat: after the first bursts it grows by less than 30 MB over the rest.
    assert max(samples[2:]) - samples[2] < 30, samples

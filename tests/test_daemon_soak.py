"""Soak: 2,000 files dropped in bursts into a running daemon (marked soak: not in the default run).

.venv/bin/pytest -m soak tests/test_daemon_soak.py
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Start
from tests.test_daemon import events, state, wait_for

pytestmark = [pytest.mark.soak, pytest.mark.timeout(3600)]

FILES = 2000
BURST = 200


def gpx_run(start: datetime, minutes: int = 20) -> str:
    """A small timed GPX track: a point every 10 s along a straight line (about 3 m/s)."""
    points = []
    for k in range(minutes * 6):
        at = (start + timedelta(seconds=10 * k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(f'<trkpt lat="{52.0 + k * 0.00027:.6f}" lon="13.0"><time>{at}</time></trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.1" creator="runlift-soak" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>running</type><trkseg>{''.join(points)}</trkseg></trk></gpx>"
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_two_thousand_files_in_bursts_import_once_with_flat_memory(
    daemon_home: Path, store_url: str, start: Start
) -> None:
    process = start()
    drop = daemon_home / "drop"
    wait_for(lambda: "heartbeat" in state(daemon_home))
    first = datetime(2020, 1, 1, 6, tzinfo=UTC)
    samples = []
    for burst in range(FILES // BURST):
        for k in range(BURST):
            n = burst * BURST + k
            (drop / f"run-{n:05d}.gpx").write_text(gpx_run(first + timedelta(days=n)))
        wait_for(lambda: not any(drop.iterdir()), timeout=600)
        samples.append(rss_mb(process.pid))
        time.sleep(1)
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    assert events(daemon_home, store_url, "FileImported") == FILES
    assert events(daemon_home, store_url, "RunCompleted") == FILES
    assert len(list((daemon_home / "done").iterdir())) == FILES
    # Memory stays flat: after the first bursts it grows by less than 30 MB over the rest.
    assert max(samples[2:]) - samples[2] < 30, samples

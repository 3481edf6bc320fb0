"""Daemon benchmark: drop-to-updated latency over real files, and the daemon's idle and peak memory.

Starts `runlift daemon` on a fresh home (SQLite), then drops real corpus activity files one at a time (each
written as NAME.part and renamed into place: complete at the rename), and times each from the rename until
the daemon has imported it and every read model has caught up with it (the views' tracking position reaches
the last stored event). Prints median and p95 with and without the settle time, the daemon's RSS when idle
(alone and with its decoding workers) and its peak RSS. Targets (issue 7): p95 under 2 s beyond the settle
time for a typical run file; idle RSS under 120 MB.

    .venv/bin/python bench/daemon_bench.py [--files 50] [--settle 0.5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(
    os.environ.get("RUNLIFT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus")
)
MAX_BYTES = 1_000_000  # "typical" files: leave out the few multi-megabyte recordings


def candidates(n: int) -> list[Path]:
    """Activity files from the corpus that import (runs first), up to n."""
    found = sorted((CORPUS / "fit" / "run").glob("*.fit")) + sorted(
        (CORPUS / "fit" / "other").glob("*.fit")
    )
    found += sorted((CORPUS / "tcx").glob("*.tcx")) + sorted((CORPUS / "gpx").glob("*.gpx"))
    return [p for p in found if p.stat().st_size <= MAX_BYTES][:n]


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        for child in map(int, text):
            out += [child, *children(child)]
    return out


def caught_up(store: Path) -> int | None:
    """The last stored History notification id if the views have tracked it, else None."""
    with (
        sqlite3.connect(store / "history.sqlite") as events,
        sqlite3.connect(store / "views.sqlite") as views,
    ):
        last = events.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
        tracked = views.execute(
            "SELECT position FROM view_tracking WHERE application = 'History'"
        ).fetchone()
    return last if tracked is not None and tracked[0] >= last else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--settle", type=float, default=0.5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="runlift-daemon-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    runlift = [sys.executable, "-m", "runlift", "--home", str(home)]
    subprocess.run([*runlift, "init"], check=True, env=env, capture_output=True)
    with (home / "runlift.toml").open("a") as config:
        config.write(f"\n[daemon]\nsettle_s = {args.settle}\nheartbeat_s = 0.5\n")
    daemon = subprocess.Popen([*runlift, "daemon"], env=env, stderr=subprocess.DEVNULL)
    try:
        state = home / "daemon.json"
        while not state.exists():
            time.sleep(0.1)
        time.sleep(3)
        idle = rss_kb(daemon.pid)
        idle_all = idle + sum(rss_kb(c) for c in children(daemon.pid))
        latencies = []
        files = candidates(args.files)
        for path in files:
            part = home / "drop" / (path.name + ".part")
            shutil.copy(path, part)
            part.rename(home / "drop" / path.name)
            dropped = time.perf_counter()
            while True:
                seen = json.loads(state.read_text()).get("last_import") or {}
                if seen.get("file") == path.name and caught_up(home / "store") is not None:
                    break
                time.sleep(0.01)
            latencies.append(time.perf_counter() - dropped)
        peak = rss_kb(daemon.pid, "VmHWM")
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        median = statistics.median(latencies)
        print(f"{len(files)} files dropped one at a time, settle {args.settle:g} s (SQLite)")
        print(
            f"  drop -> imported and every view updated: median {median:.2f} s, p95 {p95:.2f} s; "
            f"beyond the settle time: median {median - args.settle:.2f} s, p95 {p95 - args.settle:.2f} s"
        )
        print(
            f"  daemon RSS idle {idle / 1024:.0f} MB ({idle_all / 1024:.0f} MB with its decoding workers), "
            f"peak {peak / 1024:.0f} MB"
        )
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(60)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

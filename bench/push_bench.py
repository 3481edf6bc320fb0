"""Push benchmark: a 40 KB run POSTed to a running daemon's `/api/files` until every view has caught up with it.

Starts `runlift daemon` (dashboard on a free port, with a token) on a fresh home, writes distinct synthetic
runs (the demo athlete's, cut to about 40 KB of per-second records), and:

1. pushes them one at a time and times each from the request until the answer (the route answers once the
   file is stored and every read model has caught up; on SQLite the bench checks that against the store
   after each answer);
2. pushes for `--seconds` from two clients at once while a third thread drops files into the daemon's
   folder, and counts the pushes answered per second and the dropped files taken meanwhile.

Prints median and p95 latency, sustained pushes per second, and the daemon's peak RSS. Target (issue 19):
p95 under 0.5 s on a 2-core machine.

    .venv/bin/python bench/push_bench.py [--pushes 40] [--seconds 20] [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stores import DEFAULT_PG, on_each_store
from runlift.demo.fitfiles import run_fit
from runlift.demo.runs import Track, run_track

TOKEN = "push-bench-token-0123456789"
TARGET_BYTES = 40_000
START = date(2025, 1, 6)


def short_run(day: date) -> bytes:
    """The demo athlete's run of `day`, cut to its first minutes so that it encodes to about 40 KB."""
    track = run_track(1, START, day)
    whole = run_fit(track)
    keep = max(60, int(track.elapsed_s * TARGET_BYTES / len(whole)))
    cut: Track = replace(
        track,
        **{
            name: getattr(track, name)[: keep + 1]
            for name in ("speed", "distance", "heart_rate", "cadence", "altitude", "lat", "lon")
        },
    )
    return run_fit(cut)


def runs(n: int) -> list[bytes]:
    """n distinct runs (one per run day from START on)."""
    out: list[bytes] = []
    day = START
    while len(out) < n:
        with contextlib.suppress(KeyError):  # not a run day
            out.append(short_run(day))
        day += timedelta(days=1)
    return out


def push(url: str, body: bytes, name: str) -> tuple[int, dict[str, object], float]:
    request = urllib.request.Request(f"{url}api/files?name={name}", data=body, method="POST")
    request.add_header("Authorization", f"Bearer {TOKEN}")
    request.add_header("Content-Type", "application/octet-stream")
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
        return response.status, answer, time.perf_counter() - began


def caught_up(store: Path) -> bool:
    """Whether the views have tracked the last stored History event (SQLite stores)."""
    with (
        sqlite3.connect(store / "history.sqlite") as events,
        sqlite3.connect(store / "views.sqlite") as views,
    ):
        last = events.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
        tracked = views.execute(
            "SELECT position FROM view_tracking WHERE application = 'History'"
        ).fetchone()
    return tracked is not None and tracked[0] >= last


def rss_peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run(url: str, home: Path, pushes: int, seconds: float) -> None:
    """The benchmark on one store: `url` (SQLite or a PostgreSQL schema), the home in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    env["RUNLIFT_DATABASE_URL"] = url
    sqlite = url.startswith("sqlite")
    runlift = [sys.executable, "-m", "runlift", "--home", str(home)]
    subprocess.run([*runlift, "init"], check=True, env=env, capture_output=True)
    with (home / "runlift.toml").open("a") as config:
        config.write(f'\n[web]\nport = 0\ntoken = "{TOKEN}"\n\n[daemon]\nsettle_s = 0.3\n')
    bodies = runs(pushes + 200)
    sizes = sorted(len(b) for b in bodies[:pushes])
    daemon = subprocess.Popen([*runlift, "daemon"], env=env, stderr=subprocess.DEVNULL)
    try:
        state = home / "daemon.json"
        while not (state.exists() and "web" in json.loads(state.read_text() or "{}")):
            if daemon.poll() is not None:
                raise SystemExit(f"the daemon stopped (exit status {daemon.returncode})")
            time.sleep(0.1)
        address = json.loads(state.read_text())["web"]
        push(address, bodies[-1], "warm-up.fit")  # the decoding workers start with the first file
        latencies = []
        for i, body in enumerate(bodies[:pushes]):
            status, answer, took = push(address, body, f"run-{i}.fit")
            if status != 201 or answer["outcome"] != "imported":
                raise SystemExit(f"run-{i}.fit was not imported: {status} {answer}")
            latencies.append(took)
            if sqlite and not caught_up(Path(url.removeprefix("sqlite://"))):
                raise SystemExit(f"run-{i}.fit was answered before the views caught up")
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        print(
            f"  {pushes} runs of {sizes[0] / 1000:.0f}-{sizes[-1] / 1000:.0f} KB pushed one at a time"
        )
        print(
            f"  POST -> stored and every view caught up: median {statistics.median(latencies):.3f} s, "
            f"p95 {p95:.3f} s (target p95 < 0.5 s)"
        )
        sustained(address, home, bodies[pushes:-1], seconds)
        print(f"  daemon peak RSS {rss_peak_kb(daemon.pid) / 1024:.0f} MB")
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(60)


def sustained(address: str, home: Path, bodies: list[bytes], seconds: float) -> None:
    """Two clients push for `seconds` while a third thread drops a file into the folder every 0.5 s."""
    rest = iter(bodies)
    lock = threading.Lock()
    done = {"pushed": 0, "dropped": 0}
    stop = time.perf_counter() + seconds

    def pusher(k: int) -> None:
        while time.perf_counter() < stop:
            with lock:
                body = next(rest, None)
            if body is None:
                return
            status, _, _ = push(address, body, f"sustained-{k}-{done['pushed']}.fit")
            with lock:
                done["pushed"] += status == 201

    def dropper() -> None:
        while time.perf_counter() < stop:
            with lock:
                body = next(rest, None)
            if body is None:
                return
            part = home / "drop" / f"dropped-{done['dropped']}.fit.part"
            part.write_bytes(body)
            part.rename(part.with_suffix(""))
            done["dropped"] += 1
            time.sleep(0.5)

    began = time.perf_counter()
    threads = [threading.Thread(target=pusher, args=(k,)) for k in range(2)]
    threads.append(threading.Thread(target=dropper))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    print(
        "  sustained, two clients pushing while files are dropped into the folder: "
        f"{done['pushed'] / elapsed:.1f} pushes/s over {elapsed:.0f} s "
        f"({done['pushed']} pushed, {done['dropped']} dropped)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pushes", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    on_each_store(
        lambda url, home: run(url, home, args.pushes, args.seconds),
        None if args.no_postgres else args.postgres,
    )


if __name__ == "__main__":
    main()

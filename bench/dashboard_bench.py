"""Dashboard benchmark: how fast each page's API calls answer, and each page draws, on a long history.

Builds a home from `bench/make_history.py`'s synthetic athlete (or takes `--home` of an existing one), starts
`runlift serve` on it, then for every page times the API requests the page makes (warm: the views caught up)
and, with Chromium present, the whole page in headless Chromium from navigation until every chart is drawn
(`body[data-ready]`). Prints the median and the slowest of `--runs` for each, and the server's RSS. A page
that a user opens should be there within a second.

    .venv/bin/python bench/dashboard_bench.py [--years 3] [--runs 5] [--home PATH] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def runlift(home: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runlift", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=120) as response:
        return json.load(response)


def timed(url: str, runs: int) -> tuple[float, float]:
    """Median and slowest wall time of `runs` GETs, in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def requests_of(base: str) -> dict[str, list[str]]:
    """The API calls each page makes, with the windows the pages choose (docs/dashboard.md)."""
    days = get_json(f"{base}/api/days")
    assert isinstance(days, dict)
    last = days["training"]["last"]
    year = int(last[:4])
    start = f"{year - 1}{last[4:]}"  # the pages' default is 180 days; a year is the heavier case
    exercises = get_json(f"{base}/api/exercises")
    assert isinstance(exercises, list)
    assert exercises
    lift = urllib.request.quote(exercises[0]["key"])
    return {
        "today": ["/api/days", f"/api/training?as_of={last}", "/api/plan"],
        "load (1 year)": [
            "/api/days",
            "/api/thresholds",
            f"/api/load?from={start}&to={last}&channel=combined",
            f"/api/load/weeks?from={start}&to={last}&channel=running",
        ],
        "strength": ["/api/exercises", f"/api/lifts/{lift}/progress"],
        "sleep (1 year)": [
            "/api/days",
            "/api/thresholds",
            f"/api/sleep?from={start}&to={last}",
            f"/api/wellness?from={start}&to={last}",
        ],
        "imports": ["/api/imports?limit=50", "/api/duplicates"],
        "plan": ["/api/days", "/api/plan"],
    }


PAGES = {
    "today": "/",
    "load (1 year)": "/load?days=365",
    "strength": "/strength",
    "sleep (1 year)": "/sleep?days=365",
    "imports": "/imports",
    "plan": "/plan",
}


def browser_times(base: str, runs: int) -> dict[str, tuple[float, float]]:
    """Navigation to drawn, per page, in headless Chromium (empty without Chromium or Playwright)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not Path(CHROMIUM).exists():
        return {}
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    out = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGES.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                page.goto(base + path)
                page.wait_for_selector("body[data-ready]", timeout=120_000)
                times.append((time.perf_counter() - start) * 1000)
                assert page.get_attribute("body", "data-ready") == "yes", name
            out[name] = (statistics.median(times), max(times))
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3, help="years of synthetic history to import")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--home", type=Path, help="serve this home; built there (and kept) if it does not exist"
    )
    parser.add_argument("--postgres", help="store URL of a PostgreSQL schema for a new home")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    scratch = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    try:
        home = options.home or scratch / "home"
        if not home.exists():
            history = scratch / "history"
            years = str(options.years)
            make = [sys.executable, str(HERE / "make_history.py"), str(history)]
            subprocess.run(
                [*make, "--years", years, "--seed", "1"], check=True, capture_output=True
            )
            if options.postgres:
                env["RUNLIFT_DATABASE_URL"] = options.postgres
            started = time.perf_counter()
            result = runlift(home, "import", str(history), env=env)
            assert result.returncode == 0, result.stderr[-2000:]
            print(f"imported {options.years} years in {time.perf_counter() - started:.1f} s")
            assert runlift(home, "plan", env=env).returncode == 0
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "runlift", "--home", str(home), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    get_json(f"{base}/api/days")  # also catches the views up
                    break
                except OSError:
                    time.sleep(0.1)
            pages = requests_of(base)
            print(f"\nAPI calls per page, warm ({options.runs} runs each; median / slowest, ms):")
            for name, paths in pages.items():
                total = 0.0
                for path in paths:
                    median, worst = timed(base + path, options.runs)
                    total += median
                    print(f"  {name:16} {path:60.60} {median:8.1f} / {worst:8.1f}")
                print(f"  {name:16} {'all of the page (one after another)':60} {total:8.1f}")
            drawn = browser_times(base, options.runs)
            if drawn:
                print(
                    "\nWhole page in headless Chromium, navigation to drawn (median / slowest, ms):"
                )
                for name, (median, worst) in drawn.items():
                    print(f"  {name:16} {median:8.1f} / {worst:8.1f}")
            else:
                print("\n(no Chromium or Playwright: page timings skipped)")
            print(f"\nserver RSS after all of it: {rss_mb(server.pid):.0f} MB")
        finally:
            server.terminate()
            server.wait(10)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

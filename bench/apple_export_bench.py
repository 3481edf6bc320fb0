"""Apple Health export benchmark: a large generated export.xml imported through the whole pipeline.

bench/history/apple_export.py writes the export (years of heart rate every few minutes, nightly sleep
stages from the watch and the phone's time in bed, a daily resting heart rate, HRV twice a day, weekly
weigh-ins, runs with routes and strength workouts) to about --mb megabytes. It is imported on a new SQLite
home with the default settings (the importer streams, so the file passes `[import] max_file_bytes` up to
`max_stream_bytes`, and its progress reports keep the default 120 s time limit from stopping it), and the
bench prints the file's size, the import's time, MB/s and records/s, the events stored, how often the
progress was reported, and the peak memory of the importing process and of its decoding worker (the plugin
runs there). Then a newer export of the same account, one week longer, is imported the same way: only the
new week is stored, the rest counted as already stored. Targets (issue 21): a 1 GB export.xml with peak
memory under 200 MB, at least 50 MB/s.

    .venv/bin/python bench/apple_export_bench.py [--mb 1000] [--years 4] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.history.apple_export import apple_export
from runlift.bootstrap import bootstrap
from runlift.importers.manager import PluginSource

FIRST = date(2021, 1, 4)
BYTES_PER_SAMPLE = 480  # one heart-rate record with its metadata line, as written


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def children_peak_mb() -> float:
    """The largest peak RSS (VmHWM) among this process's living children: the decoding workers, which the
    import keeps for the next file (Linux /proc)."""
    peak = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip() or 0) == os.getpid() and "VmHWM" in fields:
            peak = max(peak, int(fields["VmHWM"].split()[0]) / 1024)
    return max(peak, peak_mb(resource.RUSAGE_CHILDREN))


def run(scratch: Path, mb: int, years: int) -> None:
    days = round(years * 365.25)
    per_day = max(10, min(8000, round(mb * 1e6 / days / BYTES_PER_SAMPLE)))
    started = time.perf_counter()
    export = apple_export(
        scratch / "export", seed=21, first=FIRST, days=days, heart_rate_per_day=per_day
    )
    size = export.xml.stat().st_size
    print(
        f"export.xml: {size / 1e6:,.0f} MB, {export.records:,} records ({years} years, {per_day} heart-rate "
        f"samples a day), written in {time.perf_counter() - started:.0f} s"
    )
    home = scratch / "home"
    home.mkdir()
    (home / "runlift.toml").write_text("[athlete]\nid = 'bench'\ntime_zone = 'Europe/Berlin'\n")
    with bootstrap(
        home, database_url=f"sqlite://{scratch / 'store'}", plugins=PluginSource()
    ) as app:
        heard: list[int] = []
        started = time.perf_counter()
        (result,) = (
            app.importer()
            .import_paths([export.xml], on_progress=lambda _, done, __: heard.append(done))
            .results
        )
        seconds = time.perf_counter() - started
        assert result.status == "imported", result.reason
        events = sum(result.events.values())
        print(
            f"import: {seconds:.1f} s -> {size / 1e6 / seconds:.1f} MB/s, {export.records / seconds:,.0f} "
            f"records/s; {events:,} events stored ({', '.join(f'{k} {v:,}' for k, v in result.events.items())}); "
            f"progress reported {len(heard)} times"
        )
        print(
            f"peak RSS: importing process {peak_mb(resource.RUSAGE_SELF):.0f} MB, decoding worker "
            f"{children_peak_mb():.0f} MB (targets: 1 GB at >= 50 MB/s, < 200 MB)"
        )
        newer = apple_export(
            scratch / "newer", seed=21, first=FIRST, days=days + 7, heart_rate_per_day=per_day
        )
        started = time.perf_counter()
        (again,) = app.importer().import_paths([newer.xml]).results
        seconds = time.perf_counter() - started
        added = sum(again.events.values())
        print(
            f"a newer export, one week longer ({newer.xml.stat().st_size / 1e6:,.0f} MB): {again.status} in "
            f"{seconds:.1f} s, {added:,} events stored ({', '.join(f'{k} {v:,}' for k, v in again.events.items())}; "
            f"the week holds {sum(1 for d in newer.resting if d >= FIRST + timedelta(days=days)):,} days), "
            f"{sum(again.already_stored.values()):,} left out as already stored"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1000, help="about how large export.xml is")
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="write into this folder and keep it")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="runlift-apple-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        run(scratch, args.mb, args.years)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

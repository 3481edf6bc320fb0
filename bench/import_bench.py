"""Import benchmark: files into a fresh store, against fitdecode's full decode of the same FIT files.

Every measured run is a fresh process importing into a fresh home, as `runlift import` does: decoding in
worker processes, each file's events saved in one transaction, then the training views caught up (timed
apart). One warm-up run, then --runs measured ones; printed: median wall time of the import, MB/s,
files/s, events/s, CPU seconds and peak RSS (the importing process and, apart, its largest worker).

Beside it, in the same run, fitdecode alone fully decodes the same FIT files (every field of every
message, with its default settings: checksums checked, the default data processor) in one process, and
the ratio is printed. With --vs-garmindb PYTHON (an interpreter of an environment where the garmindb
package is installed), GarminDB's import of the same FIT files is timed too.

Targets (issue 8): >= 4x faster than fitdecode's full decode on the corpus; >= 20x faster than GarminDB;
a 10-year synthetic history (bench/make_history.py) in under 60 s; the 2.4 MB long file under 150 MB.

    .venv/bin/python bench/import_bench.py [PATH ...] [--runs 5] [--workers N] [--decoder auto]
        [--postgres URL] [--baseline-runs 1] [--no-baseline] [--vs-garmindb PYTHON]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = Path(os.environ.get("RUNLIFT_CORPUS", ROOT.parent / "shared" / "corpus"))
SUFFIXES = frozenset({".fit", ".gpx", ".tcx", ".csv", ".zip"})


def files_of(paths: list[Path]) -> list[Path]:
    """Every importable file under the paths (a file given by name is taken as it is)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            found.append(path)
    return found


def one_import(
    home: Path, files: list[Path], workers: int, decoder: str, url: str | None, zone: str
) -> None:
    """Child process: import the files into a fresh home and print what it measured as JSON."""
    from runlift.bootstrap import bootstrap
    from runlift.settings import Home, init_home

    init_home(Home(home), time_zone=zone)
    started = time.perf_counter()
    with bootstrap(home, database_url=url, workers=workers) as app:
        importer = app.importer()
        options = dict(importer.options.importer_options)
        options["fit"] = {**options.get("fit", {}), "decoder": decoder}
        importer.options = replace(importer.options, importer_options=options)
        began = time.perf_counter()
        report = importer.import_paths(files)
        imported = time.perf_counter()
        stored = sum(log.recorder.max_notification_id() or 0 for log in app.applications)
        import_rss = _rss_mb(resource.RUSAGE_SELF)
        app.projections().catch_up()
        caught_up = time.perf_counter()
    results = report.results
    print(
        json.dumps(
            {
                "import_s": imported - began,
                "views_s": caught_up - imported,
                "process_s": caught_up - started,
                "files": len(results),
                "imported": report.count("imported"),
                "rejected": report.count("rejected"),
                "facts": sum(sum(r.events.values()) for r in results),
                "events": stored,
                "cpu_s": _cpu_seconds(),
                "import_rss_mb": import_rss,
                "rss_mb": _rss_mb(resource.RUSAGE_SELF),
                "worker_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
            }
        )
    )


def one_fitdecode(files: list[Path]) -> None:
    """Child process: fitdecode fully decodes every FIT file; prints seconds and counts as JSON."""
    import fitdecode

    messages = fields = failed = 0
    started = time.perf_counter()
    for path in files:
        try:
            with fitdecode.FitReader(path) as reader:
                for frame in reader:
                    if isinstance(frame, fitdecode.FitDataMessage):
                        messages += 1
                        for field in frame.fields:
                            _ = field.value
                            fields += 1
        except Exception:  # a damaged file: fitdecode decoded what it could
            failed += 1
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "messages": messages,
                "fields": fields,
                "failed": failed,
                "rss_mb": _rss_mb(resource.RUSAGE_SELF),
            }
        )
    )


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def child(*arguments: str) -> dict[str, Any]:
    """Run this script in a fresh process and return the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def fresh_database(url: str) -> str:
    """A new empty schema in the PostgreSQL database at `url`; returns the store URL for it."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{url}?schema={schema}"


def drop_database(url: str) -> None:
    import psycopg

    base, _, query = url.partition("?schema=")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {query} CASCADE")


def measure_imports(
    files: list[Path], runs: int, workers: int, decoder: str, postgres: str | None, zone: str
) -> list[dict[str, Any]]:
    """One warm-up and `runs` measured imports, each a fresh process into a fresh store."""
    measured = []
    for run in range(runs + 1):
        scratch = Path(tempfile.mkdtemp(prefix="runlift-import-bench-"))
        url = fresh_database(postgres) if postgres else None
        try:
            arguments = ["--one", str(scratch / "home"), "--workers", str(workers)]
            arguments += ["--decoder", decoder, "--time-zone", zone]
            arguments += ["--url", url] if url else []
            result = child(*arguments, *map(str, files))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            if url:
                drop_database(url)
        if run:
            measured.append(result)
    return measured


def garmindb_import(python: str, fit_files: list[Path]) -> dict[str, Any] | None:
    """What GarminDB's import of the FIT files measured (seconds, imported, failed, rss_mb), or None if
    it could not run."""
    runner = ROOT / "bench" / "garmindb_import.py"
    with tempfile.TemporaryDirectory(prefix="runlift-garmindb-") as scratch:
        try:
            done = subprocess.run(
                [python, str(runner), scratch, *map(str, fit_files)],
                check=True,
                capture_output=True,
                text=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"  GarminDB could not run: {exc}", file=sys.stderr)
            return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(
    files: list[Path], measured: list[dict[str, Any]], baseline: list[dict[str, Any]]
) -> float:
    """Print the figures; returns the median import seconds."""
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    fit = [f for f in files if f.suffix.lower() == ".fit"]
    fit_mb = sum(f.stat().st_size for f in fit) / 1e6
    seconds = statistics.median(r["import_s"] for r in measured)
    each = ", ".join(f"{r['import_s']:.2f}" for r in measured)
    last = measured[-1]
    print(
        f"input: {len(files)} files, {size_mb:.1f} MB ({len(fit)} FIT files, {fit_mb:.1f} MB); "
        f"{last['imported']} imported, {last['rejected']} rejected; {last['events']} events stored "
        f"({last['facts']} facts from the files, the rest file records, day indexes and links)"
    )
    print(
        f"runlift import: {seconds:.2f} s median of {len(measured)} "
        f"({each})  "
        f"{size_mb / seconds:.1f} MB/s  {len(files) / seconds:.1f} files/s  "
        f"{last['events'] / seconds:,.0f} events/s"
    )
    print(
        f"  then views caught up in {statistics.median(r['views_s'] for r in measured):.2f} s; "
        f"whole process {statistics.median(r['process_s'] for r in measured):.2f} s, "
        f"CPU {statistics.median(r['cpu_s'] for r in measured):.1f} s"
    )
    print(
        f"  peak RSS: importing process {max(r['import_rss_mb'] for r in measured):.0f} MB "
        f"({max(r['rss_mb'] for r in measured):.0f} MB with the views' catch-up), "
        f"largest worker {max(r['worker_rss_mb'] for r in measured):.0f} MB"
    )
    if baseline:
        full = statistics.median(b["seconds"] for b in baseline)
        print(
            f"fitdecode full decode of the {len(fit)} FIT files: {full:.2f} s "
            f"({fit_mb / full:.2f} MB/s, {baseline[-1]['messages']:,} messages, "
            f"{baseline[-1]['fields']:,} fields; peak RSS {baseline[-1]['rss_mb']:.0f} MB)"
        )
        print(f"ratio: runlift import is {full / seconds:.1f}x faster than fitdecode's full decode")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--decoder", default="auto", choices=("auto", "selective", "full"))
    parser.add_argument("--postgres", metavar="URL", help="import into a fresh PostgreSQL schema")
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--vs-garmindb", metavar="PYTHON")
    parser.add_argument(
        "--time-zone", default="UTC", help="the athlete's (make_history: Europe/Berlin)"
    )
    parser.add_argument("--one", metavar="HOME", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--fitdecode", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_import(Path(args.one), args.paths, args.workers, args.decoder, args.url, args.time_zone)
        return
    if args.fitdecode:
        one_fitdecode(args.paths)
        return
    files = files_of(args.paths or [CORPUS])
    fit = [str(f) for f in files if f.suffix.lower() == ".fit"]
    print(
        f"import bench: {args.runs} runs after a warm-up, {args.workers} workers, "
        f"decoder {args.decoder}, store {'PostgreSQL' if args.postgres else 'SQLite'}"
    )
    measured = measure_imports(
        files, args.runs, args.workers, args.decoder, args.postgres, args.time_zone
    )
    baseline = []
    if fit and not args.no_baseline:
        baseline = [child("--fitdecode", *fit) for _ in range(args.baseline_runs)]
    seconds = report(files, measured, baseline)
    if args.vs_garmindb and fit:
        fit_paths = [Path(f) for f in fit]
        if len(fit_paths) != len(files):  # compare like with like: the FIT files alone
            only_fit = measure_imports(
                fit_paths, args.runs, args.workers, args.decoder, args.postgres, args.time_zone
            )
            seconds = statistics.median(r["import_s"] for r in only_fit)
            print(f"runlift import of the {len(fit)} FIT files alone: {seconds:.2f} s median")
        garmindb = garmindb_import(args.vs_garmindb, fit_paths)
        if garmindb is not None:
            print(
                f"GarminDB import of the same FIT files: {garmindb['seconds']:.1f} s "
                f"({garmindb.get('imported')} imported, {garmindb.get('failed')} failed, "
                f"{garmindb.get('skipped')} skipped; peak RSS {garmindb.get('rss_mb', 0):.0f} MB); "
                f"ratio: runlift is {garmindb['seconds'] / seconds:.1f}x faster"
            )


if __name__ == "__main__":
    main()

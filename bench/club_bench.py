"""A club in one PostgreSQL schema: each athlete's import, rebuild, status and nightly re-plan as it grows.

For each N of --athletes (default 1,10,50) a fresh schema holds N athletes, each a runlift home of its own
(runlift.toml: [athlete] id "club-01".., Berlin's time zone, [store] url naming the schema), each importing
--weeks of one of --seeds histories written by make_history.py's generator (runlift.demo.export: FIT runs,
lifts, sleep, HRV, monitoring and weigh-ins, and a Hevy CSV). The histories are written once per seed and
kept under --work (default a temporary folder), so a re-run with the same --work skips the writing; with
fewer seeds than athletes the athletes reuse the folders in turn (their ids make them different athletes).
Printed for each N:

- import: every athlete's `runlift import` (files stored, then the views caught up), median and max;
- rebuild (`runlift rebuild`: Projections.rebuild()) and status (queries.status.report, what `runlift status`
  computes, warm in this process; and the whole `runlift --home H status --json` process) of club-01 and
  --sample others, each the median of --repeat after a warm-up; whether their figures stayed the same
  through the rebuilds;
- the nightly re-plan (daemon/jobs.py nightly_replan, the day after the data ends) of every athlete in turn:
  total, median and max per athlete;
- the PostgreSQL connections this process holds with one athlete's runlift open and with all N open at once
  (pg_stat_activity rows whose client port is one of this process's sockets), beside the database's total
  (every client's) and max_connections.

Then club-01's rebuild and status at the largest N against the smallest (N=1): target (issue 23) within 20 %.
Keep N in line with the server's max_connections: all N athletes' runlifts are open at once for the count.

    .venv/bin/python bench/club_bench.py [--athletes 1,10,50] [--weeks 52] [--seeds K] [--repeat 3]
        [--sample 2] [--work DIR] [--jobs N] [--workers N] [--postgres URL] [--keep]
    .venv/bin/python bench/club_bench.py --athletes 1,2 --weeks 4 --repeat 1      # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sockets import ports_of, tcp_table
from bench.stores import DEFAULT_PG
from runlift.bootstrap import Runlift, bootstrap
from runlift.daemon.jobs import nightly_replan
from runlift.demo.athlete import DEFAULT_START, TIME_ZONE
from runlift.demo.export import make_history, report
from runlift.demo.runs import MAX_HR
from runlift.queries import status

TARGET = 0.20  # issue 23: club-01's rebuild and status at 50 athletes within 20 % of alone


@dataclass
class Result:
    """One N's figures (seconds), club-01's first."""

    n: int
    rebuild: dict[str, float] = field(default_factory=dict)
    status: dict[str, float] = field(default_factory=dict)
    status_cli: dict[str, float] = field(default_factory=dict)
    fingerprint: str = ""


def histories(work: Path, seeds: int, weeks: int, jobs: int | None) -> list[Path]:
    """One folder of exports per seed (1..seeds), written unless a finished one is cached under `work`."""
    folders = []
    for seed in range(1, seeds + 1):
        folder = work / f"history-seed{seed}-weeks{weeks}"
        done = folder.with_suffix(".done")  # written last: a folder without it was cut short
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            summary = make_history(
                folder, seed=seed, start=DEFAULT_START, days=weeks * 7, jobs=jobs
            )
            done.write_text(report(summary) + "\n", encoding="utf-8")
            print(f"  {report(summary)}")
        folders.append(folder)
    return folders


def make_home(root: Path, athlete: str, url: str) -> Path:
    home = root / athlete
    home.mkdir(parents=True)
    (home / "runlift.toml").write_text(
        f'[athlete]\nid = "{athlete}"\ntime_zone = "{TIME_ZONE}"\nmax_hr_bpm = {MAX_HR}\n\n'
        f'[store]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    return home


def own_ports(server_port: int) -> list[int]:
    """The local ports of this process's TCP connections to `server_port` (Linux /proc)."""
    return sorted(ports_of([os.getpid()], server_port, tcp_table(os.getpid())))


def connections(admin: psycopg.Connection[Any]) -> tuple[int, int]:
    """(this process's connections to the database, every client's), the admin connection left out."""
    port = admin.info.port
    query = (
        "SELECT count(*) FILTER (WHERE client_port = ANY(%s)), count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    row = admin.execute(query, (own_ports(port),)).fetchone()
    assert row is not None
    return row[0], row[1]


def fingerprint(figures: dict[str, Any]) -> str:
    """What an athlete's status says about their data (not where the home is, nor today's date)."""
    training = {k: v for k, v in figures["training"].items() if k != "data"}
    kept = {"events": figures["events"], "training": training, "files": figures["files"]}
    return json.dumps(kept, sort_keys=True, default=str)


def status_cli(home: Path) -> float:
    """Seconds of a whole `runlift --home HOME status --json` process."""
    runlift = Path(sys.executable).with_name("runlift")
    began = time.perf_counter()
    subprocess.run(
        [str(runlift), "--home", str(home), "status", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - began


def median_of(repeat: int, step: Callable[[], object]) -> float:
    """The median seconds of `repeat` calls of `step`."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def run_club(
    n: int,
    url: str,
    root: Path,
    folders: list[Path],
    args: argparse.Namespace,
    admin: psycopg.Connection[Any],
) -> Result:
    """N athletes in the schema of `url`: their imports, club-01's and the sample's rebuild and status,
    everyone's nightly re-plan, and the connections held."""
    result = Result(n)
    athletes = [f"club-{k:02d}" for k in range(1, n + 1)]
    homes = {athlete: make_home(root, athlete, url) for athlete in athletes}
    # Fewer histories than athletes: they take the folders in turn.
    sources = {athlete: folders[k % len(folders)] for k, athlete in enumerate(athletes)}

    totals, stored, caught = [], [], []
    statuses: Counter[str] = Counter()
    for athlete in athletes:
        with bootstrap(homes[athlete], workers=args.workers) as app:
            began = time.perf_counter()
            imported = app.importer().import_paths([sources[athlete]])
            middle = time.perf_counter()
            app.projections().catch_up()
            ended = time.perf_counter()
        statuses.update(r.status for r in imported.results)
        for rejected in (r for r in imported.results if r.status == "rejected"):
            print(f"  {athlete}: rejected {rejected.file}: {rejected.reason}")
        totals.append(ended - began)
        stored.append(middle - began)
        caught.append(ended - middle)
    files = ", ".join(f"{count} {what}" for what, count in sorted(statuses.items()))
    print(
        f"  import of {n} athletes, each {args.weeks} weeks: median {statistics.median(totals):.2f} s, "
        f"max {max(totals):.2f} s (files stored: median {statistics.median(stored):.2f} s; "
        f"views caught up: median {statistics.median(caught):.2f} s); files: {files}"
    )

    # club-01 and --sample others spread over the club (for 49 others and 2: club-25 and club-50).
    others, count = athletes[1:], min(args.sample, n - 1)
    sample = [athletes[0]] + [others[(k + 1) * len(others) // count - 1] for k in range(count)]
    before: dict[str, str] = {}
    print(f"  {'athlete':<9} {'rebuild':>9} {'status':>9} {'status CLI':>11} {'events':>8}")
    for athlete in sample:
        with bootstrap(homes[athlete], workers=args.workers) as app:
            projections = app.projections()
            projections.catch_up()
            figures = status.report(app)  # warm-ups: a first call loads modules the next reuse
            before[athlete] = fingerprint(figures)
            projections.rebuild()
            rebuild = median_of(args.repeat, projections.rebuild)
            took = median_of(args.repeat, partial(status.report, app))
        cli = median_of(args.repeat, partial(status_cli, homes[athlete]))
        result.rebuild[athlete] = rebuild
        result.status[athlete] = took
        result.status_cli[athlete] = cli
        events = figures["events"]["total"]
        print(f"  {athlete:<9} {rebuild:>7.2f} s {took:>7.2f} s {cli:>9.2f} s {events:>8,}")
    changed = []
    for athlete in sample:
        with bootstrap(homes[athlete], workers=args.workers) as app:
            figures = status.report(app)
        if fingerprint(figures) != before[athlete]:
            changed.append(athlete)
    result.fingerprint = before[sample[0]]
    same = f"CHANGED for {', '.join(changed)}" if changed else "the same for every athlete above"
    print(f"  status figures after the rebuilds: {same}")

    end = DEFAULT_START + timedelta(days=args.weeks * 7)  # the night after the data ends
    nights = []
    for athlete in athletes:
        began = time.perf_counter()
        nightly_replan(str(homes[athlete]), end.isoformat())
        nights.append(time.perf_counter() - began)
    print(
        f"  nightly re-plan of all {n} in turn ({end}): total {sum(nights):.2f} s; per athlete "
        f"median {statistics.median(nights):.2f} s, max {max(nights):.2f} s (the first: {nights[0]:.2f} s)"
    )

    held_connections([homes[a] for a in athletes], args, admin)
    return result


def settled(admin: psycopg.Connection[Any]) -> tuple[int, int]:
    """`connections` once two readings 0.2 s apart agree (the event logs' pools connect in the
    background), at most 3 s."""
    last = connections(admin)
    for _ in range(15):
        time.sleep(0.2)
        now = connections(admin)
        if now == last:
            break
        last = now
    return last


def held_connections(
    homes: list[Path], args: argparse.Namespace, admin: psycopg.Connection[Any]
) -> None:
    """Open every athlete's runlift at once (each having caught up and computed its status, so every pool
    it uses has connected) and print the connections this process holds, leaving --spare of the server's
    max_connections free for its other clients (opening no more once the next would not)."""
    (limit_text,) = admin.execute("SHOW max_connections").fetchone() or ("100",)
    limit = int(limit_text)
    baseline = settled(admin)[0]
    opened: list[Runlift] = []
    wired = one = held = every = 0
    stopped = ""
    try:
        for home in homes:
            every = connections(admin)[1]
            if every + (one or 20) + args.spare > limit:
                stopped = f"; stopped there to leave {args.spare} of the server's connections free"
                break
            app = bootstrap(home, workers=args.workers)
            opened.append(app)
            if len(opened) == 1:
                wired = settled(admin)[0] - baseline
            app.projections().catch_up()
            status.report(app)
            if len(opened) == 1:
                one = settled(admin)[0] - baseline
    except Exception as exc:  # the server's max_connections reached, say: report how far it got
        stopped = f"; opening the next failed: {type(exc).__name__}: {exc}"
    finally:
        held, every = settled(admin)
        held -= baseline
        for app in opened:
            app.close()
    print(
        f"  PostgreSQL connections held by this process: one athlete's runlift {one} ({wired} once "
        f"wired, the rest after catch-up and status); {len(opened)} of {len(homes)} open at once: "
        f"{held} ({held / max(len(opened), 1):.1f} each){stopped}; the database's total then {every} "
        f"(every client) of max_connections {limit}"
    )


def compare(what: str, base: Result, last: Result, figures: str) -> None:
    alone, at = getattr(base, figures)["club-01"], getattr(last, figures)["club-01"]
    change = at / alone - 1 if alone else 0.0
    verdict = "within" if change <= TARGET else "OVER"
    print(
        f"{what} at N={last.n}: {at:.2f} s vs {alone:.2f} s at N={base.n} ({change:+.0%}; "
        f"{verdict} the {TARGET:.0%} target)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", default="1,10,50", help="club sizes, comma-separated")
    parser.add_argument("--weeks", type=int, default=52, help="weeks of files per athlete")
    parser.add_argument("--seeds", type=int, help="distinct histories (default: one per athlete)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2, help="athletes timed beside club-01")
    parser.add_argument(
        "--work", type=Path, help="folder caching the histories (default: temporary)"
    )
    parser.add_argument("--jobs", type=int, help="processes writing the histories (default: CPUs)")
    parser.add_argument(
        "--workers", type=int, help="decoding workers per import (default: runlift's)"
    )
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--keep", action="store_true", help="keep the schemas and homes")
    parser.add_argument(
        "--spare", type=int, default=20, help="server connections left free when opening them all"
    )
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.athletes.split(",")})
    seeds = min(args.seeds or max(sizes), max(sizes))

    work = args.work or Path(tempfile.mkdtemp(prefix="runlift-club-"))
    work.mkdir(parents=True, exist_ok=True)
    schemas: list[str] = []
    results: list[Result] = []
    try:
        print(f"histories: {seeds} of {args.weeks} weeks under {work}")
        folders = histories(work, seeds, args.weeks, args.jobs)
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            try:
                for n in sizes:
                    schema = f"bench_club_{uuid.uuid4().hex[:8]}_n{n}"
                    admin.execute(f'CREATE SCHEMA "{schema}"')
                    schemas.append(schema)
                    print(f"N={n} (schema {schema})")
                    homes = work / f"homes-{schema}"
                    url = f"{args.postgres}?schema={schema}"
                    results.append(run_club(n, url, homes, folders, args, admin))
            finally:
                if not args.keep:
                    for schema in schemas:
                        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
                        shutil.rmtree(work / f"homes-{schema}", ignore_errors=True)
                elif schemas:
                    print(f"kept the schemas {', '.join(schemas)} and the homes under {work}")
    finally:
        if args.work is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if len(results) > 1:
        base, last = results[0], results[-1]
        print(
            f"\ntarget (issue 23): club-01's rebuild and status at N={last.n} within {TARGET:.0%} "
            f"of N={base.n}'s"
        )
        compare("rebuild", base, last, "rebuild")
        compare("status", base, last, "status")
        compare("status CLI", base, last, "status_cli")
        same = "the same" if base.fingerprint == last.fingerprint else "DIFFERENT"
        print(f"club-01's status figures at N={last.n} and N={base.n}: {same}")


if __name__ == "__main__":
    main()

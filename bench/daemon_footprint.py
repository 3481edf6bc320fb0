"""One `runlift daemon` per athlete in a shared PostgreSQL schema: each daemon's memory and connections.

A club runs one daemon per athlete, all of them on one schema (docs/architecture.md, issue 23). This prices
that: a fresh schema holds --athletes athletes (club-01.., each a runlift home of its own: runlift.toml with
[athlete] id, Berlin's time zone, [store] url naming the schema, and the daemon settling
files after 0.3 s, beating every 0.5 s and serving no dashboard). Every home imports --weeks of one history
(seed 1, written by runlift.demo.export.make_history and cached under --work, as club_bench.py does) with
`runlift --home H import`, then each gets its `runlift --home H daemon` (its own process, as a user starts
it). Once every daemon has beaten and ~5 s have passed, each is measured idle; then the next --drop-weeks of
the same history (the days after the first part) land in every home's drop folder at once (copied beside it,
then renamed into it) and each daemon is sampled every 0.5 s until it has taken them all. Printed, per
daemon:

- idle RSS of the daemon process and of its children (the decoding workers, when up) and the PostgreSQL
  connections they hold (pg_stat_activity rows whose client port is one of their sockets);
- while taking the drop: the peak of the daemon's and its children's RSS together (sampled), the most
  children seen, the daemon's own high-water mark (VmHWM, since it started), the peak connections, and the
  seconds from the drop until its state file shows every file taken (imported and the views caught up);

then the totals for the N daemons beside the server's max_connections, and how many such daemons a server of
the default max_connections (100) fits, leaving 10 connections spare, by the largest peak. Every daemon gets
SIGTERM at the end; the schema is dropped and the homes removed unless --keep. With --settle S, the daemons
are left idle S seconds after the drop and measured again (the event logs' pools close a connection idle
for 600 s: --settle 660 shows what a club's idle daemons hold through the day).

    .venv/bin/python bench/daemon_footprint.py [--athletes 3] [--weeks 8] [--drop-weeks 1] [--work DIR]
        [--postgres URL] [--timeout 300] [--settle SECONDS] [--keep]
    .venv/bin/python bench/daemon_footprint.py --athletes 3 --weeks 4 --drop-weeks 1      # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sockets import ports_of, tcp_table
from bench.stores import DEFAULT_PG
from runlift.demo.athlete import DEFAULT_START, TIME_ZONE
from runlift.demo.export import make_history, report
from runlift.demo.runs import MAX_HR
from runlift.settings import Home
from runlift.storage.daemon_state import read_state

SEED = 1
HEARTBEAT_S = 0.5
SETTLE_S = 0.3
IDLE_S = 5.0  # after every daemon's first heartbeat, before the idle figures
SAMPLE_S = 0.5  # resources sampled this often while the drop is taken
DEFAULT_MAX_CONNECTIONS = 100
SPARE = 10  # connections a server keeps for everything else
MB = 1024  # kB in a MB (/proc reports kB)


@dataclass
class Sample:
    """One reading of a daemon: RSS (kB) of the daemon process and of its children, and connections."""

    daemon_kb: int = 0
    children_kb: int = 0
    children: int = 0
    connections: int = 0

    @property
    def total_kb(self) -> int:
        return self.daemon_kb + self.children_kb


@dataclass
class Daemon:
    """An athlete's home and its `runlift daemon` process, with what was measured of it."""

    athlete: str
    home: Path
    process: subprocess.Popen[bytes]
    log: Path
    idle: Sample = field(default_factory=Sample)
    peak_kb: int = 0
    peak_connections: int = 0
    peak_children: int = 0
    high_water_kb: int = 0
    dropped_at: float = 0.0  # time.monotonic() of the drop
    expected: int = 0  # files dropped
    took: float | None = None  # seconds from the drop to every file taken
    problem: str = ""

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def state(self) -> dict[str, Any]:
        return read_state(self.home, HEARTBEAT_S) or {}


def histories(work: Path, weeks: int, drop_weeks: int, jobs: int | None) -> tuple[Path, Path]:
    """The first --weeks of seed 1's history and the --drop-weeks after them (the same athlete's history
    going on), each written unless a finished one is cached under `work`."""
    first = DEFAULT_START + timedelta(days=weeks * 7)
    parts = (
        (work / f"history-seed{SEED}-weeks{weeks}", weeks * 7, None),
        (
            work / f"history-seed{SEED}-weeks{weeks}-plus{drop_weeks}",
            (weeks + drop_weeks) * 7,
            first,
        ),
    )
    for folder, days, since in parts:
        done = folder.with_suffix(".done")  # written last: a folder without it was cut short
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            summary = make_history(
                folder, seed=SEED, start=DEFAULT_START, days=days, first=since, jobs=jobs
            )
            done.write_text(report(summary) + "\n", encoding="utf-8")
            print(f"  {report(summary)}")
    return parts[0][0], parts[1][0]


def make_home(root: Path, athlete: str, url: str) -> Path:
    """A home of `athlete` on the schema of `url`, its daemon quick to settle and beat, without a dashboard."""
    home = root / athlete
    home.mkdir(parents=True)
    (home / "runlift.toml").write_text(
        f'[athlete]\nid = "{athlete}"\ntime_zone = "{TIME_ZONE}"\nmax_hr_bpm = {MAX_HR}\n\n'
        f'[store]\nurl = "{url}"\n\n'
        f"[web]\nwith_daemon = false\n\n"
        f"[daemon]\nsettle_s = {SETTLE_S}\nheartbeat_s = {HEARTBEAT_S}\n",
        encoding="utf-8",
    )
    return home


def runlift(home: Path, *args: str) -> list[str]:
    """`runlift --home HOME ARGS...` as an argument list."""
    return [sys.executable, "-m", "runlift", "--home", str(home), *args]


def cli_env() -> dict[str, str]:
    """This process's environment without runlift's variables (each home's runlift.toml decides)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def rss_kb(pid: int, name: str = "VmRSS") -> int:
    """A process's resident memory in kB (0 once it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def parents() -> dict[int, list[int]]:
    """Every process's children, by parent pid (one scan of /proc)."""
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(
            stat.rsplit(")", 1)[1].split()[1]
        )  # after the command name, which may hold spaces
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int, tree: dict[int, list[int]]) -> list[int]:
    found = []
    for child in tree.get(pid, []):
        found += [child, *descendants(child, tree)]
    return found


def client_ports(admin: psycopg.Connection[Any]) -> list[int]:
    """The client port of every other connection to the database (pg_stat_activity)."""
    query = (
        "SELECT client_port FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND client_port IS NOT NULL"
    )
    return [row[0] for row in admin.execute(query).fetchall()]


def sample(daemons: list[Daemon], admin: psycopg.Connection[Any]) -> tuple[dict[str, Sample], int]:
    """Every running daemon's RSS, its children's and the connections they hold, read at once; and the
    database's connections (every client's but this one)."""
    tree = parents()
    clients = client_ports(admin)
    table = tcp_table(os.getpid())  # one network namespace: this process sees the daemons' sockets
    port = admin.info.port
    out = {}
    for daemon in daemons:
        if not daemon.running:
            continue
        pid = daemon.process.pid
        children = descendants(pid, tree)
        ports = ports_of([pid, *children], port, table)
        out[daemon.athlete] = Sample(
            daemon_kb=rss_kb(pid),
            children_kb=sum(rss_kb(child) for child in children),
            children=len(children),
            connections=sum(1 for client in clients if client in ports),
        )
    return out, len(clients)


def tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(f"    | {line}" for line in text[-lines:])


def start(daemons: list[Daemon], timeout: float) -> None:
    """Wait until every daemon has written a heartbeat; one that exits first is reported and left out."""
    deadline = time.monotonic() + timeout
    waiting = list(daemons)
    while waiting and time.monotonic() < deadline:
        for daemon in list(waiting):
            if not daemon.running:
                daemon.problem = f"exited ({daemon.process.returncode}) before its first heartbeat"
                waiting.remove(daemon)
            elif "heartbeat" in daemon.state():
                waiting.remove(daemon)
        time.sleep(0.1)
    for daemon in waiting:
        daemon.problem = f"no heartbeat within {timeout:.0f} s"


def taken(daemon: Daemon) -> bool:
    """Whether the daemon's state file shows every dropped file taken (and, being written after the
    views' catch-up that follows the files, the views caught up) and nothing left waiting."""
    state = daemon.state()
    done = int(state.get("imported", 0)) + int(state.get("rejected", 0))
    return done >= daemon.expected and state.get("files_waiting", 1) == 0


def drop(
    daemons: list[Daemon], folder: Path, admin: psycopg.Connection[Any], timeout: float
) -> int:
    """Put `folder` into every home's drop folder at once and sample every SAMPLE_S until each daemon has
    taken all of it (its state file checked every 0.1 s), keeping each one's peaks. Returns the most
    connections the database had meanwhile (every client's)."""
    name = folder.name
    for (
        daemon
    ) in daemons:  # copied beside the drop folder first: the rename makes every file appear at once
        shutil.copytree(folder, daemon.home / f"incoming-{name}")
        daemon.expected = count_files(folder)
    for daemon in daemons:
        daemon.dropped_at = time.monotonic()
        (daemon.home / f"incoming-{name}").rename(Home(daemon.home).drop / name)
    deadline = time.monotonic() + timeout
    next_sample = 0.0
    every_peak = 0
    while time.monotonic() < deadline:
        now = time.monotonic()
        for daemon in daemons:
            if daemon.took is None and daemon.running and taken(daemon):
                daemon.took = now - daemon.dropped_at
        if now >= next_sample:
            next_sample = now + SAMPLE_S
            readings, every = sample(daemons, admin)
            every_peak = max(every_peak, every)
            for athlete, reading in readings.items():
                daemon = next(d for d in daemons if d.athlete == athlete)
                daemon.peak_kb = max(daemon.peak_kb, reading.total_kb)
                daemon.peak_connections = max(daemon.peak_connections, reading.connections)
                daemon.peak_children = max(daemon.peak_children, reading.children)
        if all(d.took is not None or not d.running for d in daemons):
            break
        time.sleep(0.1)
    for daemon in daemons:
        daemon.high_water_kb = rss_kb(daemon.process.pid, "VmHWM")
        if not daemon.running:
            daemon.problem = f"exited ({daemon.process.returncode}) while taking the drop"
        elif daemon.took is None:
            state = daemon.state()
            daemon.problem = (
                f"had not taken the drop within {timeout:.0f} s (imported {state.get('imported')}, "
                f"rejected {state.get('rejected')}, waiting {state.get('files_waiting')} of "
                f"{daemon.expected})"
            )
    return every_peak


def status_files(home: Path) -> dict[str, Any]:
    """`runlift --home HOME status --json`'s files (imported, rejected, waiting)."""
    done = subprocess.run(runlift(home, "status", "--json"), capture_output=True, env=cli_env())
    if done.returncode != 0:
        return {"error": done.stderr.decode(errors="replace").strip()[-200:]}
    files: dict[str, Any] = json.loads(done.stdout)["files"]
    return files


def stop(daemons: list[Daemon]) -> None:
    """SIGTERM every daemon and wait for it; a non-zero exit or a traceback in its log is a problem."""
    for daemon in daemons:
        if daemon.running:
            daemon.process.send_signal(signal.SIGTERM)
    for daemon in daemons:
        try:
            code = daemon.process.wait(30)
        except subprocess.TimeoutExpired:
            daemon.process.kill()
            code = daemon.process.wait()
            daemon.problem = daemon.problem or "did not stop within 30 s of SIGTERM (killed)"
        if code != 0 and not daemon.problem:
            daemon.problem = f"exited {code} after SIGTERM"
        if "Traceback" in daemon.log.read_text(errors="replace") and not daemon.problem:
            daemon.problem = "a traceback in its log"


def mb(kb: int) -> str:
    return f"{kb / MB:.0f}"


def print_table(daemons: list[Daemon], limit: int, every_peak: int) -> None:
    print(
        f"\n{'athlete':<9} {'idle RSS MB':>16} {'idle conns':>10} {'peak RSS MB':>12} "
        f"{'workers':>7} {'daemon HWM':>10} {'peak conns':>10} {'drop taken':>11}"
    )
    print(f"{'':<9} {'daemon / workers':>16}")
    for d in daemons:
        idle = f"{mb(d.idle.daemon_kb)} / {mb(d.idle.children_kb)} ({d.idle.children})"
        took = f"{d.took:.1f} s" if d.took is not None else "-"
        print(
            f"{d.athlete:<9} {idle:>16} {d.idle.connections:>10} {mb(d.peak_kb):>12} "
            f"{d.peak_children:>7} {mb(d.high_water_kb):>10} {d.peak_connections:>10} {took:>11}"
        )
    measured = [d for d in daemons if d.took is not None]
    n = len(daemons)
    idle_kb = sum(d.idle.total_kb for d in daemons)
    idle_conns = sum(d.idle.connections for d in daemons)
    peak_kb = sum(d.peak_kb for d in daemons)
    peak_conns = sum(d.peak_connections for d in daemons)
    print(
        f"{'total':<9} {mb(idle_kb) + ' in all':>16} {idle_conns:>10} {mb(peak_kb):>12} "
        f"{'':>7} {'':>10} {peak_conns:>10} "
        f"{(f'{max(d.took or 0 for d in measured):.1f} s' if measured else '-'):>11}"
    )
    print(
        f"\n{n} daemons: idle {mb(idle_kb)} MB and {idle_conns} connections in all "
        f"({idle_kb / MB / max(n, 1):.0f} MB, {idle_conns / max(n, 1):.1f} each); taking the drop at "
        f"once: peaks {mb(peak_kb)} MB and {peak_conns} connections summed over the daemons "
        f"(each one's own peak); the database's connections at most {every_peak} (every client)"
    )
    worst = max((d.peak_connections for d in daemons), default=0)
    if worst:
        here = (limit - SPARE) // worst
        default = (DEFAULT_MAX_CONNECTIONS - SPARE) // worst
        print(
            f"server max_connections {limit}: the {n} daemons' summed peak takes {peak_conns} "
            f"({peak_conns / limit:.0%}); at {worst} connections per daemon (the largest peak) it fits "
            f"{here} daemons leaving {SPARE} spare; a default server (max_connections "
            f"{DEFAULT_MAX_CONNECTIONS}) fits {default}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=3, help="daemons (one per athlete)")
    parser.add_argument("--weeks", type=int, default=8, help="weeks each athlete imports first")
    parser.add_argument(
        "--drop-weeks", type=int, default=1, help="weeks after those dropped into every drop folder"
    )
    parser.add_argument(
        "--work", type=Path, help="folder caching the histories (default: temporary)"
    )
    parser.add_argument("--jobs", type=int, help="processes writing the histories (default: CPUs)")
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds to wait for the daemons"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="seconds to leave the daemons idle after the drop, then measure again (0: not); the "
        "event logs' pools close connections idle for 600 s",
    )
    parser.add_argument("--keep", action="store_true", help="keep the schema and the homes")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="runlift-daemons-"))
    work.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="runlift-daemon-homes-"))
    schema = f"bench_daemons_{uuid.uuid4().hex[:8]}"
    daemons: list[Daemon] = []
    try:
        print(f"histories: seed {SEED}, {args.weeks} + {args.drop_weeks} weeks under {work}")
        first, later = histories(work, args.weeks, args.drop_weeks, args.jobs)
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
            try:
                url = f"{args.postgres}?schema={schema}"
                print(f"{args.athletes} athletes on schema {schema}, homes under {root}")
                athletes = [f"club-{k:02d}" for k in range(1, args.athletes + 1)]
                homes = {athlete: make_home(root, athlete, url) for athlete in athletes}
                for athlete, home in homes.items():
                    began = time.perf_counter()
                    done = subprocess.run(
                        runlift(home, "import", str(first)), capture_output=True, env=cli_env()
                    )
                    print(
                        f"  {athlete}: runlift import of {count_files(first)} files "
                        f"{time.perf_counter() - began:.1f} s (exit {done.returncode})"
                    )
                    if done.returncode not in (0, 1):  # 1: some file rejected
                        sys.exit(done.stderr.decode(errors="replace"))

                logs = root / "logs"
                logs.mkdir()
                for athlete, home in homes.items():
                    log = logs / f"{athlete}.log"
                    with log.open("wb") as output:
                        process = subprocess.Popen(
                            runlift(home, "daemon"),
                            env=cli_env(),
                            stdout=output,
                            stderr=subprocess.STDOUT,
                        )
                    daemons.append(Daemon(athlete, home, process, log))
                began = time.perf_counter()
                start(daemons, args.timeout)
                running = [d for d in daemons if not d.problem]
                print(
                    f"  {len(running)} of {len(daemons)} daemons beating after {time.perf_counter() - began:.1f} s"
                )
                time.sleep(IDLE_S)
                for athlete, reading in sample(running, admin)[0].items():
                    next(d for d in running if d.athlete == athlete).idle = reading

                files = count_files(later)
                print(f"  dropping {files} files ({args.drop_weeks} weeks) into every drop folder")
                began = time.perf_counter()
                every_peak = drop(running, later, admin, args.timeout)
                print(f"  taken by every daemon within {time.perf_counter() - began:.1f} s")
                for daemon in running:
                    files_now = status_files(daemon.home)
                    print(f"  {daemon.athlete} runlift status files: {files_now}")
                if args.settle:
                    print(f"  leaving them idle for {args.settle:.0f} s")
                    time.sleep(args.settle)
                    readings, _ = sample(running, admin)
                    for athlete, reading in readings.items():
                        print(
                            f"  {athlete} after {args.settle:.0f} s idle: {reading.connections} "
                            f"connections, RSS {mb(reading.daemon_kb)} MB daemon / "
                            f"{mb(reading.children_kb)} MB workers ({reading.children})"
                        )
                (limit_text,) = admin.execute("SHOW max_connections").fetchone() or ("100",)
                stop(daemons)
                print_table(running, int(limit_text), every_peak)
            finally:
                stop(daemons)  # a no-op for those already stopped
                if not args.keep:
                    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
                else:
                    print(f"kept the schema {schema} and the homes under {root}")
        for daemon in daemons:
            if daemon.problem:
                print(
                    f"PROBLEM {daemon.athlete}: {daemon.problem}; its log ends:\n{tail(daemon.log)}"
                )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        if args.work is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

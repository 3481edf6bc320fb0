"""Command-line start-up benchmark: wall time and peak memory of whole `runlift` processes, as a user runs them.

Each case is a fresh process of the installed `runlift` command (startup included), run --runs times after
one warm-up; printed: the median wall time and the peak RSS of the process and the children it waited for
(the decoding worker of an import). Beside them, `python -c pass` of the same environment: the floor no
command can go under.

Cases: `--help`; `status` and `plan` of a demo home (`runlift demo`, built once); importing one small file
(one of the demo's runs, ~45 min of per-second records) into a new home and into a copy of the demo home.
Then whole-process import speed against fitdecode: `runlift import` of a few FIT files (a run, a strength
session, a night) and of the corpus's FIT files (when ../shared/corpus or $RUNLIFT_CORPUS is there), each
into a new home, against a process in which fitdecode fully decodes the same files (every field of every
message), the interpreter's start-up included on both sides.

Targets (issue 18): `--help` under 0.3 s; one small file's import under 0.8 s.

    .venv/bin/python bench/cli_bench.py [--runs 5] [--weeks 16] [--no-corpus]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RUNLIFT_CORPUS", ROOT.parent / "shared" / "corpus"))
RUNLIFT = str(Path(sys.executable).with_name("runlift"))

# fitdecode's full decode, as bench/import_bench.py's baseline: every field of every data message.
FITDECODE = """
import sys, fitdecode
for path in sys.argv[1:]:
    try:
        with fitdecode.FitReader(path) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage):
                    for field in frame.fields:
                        _ = field.value
    except Exception:
        pass
"""


@dataclass(frozen=True)
class Measure:
    """The median wall time and the largest peak RSS of a case's runs."""

    seconds: float
    rss_mb: float


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One process: its wall time and peak RSS in MB (with the children it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (
        0,
        1,
    ):  # 1: an import with a rejected file (the corpus's documents)
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}: {stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def measure(argv: list[str], runs: int, env: dict[str, str], fresh: object = None) -> Measure:
    """One warm-up, then `runs` measured runs; `fresh` (a callable) prepares each run."""
    times: list[float] = []
    peaks: list[float] = []
    for index in range(runs + 1):
        if callable(fresh):
            fresh()
        seconds, rss = run_once(argv, env)
        if index:
            times.append(seconds)
            peaks.append(rss)
    return Measure(statistics.median(times), max(peaks))


def demo_home(where: Path, weeks: int, env: dict[str, str]) -> Path:
    """A home with `weeks` of the demo athlete (built once)."""
    home = where / "demo-home"
    began = time.perf_counter()
    subprocess.run(
        [RUNLIFT, "--home", str(home), "demo", "--weeks", str(weeks)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"demo home of {weeks} weeks built in {time.perf_counter() - began:.1f} s")
    return home


def pick(export: Path, pattern: str) -> Path:
    """The demo export's middle FIT file whose name matches `pattern`."""
    found = sorted(export.rglob(pattern))
    if not found:
        raise SystemExit(f"no {pattern} in {export}")
    return found[len(found) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="runlift-cli-bench-") as scratch:
        where = Path(scratch)
        env = {**os.environ, "COLUMNS": "120", "RUNLIFT_HOME": str(where / "unused")}
        home = demo_home(where, args.weeks, env)
        export = home / "demo-export"
        run, lift, night = (
            pick(export, "*-run-easy.fit"),
            pick(export, "*-strength.fit"),
            pick(export, "*-sleep.fit"),
        )
        target = where / "target"

        def new_home() -> None:
            shutil.rmtree(target, ignore_errors=True)
            subprocess.run(
                [RUNLIFT, "--home", str(target), "init"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )

        def demo_copy() -> None:
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(home, target, ignore=shutil.ignore_patterns("demo-export"))

        rows: list[tuple[str, Measure]] = []
        cases: list[tuple[str, list[str], object]] = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("runlift --help", [RUNLIFT, "--help"], None),
            ("runlift status (demo home)", [RUNLIFT, "--home", str(home), "status"], None),
            ("runlift plan (demo home)", [RUNLIFT, "--home", str(home), "plan"], None),
            (
                f"runlift import 1 run ({run.stat().st_size // 1024} KB), new home",
                [RUNLIFT, "--home", str(target), "import", str(run)],
                new_home,
            ),
            (
                "runlift import the same run, copy of the demo home",
                [RUNLIFT, "--home", str(target), "import", str(run)],
                demo_copy,
            ),
        ]
        for label, argv, fresh in cases:
            rows.append((label, measure(argv, args.runs, env, fresh)))
        print(f"\nmedian of {args.runs} runs after a warm-up, whole process:")
        for label, figures in rows:
            print(f"  {label:<52} {figures.seconds:6.3f} s  {figures.rss_mb:6.1f} MB peak")
        sets = [("a few FIT files (a run, a strength session, a night)", [run, lift, night])]
        if not args.no_corpus and CORPUS.is_dir():
            sets.append(("the corpus's FIT files", sorted(CORPUS.rglob("*.fit"))))
        print("\nwhole-process import against fitdecode's full decode of the same FIT files:")
        for label, files in sets:
            ours = measure(
                [RUNLIFT, "--home", str(target), "import", *map(str, files)],
                args.runs,
                env,
                new_home,
            )
            theirs = measure([sys.executable, "-c", FITDECODE, *map(str, files)], args.runs, env)
            size = sum(f.stat().st_size for f in files) / 1e6
            print(
                f"  {label} ({len(files)} files, {size:.2f} MB): runlift import {ours.seconds:.3f} s, "
                f"fitdecode {theirs.seconds:.3f} s: {theirs.seconds / ours.seconds:.2f}x"
            )


if __name__ == "__main__":
    main()

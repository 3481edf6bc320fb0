"""Time GarminDB's own import of FIT files into its SQLite databases, for bench/import_bench.py.

Runs under the interpreter of a separate virtualenv where GarminDB (https://github.com/tcgoetz/GarminDB)
is installed; runlift is not importable there, so this script uses only the standard library and
garmindb with its dependencies:

    GARMINDB_VENV/bin/python bench/garmindb_import.py SCRATCH_DIR FIT_FILE [FIT_FILE ...]

Everything happens in a fresh directory under SCRATCH_DIR: HOME, the temporary directory and
GarminDB's config directory point there, and a GarminConnectConfig.json written there (SQLite, all
data under that directory) replaces the user's ~/.GarminDb, so the user's config, HealthData, plugins
and Garmin Connect session are never read or written.

The FIT files are copied where GarminDB's own download/copy steps would have put them, chosen by the
type in each file's file_id message: activities in FitFiles/Activities, monitoring, overnight-HRV and
sleep files in FitFiles/Monitoring/<year>, settings files in FitFiles; files of any other type go to
FitFiles/Activities, where GarminDB reads and then skips them. Then the script calls
GarminDbMain.import_data from GarminDB's `garmindb_cli.py`, exactly as `garmindb_cli.py --import
--activities` does (adding --monitoring --sleep when monitoring or sleep files were given): every FIT file
is parsed with fitfile and written with SQLAlchemy into garmin.db, garmin_activities.db and
garmin_monitoring.db. The measured time runs from the start of that call to its return, once every
database has been written (copying the files and loading GarminDB are not timed).

GarminDB catches an exception per file, logs it and goes on; those log records are collected to count
the files that failed. A file counts as imported when GarminDB recorded it in its `files` table, and as
skipped when it was read but no importer took its file type. The last line of stdout is JSON, e.g.
{"seconds": 12.3, "files": 18, "imported": 18, "skipped": 0, "failed": 0, "rss_mb": 400.0, ...}, with the
peak RSS of this process, the failures and their errors, and the rows GarminDB stored per table.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import logging
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

# FIT file_id.type values GarminDB imports, with fitfile's names for them.
ACTIVITY, SETTINGS, MONITORING_B, SLEEP, HRV_STATUS = 4, 2, 32, 49, 68
TYPE_NAMES = {
    ACTIVITY: "activity",
    SETTINGS: "settings",
    MONITORING_B: "monitoring_b",
    SLEEP: "sleep",
    HRV_STATUS: "hrv_status",
}
MONITORING_TYPES = {MONITORING_B, SLEEP, HRV_STATUS}
MONITORING_NAMES = {TYPE_NAMES[file_type] for file_type in MONITORING_TYPES}

# What GarminDB logs (fit_data.FitData.process_files, fit_file_processor.FitFileProcessor) when a file
# fails to parse or be written, when no importer takes a file, and when one message fails to be written.
FILE_FAILED = "Failed to parse %s: %s"
FILE_SKIPPED = "skipping non-matching %s"
MESSAGE_FAILED = "Failed to write message %r type %r: %s"


def describe(error: object) -> str:
    """Exception type and message (fitfile's exceptions print as "" unless they wrap another one)."""
    message = getattr(error, "message", None) or str(error)
    return f"{type(error).__name__}: {message}" if isinstance(error, BaseException) else str(error)


class ImportLog(logging.Handler):
    """Collects GarminDB's per-file failures and per-message errors from its log records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.failures: dict[str, str] = {}
        self.skipped = 0
        self.message_errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == FILE_FAILED and isinstance(record.args, tuple):
            self.failures[os.path.basename(str(record.args[0]))] = describe(record.args[1])
        elif record.msg == FILE_SKIPPED:
            self.skipped += 1
        elif record.msg == MESSAGE_FAILED:
            self.message_errors += 1


def isolate(workdir: Path) -> None:
    """Point HOME, the temporary directory and the cwd into workdir before garmindb is imported.

    GarminConnectConfigManager reads ~ and creates a temporary directory when its module is imported,
    and garmindb_cli.py opens garmindb.log in the cwd, so this must run first.
    """
    home = workdir / "home"
    tmp = workdir / "tmp"
    home.mkdir()
    tmp.mkdir()
    os.environ["HOME"] = str(home)
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = str(tmp)
    for name in ("GARTH_HOME", "GARTH_TOKEN"):  # a Garmin Connect session garth would resume
        os.environ.pop(name, None)
    os.chdir(workdir)


def write_config(workdir: Path) -> Path:
    """Write a GarminConnectConfig.json keeping GarminDB's SQLite DBs and data files in workdir."""
    config_dir = workdir / "home" / ".GarminDb"
    config_dir.mkdir()
    config = {
        "db": {"type": "sqlite"},
        "credentials": {
            "user": "",
            "secure_password": False,
            "password": "",
            "password_file": None,
        },
        "directories": {"relative_to_home": False, "base_dir": str(workdir / "HealthData")},
        "settings": {
            "metric": True,
            "default_display_activities": ["walking", "running", "cycling"],
        },
    }
    (config_dir / "GarminConnectConfig.json").write_text(json.dumps(config, indent=4))
    return config_dir


def load_garmindb_cli() -> ModuleType:
    """Load GarminDB's command-line script (installed beside the interpreter) as a module."""
    candidates = [
        Path(sys.prefix) / "bin" / "garmindb_cli.py",
        Path(sys.prefix) / "Scripts" / "garmindb_cli.py",
    ]
    found = shutil.which("garmindb_cli.py")
    candidates += [Path(found)] if found else []
    script = next((path for path in candidates if path.is_file()), None)
    if script is None:
        raise SystemExit(f"garmindb_cli.py not found in {sys.prefix} nor on PATH")
    spec = importlib.util.spec_from_file_location("garmindb_cli", script)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {script}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fit_file_type(path: Path) -> int | None:
    """Type from the first file_id message of a FIT file (None if it cannot be read that far)."""
    data = path.read_bytes()[:65536]
    if len(data) < 12 or data[8:12] != b".FIT":
        return None
    pos = data[0]
    definitions: dict[int, tuple[int, list[tuple[int, int]], int]] = {}
    try:
        while pos < len(data):
            header = data[pos]
            pos += 1
            if header & 0x80:  # compressed timestamp header: a data message
                local, is_definition = (header >> 5) & 0x03, False
            else:
                local, is_definition = header & 0x0F, bool(header & 0x40)
            if is_definition:
                order = "big" if data[pos + 1] == 1 else "little"
                message = int.from_bytes(data[pos + 2 : pos + 4], order)
                count = data[pos + 4]
                fields = [(data[pos + 5 + 3 * i], data[pos + 6 + 3 * i]) for i in range(count)]
                pos += 5 + 3 * count
                developer_size = 0
                if header & 0x20:
                    count = data[pos]
                    developer_size = sum(data[pos + 2 + 3 * i] for i in range(count))
                    pos += 1 + 3 * count
                definitions[local] = (message, fields, developer_size)
                continue
            message, fields, developer_size = definitions[local]
            if message == 0:  # file_id; its field 0 is the file type
                offset = pos
                for number, size in fields:
                    if number == 0:
                        return data[offset]
                    offset += size
                return None
            pos += sum(size for _, size in fields) + developer_size
    except (IndexError, KeyError):
        return None
    return None


def staging_dir(gc_config: Any, file_type: int | None) -> Path:
    """Where GarminDB's download/copy steps would have put a FIT file of this type."""
    if file_type in MONITORING_TYPES:
        return Path(gc_config.get_monitoring_dir(datetime.datetime.now().year))
    if file_type == SETTINGS:
        return Path(gc_config.get_fit_files_dir())
    return Path(gc_config.get_activities_dir())


def stage(gc_config: Any, fit_files: list[Path]) -> dict[str, str]:
    """Copy the FIT files into GarminDB's data directories; returns copied name -> type name."""
    staged: dict[str, str] = {}
    for path in fit_files:
        file_type = fit_file_type(path)
        # GarminDB only picks up names matching r"\w+\.(fit|FIT)", and names files by their base name.
        suffix = path.suffix if path.suffix in (".fit", ".FIT") else ".fit"
        name, n = f"{path.stem}{suffix}", 1
        while name in staged:
            n += 1
            name = f"{path.stem}_{n}{suffix}"
        shutil.copyfile(path, staging_dir(gc_config, file_type) / name)
        staged[name] = TYPE_NAMES.get(file_type, "other") if file_type is not None else "unreadable"
    return staged


def stats_to_import(statistics: Any, staged: dict[str, str]) -> list[Any]:
    """The statistics garmindb_cli.py --import would be given for these files (--activities first)."""
    stats = [statistics.activities]
    if MONITORING_NAMES & set(staged.values()):
        stats += [statistics.monitoring, statistics.sleep]
    return stats


def stored_rows(db_dir: Path) -> dict[str, int]:
    """Non-empty tables of GarminDB's SQLite databases, as "db.table" -> row count."""
    rows: dict[str, int] = {}
    for db in sorted(db_dir.glob("*.db")):
        with sqlite3.connect(db) as connection:
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall()
            for (table,) in tables:
                (count,) = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
                if count and table != "_attributes":
                    rows[f"{db.stem}.{table}"] = count
    return rows


def imported_names(db_dir: Path) -> set[str]:
    """Names of the files GarminDB recorded as imported (its garmin.db `files` table)."""
    db = db_dir / "garmin.db"
    if not db.exists():
        return set()
    with sqlite3.connect(db) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM files")}


def run(scratch: Path, fit_files: list[Path]) -> dict[str, Any]:
    """Import fit_files with GarminDB in a fresh directory under scratch; returns the figures."""
    scratch.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="garmindb-", dir=scratch))
    isolate(workdir)
    config_dir = write_config(workdir)

    cli = load_garmindb_cli()
    import garmindb

    log = ImportLog()
    logging.getLogger().addHandler(log)
    garmindb_main = cli.GarminDbMain(str(config_dir))
    staged = stage(garmindb_main.gc_config, fit_files)
    stats = stats_to_import(garmindb.Statistics, staged)

    start = time.perf_counter()
    garmindb_main.import_data(0, False, stats)  # debug=0, latest=False, as garmindb_cli.py --import
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    db_dir = Path(garmindb_main.gc_config.get_db_dir())
    imported = imported_names(db_dir) & staged.keys()
    failures = {name: error for name, error in log.failures.items() if name not in imported}
    return {
        "seconds": round(seconds, 3),
        "files": len(fit_files),
        "imported": len(imported),
        "skipped": len(staged) - len(imported) - len(failures),
        "failed": len(failures),
        "rss_mb": round(rss_mb, 1),
        "input_mb": round(sum(path.stat().st_size for path in fit_files) / 1e6, 2),
        "db_mb": round(sum(db.stat().st_size for db in db_dir.glob("*.db")) / 1e6, 2),
        "garmindb_version": garmindb.__version__,
        "stats": [str(stat.name) for stat in stats],
        "file_types": dict(Counter(staged.values())),
        "skip_logs": log.skipped,
        "message_errors": log.message_errors,
        "failures": failures,
        "rows": stored_rows(db_dir),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "scratch", type=Path, help="directory for GarminDB's config, data and databases"
    )
    parser.add_argument("fit_files", type=Path, nargs="+", metavar="FIT_FILE")
    args = parser.parse_args()
    # Resolved before isolate() changes the cwd.
    fit_files = [path.resolve() for path in args.fit_files]
    result = run(args.scratch.resolve(), fit_files)
    sys.stdout.flush()
    print(json.dumps(result))


if __name__ == "__main__":
    main()

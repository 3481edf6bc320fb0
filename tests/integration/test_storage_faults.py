"""Faults in the store: a disk that fills during a save, a database another process holds locked, a
PostgreSQL connection that drops or a server that restarts mid-import (two athletes of a club in one
schema at once). After each, every file is stored exactly once (tests/support/reliability.py)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError

from runlift.bootstrap import bootstrap
from runlift.importers.manager import PluginSource
from runlift.ingest.history import StoreFailed
from runlift.storage import application
from runlift.storage.persistence import Store
from tests.support.corpus import committed
from tests.support.processes import Daemons, make_home, run_once, runlift, spawn, wait_for
from tests.support.reliability import assert_nothing_lost, imported_events
from tests.support.stores import (
    PG_DB,
    PG_HOST,
    PG_PORT,
    PG_USER,
    MakeApp,
    history_tables,
    locked,
    pg_admin,
    schema_of,
    waiting_saves,
)

pytestmark = pytest.mark.slow

RUN = "fit/run/fitparse__garmin-fenix-5-run.fit"
WALK = "fit/run/fitparse__garmin-fenix-5-walk.fit"
# 7,211 sets in one file: megabytes in one transaction.
HEVY = "csv/strong-statistics__sample_hevy.csv"
# A multi-file import of the committed device files: a run, rides, a TCX run, a GPX track, strength
# sessions (one file also holds a run).
SEVERAL = [
    "fit/run/fitparse__2013-02-06-12-11-14.fit",
    "fit/other/fitparse__sample-activity-indoor-trainer.fit",
    "fit/other/fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
    "fit/other/fitparse__2015-10-13-08-43-15.fit",
    "tcx/tcxparser__test.tcx",
    "gpx/gpxpy__track-with-empty-segment.gpx",
    "fit/strength/fit-analyzer__20748058539_ACTIVITY.fit",
    "fit/strength/fit-analyzer__20555050352_ACTIVITY.fit",
]


def corpus(*names: str) -> list[Path]:
    """The committed device files (tests/data) of these corpus paths."""
    return [committed(name) for name in names]


# --- A full disk -----------------------------------------------------------------------------------


@dataclass
class SmallDisk:
    """A 32 MB tmpfs holding the store: the SQLite home itself, or a PostgreSQL tablespace that the
    store's tables are moved into. `fill` leaves only a little of it free, `free` gives it back."""

    mount: Path
    store_url: str
    home: Path
    tablespace: str | None = None

    def adopt_tables(self) -> None:
        """Move every table and index of the store's schema into the small tablespace (PostgreSQL)."""
        if self.tablespace is None:
            return
        schema = schema_of(self.store_url)
        with pg_admin() as admin:
            for kind, catalog, column in (
                ("TABLE", "pg_tables", "tablename"),
                ("INDEX", "pg_indexes", "indexname"),
            ):
                names = admin.execute(
                    f"SELECT {column} FROM {catalog} WHERE schemaname = %s", (schema,)
                ).fetchall()
                for (name,) in names:
                    admin.execute(
                        f'ALTER {kind} "{schema}"."{name}" SET TABLESPACE "{self.tablespace}"'
                    )

    def fill(self, leave_kb: int) -> None:
        stats = os.statvfs(self.mount)
        size = stats.f_bavail * stats.f_frsize - leave_kb * 1024
        with (self.mount / "filler").open("wb") as filler:
            os.posix_fallocate(filler.fileno(), 0, size)

    def free(self) -> None:
        (self.mount / "filler").unlink()


def _server_owner() -> tuple[int, int] | None:
    """The uid and gid of the PostgreSQL server's data directory, if the server runs on this machine."""
    if PG_HOST not in ("127.0.0.1", "localhost", "::1"):
        return None
    with pg_admin() as admin:
        row = admin.execute("SHOW data_directory").fetchone()
    try:
        stat = os.stat(str(row[0])) if row else None
    except OSError:
        return None
    return (stat.st_uid, stat.st_gid) if stat else None


@pytest.fixture
def small_disk(store_url: str, tmp_path: Path) -> Iterator[SmallDisk]:
    """A real small file system for the store (mounting needs root: skipped otherwise)."""
    postgres = store_url.startswith("postgres")
    options = "size=32m"
    if postgres:
        owner = _server_owner()
        if owner is None:
            pytest.skip("the PostgreSQL server does not run on this machine: no tablespace to fill")
        options += f",uid={owner[0]},gid={owner[1]},mode=700"
    # Outside pytest's private temporary folder, which the server's user cannot enter.
    mount = Path(tempfile.mkdtemp(prefix="runlift-small-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "runlift-small-disk", str(mount)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a small tmpfs (root only): {mounted.stderr.strip()}")
    tablespace = f"rl_small_{uuid.uuid4().hex[:12]}" if postgres else None
    try:
        if tablespace:
            with pg_admin() as admin:
                admin.execute(f"CREATE TABLESPACE \"{tablespace}\" LOCATION '{mount}'")
            yield SmallDisk(mount, store_url, tmp_path / "home", tablespace)
        else:
            yield SmallDisk(mount, f"sqlite://{mount}/home/store", mount / "home")
    finally:
        if tablespace:
            with pg_admin() as admin:
                for kind in ("TABLE", "INDEX"):
                    admin.execute(
                        f'ALTER {kind} ALL IN TABLESPACE "{tablespace}" SET TABLESPACE pg_default'
                    )
                admin.execute(f'DROP TABLESPACE "{tablespace}"')
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=True)
        mount.rmdir()


def test_a_full_disk_fails_a_save_whole_and_the_file_goes_in_once_there_is_space_again(
    small_disk: SmallDisk, daemons: Daemons, tmp_path: Path
) -> None:
    disk = small_disk
    home = make_home(disk.home, disk.store_url)
    daemon = daemons.start(home, disk.store_url, ready=True)
    shutil.copy(committed(RUN), home / "drop" / "run.fit")
    wait_for(lambda: (home / "done" / "run.fit").exists())
    disk.adopt_tables()
    before = imported_events(home, disk.store_url)
    # A big export arrives under a temporary name (not taken yet); then the disk fills up.
    shutil.copy(committed(HEVY), home / "drop" / "hevy.csv.part")
    disk.fill(leave_kb=512)

    # The command line names the file and the reason, and stores nothing of it.
    full = runlift(home, "import", str(committed(HEVY)), store_url=disk.store_url)
    assert full.returncode == 1
    assert "store error" in full.stderr, full.stderr
    assert "sample_hevy.csv" in full.stderr, full.stderr
    assert "disk is full" in full.stderr or "No space left" in full.stderr, full.stderr
    assert "Traceback" not in full.stderr, full.stderr
    assert imported_events(home, disk.store_url) == before

    # The daemon leaves it in the drop folder, and takes it once there is space again.
    (home / "drop" / "hevy.csv.part").rename(home / "drop" / "hevy.csv")
    output = Path(daemon.output)  # type: ignore[attr-defined]
    wait_for(lambda: "hevy.csv: the store failed while saving" in output.read_text())
    time.sleep(1.0)  # a pass or two more, failing alike
    assert (home / "drop" / "hevy.csv").exists()
    assert imported_events(home, disk.store_url) == before
    disk.free()
    wait_for(lambda: (home / "done" / "hevy.csv").exists())
    log = daemons.stop(daemon)
    assert "left in the drop folder for the next pass" in log
    assert "hevy.csv: imported (" in log
    assert_nothing_lost(home, disk.store_url, corpus(RUN, HEVY), tmp_path / "clean")


# --- A database another process holds locked --------------------------------------------------------


def test_an_import_and_the_daemon_wait_while_another_process_holds_the_store_locked(
    store_url: str, daemons: Daemons, tmp_path: Path
) -> None:
    home = make_home(tmp_path / "home", store_url)
    daemon = daemons.start(home, store_url, ready=True)
    before = imported_events(home, store_url)
    with locked(store_url):
        importing = spawn(home, store_url, "import", "--json", str(committed(RUN)))
        shutil.copy(committed(WALK), home / "drop" / "walk.fit")
        if store_url.startswith("postgres"):  # the server shows both saves queued behind the lock
            wait_for(lambda: importing.poll() is not None or waiting_saves(store_url) == 2)
        else:  # SQLite's busy wait is invisible from outside: give both time to reach their save
            time.sleep(3.0)
        assert importing.poll() is None, importing.communicate()
        assert (home / "drop" / "walk.fit").exists()
        assert imported_events(home, store_url) == before  # readers are not blocked
    stdout, stderr = importing.communicate(timeout=60)
    assert importing.returncode == 0, stderr
    assert json.loads(stdout)["summary"]["imported"] == 1
    wait_for(lambda: (home / "done" / "walk.fit").exists())
    assert "walk.fit: imported (" in daemons.stop(daemon)
    assert_nothing_lost(home, store_url, corpus(RUN, WALK), tmp_path / "clean")


@pytest.fixture
def short_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores opened in this process give up on a lock after 1 s instead of 30 s."""

    def environment(store: Store, app_name: str) -> dict[str, str]:
        env = original(store, app_name)
        key = "SQLITE_LOCK_TIMEOUT" if store.backend == "sqlite" else "POSTGRES_LOCK_TIMEOUT"
        return {**env, key: "1"}

    original = application.environment
    monkeypatch.setattr(application, "environment", environment)


def test_a_lock_held_past_the_lock_timeout_fails_the_file_cleanly_and_the_next_pass_takes_it(
    store_url: str, short_lock_timeout: None, tmp_path: Path
) -> None:
    home = make_home(tmp_path / "home", store_url)
    shutil.copy(committed(WALK), home / "drop" / "walk.fit")
    with locked(store_url):
        with bootstrap(home, database_url=store_url) as app, pytest.raises(StoreFailed) as failed:
            app.importer().import_paths(corpus(RUN))
        status, after = run_once(home, store_url)
        assert imported_events(home, store_url) == {}
    assert "fitparse__garmin-fenix-5-run.fit" in str(failed.value)
    assert "locked" in str(failed.value) or "lock timeout" in str(failed.value)
    assert status == 1  # --once ends its pass at a store failure, the file left for the next run
    assert (home / "drop" / "walk.fit").exists()
    assert after["last_error"]["file"] == "walk.fit"  # type: ignore[index]
    status, after = run_once(home, store_url)
    assert status == 0
    assert (home / "done" / "walk.fit").exists()
    assert_nothing_lost(home, store_url, corpus(WALK), tmp_path / "clean")


def test_a_store_error_while_looking_a_file_up_is_reported_naming_the_file(
    make_app: MakeApp, home: Path, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(plugins=PluginSource())

    def unavailable(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    # Reading whether the file is stored fails (the PostgreSQL library's own retries exhausted).
    monkeypatch.setattr(app.history.recorder, "select_events", unavailable)
    with pytest.raises(StoreFailed, match=r"fitparse__garmin-fenix-5-run\.fit") as failed:
        app.importer().import_paths(corpus(RUN))
    assert "server closed the connection unexpectedly" in str(failed.value)
    monkeypatch.undo()
    assert imported_events(home, store_url) == {}
    assert [r.status for r in app.importer().import_paths(corpus(RUN)).results] == ["imported"]
    assert_nothing_lost(home, store_url, corpus(RUN), tmp_path / "clean")


# --- PostgreSQL connections that drop, a server that restarts ---------------------------------------


def terminate_backends(schema: str) -> int:
    """pg_terminate_backend on every connection whose last statement touched the schema's tables: each
    test has a schema of its own, so these are runlift's (the fixture's, which created the schema, is
    spared)."""
    with pg_admin() as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = %s AND query LIKE %s "
            "AND query NOT LIKE 'CREATE SCHEMA%%'",
            (PG_DB, f"%{schema}%"),
        ).fetchall()
    return len(rows)


def stored_count(schema: str) -> int:
    """The events stored in the schema, every athlete's log counted."""
    with pg_admin() as admin:
        total = 0
        for table in history_tables(schema):
            row = admin.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()
            total += int(row[0]) if row else 0
    return total


# Two athletes of a club in one schema, importing at once: each gets its own files (ann the first half,
# bob all), and a fault hits both.
CLUB = {"ann": SEVERAL[:4], "bob": SEVERAL}


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_connections_terminated_mid_import_are_retried_and_every_file_is_stored_once(
    store_url: str, tmp_path: Path
) -> None:
    homes = {name: make_home(tmp_path / name, store_url) for name in CLUB}
    schema = schema_of(store_url)
    importing = {
        name: spawn(
            homes[name],
            store_url,
            "import",
            "--json",
            "--workers",
            "1",
            *(str(path) for path in corpus(*files)),
        )
        for name, files in CLUB.items()
    }

    def running() -> bool:
        return any(process.poll() is None for process in importing.values())

    wait_for(lambda: not running() or stored_count(schema) > 0)
    terminated = rounds = 0
    while running() and rounds < 3:  # up to three drops while files are being saved
        terminated += terminate_backends(schema)
        rounds += 1
        time.sleep(0.3)
    assert terminated > 0, "the imports ended before their connections could be dropped"
    for name, process in importing.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr
        assert json.loads(stdout)["summary"]["imported"] == len(CLUB[name])
    for name, files in CLUB.items():  # each athlete's own files, once; nothing of the other's
        assert_nothing_lost(homes[name], store_url, corpus(*files), tmp_path / f"clean-{name}")


class Proxy:
    """A TCP relay in front of PostgreSQL, run by threads of the test. `cut()` closes it and every
    connection through it, which is what a server restart looks like from runlift's side; `resume()`
    listens on the same port again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._guard = threading.Lock()

    def resume(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        assert self._listener is not None
        _close(self._listener)
        with self._guard:
            sockets, self._open = self._open, set()
        for sock in sockets:
            _close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # cut
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._guard:
                self._open |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv()
    sock.close()


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    relay = Proxy((PG_HOST, PG_PORT))
    relay.resume()
    yield relay
    relay.cut()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_server_restart_mid_import_is_retried_by_the_import_and_the_daemon_and_loses_nothing(
    store_url: str, proxy: Proxy, daemons: Daemons, tmp_path: Path
) -> None:
    schema = schema_of(store_url)
    through_proxy = f"postgresql://{PG_USER}@127.0.0.1:{proxy.port}/{PG_DB}?schema={schema}"
    # Two athletes of a club in the schema, each with a daemon: ann's imports, bob's takes a file.
    home = make_home(tmp_path / "ann", through_proxy)
    other = make_home(tmp_path / "bob", through_proxy)
    daemon = daemons.start(home, through_proxy, ready=True)
    other_daemon = daemons.start(other, through_proxy, ready=True)
    shutil.copy(committed(RUN), home / "drop" / "run.fit")
    shutil.copy(committed(WALK), other / "drop" / "walk.fit")
    wait_for(lambda: (home / "done" / "run.fit").exists())  # the daemons' connections are up
    wait_for(lambda: (other / "done" / "walk.fit").exists())
    before = stored_count(schema)
    paths = [str(path) for path in corpus(*SEVERAL)]
    importing = spawn(home, through_proxy, "import", "--json", "--workers", "1", *paths)
    wait_for(lambda: importing.poll() is not None or stored_count(schema) > before)
    assert importing.poll() is None, "the import ended before the restart"
    # The server goes away for two seconds after the import's first file; meanwhile a file arrives
    # in each drop folder.
    proxy.cut()
    shutil.copy(committed(WALK), home / "drop" / "walk.fit")
    shutil.copy(committed(RUN), other / "drop" / "run.fit")
    time.sleep(2.0)
    assert importing.poll() is None, "the import ended while the server was away"
    proxy.resume()
    stdout, stderr = importing.communicate(timeout=120)
    assert importing.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    assert json.loads(stdout)["summary"]["imported"] == len(SEVERAL)
    wait_for(lambda: (home / "done" / "walk.fit").exists(), timeout=90)
    wait_for(lambda: (other / "done" / "run.fit").exists(), timeout=90)
    daemons.stop(daemon)
    daemons.stop(other_daemon)
    assert_nothing_lost(home, store_url, corpus(RUN, WALK, *SEVERAL), tmp_path / "clean")
    assert_nothing_lost(other, store_url, corpus(WALK, RUN), tmp_path / "clean-bob")

"""Core test fixtures: a store on SQLite and on a real PostgreSQL server, and runlift homes with toy plugins."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.importers.manager import PluginSource

PG_HOST = os.environ.get("RUNLIFT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("RUNLIFT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("RUNLIFT_TEST_PG_USER", "postgres")
PG_DB = os.environ.get("RUNLIFT_TEST_PG_DB", "test")
TOYS = Path(__file__).parent / "toys"


def _pg_admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=PG_DB, connect_timeout=3, autocommit=True
    )


def _pg_unavailable(reason: str) -> None:
    # Under CI a missing PostgreSQL is a failure, never a silent skip.
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required under CI and unreachable: {reason}")
    pytest.skip(f"PostgreSQL unreachable: {reason}")


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A database URL for a fresh PostgreSQL schema, dropped afterwards."""
    schema = f"rl_{uuid.uuid4().hex[:16]}"
    try:
        admin = _pg_admin()
    except psycopg.OperationalError as exc:
        _pg_unavailable(str(exc).strip())
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DB}?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store under test: SQLite files in a temporary folder, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'store'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A runlift home with the toy importer plugins installed as single-file plugins."""
    root = tmp_path / "home"
    (root / "plugins").mkdir(parents=True)
    for toy in TOYS.glob("*.py"):
        shutil.copy(toy, root / "plugins" / toy.name)
    return root


MakeApp = Callable[..., Runlift]


@pytest.fixture
def make_app(home: Path, store_url: str) -> Iterator[MakeApp]:
    """Build (and afterwards close) runlift instances on the same home and store: a "restart" is a new one."""
    apps: list[Runlift] = []

    def make(**kwargs: object) -> Runlift:
        kwargs.setdefault("database_url", store_url)
        kwargs.setdefault("workers", 1)
        kwargs.setdefault("plugins", PluginSource(plugins_dir=home / "plugins", entry_points=False))
        root = kwargs.pop("home", home)  # another home: another athlete on the same store
        app = bootstrap(root, **kwargs)  # type: ignore[arg-type]
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app: MakeApp) -> Runlift:
    return make_app()


@pytest.fixture
def daemon_home(home: Path, store_url: str) -> Path:
    """A home whose daemon settles files after 0.3 s and beats every 0.5 s, and serves its dashboard API
    on a free port (daemon.json says which). Keys appended by a test land in [daemon]."""
    from tests.test_cli import runlift

    result = runlift(home, "init", store_url=store_url)
    assert result.returncode == 0, result.stderr
    with (home / "runlift.toml").open("a") as config:
        config.write("\n[web]\nport = 0\n\n[daemon]\nsettle_s = 0.3\nheartbeat_s = 0.5\n")
    return home


Start = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture
def start(daemon_home: Path, store_url: str) -> Iterator[Start]:
    """Start `runlift daemon` as a process (stopped with SIGTERM at the end if still running)."""
    started: list[subprocess.Popen[str]] = []

    def launch(*args: str) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
        env["RUNLIFT_DATABASE_URL"] = store_url
        # Output goes to a file: an undrained pipe fills up and blocks the daemon's logging.
        output = (daemon_home.parent / f"daemon-{len(started)}.out").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "runlift", "--home", str(daemon_home), "daemon", *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        process.output = Path(output.name)  # type: ignore[attr-defined]
        started.append(process)
        return process

    yield launch
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(20)

"""The tests' fixtures (a pytest plugin, loaded by the root conftest.py): corpus, stores, homes, runlift, daemons."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from runlift.bootstrap import Runlift, bootstrap
from runlift.importers.manager import PluginSource
from tests.support.corpus import load_manifest, require_corpus
from tests.support.processes import Daemons, Start, runlift
from tests.support.stores import (
    PG_DB,
    PG_HOST,
    PG_PORT,
    PG_USER,
    TOYS,
    MakeApp,
    pg_admin,
    pg_unavailable,
)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real-device corpus (../shared/corpus, or $RUNLIFT_CORPUS), for tests on the whole of it;
    missing, they are skipped locally and fail under CI."""
    return require_corpus()


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> dict[str, dict[str, str]]:
    """The corpus's independent manifest, one row per file."""
    return load_manifest()


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A database URL for a fresh PostgreSQL schema, dropped afterwards."""
    schema = f"rl_{uuid.uuid4().hex[:16]}"
    try:
        admin = pg_admin()
    except psycopg.OperationalError as exc:
        pg_unavailable(str(exc).strip())
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
    """A runlift on the test's home and store."""
    return make_app()


@pytest.fixture
def daemon_home(home: Path, store_url: str) -> Path:
    """A home whose daemon settles files after 0.3 s and beats every 0.5 s, and serves its dashboard API
    on a free port (daemon.json says which). Keys appended by a test land in [daemon]."""
    result = runlift(home, "init", store_url=store_url)
    assert result.returncode == 0, result.stderr
    with (home / "runlift.toml").open("a") as config:
        config.write("\n[web]\nport = 0\n\n[daemon]\nsettle_s = 0.3\nheartbeat_s = 0.5\n")
    return home


@pytest.fixture
def daemons(tmp_path: Path) -> Iterator[Daemons]:
    """The test's daemon launcher: any home, any store; every daemon still running is stopped at the end."""
    running = Daemons(tmp_path)
    yield running
    running.close()


@pytest.fixture
def start(daemon_home: Path, store_url: str, daemons: Daemons) -> Start:
    """Start `runlift daemon ARGS` on `daemon_home` (not waiting for its first heartbeat)."""

    def launch(*args: str) -> subprocess.Popen[str]:
        return daemons.start(daemon_home, store_url, *args)

    return launch


@pytest.fixture
def second_daemon(store_url: str, daemons: Daemons) -> Callable[[Path], subprocess.Popen[str]]:
    """`start` for a second home (another athlete) on the same store."""

    def launch(other_home: Path) -> subprocess.Popen[str]:
        return daemons.start(other_home, store_url)

    return launch


@pytest.fixture
def launch(
    daemon_home: Path, store_url: str, daemons: Daemons
) -> Callable[..., subprocess.Popen[str]]:
    """`start` under a command prefix (e.g. as an unprivileged user, for a daemon that respects permissions)."""

    def run(prefix: tuple[str, ...] = ()) -> subprocess.Popen[str]:
        return daemons.start(daemon_home, store_url, prefix=prefix)

    return run

"""Running runlift as a user does, in its own processes: a command, a spawned import, daemons, and waiting on them.

The one place that launches `runlift` processes for the tests: every daemon goes through `Daemons.start`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from runlift.bootstrap import bootstrap
from runlift.daemon.runner import Daemon

Start = Callable[..., "subprocess.Popen[str]"]


def cli_env(store_url: str | None) -> dict[str, str]:
    """This process's environment without runlift's variables, on `store_url` if given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    if store_url:
        env["RUNLIFT_DATABASE_URL"] = store_url
    return env


def command(home: Path, *args: str, prefix: tuple[str, ...] = ()) -> list[str]:
    """`runlift --home HOME ARGS...` as an argument list (optionally run under `prefix`)."""
    return [*prefix, sys.executable, "-m", "runlift", "--home", str(home), *args]


def runlift(
    home: Path, *args: str, store_url: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run a runlift command to its end and return what it printed."""
    return subprocess.run(
        command(home, *args),
        capture_output=True,
        text=True,
        env=cli_env(store_url),
        timeout=timeout,
    )


def spawn(home: Path, store_url: str, *args: str) -> subprocess.Popen[str]:
    """`runlift --home HOME ARGS...` as a separate process on a store, not waited for."""
    return subprocess.Popen(
        command(home, *args),
        env=cli_env(store_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll `condition` every 0.1 s; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def state(home: Path) -> dict[str, object]:
    """The daemon's state file of a home (empty before its first heartbeat)."""
    path = home / "daemon.json"
    return json.loads(path.read_text()) if path.exists() else {}


def events(home: Path, store_url: str, kind: str) -> int:
    """How many events of `kind` `runlift events` lists."""
    result = runlift(home, "events", "--json", "--type", kind, store_url=store_url)
    return len(result.stdout.splitlines())


def make_home(root: Path, store_url: str) -> Path:
    """A home on a store (tables created) whose daemon settles files after 0.3 s, beats every 0.5 s and
    serves no dashboard."""
    with bootstrap(root, database_url=store_url):
        pass
    with (root / "runlift.toml").open("a") as config:
        config.write(
            "\n[web]\nwith_daemon = false\n\n[daemon]\nsettle_s = 0.3\nheartbeat_s = 0.5\n"
        )
    return root


class Daemons:
    """`runlift daemon` processes of any home, each logging to a file in `logs`; SIGTERM at the end."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen[str]] = []

    def start(
        self,
        home: Path,
        store_url: str,
        *args: str,
        prefix: tuple[str, ...] = (),
        ready: bool = False,
    ) -> subprocess.Popen[str]:
        """Start `runlift daemon ARGS` on a home (under `prefix`); with `ready`, wait for its heartbeat.

        Its output goes to a file (`process.output`): an undrained pipe fills up and blocks its logging.
        """
        output = (self.logs / f"daemon-{len(self.started)}.out").open("w")
        process = subprocess.Popen(
            command(home, "daemon", *args, prefix=prefix),
            env=cli_env(store_url),
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        process.output = Path(output.name)  # type: ignore[attr-defined]
        self.started.append(process)
        if ready:
            wait_for(lambda: process.poll() is not None or "heartbeat" in state(home))
            assert process.poll() is None, process.output.read_text()  # type: ignore[attr-defined]
        return process

    def stop(self, process: subprocess.Popen[str]) -> str:
        """SIGTERM, exit status 0, and its log, which shows no traceback."""
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
        log = Path(process.output).read_text()  # type: ignore[attr-defined]
        assert "Traceback" not in log, log
        return log

    def close(self) -> None:
        """SIGTERM every daemon still running, and wait for it."""
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(30)


def run_once(home: Path, store_url: str) -> tuple[int, dict[str, object]]:
    """`runlift daemon --once` in this process (its own thread: no signal handlers): status and state."""
    with bootstrap(home, database_url=store_url) as app:
        daemon = Daemon(app, once=True)
        status: list[int] = []
        thread = threading.Thread(target=lambda: status.append(daemon.run()))
        thread.start()
        thread.join(60)
        assert status, "the daemon did not finish its pass"
        return status[0], daemon.state

"""Runs the dashboard (pages and API) with uvicorn: in the foreground (`runlift serve`) or a daemon thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from runlift.bootstrap import Runlift, bootstrap
from runlift.settings import Settings
from runlift.web.club import Club, club_app, opened
from runlift.web.pages import dashboard


def serve(
    app: Runlift, host: str, port: int, token: str | None, announce: Callable[[str], None]
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); `announce` hears the address it listens on (the port
    the system chose, for port 0) once the socket is bound, before the first request can come."""
    config = _config(app, host, port, token)
    sock = config.bind_socket()
    sock.listen(config.backlog)  # connections made once it is announced wait for the server's start
    announce(url_of(host, sock.getsockname()[1]))
    uvicorn.Server(config).run(sockets=[sock])


def serve_club(club: Club, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve a club's dashboards (web/club.py) until interrupted, every athlete's runlift open."""
    with opened(club) as apps:
        config = _uvicorn(club_app(club, apps), host, port)
        sock = config.bind_socket()
        sock.listen(config.backlog)
        announce(url_of(host, sock.getsockname()[1]))
        uvicorn.Server(config).run(sockets=[sock])


def url_of(host: str, port: int) -> str:
    """The dashboard's address (an IPv6 host in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class Background:
    """The API served from a thread, with a runlift of its own (its stores are used from that thread
    only). `start()` returns the URL it listens on: port 0 in the settings picks a free one."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failed: BaseException | None = None

    def start(self, timeout_s: float = 20.0) -> str:
        web = self.settings.config.web
        self._thread = threading.Thread(target=self._run, name="runlift-web", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not (self._server is not None and self._server.started):
            if self._failed is not None or not self._thread.is_alive():
                raise RuntimeError(f"the dashboard could not start: {self._failed}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the dashboard did not start within {timeout_s:g} s")
            time.sleep(0.05)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        return url_of(web.host, port)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        web = self.settings.config.web
        try:
            with bootstrap(settings=self.settings) as app:
                self._server = uvicorn.Server(_config(app, web.host, web.port, web.token or None))
                self._server.run()  # outside the main thread it installs no signal handlers
        except BaseException as exc:  # reported by start(), or ends the thread quietly after it
            self._failed = exc


def _config(app: Runlift, host: str, port: int, token: str | None) -> uvicorn.Config:
    return _uvicorn(dashboard(app, token), host, port)


def _uvicorn(asgi: FastAPI, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        asgi,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        workers=1,  # one process: the handlers run one at a time on its event loop (api.py)
    )

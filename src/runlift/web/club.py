"""A club's dashboard server: every athlete's dashboard under /athletes/NAME, each read with the athlete's
own token or a coach's (read only), never another athlete's; the club file says who is who (docs/club.md)."""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from runlift import __version__
from runlift.bootstrap import Runlift, bootstrap
from runlift.domain.errors import RunliftError
from runlift.settings import ConfigError, load_settings
from runlift.web.access import Access
from runlift.web.api import COOKIE
from runlift.web.pages import HERE, add_login, dashboard

log = logging.getLogger(__name__)

NAME = r"^[a-z0-9][a-z0-9_-]{0,39}$"  # a URL segment: /athletes/NAME
MIN_TOKEN = 16


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClubWeb(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8766, ge=0, le=65535)
    # athletes' runlifts kept open at once (each holds about 4 PostgreSQL connections); the least
    # recently read is closed to open another
    open_athletes: int = Field(default=4, ge=1, le=100)


class ClubAthlete(_Strict):
    home: Path
    # the athlete's own token (reads and writes); default: [web] token of the home's runlift.toml
    token: str = ""


class ClubCoach(_Strict):
    token: str = Field(min_length=MIN_TOKEN)
    athletes: tuple[str, ...] = Field(min_length=1)


class ClubFile(_Strict):
    web: ClubWeb = ClubWeb()
    athletes: dict[str, ClubAthlete] = Field(min_length=1)
    coaches: dict[str, ClubCoach] = {}


@dataclass(frozen=True)
class Club:
    """The club file read and checked: each athlete's home and access (own token, coaches' tokens)."""

    path: Path
    web: ClubWeb
    homes: dict[str, Path]
    access: dict[str, Access]
    coaches: dict[str, list[str]]  # coach: the athletes they read

    def visible(self, token: str | None) -> list[str]:
        """The athletes `token` may read, by name."""
        return [name for name, access in self.access.items() if access.reads(token)]


def load_club(path: Path) -> Club:
    """Read and check the club file; a ConfigError names the file, the key and what is wrong."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(path, "-", f"cannot be read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "-", f"is not valid TOML: {exc}") from None
    try:
        club = ClubFile.model_validate(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        key = ".".join(str(part) for part in problem["loc"]) or "-"
        raise ConfigError(path, key, problem["msg"].removeprefix("Value error, ")) from None
    return _checked(path, club)


def _checked(path: Path, club: ClubFile) -> Club:
    owner: dict[str, str] = {}  # token -> who holds it: one token, one person

    def hold(token: str, who: str) -> None:
        if len(token) < MIN_TOKEN:
            raise ConfigError(path, f"{who}.token", f"needs at least {MIN_TOKEN} characters")
        if token in owner:
            raise ConfigError(
                path,
                f"{who}.token",
                f"is also {owner[token]}'s: each person needs a token of their own",
            )
        owner[token] = who

    homes: dict[str, Path] = {}
    own: dict[str, str] = {}
    for name, athlete in club.athletes.items():
        if not re.match(NAME, name):
            raise ConfigError(path, f"athletes.{name}", "a name is 1-40 of a-z, 0-9, - and _")
        home = athlete.home if athlete.home.is_absolute() else path.parent / athlete.home
        if not (home / "runlift.toml").is_file():
            raise ConfigError(path, f"athletes.{name}.home", f"{home} holds no runlift.toml")
        token = athlete.token or load_settings(home).config.web.token
        if not token:
            raise ConfigError(
                path, f"athletes.{name}.token", f"not set, nor [web] token in {home}/runlift.toml"
            )
        hold(token, f"athletes.{name}")
        homes[name], own[name] = home, token
    coaches: dict[str, list[str]] = {name: [] for name in club.athletes}
    for name, coach in club.coaches.items():
        hold(coach.token, f"coaches.{name}")
        for athlete_name in coach.athletes:
            if athlete_name not in coaches:
                known = ", ".join(sorted(club.athletes))
                raise ConfigError(
                    path,
                    f"coaches.{name}.athletes",
                    f"no athlete {athlete_name!r} (athletes: {known})",
                )
            coaches[athlete_name].append(coach.token)
    access = {name: Access.athlete(own[name], coaches[name]) for name in club.athletes}
    readers = {name: list(coach.athletes) for name, coach in club.coaches.items()}
    return Club(path=path, web=club.web, homes=homes, access=access, coaches=readers)


_BEARER = HTTPBearer(auto_error=False)
_COOKIE = APIKeyCookie(name=COOKIE, auto_error=False)


def viewer(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    kept: Annotated[str | None, Depends(_COOKIE)],
) -> str | None:
    """The token a request carries: a bearer token, or the pages' cookie."""
    return credentials.credentials if credentials is not None else kept


class Athletes:
    """The athletes' dashboards, each opened (its runlift wired) on its first request and closed again
    when more than `kept` are open, the least recently read first: the server's store connections stay
    bounded (about `kept` x 4 on PostgreSQL) however many athletes the club has."""

    def __init__(self, club: Club, kept: int | None = None) -> None:
        self.club = club
        self.kept = kept or club.web.open_athletes
        self._open: OrderedDict[str, tuple[Runlift, FastAPI]] = OrderedDict()
        self._busy: Counter[str] = Counter()

    @property
    def open(self) -> list[str]:
        """The athletes open now, the least recently read first."""
        return list(self._open)

    def asgi(self, name: str) -> ASGIApp:
        """An ASGI app that hands each request to `name`'s dashboard, opening it if it is closed."""

        async def serve(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                dashboard_of = self._dashboard(name)
            except RunliftError as exc:  # this athlete's store or settings; the others are served
                log.error("athlete %s cannot be opened: %s", name, exc)
                unavailable = JSONResponse(
                    {"detail": f"{name}'s data cannot be read now (the server's log says why)"},
                    status_code=503,
                )
                await unavailable(scope, receive, send)
                return
            self._busy[name] += 1
            try:
                await dashboard_of(scope, receive, send)
            finally:
                self._busy[name] -= 1
                self._trim()

        return serve

    def _dashboard(self, name: str) -> FastAPI:
        if name in self._open:
            self._open.move_to_end(name)
        else:
            app = bootstrap(self.club.homes[name])
            self._open[name] = (app, dashboard(app, self.club.access[name]))
            self._trim(keeping=name)
        return self._open[name][1]

    def _trim(self, keeping: str | None = None) -> None:
        # never one still answering, nor the one just opened for a request
        closable = [n for n in self._open if not self._busy[n] and n != keeping]
        for name in closable:
            if len(self._open) <= self.kept:
                break
            app, _ = self._open.pop(name)
            app.close()

    def close(self) -> None:
        while self._open:
            self._open.popitem()[1][0].close()


@contextmanager
def opened(club: Club, kept: int | None = None) -> Iterator[Athletes]:
    """The club's athletes, opened as they are read (and all closed after)."""
    athletes = Athletes(club, kept)
    try:
        yield athletes
    finally:
        athletes.close()


def club_app(club: Club, athletes: Athletes) -> FastAPI:
    """The club's server: /athletes/NAME/ is that athlete's whole dashboard (pages and API); / lists the
    athletes the viewer's token may read, /api/athletes the same as JSON; /login takes any club token."""
    root = FastAPI(title="runlift club", version=__version__, docs_url=None, redoc_url=None)
    templates = Jinja2Templates(directory=HERE / "templates")
    root.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @root.get("/api/athletes", summary="The athletes this token may read, and where")
    async def listed(token: Annotated[str | None, Depends(viewer)]) -> list[dict[str, Any]]:
        names = club.visible(token)
        if not names:
            raise HTTPException(401, "a valid token is required", {"WWW-Authenticate": "Bearer"})
        return [
            {
                "name": name,
                "dashboard": f"/athletes/{name}/",
                "api": f"/athletes/{name}/api/",
                "writes": club.access[name].writes(token),
            }
            for name in names
        ]

    @root.get("/", include_in_schema=False)
    async def index(request: Request) -> Response:
        names = club.visible(request.cookies.get(COOKIE))
        if not names:
            return RedirectResponse(f"/login?next={quote('/')}", status_code=303)
        if len(names) == 1:  # an athlete's own token: straight to their dashboard
            return RedirectResponse(f"/athletes/{names[0]}/", status_code=303)
        context = {"athletes": names, "version": __version__, "base": ""}
        return templates.TemplateResponse(request, "club.html", context)

    def reads_any(token: str | None) -> bool:
        return bool(club.visible(token))

    add_login(root, reads_any, templates)
    for name in club.homes:
        root.mount(f"/athletes/{name}", athletes.asgi(name))
    return root

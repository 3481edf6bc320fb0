"""The dashboard's JSON API under /api/ (FastAPI: the OpenAPI schema is served at /api/openapi.json).

Read-only, and the same figures as the CLI's --json output: `/api/status` is `runlift status --json`,
the series are `runlift history ... --json`, the plan is `runlift plan --json`.

The handlers are `async def` on purpose although they block: they then run one at a time on the event
loop's thread, so the stores (SQLite connections, the views' engine) are only ever used from one thread.
A local dashboard has one reader.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from runlift import __version__
from runlift.bootstrap import Runlift
from runlift.projections import queries
from runlift.projections.load import week_start
from runlift.services import eventlog, status
from runlift.services.training import read_views, today

Channel = Literal["running", "lifting", "combined"]
Rows = list[dict[str, Any]]
# The furthest a series may reach: a day before FIT's epoch or far in the future is a mistake.
_FIRST_DAY, _LAST_DAY = date(1989, 12, 31), date(2200, 1, 1)
_IMPORT_EVENTS = ("FileImported", "FileRejected")

Day = Annotated[date | None, Query(description="A day, YYYY-MM-DD.", ge=_FIRST_DAY, le=_LAST_DAY)]
From = Annotated[
    date | None, Query(alias="from", description="First day.", ge=_FIRST_DAY, le=_LAST_DAY)
]
To = Annotated[date | None, Query(alias="to", description="Last day.", ge=_FIRST_DAY, le=_LAST_DAY)]


def create_api(app: Runlift, token: str | None = None) -> FastAPI:
    """The API over a wired runlift; with `token`, every request must carry it as a bearer token."""
    api = FastAPI(
        title="runlift",
        version=__version__,
        description="The athlete's training state and plan, read-only.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        # Declared (and in the schema) only when there is a token to check.
        dependencies=[Depends(_bearer(token))] if token else [],
    )
    refused: dict[int | str, dict[str, Any]] = (
        {401: {"description": "Missing or wrong bearer token"}} if token else {}
    )
    missing: dict[int | str, dict[str, Any]] = {
        404: {"description": "No sessions of that exercise"}
    }

    @api.get("/api/status", summary="What `runlift status --json` prints", responses=refused)
    async def get_status(as_of: Day = None) -> dict[str, Any]:
        return status.report(app, as_of)

    @api.get(
        "/api/load",
        summary="Daily load, fitness, fatigue, form and A:C ratio per channel",
        responses=refused,
    )
    async def get_load(start: From = None, end: To = None, channel: Channel | None = None) -> Rows:
        return read_views(
            app, lambda c: queries.load_series(c, app.settings.athlete_id, start, end, channel)
        )

    @api.get(
        "/api/readiness",
        summary="Daily readiness score, band, confidence and reasons",
        responses=refused,
    )
    async def get_readiness(start: From = None, end: To = None) -> Rows:
        return read_views(
            app, lambda c: queries.readiness_series(c, app.settings.athlete_id, start, end)
        )

    @api.get("/api/lifts", summary="The exercises that have sessions", responses=refused)
    async def get_lifts() -> list[str]:
        return read_views(app, lambda c: queries.exercises(c, app.settings.athlete_id))

    @api.get(
        "/api/lifts/{name}",
        summary="One exercise's sessions: e1RM, best set, volume",
        responses={**refused, **missing},
    )
    async def get_lift(name: str, start: From = None, end: To = None) -> Rows:
        rows = read_views(
            app, lambda c: queries.lift_series(c, app.settings.athlete_id, name, start, end)
        )
        if not rows:
            raise HTTPException(404, f"no sessions of {name!r}")
        return rows

    @api.get(
        "/api/plan",
        summary="The week's plan, as `runlift plan --json` prints it",
        responses=refused,
    )
    async def get_plan(week: Day = None) -> dict[str, Any]:
        view = app.plans().view(week_start(week or today(app)))
        return view.as_json()

    @api.get(
        "/api/imports",
        summary="The latest imported and rejected files, newest first",
        responses=refused,
    )
    async def get_imports(limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> Rows:
        latest = [
            r for log in app.applications for r in eventlog.read_latest(log, _IMPORT_EVENTS, limit)
        ]
        return sorted(latest, key=lambda record: record["recorded_at"], reverse=True)[:limit]

    return api


_BEARER = HTTPBearer(auto_error=False)


def _bearer(token: str) -> Any:
    """A dependency checking the bearer token."""

    def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> None:
        given = credentials.credentials if credentials is not None else ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(
                401, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
            )

    return check

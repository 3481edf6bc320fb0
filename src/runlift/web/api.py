"""The dashboard's JSON API under /api/ (FastAPI: the OpenAPI schema is served at /api/openapi.json).

The reads are the same figures as the CLI's --json output: `/api/status` is `runlift status --json`,
the series are `runlift history ... --json`, the plan is `runlift plan --json`. The writes (writes.py)
take what the athlete's phone sends: files, check-ins, injuries and a session's RPE.

The handlers are `async def` on purpose although they block: they then run one at a time on the event
loop's thread, so the stores (SQLite connections, the views' engine) are only ever used from one thread.
A local dashboard has one reader.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline

from runlift import __version__
from runlift.bootstrap import Runlift
from runlift.plans.ics import weeks_ics
from runlift.projections.duplicates import Duplicates, groups_json
from runlift.projections.load import week_start
from runlift.queries import eventlog, figures, series, status
from runlift.queries.muscles import muscle_weeks, muscles_on
from runlift.queries.training import read_views, today
from runlift.web.access import Access
from runlift.web.writes import write_routes

Channel = Literal["running", "lifting", "combined"]
Rows = list[dict[str, Any]]
# The furthest a series may reach: a day before FIT's epoch or far in the future is a mistake.
_FIRST_DAY, _LAST_DAY = date(1989, 12, 31), date(2200, 1, 1)
_IMPORT_EVENTS = ("FileImported", "FileRejected")
_READS = frozenset({"GET", "HEAD"})

Day = Annotated[date | None, Query(description="A day, YYYY-MM-DD.", ge=_FIRST_DAY, le=_LAST_DAY)]
From = Annotated[
    date | None, Query(alias="from", description="First day.", ge=_FIRST_DAY, le=_LAST_DAY)
]
To = Annotated[date | None, Query(alias="to", description="Last day.", ge=_FIRST_DAY, le=_LAST_DAY)]
# The browser's pages carry the token in this cookie (set by /login); scripts send it as a bearer token.
COOKIE = "runlift_token"


def create_api(app: Runlift, token: str | Access | None = None) -> FastAPI:
    """The API over a wired runlift; with `token` (one token, or an Access: the athlete's own token and
    their coaches'), every request must carry one that reads (a bearer token, or the pages' cookie; the
    calendar feed also takes it as `?token=`, since calendar apps send no headers); a write needs one that
    may write (a coach's token only reads)."""
    access = Access.of(token)
    # The docs page's Swagger UI comes from the package (fastapi-offline), not a CDN: it works offline.
    api = FastAPIOffline(
        title="runlift",
        version=__version__,
        description="The athlete's training state and plan; files, check-ins, injuries and a "
        "session's RPE pushed from the phone.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        static_url="/api/docs-assets",
    )
    guarded = APIRouter(dependencies=[Depends(guard(access))] if access else [])
    feed = APIRouter()
    refused: dict[int | str, dict[str, Any]] = (
        {401: {"description": "Missing or wrong token"}} if access else {}
    )
    missing: dict[int | str, dict[str, Any]] = {
        404: {"description": "No sessions of that exercise"}
    }
    unplanned: dict[int | str, dict[str, Any]] = {404: {"description": "That week is not planned"}}
    settings = app.projection_settings()
    athlete = app.settings.athlete_id

    @guarded.get("/api/status", summary="What `runlift status --json` prints", responses=refused)
    async def get_status(as_of: Day = None) -> dict[str, Any]:
        return status.report(app, as_of)

    @guarded.get(
        "/api/load",
        summary="Daily load, fitness, fatigue, form and A:C ratio per channel",
        responses=refused,
    )
    async def get_load(start: From = None, end: To = None, channel: Channel | None = None) -> Rows:
        return read_views(app, lambda c: figures.load_series(c, athlete, start, end, channel))

    @guarded.get(
        "/api/readiness",
        summary="Daily readiness score, band, confidence and reasons",
        responses=refused,
    )
    async def get_readiness(start: From = None, end: To = None) -> Rows:
        return read_views(app, lambda c: figures.readiness_series(c, athlete, start, end))

    @guarded.get("/api/lifts", summary="The exercises that have sessions", responses=refused)
    async def get_lifts() -> list[str]:
        return read_views(app, lambda c: figures.exercises(c, athlete))

    @guarded.get(
        "/api/lifts/{name}",
        summary="One exercise's sessions: e1RM, best set, volume",
        responses={**refused, **missing},
    )
    async def get_lift(name: str, start: From = None, end: To = None) -> Rows:
        rows = read_views(app, lambda c: figures.lift_series(c, athlete, name, start, end))
        if not rows:
            raise HTTPException(404, f"no sessions of {name!r}")
        return rows

    @guarded.get(
        "/api/plan",
        summary="The week's plan, as `runlift plan --json` prints it",
        responses={**refused, **unplanned},
    )
    async def get_plan(week: Day = None) -> dict[str, Any]:
        monday = week_start(week or today(app))
        view = app.plans().planned(monday)
        if view is None:  # read-only: weeks are planned by the daemon's jobs or `runlift plan`
            raise HTTPException(404, f"the week of {monday} is not planned")
        return view.as_json()

    @guarded.get(
        "/api/imports",
        summary="The latest imported and rejected files, newest first",
        responses=refused,
    )
    async def get_imports(limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> Rows:
        latest = [
            record
            for log in app.applications
            for record in eventlog.read_latest(log, _IMPORT_EVENTS, limit, athlete_id=athlete)
        ]
        return sorted(latest, key=lambda record: record["recorded_at"], reverse=True)[:limit]

    @guarded.get(
        "/api/training",
        summary="The training part of `runlift status --json`: load, readiness and lifts of a day",
        responses=refused,
    )
    async def get_training(as_of: Day = None) -> dict[str, Any]:
        return status.training_of(app, as_of)

    @guarded.get(
        "/api/days",
        summary="The first and last day with data of each kind (null: none yet), and today",
        responses=refused,
    )
    async def get_days() -> dict[str, Any]:
        spans = read_views(app, lambda c: series.spans(c, athlete))
        return {"today": today(app).isoformat(), **spans}

    @guarded.get(
        "/api/thresholds",
        summary="The settings the charts draw: spike threshold, ratio band, readiness bands, muscles",
        responses=refused,
    )
    async def get_thresholds() -> dict[str, Any]:
        load, ready = settings.load, settings.readiness
        return {
            "spike_pct": load.spike_pct,
            "spike_norm_weeks": load.spike_norm_weeks,
            "acwr_band": [load.acwr_lower, load.acwr_upper],
            "readiness_red": ready.red,
            "readiness_green": ready.green,
            "sleep_target_h": list(ready.sleep_target_h),
            "weekly_hard_sets": list(settings.muscles.weekly_hard_sets),
            "legs_threshold_pct": settings.muscles.legs_threshold_pct,
        }

    @guarded.get(
        "/api/muscles",
        summary="Each muscle group's fatigue at the day's end, 7-day hard sets and volume: status's list",
        responses=refused,
    )
    async def get_muscles(as_of: Day = None) -> Rows:
        day = as_of or today(app)
        return read_views(app, lambda c: muscles_on(c, settings, day))

    @guarded.get(
        "/api/muscles/weeks",
        summary="Hard sets and volume per Monday-Sunday week and muscle group",
        responses=refused,
    )
    async def get_muscle_weeks(start: From = None, end: To = None) -> Rows:
        return read_views(app, lambda c: muscle_weeks(c, athlete, start, end))

    @guarded.get(
        "/api/load/weeks",
        summary="Weekly load and km, the change in km and whether it is a spike",
        responses=refused,
    )
    async def get_load_weeks(
        start: From = None, end: To = None, channel: Channel = "running"
    ) -> Rows:
        return read_views(app, lambda c: series.weeks(c, settings, start, end, channel))

    @guarded.get(
        "/api/exercises",
        summary="Each exercise with sessions: key, name, sessions, last day; most trained first",
        responses=refused,
    )
    async def get_exercises() -> Rows:
        return read_views(app, lambda c: series.exercise_summaries(c, athlete))

    @guarded.get(
        "/api/lifts/{name}/progress",
        summary="One exercise's sessions, weekly volume and best e1RM, and progression markers",
        responses={**refused, **missing},
    )
    async def get_lift_progress(name: str, start: From = None, end: To = None) -> dict[str, Any]:
        progress = read_views(app, lambda c: series.lift_progress(c, settings, name, start, end))
        if progress is None:
            raise HTTPException(404, f"no sessions of {name!r}")
        return progress

    @guarded.get(
        "/api/sleep",
        summary="Per day woken up: hours slept and hours in each sleep stage",
        responses=refused,
    )
    async def get_sleep(start: From = None, end: To = None) -> Rows:
        return read_views(app, lambda c: series.nights(c, athlete, start, end))

    @guarded.get(
        "/api/wellness",
        summary="Resting HR and HRV per day against the readiness baseline",
        responses=refused,
    )
    async def get_wellness(start: From = None, end: To = None) -> Rows:
        return read_views(app, lambda c: series.recovery(c, athlete, start, end))

    @guarded.get(
        "/api/duplicates",
        summary="Workouts recorded in several files, as `runlift duplicates --json` prints them",
        responses=refused,
    )
    async def get_duplicates() -> Rows:
        return groups_json(app.history, Duplicates.of(app.history))

    @feed.get(
        "/api/plan.ics",
        summary="The plan as an iCalendar feed: this week and the planned weeks before it",
        response_class=Response,
        responses={200: {"content": {"text/calendar": {}}}, **refused, **unplanned},
        dependencies=[Depends(guard(access, query=True))] if access else [],
    )
    async def get_plan_ics(weeks: Annotated[int, Query(ge=1, le=52)] = 4) -> Response:
        plans = app.plans()
        start = week_start(today(app))
        starts = [start - timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]
        views = [v for v in (plans.planned(s) for s in starts) if v is not None]
        if not views:
            raise HTTPException(404, f"no week up to the week of {start} is planned")
        data = weeks_ics(views, app.settings.config.athlete.zone, calendar_id=plans.athlete_id)
        return Response(data, media_type="text/calendar")

    write_routes(app, guarded, token_set=access is not None)
    api.include_router(guarded)
    api.include_router(feed)
    return api


_BEARER = HTTPBearer(auto_error=False)
_COOKIE = APIKeyCookie(name=COOKIE, auto_error=False)


def guard(access: Access, *, query: bool = False) -> Any:
    """A dependency checking the token (a bearer token or the pages' cookie, and `?token=` if `query`):
    one that reads (401 otherwise); for a write (any method but GET and HEAD), one that writes too (403
    for a coach's, which reads)."""

    def given_query(
        token: Annotated[str | None, Query(description="The [web] token.")] = None,
    ) -> str:
        return token or ""

    def no_query() -> str:
        return ""

    # A plain default, not Annotated: the annotations are strings, and FastAPI resolves them in the
    # module's globals, where these local functions are not.
    source = Depends(given_query if query else no_query)

    def check(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
        cookie: Annotated[str | None, Depends(_COOKIE)],
        in_query: str = source,
    ) -> None:
        given = credentials.credentials if credentials is not None else cookie or in_query
        if not access.reads(given):
            raise HTTPException(401, "a valid token is required", {"WWW-Authenticate": "Bearer"})
        if request.method not in _READS and not access.writes(given):
            raise HTTPException(403, "this token reads this athlete's figures but may not write")

    return check

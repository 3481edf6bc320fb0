"""The API's write routes: files pushed over HTTP, check-ins, injuries and a done session's RPE.

Each goes through the same code as its command (`runlift import`, `checkin`, `injury`), then catches the
views up, so the answer and the next read already reflect it. Every route needs the [web] token when one is
set (the router's guard) and refuses cross-site requests (origin.py).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from runlift_migrations import read_models as rm
from sqlalchemy import select

from runlift.bootstrap import Runlift
from runlift.coaching.safety import KNOWN_PARTS, injury_part
from runlift.domain.checkins import Report
from runlift.domain.errors import Refused
from runlift.domain.plan import NotInjured
from runlift.ingest.history import StoreFailed
from runlift.ingest.service import FileResult
from runlift.ingest.summary import ImportSummary
from runlift.projections.facts import session_ratings
from runlift.queries import figures
from runlift.queries.training import read_views, today
from runlift.settings import largest_file
from runlift.web import after
from runlift.web.origin import same_site_only
from runlift.web.uploads import (
    MULTIPART,
    RAW_TYPES,
    Staged,
    check_length,
    file_name,
    media_type,
    receive_form,
    receive_raw,
)

log = logging.getLogger(__name__)

# Days a write may name: as the read routes', a day before FIT's epoch or far ahead is a mistake.
_FIRST_DAY, _LAST_DAY = date(1989, 12, 31), date(2200, 1, 1)
# Room for a multipart form's boundaries and part headers around the file's bytes.
_FORM_OVERHEAD = 16 * 1024
Scale = Annotated[int | None, Field(ge=1, le=5)]


class Problem(BaseModel):
    """A refused request: the rule broken in words, or FastAPI's list naming each bad field."""

    detail: str | list[dict[str, Any]]


class Pushed(BaseModel):
    """What became of a pushed file (the fields of `runlift import --json`, with `outcome`)."""

    outcome: Literal["imported", "already imported", "rejected"]
    file: str
    sha256: str | None = None
    importer: str | None = None
    format: str | None = None
    events: dict[str, int] = {}
    reason: str | None = None
    salvaged: str | None = None
    notes: list[str] = []
    seconds: float = 0.0
    already_stored: dict[str, int] = {}
    # A pushed .zip (a whole export): each of its files, and one summary of them all.
    files: list[dict[str, Any]] = []
    summary: dict[str, Any] | None = None


class CheckInBody(BaseModel):
    """A check-in as `runlift checkin` takes it: four 1-5 scales, where it hurts and a note."""

    model_config = ConfigDict(extra="forbid")
    day: date | None = Field(None, ge=_FIRST_DAY, le=_LAST_DAY, description="Default: today.")
    mood: Scale = Field(None, description="1 (low) to 5 (great).")
    energy: Scale = Field(None, description="1 (drained) to 5 (full of energy).")
    soreness: Scale = Field(None, description="1 (none) to 5 (very sore).")
    joint_pain: Scale = Field(None, description="1 (none) to 5 (severe).")
    joint_pain_where: str | None = Field(None, min_length=1, max_length=80)
    note: str | None = Field(None, min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _says_something(self) -> CheckInBody:
        if self.report().empty:
            raise ValueError(
                "say something: mood, energy, soreness, joint_pain, joint_pain_where or note"
            )
        return self

    def report(self) -> Report:
        return Report(
            mood=self.mood,
            energy=self.energy,
            soreness=self.soreness,
            joint_pain=self.joint_pain,
            pain_site=self.joint_pain_where,
            note=self.note,
        )


class CheckInRecorded(BaseModel):
    """The check-in stored, and the day's readiness with it."""

    day: date
    readiness: dict[str, Any] | None


class InjuryBody(BaseModel):
    """A body part to flag (injury mode, rule 8)."""

    model_config = ConfigDict(extra="forbid")
    part: str = Field(min_length=1, max_length=80, description="e.g. 'left knee'")
    day: date | None = Field(
        None, ge=_FIRST_DAY, le=_LAST_DAY, description="Since (default: today)."
    )
    note: str | None = Field(None, min_length=1, max_length=2000)


class Injuries(BaseModel):
    """The flagged parts (with the day each was flagged) and the parts runlift knows."""

    flagged: dict[str, date]
    known: list[str]


class RpeBody(BaseModel):
    """How hard the whole session was, on the CR-10 scale (0 rest, 10 maximal)."""

    model_config = ConfigDict(extra="forbid")
    rpe: float = Field(ge=0, le=10, allow_inf_nan=False)


class DoneSession(BaseModel):
    """A session done (its primary record, when several files hold it) and the RPE given for it."""

    session: str
    local_day: date
    kind: str
    sport: str
    title: str | None
    start_utc: datetime
    minutes: float
    rpe: float | None


def write_routes(app: Runlift, router: APIRouter, *, token_set: bool) -> None:
    """Add the write routes to `router` (which carries the token guard, if any)."""
    checked = [Depends(same_site_only(token_set=token_set))]
    refused: dict[int | str, dict[str, Any]] = {
        401: {"description": "Missing or wrong token"},
        403: {"description": "A write from another site"},
        422: {"model": Problem, "description": "A bad field, or a rule of runlift's broken"},
    }
    athlete = app.settings.athlete_id
    settings = app.settings.config.import_
    limit, _ = largest_file(settings.max_file_bytes, settings.max_stream_bytes)
    raw_types = {t: {"schema": {"type": "string", "format": "binary"}} for t in sorted(RAW_TYPES)}
    form = {
        "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
    }

    @router.post(
        "/api/files",
        summary="Push a file (its bytes, or a form's `file` field): imported as a dropped file is",
        status_code=201,
        dependencies=checked,
        response_model=Pushed,
        responses={
            200: {"model": Pushed, "description": "Already imported"},
            400: {"description": "A malformed form or Content-Length"},
            **refused,
            411: {"description": "A multipart upload without its length"},
            413: {
                "description": "Larger than [import] max_file_bytes (max_stream_bytes if larger)"
            },
            415: {"description": "Not a file's content type"},
            422: {
                "description": "Rejected: the reason, and the file kept in failed/ (or a bad name)",
                "content": {"application/json": {"schema": {}}},
            },
        },
        openapi_extra={
            "requestBody": {"required": True, "content": {**raw_types, MULTIPART: form}}
        },
    )
    async def push_file(
        request: Request,
        name: Annotated[
            str | None, Query(max_length=400, description="The file's name (default: made up).")
        ] = None,
    ) -> JSONResponse:
        kind = media_type(request)
        if kind != MULTIPART and kind not in RAW_TYPES:
            raise HTTPException(
                415, f"content type {kind!r}: send the file's bytes, or a multipart form"
            )
        multipart = kind == MULTIPART
        check_length(request, limit + (_FORM_OVERHEAD if multipart else 0), required=multipart)
        staged = Staged(
            app.settings.home.root, file_name(name, kind) if not multipart else "upload"
        )
        try:
            if multipart:
                given = await receive_form(request, staged.path, limit)
                staged.path = staged.path.rename(
                    staged.path.with_name(file_name(given or name, kind))
                )
            else:
                await receive_raw(request, staged.path, limit)
            results = _import_one(app, staged)
        finally:
            staged.discard()
        after.file_pushed(app)
        pushed = _pushed(results, staged.path.name)
        return JSONResponse(pushed.model_dump(mode="json"), status_code=_STATUS[pushed.outcome])

    @router.post(
        "/api/checkins",
        summary="Record how the athlete feels (as `runlift checkin`); the day's readiness after it",
        status_code=201,
        dependencies=checked,
        responses=refused,
    )
    async def post_checkin(body: Annotated[CheckInBody, Body()]) -> CheckInRecorded:
        day = body.day or today(app)
        _refusing(lambda: app.journal.check_in(day, body.report()))
        rows = read_views(app, lambda c: figures.readiness_series(c, athlete, day, day))
        after.recorded(app)
        return CheckInRecorded(day=day, readiness=rows[0] if rows else None)

    @router.get("/api/injuries", summary="The flagged body parts, and the parts runlift knows")
    async def get_injuries() -> Injuries:
        return _injuries(app)

    @router.post(
        "/api/injuries",
        summary="Flag a body part (as `runlift injury flag`): the plan goes into injury mode",
        status_code=201,
        dependencies=checked,
        responses=refused,
    )
    async def post_injury(body: Annotated[InjuryBody, Body()]) -> Injuries:
        part = _refusing(lambda: injury_part(body.part))
        when = body.day or today(app)
        _refusing(lambda: app.plans().flag_injury(part, when, body.note))
        after.recorded(app)
        return _injuries(app)

    @router.delete(
        "/api/injuries/{part}",
        summary="Clear a flagged body part (as `runlift injury clear`)",
        dependencies=checked,
        responses={**refused, 404: {"description": "That part is not flagged"}},
    )
    async def delete_injury(part: Annotated[str, Path(max_length=80)]) -> Injuries:
        try:
            app.plans().clear_injury(part, today(app))
        except NotInjured as exc:
            raise HTTPException(404, str(exc)) from None
        except Refused as exc:
            raise HTTPException(422, str(exc)) from None
        after.recorded(app)
        return _injuries(app)

    @router.get(
        "/api/sessions",
        summary="The sessions done in a span of days (default: the last 7), each with its RPE",
    )
    async def get_sessions(
        start: Annotated[date | None, Query(alias="from", ge=_FIRST_DAY, le=_LAST_DAY)] = None,
        end: Annotated[date | None, Query(alias="to", ge=_FIRST_DAY, le=_LAST_DAY)] = None,
    ) -> list[DoneSession]:
        last = end or today(app)
        first = start or date.fromordinal(last.toordinal() - 6)
        return read_views(app, lambda c: _done_sessions(c, athlete, first, last))

    @router.post(
        "/api/sessions/{session}/rpe",
        summary="Say how hard a done session was (CR-10): it scores the session's load",
        status_code=201,
        dependencies=checked,
        responses={**refused, 404: {"description": "No such session"}},
    )
    async def post_session_rpe(
        session: Annotated[str, Path(max_length=80)], body: Annotated[RpeBody, Body()]
    ) -> DoneSession:
        found = read_views(app, lambda c: _done_sessions(c, athlete, None, None, session))
        if not found:
            raise HTTPException(404, f"no session {session!r} has been done")
        done = found[0]
        _refusing(lambda: app.journal.rate_session(done.session, done.local_day, body.rpe))
        after.recorded(app)
        return read_views(app, lambda c: _done_sessions(c, athlete, None, None, done.session))[0]


_STATUS = {"imported": 201, "already imported": 200, "rejected": 422}


def _import_one(app: Runlift, staged: Staged) -> list[FileResult]:
    """Import the staged file as the drop folder does (a rejected one is moved into failed/): its result,
    or its members' if it is an archive."""
    try:
        report = app.importer().import_paths([staged.path], move_rejected=True)
    except StoreFailed as exc:
        log.warning("pushed %s: %s", staged.path.name, exc)
        raise HTTPException(503, str(exc)) from None
    app.projections().catch_up()
    return report.results


def _pushed(results: list[FileResult], name: str) -> Pushed:
    if len(results) == 1 and results[0].file.endswith(name):
        (result,) = results
        return Pushed(
            outcome=result.status,  # never "incomplete": nothing waits for more
            file=name,
            sha256=result.sha256,
            importer=result.importer,
            format=result.format,
            events=result.events,
            already_stored=result.already_stored,
            reason=result.reason,
            salvaged=result.salvaged,
            notes=list(result.notes),
            seconds=round(result.seconds, 3),
        )
    summary = ImportSummary.of(results)
    outcome = summary.outcome
    return Pushed(
        outcome="rejected" if outcome == "incomplete" else outcome,
        file=name,
        events=summary.stored,
        already_stored=summary.already_stored,
        reason=summary.line() if outcome == "rejected" else None,
        files=[asdict(r) for r in results],
        summary=summary.as_json(),
        seconds=round(sum(r.seconds for r in results), 3),
    )


def _refusing(action: Any) -> Any:
    """Run `action`; a rule it breaks (Refused) is the client's mistake: 422 with the rule's words."""
    try:
        return action()
    except Refused as exc:
        raise HTTPException(422, str(exc)) from None


def _injuries(app: Runlift) -> Injuries:
    program = app.plans().planner.program()  # read only: none yet means nothing flagged
    flagged = dict(program.injuries) if program is not None else {}
    return Injuries(flagged=flagged, known=sorted(KNOWN_PARTS))


def _done_sessions(
    conn: Any, athlete: str, first: date | None, last: date | None, key: str | None = None
) -> list[DoneSession]:
    """The primary sessions of the days (or the one `key`), each with the athlete's rating if given (to it
    or to a duplicate of it), else its file's RPE."""
    s = rm.session.c
    query = select(
        s.session,
        s.local_day,
        s.kind,
        s.sport,
        s.title,
        s.start_utc,
        s.elapsed_s,
        s.moving_s,
        s.rpe,
    ).where(s.athlete_id == athlete, s.primary_session == s.session)
    if key is not None:
        query = query.where(s.session == key)
    if first is not None:
        query = query.where(s.local_day >= first)
    if last is not None:
        query = query.where(s.local_day <= last)
    rows = conn.execute(query.order_by(s.start_utc)).all()
    if not rows:
        return []
    rated = session_ratings(conn, athlete, min(row.local_day for row in rows))
    return [
        DoneSession(
            session=row.session,
            local_day=row.local_day,
            kind=row.kind,
            sport=row.sport,
            title=row.title,
            start_utc=_aware(row.start_utc),
            minutes=round((row.moving_s or row.elapsed_s) / 60, 1),
            rpe=rated.get(row.session, row.rpe),
        )
        for row in rows
    ]


def _aware(moment: datetime) -> datetime:
    """A stored UTC moment as an aware datetime (SQLite hands them back naive)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

"""The dashboard's pages: HTML shells (Jinja2) whose script draws the /api/ figures with the bundled Chart.js."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from runlift import __version__
from runlift.bootstrap import Runlift
from runlift.web.access import Access
from runlift.web.api import COOKIE, create_api

HERE = Path(__file__).parent
# (path, template, title in the navigation)
PAGES = (
    ("/", "today", "Today"),
    ("/load", "load", "Load"),
    ("/strength", "strength", "Strength"),
    ("/sleep", "sleep", "Sleep & wellness"),
    ("/imports", "imports", "Imports"),
    ("/plan", "plan", "Plan"),
)

# The check-in's scales as the form shows them: (field, what 1 means, what 5 means), as `runlift checkin`.
SCALES = (
    ("mood", "low", "great"),
    ("energy", "drained", "full of energy"),
    ("soreness", "none", "very sore"),
    ("joint_pain", "none", "severe"),
)


def add_pages(api: FastAPI, token: str | Access | None) -> None:
    """Serve the pages, their script and the vendored libraries; with a token, pages need the cookie
    that /login sets (one that reads this athlete's figures). Mounted under a path (a club's
    /athletes/NAME), every link, script and API call carries that path (`base`)."""
    access = Access.of(token)
    templates = Jinja2Templates(directory=HERE / "templates")
    api.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(name: str, title: str) -> Any:
        async def show(request: Request) -> Response:
            base = base_of(request)
            given = request.cookies.get(COOKIE)
            if access is not None and not access.reads(given):
                return RedirectResponse(
                    f"{base}/login?next={quote(request.url.path)}", status_code=303
                )
            # this app's feed (on a club's server, url_for would find the first athlete's)
            feed = str(request.url.replace(path=f"{base}/api/plan.ics", query=""))
            if access is not None:  # the viewer's own token: a calendar app sends no cookie
                feed += f"?token={quote(given or '')}"
            context = {
                "page": name,
                "title": title,
                "pages": PAGES,
                "version": __version__,
                "scales": SCALES,
                "base": base,
            }
            return templates.TemplateResponse(request, f"{name}.html", {**context, "feed": feed})

        show.__name__ = f"page_{name}"
        return show

    for path, name, title in PAGES:
        api.add_api_route(
            path, page(name, title), methods=["GET"], include_in_schema=False, name=f"page_{name}"
        )

    add_login(api, access.reads if access is not None else None, templates)


def add_login(
    api: FastAPI, reads: Callable[[str | None], bool] | None, templates: Jinja2Templates
) -> None:
    """GET /login, its form, and POST /login: a token that `reads` is kept in the pages' cookie (for
    the whole server: a club's coach logs in once) and the browser goes on to `next`."""

    @api.get("/login", include_in_schema=False)
    async def login_form(request: Request, next: str = "/") -> HTMLResponse:
        context = {"next": _local(next), "failed": False, "version": __version__}
        return templates.TemplateResponse(
            request, "login.html", {**context, "base": base_of(request)}
        )

    @api.post("/login", include_in_schema=False)
    async def login(
        request: Request, token_given: Annotated[str, Form(alias="token")], next: str = "/"
    ) -> Response:
        if reads is None or not reads(token_given):
            context = {"next": _local(next), "failed": reads is not None, "version": __version__}
            return templates.TemplateResponse(
                request,
                "login.html",
                {**context, "base": base_of(request)},
                status_code=401 if reads is not None else 200,
            )
        response = RedirectResponse(_local(next), status_code=303)
        response.set_cookie(COOKIE, token_given, httponly=True, samesite="strict", path="/")
        return response


def base_of(request: Request) -> str:
    """The path this app is mounted under ("" at the server's root)."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def _local(target: str) -> str:
    """Only a path on this server is a place to go after logging in."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def dashboard(app: Runlift, token: str | Access | None = None) -> FastAPI:
    """The whole dashboard: the JSON API and the pages that draw it."""
    api = create_api(app, token)
    add_pages(api, token)
    return api

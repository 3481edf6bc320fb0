"""The dashboard's pages: HTML shells (Jinja2) whose script draws the /api/ figures with the bundled Chart.js."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from runlift import __version__
from runlift.bootstrap import Runlift
from runlift.web.api import COOKIE, create_api, matches

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


def add_pages(api: FastAPI, token: str | None) -> None:
    """Serve the pages, their script and the vendored libraries; with a token, pages need the cookie
    that /login sets."""
    templates = Jinja2Templates(directory=HERE / "templates")
    api.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def allowed(request: Request) -> bool:
        return token is None or matches(request.cookies.get(COOKIE), token)

    def page(name: str, title: str) -> Any:
        async def show(request: Request) -> Response:
            if not allowed(request):
                return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
            feed = str(request.url_for("get_plan_ics"))
            if token is not None:
                feed += f"?token={quote(token)}"
            context = {
                "page": name,
                "title": title,
                "pages": PAGES,
                "version": __version__,
                "scales": SCALES,
            }
            return templates.TemplateResponse(request, f"{name}.html", {**context, "feed": feed})

        show.__name__ = f"page_{name}"
        return show

    for path, name, title in PAGES:
        api.add_api_route(
            path, page(name, title), methods=["GET"], include_in_schema=False, name=f"page_{name}"
        )

    @api.get("/login", include_in_schema=False)
    async def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return templates.TemplateResponse(
            request, "login.html", {"next": _local(next), "failed": False, "version": __version__}
        )

    @api.post("/login", include_in_schema=False)
    async def login(
        request: Request, token_given: Annotated[str, Form(alias="token")], next: str = "/"
    ) -> Response:
        if token is None or not matches(token_given, token):
            return templates.TemplateResponse(
                request,
                "login.html",
                {"next": _local(next), "failed": token is not None, "version": __version__},
                status_code=401 if token is not None else 200,
            )
        response = RedirectResponse(_local(next), status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
        return response


def _local(target: str) -> str:
    """Only a path on this server is a place to go after logging in."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def dashboard(app: Runlift, token: str | None = None) -> FastAPI:
    """The whole dashboard: the JSON API and the pages that draw it."""
    api = create_api(app, token)
    add_pages(api, token)
    return api

"""Write routes refuse cross-site requests: the browser's Fetch Metadata and Origin headers must name this site.

A page on another site can make the athlete's browser POST a form or a `fetch` to the dashboard (a "simple"
request needs no CORS preflight), and the browser would add the dashboard's cookie if it had no SameSite
attribute. runlift's cookie is SameSite=Strict, and without a token the dashboard listens on this machine
only; these checks close what is left: a write from another origin, and (with no token) a page that
reaches the loopback server under a name of its own (DNS rebinding), is refused with 403 before it runs.
Requests from scripts and phone apps send neither header and are judged by their token alone.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def same_site_only(*, token_set: bool) -> Callable[[Request], None]:
    """A dependency that refuses a write coming from another site's page."""

    def check(request: Request) -> None:
        fetched_from = request.headers.get("sec-fetch-site")
        if fetched_from is not None and fetched_from not in {"same-origin", "none"}:
            raise HTTPException(403, f"a write from another site is refused ({fetched_from})")
        host = request.headers.get("host", "")
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != host:
            raise HTTPException(403, f"a write from another origin ({origin}) is refused")
        if not token_set and _hostname(host) not in LOOPBACK_NAMES:
            raise HTTPException(
                403, f"without a [web] token, writes are taken only at 127.0.0.1, not {host!r}"
            )

    return check


def _hostname(host: str) -> str:
    """The name part of a Host header ("[::1]:8765" -> "::1")."""
    name = urlsplit(f"//{host}").hostname
    return name or ""

"""Runs the dashboard's API with uvicorn on the configured address ([web] in the configuration)."""

from __future__ import annotations

import uvicorn

from runlift.bootstrap import Runlift
from runlift.web.api import create_api


def serve(app: Runlift, host: str, port: int, token: str | None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    config = uvicorn.Config(
        create_api(app, token),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        workers=1,  # one process: the handlers run one at a time on its event loop (api.py)
    )
    uvicorn.Server(config).run()

"""Logging for the daemon: readable lines on stderr (or JSON lines), and a rotated file in the home."""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from pathlib import Path

from runlift.settings import DaemonConfig

LOG_NAME = "runlift.log"
FORMAT = "%(asctime)s %(levelname)-7s %(message)s"


class JSONLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure(home: Path, config: DaemonConfig, *, json_lines: bool = False) -> None:
    """Send runlift's log records to stderr and to <home>/runlift.log (rotated)."""
    logger = logging.getLogger("runlift")
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(JSONLines() if json_lines else logging.Formatter(FORMAT))
    rotated = logging.handlers.RotatingFileHandler(
        home / LOG_NAME, maxBytes=config.log_max_bytes, backupCount=config.log_backups
    )
    rotated.setFormatter(JSONLines() if json_lines else logging.Formatter(FORMAT))
    logger.addHandler(stderr)
    logger.addHandler(rotated)
    logger.propagate = False

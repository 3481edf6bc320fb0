"""runlift: a self-hosted, event-sourced training companion for runners who lift."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed metadata when first asked for (importlib.metadata costs every
    command's start-up time otherwise)."""
    if name != "__version__":
        raise AttributeError(f"module 'runlift' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("runlift")
    except PackageNotFoundError:  # running from a source tree that is not installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found

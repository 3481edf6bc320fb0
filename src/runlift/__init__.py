"""runlift: a self-hosted, event-sourced training companion for runners who lift."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("runlift")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

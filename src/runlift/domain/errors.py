"""Errors the domain raises when an invariant would be broken, and the base of every error a user can act on."""

from typing import ClassVar

EXIT_REJECTED = 1
EXIT_USAGE = 2


class RunliftError(Exception):
    """An error the user can act on: its message says what is wrong, `exit_status` what a command exits with.

    Each layer derives its own (ConfigError, StoreURLError, StoreSetupError, StoreFailed, AlreadyRunning, the
    domain's refusals); the command line prints `label: message` and exits with `exit_status` in one place
    (runlift.cli.errors).
    """

    exit_status: ClassVar[int] = EXIT_USAGE
    label: ClassVar[str] = "error"


class DomainError(Exception):
    """Base of the domain's errors."""


class Refused(DomainError, RunliftError):
    """The domain refuses a request it was given (an unknown link, an unknown or unflagged body part, an RPE
    off the CR-10 scale); the web API answers it with 422."""


class FileSealed(DomainError):
    """Facts can be added to an imported file only before it is first saved."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        super().__init__(f"file {sha256[:12]} is already stored; its facts cannot change")


class NotAFileEvent(DomainError):
    """Only training facts (subclasses of FileEvent) belong to an imported file."""

    def __init__(self, event_class: type) -> None:
        self.event_class = event_class
        super().__init__(f"{event_class.__name__} is not a training fact of an imported file")

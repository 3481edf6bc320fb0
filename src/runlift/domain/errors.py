"""Errors the domain raises when an invariant would be broken."""


class DomainError(Exception):
    """Base of the domain's errors."""


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

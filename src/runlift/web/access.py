"""Who may use one athlete's dashboard and API: the tokens that read it, and those that may also write."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Access:
    """The tokens that may read one athlete's figures (their own token and their coaches'), and those
    that may also write (push files, check in, rate sessions): the athlete's own only. A coach reads."""

    readers: frozenset[str]
    writers: frozenset[str]

    def __post_init__(self) -> None:
        if not self.readers or not self.writers <= self.readers:
            raise ValueError("an athlete's access needs tokens, and every writer reads")

    @classmethod
    def of(cls, token: str | Access | None) -> Access | None:
        """One token that reads and writes (`[web] token`); None, an open dashboard (this machine only)."""
        if token is None or isinstance(token, Access):
            return token
        return cls(frozenset({token}), frozenset({token}))

    @classmethod
    def athlete(cls, own: str, coaches: Iterable[str] = ()) -> Access:
        """The athlete's own token (reads and writes) and their coaches' (read only)."""
        return cls(frozenset({own, *coaches}), frozenset({own}))

    def reads(self, given: str | None) -> bool:
        return _known(given, self.readers)

    def writes(self, given: str | None) -> bool:
        return _known(given, self.writers)


def matches(given: str | None, token: str) -> bool:
    """Whether `given` is the token (compared in constant time)."""
    return secrets.compare_digest((given or "").encode(), token.encode())


def _known(given: str | None, tokens: frozenset[str]) -> bool:
    # every token compared, in constant time each: how many match does not show in the time taken
    return sum(matches(given, token) for token in tokens) > 0

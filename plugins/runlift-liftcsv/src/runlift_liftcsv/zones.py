"""The zone the apps' zone-less local times are read in: the importer's option, else the athlete's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runlift.importers import DecodeRequest, Unimportable
from runlift.importers.values import MAX_UTC_OFFSET_S
from runlift_liftcsv.cells import bad_value

OPTION = "time_zone"


def zone_for(request: DecodeRequest, importer: str) -> ZoneInfo:
    """`time_zone` from [importers.<importer>] when set (a history logged elsewhere), else the athlete's.

    Cores older than DecodeRequest.time_zone send no athlete zone; then UTC.
    """
    configured = request.options.get(OPTION)
    if configured is not None and configured != "":
        return _zone(configured, f"[importers.{importer}] {OPTION}")
    return _zone(getattr(request, "time_zone", None) or "UTC", "the athlete's time_zone")


def _zone(name: object, setting: str) -> ZoneInfo:
    if not isinstance(name, str):
        raise Unimportable(f"{setting} must be a time zone name, got {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise Unimportable(
            f"{setting} = {name!r} is not an IANA time zone such as 'Europe/Berlin'"
        ) from None


def to_utc(local: datetime, zone: ZoneInfo) -> tuple[datetime, int]:
    """A wall-clock time read in `zone` as a UTC instant and the zone's offset then, in seconds.

    A time that carries its own offset keeps it. In the hour a clock is set back, the earlier of the two
    instants is taken (fold 0), as the apps give no way to tell them apart.
    """
    aware = local if local.tzinfo is not None else local.replace(tzinfo=zone)
    offset = aware.utcoffset()
    assert offset is not None  # aware by construction
    return aware.astimezone(UTC), int(offset.total_seconds())


class LocalClock:
    """Reads one app's local times as UTC instants and offsets, each distinct text once: every set row
    repeats its workout's times, and a 7,000-row export holds only a few hundred of them."""

    def __init__(
        self, parse: Callable[[str], datetime | None], zone: ZoneInfo, example: str
    ) -> None:
        self.parse = parse
        self.zone = zone
        self.example = example
        self.seen: dict[str, tuple[datetime, int]] = {}

    def read(self, text: str, line: int, column: str) -> tuple[datetime, int]:
        known = self.seen.get(text)
        if known is None:
            local = self.parse(text)
            if local is None:
                raise bad_value(line, column, text, f"is not a time such as {self.example!r}")
            try:
                known = to_utc(local, self.zone)
            except OverflowError:  # year 1 or 9999 moved past the calendar's end by the offset
                raise bad_value(line, column, text, "is not a time runlift can place") from None
            if abs(known[1]) > MAX_UTC_OFFSET_S:
                raise bad_value(line, column, text, "has a UTC offset beyond 14 hours")
            self.seen[text] = known
        return known

"""Maps a GPX track's <type> to FIT profile sport and sub_sport names.

GPX leaves <type> free text. Garmin Connect writes its activity-type keys (running, road_biking,
trail_running...), Strava numbers (9 a run, 1 a ride, 17 a virtual ride) in older exports and words in newer
ones, other apps English words. A track whose type is absent or unknown gets the importer's default sport:
"generic", FIT's own name for an unstated sport, unless the user configured `default_sport`.
"""

from __future__ import annotations

import re

GENERIC = "generic"

# Sports whose cadence GPX extensions give per leg (strides a minute); runlift stores steps a minute.
# The same set as runlift-fit's, so a session reads alike whichever file it came in.
FOOT_SPORTS = frozenset({"running", "walking", "hiking", "mountaineering", "snowshoeing"})

Sport = tuple[str, str | None]

# Strava's numeric activity types in its GPX exports. Strava publishes no table: these three are confirmed
# by real exports (17 by a Zwift ride in the corpus); any other number falls back to the default sport.
_STRAVA_CODES: dict[str, Sport] = {
    "1": ("cycling", None),
    "9": ("running", None),
    "17": ("cycling", "virtual_activity"),
}

_WORDS: dict[str, Sport] = {
    # running
    "running": ("running", None),
    "run": ("running", None),
    "trail_running": ("running", "trail"),
    "trail_run": ("running", "trail"),
    "treadmill_running": ("running", "treadmill"),
    "street_running": ("running", "street"),
    "track_running": ("running", "track"),
    "indoor_running": ("running", "indoor_running"),
    "virtual_run": ("running", "virtual_activity"),
    # cycling
    "cycling": ("cycling", None),
    "biking": ("cycling", None),
    "bike": ("cycling", None),
    "ride": ("cycling", None),
    "road_biking": ("cycling", "road"),
    "road_cycling": ("cycling", "road"),
    "mountain_biking": ("cycling", "mountain"),
    "gravel_cycling": ("cycling", "gravel_cycling"),
    "cyclocross": ("cycling", "cyclocross"),
    "indoor_cycling": ("cycling", "indoor_cycling"),
    "virtual_ride": ("cycling", "virtual_activity"),
    "e_biking": ("e_biking", None),
    "e_bike_ride": ("e_biking", None),
    # walking and hiking
    "walking": ("walking", None),
    "walk": ("walking", None),
    "casual_walking": ("walking", "casual_walking"),
    "speed_walking": ("walking", "speed_walking"),
    "indoor_walking": ("walking", "indoor_walking"),
    "hiking": ("hiking", None),
    "hike": ("hiking", None),
    "mountaineering": ("mountaineering", None),
    # others a runner who lifts records
    "swimming": ("swimming", None),
    "swim": ("swimming", None),
    "lap_swimming": ("swimming", "lap_swimming"),
    "open_water_swimming": ("swimming", "open_water"),
    "strength_training": ("training", "strength_training"),
    "training": ("training", None),
    "rowing": ("rowing", None),
    "indoor_rowing": ("rowing", "indoor_rowing"),
    "cross_country_skiing": ("cross_country_skiing", None),
    "alpine_skiing": ("alpine_skiing", None),
    "snowshoeing": ("snowshoeing", None),
    "inline_skating": ("inline_skating", None),
    "paddling": ("paddling", None),
    "kayaking": ("kayaking", None),
    "generic": (GENERIC, None),
    "other": (GENERIC, None),
}

_SEPARATORS = re.compile(r"[\s\-]+")


def sport_of(track_type: str | None, default: str) -> Sport:
    """The (sport, sub_sport) a track's <type> names, or (`default`, None) when it names none we know."""
    if track_type is None:
        return default, None
    key = _SEPARATORS.sub("_", track_type.strip().lower())
    return _STRAVA_CODES.get(key) or _WORDS.get(key) or (default, None)


def counts_steps(sport: str) -> bool:
    """Whether the sport's cadence counts strides (doubling to steps a minute); other sports' cadence is
    crank or stroke revolutions, which runlift's steps-a-minute fields cannot hold."""
    return sport in FOOT_SPORTS

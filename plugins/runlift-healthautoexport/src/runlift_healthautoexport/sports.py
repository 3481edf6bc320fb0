"""Maps a Health Auto Export workout `name` (Apple's activity type, in words) to FIT sport names.

The app names a workout after its HealthKit activity type ("Running", "Traditional Strength Training",
"High Intensity Interval Training") and, for workouts recorded with Apple's Workout app, sometimes after
the Workout app's own names ("Outdoor Run", "Indoor Cycle", "Pool Swim"). Names are compared in lower case;
any other name is "generic", FIT's own name for an unstated sport (the names runlift-fit and runlift-gpx give
these sports).
"""

from __future__ import annotations

GENERIC = "generic"

Sport = tuple[str, str | None]

_NAMES: dict[str, Sport] = {
    "running": ("running", None),
    "outdoor run": ("running", None),
    "indoor run": ("running", "treadmill"),
    "trail running": ("running", "trail"),
    "walking": ("walking", None),
    "outdoor walk": ("walking", None),
    "indoor walk": ("walking", "indoor_walking"),
    "hiking": ("hiking", None),
    "cycling": ("cycling", None),
    "outdoor cycle": ("cycling", None),
    "indoor cycle": ("cycling", "indoor_cycling"),
    "mountain biking": ("cycling", "mountain"),
    "swimming": ("swimming", None),
    "pool swim": ("swimming", "lap_swimming"),
    "open water swim": ("swimming", "open_water"),
    "traditional strength training": ("training", "strength_training"),
    "functional strength training": ("training", "strength_training"),
    "strength training": ("training", "strength_training"),
    "core training": ("training", None),
    "cross training": ("training", None),
    "high intensity interval training": ("hiit", None),
    "rowing": ("rowing", None),
    "indoor rowing": ("rowing", "indoor_rowing"),
    "elliptical": ("fitness_equipment", "elliptical"),
    "stair climbing": ("fitness_equipment", "stair_climbing"),
    "stair stepper": ("fitness_equipment", "stair_climbing"),
    "stairs": ("fitness_equipment", "stair_climbing"),
    "yoga": ("training", "yoga"),
    "pilates": ("training", "pilates"),
    "flexibility": ("training", "flexibility_training"),
    "cross country skiing": ("cross_country_skiing", None),
    "downhill skiing": ("alpine_skiing", None),
    "snowboarding": ("snowboarding", None),
    "paddling": ("paddling", None),
    "other": (GENERIC, None),
}
# A sport done indoors, when the name does not already say so (`isIndoor`, version 2 workouts).
_INDOORS: dict[str, str] = {
    "running": "treadmill",
    "walking": "indoor_walking",
    "cycling": "indoor_cycling",
}


def sport_of(name: str, indoor: bool = False) -> Sport:
    """The (sport, sub_sport) a workout name says, with the indoor variant when `indoor`."""
    sport, sub_sport = _NAMES.get(" ".join(name.lower().replace("-", " ").split()), (GENERIC, None))
    if indoor and sub_sport is None:
        sub_sport = _INDOORS.get(sport)
    return sport, sub_sport

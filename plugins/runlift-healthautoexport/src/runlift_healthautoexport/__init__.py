"""runlift importer for Health Auto Export's JSON: Apple Health data exported or posted by the iOS app."""

__version__ = "0.1.0"

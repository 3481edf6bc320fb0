"""runlift importer for the wellness JSON of Garmin Connect's account export ("Export your data")."""

__version__ = "0.1.0"

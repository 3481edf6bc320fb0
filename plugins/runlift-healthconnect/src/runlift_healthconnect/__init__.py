"""runlift importer for the health data the Android app Health Connect Webhook posts as JSON."""

__version__ = "0.1.0"

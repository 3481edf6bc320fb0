"""runlift's importer for FIT files (Garmin and every device that writes the FIT protocol)."""

__version__ = "0.1.0"

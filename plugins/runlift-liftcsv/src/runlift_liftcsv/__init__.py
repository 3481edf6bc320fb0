"""runlift importers for the Hevy and Strong lifting apps' CSV exports."""

__version__ = "0.1.0"

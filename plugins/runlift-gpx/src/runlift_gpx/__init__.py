"""runlift's GPX importer: recorded tracks become activities; routes, waypoints and courses are refused."""

__version__ = "0.1.0"

"""runlift's TCX importer: Garmin Training Center activities become activities; courses are refused."""

__version__ = "0.1.0"

"""runlift importer for Apple Health's export (`export.xml` of the Health app's "Export All Health Data")."""

__version__ = "0.1.0"

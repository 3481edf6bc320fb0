"""The `runlift` command line."""

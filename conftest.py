"""Loads the tests' fixtures (tests/support/fixtures.py) for the core's and the plugins' tests."""

pytest_plugins = ["tests.support.fixtures"]

"""Unit tests: one module's behaviour, no database and no runlift process."""

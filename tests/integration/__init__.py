"""Integration tests: the import service, the stores and the read models on real SQLite and PostgreSQL."""

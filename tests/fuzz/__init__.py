"""Fuzzing the importers and the ingest core with mutated real corpus files (docs/fuzzing.md)."""

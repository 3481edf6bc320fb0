"""Ingest: expand paths and archives, choose an importer, decode in a worker, normalise, save, quarantine."""

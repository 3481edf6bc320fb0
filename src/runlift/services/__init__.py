"""Application services: load, decide, save; return ids and plain values; translate library errors."""

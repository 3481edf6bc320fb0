"""The domain: events and aggregates, pure (no I/O, no plugins, no scheduler)."""

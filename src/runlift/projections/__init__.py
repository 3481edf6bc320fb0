"""Read models computed from the events: training load, readiness, strength progression, and their driver."""

"""Storage: the database URL mapped onto eventsourcing's persistence settings, and what both backends share."""

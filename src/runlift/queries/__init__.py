"""The read side's queries: status, training figures, series, the audit log."""

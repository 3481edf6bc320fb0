"""The plan application: the plan's event log, generating and re-planning weeks, exports."""

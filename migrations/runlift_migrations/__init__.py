"""Event upcasters and read-model schema versions: how stored history keeps being readable."""

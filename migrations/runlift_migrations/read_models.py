"""Schema versions of the read models (projections): bump one and that projection is rebuilt by replay."""

from __future__ import annotations

# Filled in as projections land (issue 5): {"training_load": 1, ...}. A projection absent here has none yet.
SCHEMA_VERSIONS: dict[str, int] = {}

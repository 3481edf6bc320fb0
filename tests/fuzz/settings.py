"""Hypothesis settings for the fuzz tests: a few fixed examples in the default suite, many in `pytest -m fuzz`.

The default suite's examples are derandomised (the same every run, so it cannot flake) and keep no
database; the long run (marker `fuzz`, RUNLIFT_FUZZ_EXAMPLES examples per property, default 2,000)
explores afresh each time and remembers failing examples in .hypothesis/ to replay them first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

EXAMPLES_ENV = "RUNLIFT_FUZZ_EXAMPLES"
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
# A long run's time limit per property: generous per example, so only a real hang trips it.
_SECONDS_PER_EXAMPLE = 2


def default(examples: int) -> settings:
    """Settings for a property in the default suite."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=_QUIET,
    )


def long(test: Callable[..., Any]) -> Callable[..., Any]:
    """Make a property (already @given) the long twin of a default one: marked `fuzz`, run for
    RUNLIFT_FUZZ_EXAMPLES examples."""
    examples = int(os.environ.get(EXAMPLES_ENV, "2000"))
    test = settings(
        max_examples=examples, deadline=None, suppress_health_check=_QUIET, print_blob=True
    )(test)
    timeout = pytest.mark.timeout(max(300, examples * _SECONDS_PER_EXAMPLE))
    return timeout(pytest.mark.fuzz(test))

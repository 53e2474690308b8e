"""Hypothesis profiles for the fuzz suites.

``make test`` runs hypothesis's own default (100 examples per test, the budget of every suite here).
A deeper run: ``pytest tests/fuzz --hypothesis-profile=fuzz-deep`` (5,000 examples per test,
no deadline), or ``fuzz-nightly`` (50,000). The profiles are registered by this folder's conftest; to
use them with a plain ``pytest`` over the whole tree, the root conftest must import this module too
(pytest loads sub-folder conftests only after the command line is parsed).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Examples per test in each profile (the default profile, 100 per test, runs this folder in ~20 s).
DEEP_EXAMPLES = 5_000
NIGHTLY_EXAMPLES = 50_000


def register_profiles() -> None:
    slow_ok = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile("fuzz-deep", max_examples=DEEP_EXAMPLES, deadline=None, suppress_health_check=slow_ok)
    settings.register_profile("fuzz-nightly", max_examples=NIGHTLY_EXAMPLES, deadline=None,
                              suppress_health_check=slow_ok)

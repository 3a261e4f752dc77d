"""Hypothesis profiles for the property tests.

    ci        every language gets POLYSNIP_PROPERTY_VALUES values (default 2,000), drawn
              from a fixed seed so that a CI run is reproducible;
    dev       the same number from a fresh random seed each run (the seed is printed
              with any failure; POLYSNIP_PROPERTY_SEED=<seed> replays it);
    thorough  20,000 values per language, random seed: for a long local run.

The profile is HYPOTHESIS_PROFILE when set, else "ci" under CI=true and "dev" otherwise.
POLYSNIP_PROPERTY_VALUES overrides the number of values of any profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.conftest import on_ci

_COMMON = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}
_VALUES = os.environ.get("POLYSNIP_PROPERTY_VALUES")

settings.register_profile("ci", max_examples=int(_VALUES or 2000), derandomize=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=int(_VALUES or 2000), **_COMMON)  # type: ignore[arg-type]
settings.register_profile("thorough", max_examples=int(_VALUES or 20000), **_COMMON)  # type: ignore[arg-type]
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if on_ci() else "dev")
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    return f"hypothesis profile for tests/property: {PROFILE} ({settings().max_examples} values per language)"

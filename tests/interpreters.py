"""Finding the real interpreters and compilers that tests evaluate generated code with.

A missing tool skips the tests that need it, with a reason starting MISSING; under
CI=true tests/conftest.py turns such skips into failures, so that CI never passes
because a compiler was not installed.
"""

from __future__ import annotations

import shutil

import pytest

MISSING = "interpreter missing"


def need(*tools: str) -> dict[str, str]:
    """The paths of tools (all of them), or skip the calling test or fixture."""
    found = {tool: shutil.which(tool) for tool in tools}
    absent = [tool for tool, path in found.items() if path is None]
    if absent:
        pytest.skip(f"{MISSING}: {', '.join(absent)} not on PATH")
    return {tool: path for tool, path in found.items() if path is not None}

"""Settings shared by every test folder.

When the environment says CI=true, a test skipped because an interpreter or compiler is
missing (tests/interpreters.py: need()) is reported as a failure instead: on CI every
language's toolchain must be installed, and a green run must mean the literals were
really evaluated.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator

import pytest

from tests.interpreters import MISSING

TOOLS = ("bash", "ruby", "javac", "java", "mcs", "mono")


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_report_header() -> str:
    found = ", ".join(f"{tool}={'yes' if shutil.which(tool) else 'MISSING'}" for tool in TOOLS)
    return f"interpreters: {found}" + (" (CI: missing ones fail)" if on_ci() else "")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and on_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if MISSING in reason:
            report.outcome = "failed"
            report.longrepr = f"CI=true: a missing interpreter is a failure, not a skip: {reason}"
    return report

"""Runners execute generated programs; one module per language, each defining RUNNER."""

from __future__ import annotations

import importlib
import pkgutil

from .base import Availability, ProgramRun, Runner, RunResult


def _discover() -> dict[str, Runner]:
    found: dict[str, Runner] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        runner = getattr(module, "RUNNER", None)
        if not isinstance(runner, Runner):
            raise TypeError(f"{module.__name__} must define RUNNER, a Runner instance")
        found[runner.language] = runner
    return dict(sorted(found.items()))


RUNNERS: dict[str, Runner] = _discover()

__all__ = ["RUNNERS", "Availability", "ProgramRun", "RunResult", "Runner"]

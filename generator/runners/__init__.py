"""Runners execute generated programs against moto; one per language that can run here."""

from __future__ import annotations

from .base import Availability, ProgramRun, Runner, RunResult
from .cli import CliRunner
from .python import PythonRunner

RUNNERS: dict[str, Runner] = {runner.language: runner for runner in (PythonRunner(), CliRunner())}

__all__ = ["RUNNERS", "Availability", "ProgramRun", "RunResult", "Runner"]

"""Shared fixtures for tests that run generated programs against moto."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.languages import select
from generator.model import Model
from generator.pipeline import render_spec
from generator.render import Renderer, Snippet
from generator.spec import load_spec
from generator.verify import Report, verify_model

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "kms-key-policies.yaml"


def load(path: Path = SPEC) -> tuple[Model, list[Snippet]]:
    model, _ = load_spec(path)
    return model, render_spec(model, select(None), Renderer()).snippets


def run_verify(languages: str, path: Path = SPEC, **kwargs: object) -> Report:
    model, snippets = load(path)
    return verify_model(model, snippets, select(languages), Renderer(), **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def python_cli_report() -> Report:
    """One verification run of every Python and AWS CLI program, shared by the per-snippet tests."""
    return run_verify("python,cli")


def require_tool(name: str) -> str:
    """The tool's path; under CI a missing tool fails the test instead of skipping it."""
    import os
    import shutil

    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is not installed; .ci/run must install it")
    pytest.skip(f"{name} is not installed")

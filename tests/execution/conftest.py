"""Shared fixtures for tests that run generated programs against moto."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.languages import select
from generator.model import Model
from generator.moto_server import RecordingMotoServer
from generator.pipeline import render_spec
from generator.render import Renderer, Snippet
from generator.runners.base import ProgramRun, Runner
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


def check_each_program_signs_alone(
    runner: Runner, filename: str, text: str, keys: list[str], workdir: Path,
    env_for: Callable[[str], dict[str, str]], printed_true: str,
) -> None:
    """One batch of the same program, once per access key; text prints the key its client
    resolved, then printed_true after one ListKeys. Each must print its own key and sign
    that one request alone (env_for: the environment for a moto server's url)."""
    programs = [ProgramRun(f"signs-{n}", filename, text, key) for n, key in enumerate(keys)]
    with RecordingMotoServer() as server:
        results = runner.run(programs, workdir, env_for(server.url))
        for program, key in zip(programs, keys, strict=True):
            result = results[program.name]
            assert result.exit_code == 0, result.stderr[-2000:]
            assert result.stdout == f"{key}\n{printed_true}\n", "each program's client resolves its own key"
            sent = [e.operation for e in server.exchanges(key)]
            assert sent == ["ListKeys"], f"{key} signed {sent}"
        assert {e.access_key for e in server.all_exchanges()} == set(keys), "no request signed with another key"

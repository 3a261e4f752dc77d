"""A reader who pastes a tab (its folds opened) into a fresh file runs what was proven.

Each snippet's shown parts are joined into a new program text, as a reader would paste
them, and verification runs those texts against moto in every executable language: every
operation and scenario must pass, with its requests and printed output checked as usual.
Verification itself renders the unit again and refuses a text that differs from it, so
a tab that is not exactly the program fails here.

Needs the toolchains (polysnip doctor --install); a language whose runner is unavailable
is skipped, and under CI=true fails.
"""

from __future__ import annotations

import dataclasses
import os

import pytest

from generator.languages import select
from generator.render import Renderer
from generator.runners import RUNNERS
from generator.verify import PASSED, verify_model

from .conftest import load

EXECUTABLE = sorted(key for key, runner in RUNNERS.items() if runner.level == "executed")


def _available(language: str) -> None:
    availability = RUNNERS[language].availability()
    if not availability.ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{language} runner unavailable: {availability.reason}")
        pytest.skip(f"{language} runner unavailable: {availability.reason}")


def test_every_language_but_csharp_executes() -> None:
    assert set(EXECUTABLE) >= {"cli", "go", "java", "javascript", "python", "ruby"}


@pytest.mark.parametrize("language", EXECUTABLE)
def test_pasted_tabs_run_against_moto(language: str) -> None:
    _available(language)
    model, snippets = load()
    pasted = []
    for snippet in snippets:
        text = "".join(part.text for part in snippet.shown_parts)
        assert text == snippet.program, f"{language} {snippet.unit.id}: the tab is not the program"
        pasted.append(dataclasses.replace(snippet, program=text))
    report = verify_model(model, pasted, select(language), Renderer())
    results = {o.id: (o.status, o.level, o.detail) for o in report.outcomes}
    assert results and all(status == PASSED and level == "executed" for status, level, _ in results.values()), results


def test_a_tab_missing_its_prelude_fails() -> None:
    """The check above can fail: pasting the snippet alone (no imports, no client) is refused."""
    _available("python")
    model, snippets = load()
    python = [s for s in snippets if s.language == "python"]
    cut = [dataclasses.replace(s, program="".join(p.text for p in s.shown_parts if not p.folded)) for s in python]
    report = verify_model(model, cut, select("python"), Renderer())
    assert all(o.status != PASSED for o in report.outcomes if o.kind != "client"), report.outcomes

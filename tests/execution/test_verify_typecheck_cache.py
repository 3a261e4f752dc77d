"""Verification checks only the programs whose type-check answer is not kept: a kept answer
is used while the program's text and every version stay the same, a change of either checks
the program again, --no-cache (Cache(read=False)) checks everything, a damaged entry is
checked again, and an outcome resting on a kept answer alone carries the date of its check.
Real verification: Python programs, type-checked by mypy, run against moto."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import typecheck_cache
from generator.languages import select
from generator.render import Renderer, Snippet
from generator.runners import RUNNERS, Availability
from generator.verify import FAILED, NOT_EXECUTED, PASSED, Cache, verify_model

from .conftest import SPEC, load

pytestmark = pytest.mark.execution


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "verify-cache"
    monkeypatch.setenv("POLYSNIP_VERIFY_CACHE", str(folder))
    return folder


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The names of the programs each call of the Python checker was given (the real one runs)."""
    runner = RUNNERS["python"]
    if runner.checker() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mypy or boto3-stubs are not installed; .ci/run must install them")
        pytest.skip("mypy or boto3-stubs are not installed (polysnip doctor --install)")
    calls: list[list[str]] = []
    real = runner.typecheck

    def spy(programs: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(sorted(p.name for p in programs))
        return real(programs, *args, **kwargs)

    monkeypatch.setattr(runner, "typecheck", spy)
    yield calls


def _python(path: Path = SPEC) -> tuple[Any, list[Snippet]]:
    model, snippets = load(path)
    return model, [s for s in snippets if s.language == "python"]


def _verify(model: Any, snippets: list[Snippet], cache: Cache | None = None) -> Any:
    return verify_model(model, snippets, select("python"), Renderer(), cache=cache)


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / typecheck_cache.KIND).rglob("*.json"))


def test_a_kept_answer_is_used_until_the_text_changes(checked: list[list[str]], own_cache: Path,
                                                      tmp_path: Path) -> None:  # fmt: skip
    model, python = _python()
    names = sorted(s.unit.id for s in python)
    first = _verify(model, python)
    assert first.passed and checked == [names]
    assert len(_entries(own_cache)) == len(names)
    description = RUNNERS["python"].checker().description  # type: ignore[union-attr]
    assert {o.checked for o in first.outcomes} == {description}

    second = _verify(model, python)
    assert second.passed and checked == [names], "a kept answer was checked again"
    assert {o.checked for o in second.outcomes} == {description}  # the same claim, made by the kept check
    assert all(o.cached == "" for o in second.outcomes)  # the programs themselves ran now

    edited = tmp_path / SPEC.name  # another account id: only the programs that print it change
    edited.write_text(SPEC.read_text(encoding="utf-8").replace("111122223333", "444455556666"), encoding="utf-8")
    other_model, other = _python(edited)
    changed = sorted(s.unit.id for s in other if s.program not in {p.program for p in python})
    assert changed and len(changed) < len(names)
    third = _verify(other_model, other)
    assert third.passed and checked == [names, changed]


def test_a_version_change_checks_every_program_again(checked: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    model, python = _python()
    _verify(model, python)
    runner = RUNNERS["python"]
    real = runner.availability()
    bumped = Availability(real.ok, real.reason, real.installable, {**real.versions, "boto3": real.versions["boto3"] + "1"})
    monkeypatch.setattr(runner, "availability", lambda: bumped)
    report = _verify(model, python)
    assert report.passed and len(checked) == 2 and checked[1] == checked[0]


def test_no_cache_checks_every_program_again_and_keeps_the_answers(checked: list[list[str]], own_cache: Path) -> None:
    model, python = _python()
    _verify(model, python, Cache())
    stamps = {p: p.stat().st_mtime_ns for p in _entries(own_cache)}
    forced = _verify(model, python, Cache(read=False))
    assert forced.passed and len(checked) == 2 and checked[1] == checked[0]
    assert {p: p.stat().st_mtime_ns for p in _entries(own_cache)} != stamps  # written again
    _verify(model, python, Cache(read=True, write=False))
    assert len(checked) == 2, "the answers kept by --no-cache were not used"


def test_a_damaged_entry_is_checked_again(checked: list[list[str]], own_cache: Path) -> None:
    model, python = _python()
    _verify(model, python)
    entries = _entries(own_cache)
    entries[0].write_text(entries[0].read_text(encoding="utf-8")[:20], encoding="utf-8")
    entries[1].write_text("{}", encoding="utf-8")
    report = _verify(model, python)
    assert report.passed and len(checked) == 2 and len(checked[1]) == 2
    assert all(json.loads(p.read_text(encoding="utf-8"))["errors"] == [] for p in _entries(own_cache))


def test_an_outcome_resting_on_a_kept_answer_carries_its_date(checked: list[list[str]], own_cache: Path) -> None:
    model, python = _python()
    _verify(model, python)
    entries = _entries(own_cache)
    failing, missing = entries[0], entries[1]
    for path, unavailable in ((failing, False), (missing, True)):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["date"] = "2026-01-02"
        data["errors"] = [{"line": 4, "column": 2, "message": "kept error", "unavailable": unavailable}]
        path.write_text(json.dumps(data), encoding="utf-8")
    report = _verify(model, python)
    assert len(checked) == 1, "every answer was kept: nothing is checked"
    by_status = {o.status: o for o in report.outcomes if o.cached}
    assert set(by_status) == {FAILED, NOT_EXECUTED}
    assert by_status[FAILED].cached == by_status[NOT_EXECUTED].cached == "2026-01-02"
    assert by_status[FAILED].line == 4 and "kept error" in by_status[FAILED].detail
    assert by_status[NOT_EXECUTED].detail == "not compiled here: kept error"
    assert all(o.status == PASSED and not o.cached for o in report.outcomes if o not in by_status.values())


def test_a_mutated_run_checks_everything_and_keeps_nothing(checked: list[list[str]], own_cache: Path) -> None:
    model, python = _python()
    report = verify_model(model, python, select("python"), Renderer(), mutate=lambda lang, unit, text: text)
    assert report.passed and len(checked) == 1
    assert not _entries(own_cache)


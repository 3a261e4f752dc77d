"""Render refusals carry the spec location of the value that caused them.

A value a language cannot express (a JSON number beyond JavaScript's exact integers, a
string the AWS CLI would read as a file to load, a lone surrogate Go cannot hold) used to
be reported at "line 0" of a program. render_problems() renders in memory and returns
these refusals as Problems at the spec path (operations[2].params.Policy) and location
of that value, for validate to report with exit 2 before anything is generated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.languages import select
from generator.problems import Kind, Location, Severity
from generator.render import GenerationError, GenerationFailed, Renderer, render_problems
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]


def _spec(tmp_path: Path, change: dict[str, object]) -> tuple[Path, str]:
    spec = yaml.safe_load((ROOT / "specs" / "kms-key-policies.yaml").read_text(encoding="utf-8"))
    spec["operations"][2]["params"]["Policy"]["Statement"][0]["Condition"] = {"NumericLessThan": {"kms:x": change["big"]}}
    spec["operations"].append({
        "id": "create-key", "operation": "CreateKey", "title": "Create a key",
        "params": {"Description": change["description"]},
    })  # fmt: skip
    path = tmp_path / "refusals.yaml"
    text = yaml.safe_dump(spec, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path, text


def _line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line holding needle, the first after the line holding after."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(number for number, line in enumerate(lines[start:], start=start + 1) if needle in line)


def test_refusals_are_problems_at_the_value(tmp_path: Path) -> None:
    path, text = _spec(tmp_path, {"big": 2**60, "description": "file://secrets.txt"})
    model, _ = load_spec(path)
    problems = render_problems(model, select(None))
    by_language = {p.message.split(" ", 1)[0]: p for p in problems}
    assert set(by_language) == {"javascript", "cli"}, [p.format() for p in problems]
    js, cli = by_language["javascript"], by_language["cli"]
    assert js.path == "operations[2].params.Policy" and js.kind is Kind.UNSUPPORTED and js.severity is Severity.ERROR
    assert "Number.MAX_SAFE_INTEGER" in js.message
    assert cli.path == "operations[3].params.Description" and "file or URL" in cli.message
    for problem, needle, after in ((js, "Policy:", "id: put-key-policy"), (cli, "Description: file://", "")):
        assert problem.location.file == str(path) or Path(problem.location.file).name == path.name
        assert problem.location.line > 1
        if getattr(model, "document", None) is not None:  # the model keeps the located spec: the value's own line
            assert problem.location.line == _line_of(text, needle, after), problem.format()
    assert "line 0" not in "\n".join(p.format() for p in problems)


def test_a_clean_spec_has_no_render_problems() -> None:
    model, _ = load_spec(ROOT / "specs" / "kms-key-policies.yaml")
    assert render_problems(model, select(None)) == []


def test_generation_errors_name_the_spec_location(tmp_path: Path) -> None:
    path, _ = _spec(tmp_path, {"big": 2**60, "description": "plain"})
    model, _ = load_spec(path)
    with pytest.raises(GenerationFailed) as failed:
        Renderer().render_model(model, select("javascript"))
    [error] = failed.value.errors
    assert error.kind is Kind.UNSUPPORTED and error.line == 0 and error.location is not None
    assert error.format(model.source).startswith(f"{error.location}: operations[2].params.Policy: javascript put-key-policy: ")
    [problem] = failed.value.problems
    assert problem.location == error.location and problem.path == error.path


def test_a_generation_error_without_a_location_falls_back_to_the_spec() -> None:
    error = GenerationError("go", "x", 3, "syntax error (tree-sitter-go)", kind=Kind.PARSE)
    assert error.format("spec.yaml") == "spec.yaml: go x: line 3: syntax error (tree-sitter-go)"
    assert error.problem("spec.yaml").location == Location("spec.yaml", 1, 1)

"""Every C# program parses with tree-sitter-c-sharp (current C#: the programs are .NET 8)
and uses only names of the AWS SDK for .NET.

No AWS SDK for .NET can be installed here, so the C# runner runs nothing: its level is
"parsed", and verification adds the name check (proof "names checked"). One test id per
snippet (test_csharp_snippet[put-key-policy]) calls the runner's parse check directly;
a broken program fails with its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.languages.csharp_sdk import sdk_version
from generator.render import units
from generator.runners.base import ProgramRun, RunResult, isolated_env
from generator.runners.csharp import RUNNER
from generator.verify import PASSED

from .conftest import load, run_verify

MODEL, SNIPPETS = load()
UNIT_IDS = [u.id for u in units(MODEL)]
CSHARP_SNIPPETS = {s.unit.id: s for s in SNIPPETS if s.language == "csharp"}


def _parse(tmp_path: Path, programs: list[ProgramRun]) -> dict[str, RunResult]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return RUNNER.run(programs, tmp_path / "work", isolated_env("http://127.0.0.1:9", "us-west-2", home))


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    """The parse check of every published C# program, in one batch."""
    programs = [ProgramRun(s.unit.id, s.program_path.rsplit("/", 1)[-1], s.program, "UNUSED") for s in CSHARP_SNIPPETS.values()]
    return _parse(tmp_path_factory.mktemp("csharp"), programs)


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_csharp_snippet(parsed: dict[str, RunResult], unit_id: str) -> None:
    result = parsed[unit_id]
    assert result.exit_code == 0, f"csharp {unit_id}: line {result.error_line}: {result.stderr}"
    assert result.error_line is None and not result.stderr


@pytest.mark.execution
def test_csharp_verification_reports_parsed() -> None:
    report = run_verify("csharp")
    assert [o.id for o in report.outcomes] == UNIT_IDS
    for outcome in report.outcomes:
        assert outcome.status == PASSED, f"csharp {outcome.id}: {outcome.detail} (line {outcome.line})"
        assert outcome.level == "parsed"
        assert outcome.requests == 0, "nothing runs, so nothing may reach moto"
        assert outcome.proof == "names checked", outcome.checked
    described = f"names checked against AWS SDK for .NET {sdk_version()} metadata; not compiled"
    assert report.versions["csharp"] == {"tree-sitter-c-sharp": report.versions["csharp"]["tree-sitter-c-sharp"]}
    assert all(o.checked == described for o in report.outcomes), report.outcomes


def test_published_programs_use_only_sdk_names(tmp_path: Path) -> None:
    programs = [ProgramRun(s.unit.id, s.program_path.rsplit("/", 1)[-1], s.program, "UNUSED", "kms")
                for s in CSHARP_SNIPPETS.values()]
    found = RUNNER.typecheck(programs, tmp_path)
    assert set(found) == set(CSHARP_SNIPPETS)
    assert all(errors == [] for errors in found.values()), found


def test_broken_program_fails_with_its_line(tmp_path: Path) -> None:
    good = CSHARP_SNIPPETS["get-key-policy"]
    lines = good.program.split("\n")
    target = next(n for n, line in enumerate(lines, 1) if "PolicyName = " in line)
    broken = "\n".join([*lines[: target - 1], lines[target - 1].replace("PolicyName = ", "PolicyName = = "), *lines[target:]])
    results = _parse(
        tmp_path,
        [
            ProgramRun("broken", "GetKeyPolicyExample.cs", broken, "UNUSED"),
            ProgramRun("good", "PutKeyPolicyExample.cs", CSHARP_SNIPPETS["put-key-policy"].program, "UNUSED"),
        ],
    )
    assert results["broken"].exit_code == 1
    assert results["broken"].error_line == target
    assert "tree-sitter-c_sharp" in results["broken"].stderr
    assert results["broken"].stderr.splitlines()[-1].startswith(f"line {target}:")
    assert results["good"].exit_code == 0, "one broken file fails only itself"


def test_current_csharp_syntax_parses_and_a_slip_in_it_fails(tmp_path: Path) -> None:
    """.NET 8 programs: a using declaration and a raw string literal are C#, a lost brace is not."""
    good = 'class Example\n{\n    static void Main()\n    {\n        using var client = new System.IO.MemoryStream();\n' \
        '        var text = """\n            {"a": 1}\n            """;\n    }\n}\n'
    bad = good.replace("    }\n}\n", "}\n", 1)
    results = _parse(tmp_path, [ProgramRun("good", "Good.cs", good, "UNUSED"), ProgramRun("bad", "Bad.cs", bad, "UNUSED")])
    assert results["good"].exit_code == 0, results["good"].stderr
    assert results["bad"].exit_code == 1 and results["bad"].error_line is not None


def test_csharp_unavailable_without_its_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    real = importlib.metadata.version

    def version(name: str) -> str:
        if name == "tree-sitter-c-sharp":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    availability = RUNNER.availability()
    assert not availability.ok
    assert availability.reason == "missing tree-sitter-c-sharp (pip install -e .)"
    assert RUNNER.level == "parsed"

"""Every Java (AWS SDK for Java 2.x) program runs against moto and does what its page claims.

One test id per snippet (test_java_snippet[put-key-policy]), a mutation test showing that
a wrong program fails with the SDK's error and the program line, and tests of the batch
machinery: one javac for all programs (a program that does not compile fails with its
line while the others still run), one JVM for all programs (each with its own access
key and its own output; System.exit ends only its own program).

Needs java, javac and the SDK classpath (polysnip doctor --install). Without them the
tests skip; with CI=true they fail instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.model import Call
from generator.render import units
from generator.runners.base import ProgramRun, isolated_env
from generator.runners.java import RUNNER
from generator.verify import FAILED, PASSED, Report

from .conftest import load, require_tool, run_verify

MODEL, SNIPPETS = load()
UNIT_IDS = [u.id for u in units(MODEL)]
JAVA_SNIPPETS = {s.unit.id: s for s in SNIPPETS if s.language == "java"}


def require_java() -> None:
    """Skip (fail under CI) unless java, javac and the fetched SDK are there."""
    require_tool("java")
    require_tool("javac")
    availability = RUNNER.availability()
    if not availability.ok:
        message = f"Java runner unavailable: {availability.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def java_report() -> Report:
    """One verification run of every Java program, shared by the per-snippet tests."""
    require_java()
    return run_verify("java")


@pytest.mark.execution
@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_java_snippet(java_report: Report, unit_id: str) -> None:
    outcome = next(o for o in java_report.outcomes if o.language == "java" and o.id == unit_id)
    assert outcome.status == PASSED, f"java {unit_id}: {outcome.detail} (line {outcome.line})"
    assert outcome.level == "executed"
    calls = [s for s in next(u for u in units(MODEL) if u.id == unit_id).steps if isinstance(s, Call)]
    # the recorder attributes requests by access key: this program's own key signed all its calls
    assert outcome.requests == len(calls)


@pytest.mark.execution
def test_java_report_records_versions(java_report: Report) -> None:
    versions = json.loads(java_report.to_json())["versions"]["java"]
    assert versions["java"] and versions["javac"]
    assert versions["aws-sdk-java-kms"] == "2.57.8"
    assert versions["jackson-databind"]


@pytest.mark.execution
def test_java_wrong_policy_name_fails_with_the_sdk_error_and_line() -> None:
    require_java()
    old, new = '.policyName("default")', '.policyName("other")'

    def mutate(language: str, unit_id: str, text: str) -> str:
        if language == "java" and unit_id == "get-key-policy":
            assert old in text, f"mutation target {old!r} not in the program"
            return text.replace(old, new, 1)
        return text

    report = run_verify("java", mutate=mutate)
    outcome = next(o for o in report.outcomes if o.id == "get-key-policy")
    assert outcome.status == FAILED
    assert "NotFoundException" in outcome.detail, outcome.detail
    program = JAVA_SNIPPETS["get-key-policy"].program.splitlines()
    call_line = next(n for n, line in enumerate(program, 1) if "client.getKeyPolicy(" in line)
    assert outcome.line == call_line, f"the failure names line {outcome.line}, the call is on line {call_line}"
    assert all(o.status == PASSED for o in report.outcomes if o.id != "get-key-policy"), "a mutation only fails its own program"


def _program(class_name: str, body: str, key: str) -> ProgramRun:
    text = f"public class {class_name} {{\n    public static void main(String[] args) throws Exception {{\n{body}\n    }}\n}}\n"
    return ProgramRun(class_name.lower(), f"{class_name}.java", text, key)


@pytest.mark.execution
def test_java_batch_isolates_programs(tmp_path: Path) -> None:
    """One javac and one JVM for the batch, yet each program is judged on its own."""
    require_java()
    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    programs = [
        _program("First", '        System.out.println("key=" + System.getProperty("aws.accessKeyId"));', "KEYONE"),
        _program("Broken", "        int x = ;", "KEYTWO"),
        _program("Exits", '        System.out.println("before");\n        System.exit(3);', "KEYTHREE"),
        _program("Throws", '        System.err.println("oops");\n        throw new IllegalStateException("boom");', "KEYFOUR"),
        _program("Last", '        System.out.println("key=" + System.getProperty("aws.accessKeyId"));', "KEYFIVE"),
    ]
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["first"].exit_code == 0 and results["first"].stdout == "key=KEYONE\n"
    assert results["broken"].exit_code != 0 and results["broken"].error_line == 3
    assert "illegal start of expression" in results["broken"].stderr
    assert results["exits"].exit_code == 3 and results["exits"].error_line == 4
    assert results["exits"].stdout == "before\n"
    assert results["throws"].exit_code == 1 and results["throws"].error_line == 4
    assert results["throws"].stderr.startswith("oops\n")
    assert results["throws"].stderr.strip().splitlines()[-1] == "java.lang.IllegalStateException: boom"
    assert results["last"].exit_code == 0 and results["last"].stdout == "key=KEYFIVE\n"


def test_java_unavailable_without_javac(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.runners.java as java

    monkeypatch.setattr(java, "which", lambda tool, *a: None if tool == "javac" else "/usr/bin/" + tool)
    availability = RUNNER.availability()
    assert not availability.ok and "javac" in availability.reason

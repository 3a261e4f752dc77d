"""Every Python and AWS CLI program runs against moto and does what its page claims.

One test id per language and snippet (e.g. test_snippet[python-put-key-policy]), then
mutation tests showing that verification fails, and says why, when a program is wrong.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.render import units
from generator.verify import FAILED, PASSED, Report

from .conftest import SPEC, load, run_verify

MODEL, _ = load()
UNIT_IDS = [u.id for u in units(MODEL)]


@pytest.mark.execution
@pytest.mark.parametrize("unit_id", UNIT_IDS)
@pytest.mark.parametrize("language", ["python", "cli"])
def test_snippet(python_cli_report: Report, language: str, unit_id: str) -> None:
    outcome = next(o for o in python_cli_report.outcomes if o.language == language and o.id == unit_id)
    assert outcome.status == PASSED, f"{language} {unit_id}: {outcome.detail} (line {outcome.line})"
    assert outcome.level == "executed"
    calls = [s for s in next(u for u in units(MODEL) if u.id == unit_id).steps if hasattr(s, "operation")]
    assert outcome.requests == len(calls)


def test_report_records_versions(python_cli_report: Report) -> None:
    data = json.loads(python_cli_report.to_json())
    assert data["versions"]["moto"]["moto"]
    assert {"python", "boto3", "botocore"} <= set(data["versions"]["python"])
    assert {"awscli", "awscli-botocore"} <= set(data["versions"]["cli"])
    ordered = [(r["language"], r["id"]) for r in data["results"]]
    assert ordered == [(lang, uid) for lang in ("python", "cli") for uid in UNIT_IDS]


def _only(report: Report, language: str, unit_id: str) -> tuple[str, str, int | None]:
    outcome = next(o for o in report.outcomes if o.language == language and o.id == unit_id)
    return outcome.status, outcome.detail, outcome.line


def _mutation(language: str, unit_id: str, old: str, new: str):  # type: ignore[no-untyped-def]
    def mutate(lang: str, uid: str, text: str) -> str:
        if lang == language and uid == unit_id:
            assert old in text, f"mutation target {old!r} not in {lang} {uid}"
            return text.replace(old, new, 1)
        return text

    return mutate


MUTATIONS = [
    # (language, unit, old text, new text, expected words in the failure)
    # caught by mypy against boto3-stubs before the program runs
    ("python", "get-key-policy", "PolicyName=", "PolicyNam=", 'Unexpected keyword argument "PolicyNam"'),
    ("python", "get-key-policy", 'PolicyName="default"', 'PolicyName="other"', "NotFoundException"),
    ("python", "put-key-policy", "Policy=json.dumps(key_policy)", 'Policy=json.dumps(key_policy)[:-1]', "not valid JSON"),
    ("python", "put-key-policy", '"Sid": "Allow Use of Key"', '"Sid": "Changed"', "differs from the spec"),
    ("python", "list-key-policies", "print(policy_name)", "print()", "did not print"),
    ("cli", "get-key-policy", "--policy-name default", "--policy-name other", "NotFoundException"),
    ("cli", "list-key-policies", "--key-id", "--key-idd", "program failed"),
    ("cli", "put-key-policy", '"Version": "2012-10-17",', '"Version": "2012-10-17"', "not valid JSON"),
    ("cli", "modify-key-policy", ".Statement += $item end", ".Statement += [] end", "Policy document that differs"),
]


@pytest.mark.execution
@pytest.mark.parametrize(("language", "unit_id", "old", "new", "cause"), MUTATIONS, ids=[f"{m[0]}-{m[1]}-{i}" for i, m in enumerate(MUTATIONS)])
def test_mutated_program_fails(language: str, unit_id: str, old: str, new: str, cause: str) -> None:
    report = run_verify(language, mutate=_mutation(language, unit_id, old, new))
    status, detail, line = _only(report, language, unit_id)
    assert status == FAILED
    assert cause in detail, detail
    assert line is not None and line > 0, "a failure names the program line"
    others = [o for o in report.outcomes if o.id != unit_id]
    assert all(o.status == PASSED for o in others), "a mutation only fails its own program"


@pytest.mark.execution
def test_wrong_expected_value_in_spec_fails(tmp_path: Path) -> None:
    spec = tmp_path / "kms-key-policies.yaml"
    spec.write_text(SPEC.read_text().replace("PolicyNames: [default]", "PolicyNames: [custom]"))
    report = run_verify("python", path=spec)
    status, detail, _ = _only(report, "python", "list-key-policies")
    assert status == FAILED
    assert "PolicyNames=['default']" in detail and "['custom']" in detail


@pytest.mark.execution
def test_follow_up_check_catches_wrong_state(tmp_path: Path) -> None:
    spec = tmp_path / "kms-key-policies.yaml"
    text = SPEC.read_text()
    # The follow-up now expects a different document than the one PutKeyPolicy sends.
    text = text.replace("json_equals: *root_and_test_user_policy", "json_equals: {Version: '2012-10-17'}")
    spec.write_text(text)
    report = run_verify("cli", path=spec)
    status, detail, _ = _only(report, "cli", "put-key-policy")
    assert status == FAILED and "follow-up GetKeyPolicy" in detail


@pytest.mark.execution
def test_missing_toolchain_is_not_executed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda tool, *a, **k: None if tool == "jq" else "/usr/bin/" + tool)
    report = run_verify("cli")
    assert {o.status for o in report.outcomes} == {"not executed"}
    assert all("jq" in o.detail for o in report.outcomes)
    assert not report.passed


def test_published_programs_have_no_real_values(python_cli_report: Report) -> None:
    site = SPEC.parents[1] / "site" / "kms-key-policies" / "snippets"
    for path in site.rglob("*.*"):
        if path.suffix in {".py", ".sh"}:
            text = path.read_text()
            assert "POLYSNIP" not in text
            assert not re.search(r"127\.0\.0\.1", text)


@pytest.mark.execution
def test_every_language_sends_the_same_requests_as_python() -> None:
    report = run_verify("java,python,ruby,cli,javascript,go")
    executed = [o for o in report.outcomes if o.level == "executed"]
    assert {o.language for o in executed} == {"java", "python", "ruby", "cli", "javascript", "go"}
    assert all(o.equivalent is True for o in executed), [(o.language, o.id, o.detail) for o in executed if not o.equivalent]
    assert report.passed


@pytest.mark.execution
def test_a_different_policy_name_breaks_equivalence_and_names_the_language() -> None:
    mutate = _mutation("ruby", "get-key-policy", "policy_name: 'default'", "policy_name: 'other'")
    report = run_verify("python,ruby", mutate=mutate)
    outcome = next(o for o in report.outcomes if o.language == "ruby" and o.id == "get-key-policy")
    assert outcome.status == FAILED and outcome.equivalent is False
    assert "sends different requests than the Python program" in outcome.detail
    assert "PolicyName='other' (Python: 'default')" in outcome.detail
    assert all(o.equivalent for o in report.outcomes if o.language == "ruby" and o.id != "get-key-policy")

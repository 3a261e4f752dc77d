"""Python programs type-checked with mypy against boto3-stubs (PythonRunner.typecheck()).

The published KMS programs check clean; the same programs with a wrong parameter name, a
value of the wrong type or a response key the operation does not return fail on the line
of the mistake. Programs of several services go through one mypy run; a service whose
stubs are not installed fails with what to install, never passes unchecked; the one
documented place where the stubs and botocore disagree is excused with its reason and
still holds for the installed botocore.

Needs mypy and the stubs (polysnip doctor --install). Without them the tests skip; with
CI=true they fail instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

from generator.languages.python import LANGUAGE
from generator.python_stubs import KNOWN_DISAGREEMENTS, SERVICE_STUBS, Disagreement, stub_package
from generator.runners.base import ProgramRun
from generator.runners.python import RUNNER
from generator.sdks import recorded

from .conftest import load

_, SNIPPETS = load()
PYTHON = {s.unit.id: s for s in SNIPPETS if s.language == "python"}


def require_checker() -> str:
    checker = RUNNER.checker()
    if checker is None:
        message = "mypy or boto3-stubs are not installed (polysnip doctor --install)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return checker.description


def program(unit_id: str, text: str | None = None, service: str = "kms") -> ProgramRun:
    snippet = PYTHON[unit_id]
    return ProgramRun(unit_id, snippet.program_path.rsplit("/", 1)[-1], snippet.program if text is None else text,
                      "", service)  # fmt: skip


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if needle in line)


def test_the_checker_names_mypy_and_the_stubs() -> None:
    description = require_checker()
    assert re.fullmatch(r"type-checked with mypy [\d.]+ against boto3-stubs [\d.]+ \(runs with botocore [\d.]+\)",
                        description), description  # fmt: skip


def test_published_programs_check_clean(tmp_path: Path) -> None:
    require_checker()
    found = RUNNER.typecheck([program(unit_id) for unit_id in PYTHON], tmp_path)
    assert set(found) == set(PYTHON)
    assert found == {unit_id: [] for unit_id in PYTHON}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("KeyId=key_id", "KeyID=key_id", 'Unexpected keyword argument "KeyID" for "get_key_policy"'),
        ('PolicyName="default"', "PolicyName=5", 'Argument "PolicyName" to "get_key_policy" of "KMSClient" has '
                                                 'incompatible type "int"; expected "str"'),
        ('response["Policy"]', 'response["Policies"]', '"GetKeyPolicyResponseTypeDef" has no key "Policies"'),
    ],
    ids=["parameter-name", "value-type", "response-key"],
)
def test_a_wrong_program_fails_on_its_line(tmp_path: Path, before: str, after: str, expected: str) -> None:
    require_checker()
    published = PYTHON["get-key-policy"].program
    assert before in published
    wrong = published.replace(before, after)
    found = RUNNER.typecheck([program("get-key-policy", wrong), program("list-key-policies")], tmp_path)
    assert found["list-key-policies"] == []
    errors = found["get-key-policy"]
    assert errors, f"mypy accepted {after}"
    assert errors[0].line == line_of(wrong, after)
    assert errors[0].column >= 1
    assert expected in errors[0].message


def test_a_program_changed_in_place_is_checked_again(tmp_path: Path) -> None:
    """The incremental cache must not answer for the old text of a file at the same path."""
    require_checker()
    published = PYTHON["get-key-policy"].program
    assert RUNNER.typecheck([program("get-key-policy")], tmp_path) == {"get-key-policy": []}
    wrong = published.replace("KeyId=key_id", "KeyId=7")
    found = RUNNER.typecheck([program("get-key-policy", wrong)], tmp_path)
    assert [e.line for e in found["get-key-policy"]] == [line_of(wrong, "KeyId=7")]
    assert RUNNER.typecheck([program("get-key-policy")], tmp_path) == {"get-key-policy": []}


def test_services_mixed_in_one_batch(tmp_path: Path) -> None:
    require_checker()
    s3_ok = 'import boto3\n\nclient = boto3.client("s3")\nclient.head_bucket(Bucket="amzn-s3-demo-bucket")\n'
    s3_wrong = 'import boto3\n\nclient = boto3.client("s3")\nclient.head_bucket(Bucket=["amzn-s3-demo-bucket"])\n'
    runs = [program("get-key-policy"), ProgramRun("s3-ok", "a.py", s3_ok, "", "s3"),
            ProgramRun("s3-wrong", "b.py", s3_wrong, "", "s3")]  # fmt: skip
    found = RUNNER.typecheck(runs, tmp_path)
    assert found["get-key-policy"] == [] and found["s3-ok"] == []
    assert [e.line for e in found["s3-wrong"]] == [4]


def test_a_service_without_stubs_fails_with_what_to_install(tmp_path: Path) -> None:
    require_checker()
    runs = [program("get-key-policy"), ProgramRun("other", "c.py", "import boto3\n", "", "no-such-service")]
    found = RUNNER.typecheck(runs, tmp_path)
    assert found["get-key-policy"] == []
    [error] = found["other"]
    assert stub_package("no-such-service") in error.message and "doctor --install" in error.message


def test_install_is_recorded_and_a_second_call_fetches_nothing() -> None:
    require_checker()
    RUNNER.install(["kms"])  # everything is there: no pip process, the lock data stays as it is
    entry = recorded(RUNNER.stubs_home())["kms"]
    assert entry == {"package": "mypy-boto3-kms", "version": SERVICE_STUBS["kms"], "ok": True, "reason": ""}
    assert RUNNER.stubs_for("kms") == SERVICE_STUBS["kms"]


@pytest.mark.parametrize("disagreement", KNOWN_DISAGREEMENTS, ids=lambda d: f"{d.service}.{d.operation}")
def test_each_known_disagreement_is_excused_and_still_true(tmp_path: Path, disagreement: Disagreement) -> None:
    """botocore still takes the member name the stubs refuse (else the entry must go), and
    the program using it is excused, with the reason kept where reports can show it."""
    require_checker()
    service = botocore.session.get_session().get_service_model(disagreement.service)
    operation = service.operation_model(disagreement.operation)
    member = re.search(r'keyword argument "(\w+)"', disagreement.message)
    assert member is not None
    name = member.group(1)
    assert name in operation.input_shape.members
    validate_parameters({name: []}, operation.input_shape)
    method = LANGUAGE.method(disagreement.operation)
    text = f'import boto3\n\nclient = boto3.client("{disagreement.service}")\nclient.{method}({name}=[])\n'
    found = RUNNER.typecheck([ProgramRun("known", "d.py", text, "", disagreement.service)], tmp_path)
    assert found == {"known": []}
    [(name_, error, excuse)] = RUNNER.excused
    assert name_ == "known" and error.line == 4 and excuse is disagreement
    # The name the stubs want is refused by botocore: the stubs, not the program, are wrong.
    wanted = re.search(r'did you mean "(\w+)"', error.message)
    assert wanted is not None
    with pytest.raises(ParamValidationError):
        validate_parameters({wanted.group(1): []}, operation.input_shape)


def test_python_sdk_has_every_botocore_operation() -> None:
    assert LANGUAGE.missing_in_sdk("kms", "GetKeyPolicy") == ""
    assert "GetKeyPolicies" in LANGUAGE.missing_in_sdk("kms", "GetKeyPolicies")

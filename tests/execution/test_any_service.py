"""Specs of services other than KMS: each runner uses that service's SDK, idempotency
tokens are left to the SDK (and compared when the spec gives one), and a language with
no SDK for the service reports "not executed" with the reason, never "failed"."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.sdks import reachable_levels, sdk_names, services_in_specs
from generator.verify import FAILED, NOT_EXECUTED, PASSED, Report

from .conftest import ROOT, run_verify

SECRETS = ROOT / "specs" / "secretsmanager-secrets.yaml"
EXECUTED = {"java", "python", "cli", "javascript", "go"}  # Debian packages no Secrets Manager gem
# Bytes given as a CLI argument: AWS CLI v1 sends the text, v2 reads it as base64, so the
# rendering passes them through a file (fileb://), which both read as bytes.
CLI_BLOB_INPUT = {("cli", "put-binary-secret-value")}


@pytest.fixture(scope="module")
def secrets_report() -> Report:
    return run_verify("python,cli,java,javascript,go,ruby,csharp", path=SECRETS)


@pytest.mark.execution
def test_a_uniquely_named_fixture_and_operation_pass_in_every_language(secrets_report: Report) -> None:
    outcomes = {(o.language, o.id): (o.status, o.level, o.detail) for o in secrets_report.outcomes}
    executed = {o.language for o in secrets_report.outcomes if o.level == "executed" and o.status == PASSED}
    assert executed == EXECUTED, outcomes
    failed = [k for k, v in outcomes.items() if v[0] == FAILED]
    assert not failed, outcomes
    assert all(o.equivalent for o in secrets_report.outcomes if o.level == "executed"), outcomes


@pytest.mark.execution
def test_a_service_without_an_sdk_here_is_not_executed_with_the_reason(secrets_report: Report) -> None:
    ruby = [o for o in secrets_report.outcomes if o.language == "ruby"]
    assert ruby and {o.status for o in ruby} == {NOT_EXECUTED}
    assert all(o.detail.startswith("no SDK for secretsmanager can be installed here") for o in ruby)
    levels = reachable_levels(["secretsmanager", "kms"], ["ruby", "python"])
    assert levels["ruby"]["secretsmanager"].level == "not executed"
    assert levels["ruby"]["secretsmanager"].reason.startswith("no SDK for secretsmanager")
    assert levels["python"]["secretsmanager"].level == "executed"


@pytest.mark.execution
def test_an_idempotency_token_the_spec_gives_is_compared() -> None:
    given = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE"

    def other_token(language: str, unit_id: str, text: str) -> str:
        return text.replace(given, "EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE") if unit_id == "put-secret-value" else text

    report = run_verify("python", path=SECRETS, mutate=other_token)
    outcome = next(o for o in report.outcomes if o.id == "put-secret-value")
    assert outcome.status == FAILED and "ClientRequestToken" in outcome.detail, outcome.detail
    create = next(o for o in report.outcomes if o.id == "create-secret")  # left out: filled in by the SDK
    assert create.status == PASSED, create.detail


def test_sdk_names_come_from_the_service_model() -> None:
    names = sdk_names("logs")
    assert names.java_artifact == "cloudwatchlogs"
    assert names.go_module == "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
    assert names.npm_package == "@aws-sdk/client-cloudwatch-logs"
    assert names.debian_package == "ruby-aws-sdk-cloudwatchlogs"
    assert sdk_names("secretsmanager").npm_package == "@aws-sdk/client-secrets-manager"


def test_services_in_specs_reads_each_spec_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("polysnip: 1\nservice: dynamodb\n")
    (tmp_path / "b.yaml").write_text("polysnip: 1\nservice: 's3'  # buckets\n")
    (tmp_path / "c.yaml").write_text("polysnip: 1\nservice: dynamodb\n")
    assert services_in_specs([tmp_path]) == ["kms", "dynamodb", "s3"]


@pytest.mark.execution
def test_cli_blob_input_passes_with_both_cli_versions(secrets_report: Report) -> None:
    outcome = next(o for o in secrets_report.outcomes if (o.language, o.id) in CLI_BLOB_INPUT)
    assert outcome.status == PASSED, outcome.detail


@pytest.mark.execution
def test_blob_input_and_blob_expectation_pass_in_every_language(secrets_report: Report) -> None:
    for unit_id in ("get-binary-secret", "put-binary-secret-value"):
        outcomes = [o for o in secrets_report.outcomes if o.id == unit_id and o.language in EXECUTED]
        assert {o.language for o in outcomes} == EXECUTED
        assert all(o.status == PASSED for o in outcomes), [(o.language, o.detail) for o in outcomes]


@pytest.mark.execution
def test_a_blob_expectation_is_compared_on_the_bytes(tmp_path: Path) -> None:
    spec = tmp_path / "secrets.yaml"
    spec.write_text(
        SECRETS.read_text().replace(
            "SecretBinary: {base64: AAECAwQF/w==}\n\n", "SecretBinary: {base64: AAECAwQF/g==}\n\n"
        )
    )
    report = run_verify("python", path=spec)
    outcome = next(o for o in report.outcomes if o.id == "get-binary-secret")
    assert outcome.status == FAILED and "SecretBinary='AAECAwQF/w=='" in outcome.detail, outcome.detail


def _blob_spec(value: str) -> str:
    return SECRETS.read_text().replace(
        'SecretBinary: {text: "EXAMPLE key material"}\n    then', f"SecretBinary: {value}\n    then"
    )


@pytest.mark.parametrize(
    ("value", "data"),
    [
        ("{text: héllo}", "héllo".encode()),
        ("{base64: AAECAwQF/w==}", bytes([0, 1, 2, 3, 4, 5, 255])),
        ("plain", b"plain"),
    ],
)
def test_blob_spellings_give_the_bytes(value: str, data: bytes) -> None:
    from generator.model import BlobValue
    from generator.source import parse_yaml
    from generator.spec import check

    model, problems = check(parse_yaml(_blob_spec(value), "secrets.yaml"))
    assert model is not None, problems
    operation = next(op for op in model.operations if op.id == "put-binary-secret-value")
    blob = operation.call.param("SecretBinary")
    assert blob is not None and isinstance(blob.value, BlobValue) and blob.value.data == data


def test_bad_base64_is_an_error_at_its_place() -> None:
    from generator.source import parse_yaml
    from generator.spec import check

    text = _blob_spec("{base64: 'not base64!'}")
    model, problems = check(parse_yaml(text, "secrets.yaml"))
    assert model is None
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "not base64!" in row)
    assert [(p.location.line, "base64" in p.message) for p in problems] == [(line, True)]


@pytest.mark.execution
def test_s3_buckets_and_objects_verify_through_the_rest_protocol() -> None:
    """A bucket name must be unique across all accounts: each program gets its own world.
    The object body is a blob, compared as bytes after the REST request is read back."""
    report = run_verify("python,ruby,javascript", path=ROOT / "specs" / "s3-objects.yaml")
    outcomes = [(o.language, o.id, o.status, o.detail) for o in report.outcomes]
    assert all(o.status == PASSED and o.level == "executed" for o in report.outcomes), outcomes
    assert all(o.equivalent for o in report.outcomes if o.language != "python"), outcomes
    assert {o.language for o in report.outcomes} == {"python", "ruby", "javascript"}

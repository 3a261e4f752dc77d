"""polysnip import on KMS, and the conversion rules it applies to every service.

The quick tests convert KMS's shared examples in memory, validate them with spec.py and
render every program in every language (render_model parse-checks each one). The
conversion rules (fixes, skips, escaping, placeholders, the YAML layout) are tested on
small examples built here, and the SDK forms of binary and timestamp values on a spec
that holds both. The slow tests make each KMS example's call against moto and check
that specs/imported/kms.yaml is what `polysnip import kms` writes today.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.importer import ServiceImport, Skipped, convert, import_service, shared_examples, spec_text, validate
from generator.importer import conversion as converting
from generator.importer.conversion import Converter, Skip
from generator.importer.emit import yaml_entry
from generator.languages import LANGUAGES, select
from generator.model import PlaceholderRef, StrValue
from generator.render import CLIENT_ID, GenerationFailed, Renderer, Snippet
from generator.service import service_model
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
CHECKED_IN = ROOT / "specs" / "imported" / "kms.yaml"


@pytest.fixture(scope="module")
def kms(tmp_path_factory: pytest.TempPathFactory) -> tuple[ServiceImport, Any]:
    imported = convert("kms")
    model, warnings = validate(imported)
    assert model is not None
    assert not [w for w in warnings if "never used" in w.message]
    return imported, model


def test_every_kms_operation_with_examples_is_imported_or_skipped_with_a_reason(kms: tuple[ServiceImport, Any]) -> None:
    imported, model = kms
    examples = shared_examples("kms")
    assert imported.examples == sum(len(items) for items in examples.values())
    assert len(imported.entries) + len(imported.skipped) == imported.examples
    covered = {entry.operation for entry in imported.entries}
    for skipped in imported.skipped:
        assert skipped.reason, skipped
    # Both skipped examples name a CloudHSM cluster the model's pattern rejects; every
    # KMS operation with shared examples still has at least one imported example.
    assert {s.operation for s in imported.skipped} <= {"CreateCustomKeyStore", "UpdateCustomKeyStore"}
    assert all("does not match the pattern" in s.reason for s in imported.skipped)
    assert covered == set(examples) - {"CreateCustomKeyStore"}
    assert [op.id for op in model.operations] == [entry.data["id"] for entry in imported.entries]


def test_ids_are_unique_and_numbered_per_operation(kms: tuple[ServiceImport, Any]) -> None:
    imported, _ = kms
    ids = [entry.data["id"] for entry in imported.entries]
    assert len(ids) == len(set(ids))
    assert "get-key-policy" in ids  # the operation's only example
    assert [i for i in ids if i.startswith("create-key-")] == [f"create-key-{n}" for n in range(1, 8)]
    assert CLIENT_ID not in ids


def test_kms_renders_in_every_language(kms: tuple[ServiceImport, Any]) -> None:
    _, model = kms
    try:
        snippets = Renderer().render_model(model, select(None))
    except GenerationFailed as exc:
        pytest.fail(f"imported KMS examples do not render:\n{exc}", pytrace=False)
    assert len(snippets) == (len(model.operations) + 1) * len(LANGUAGES)


def test_reused_key_values_become_placeholders_with_fixtures(kms: tuple[ServiceImport, Any]) -> None:
    _, model = kms
    assert [p.name for p in model.placeholders] == ["key_arn", "key_id"]  # key_arn first: it contains key_id
    assert {p.fixture for p in model.placeholders} == {"new_key", "new_key_arn"}
    get_policy = next(op for op in model.operations if op.id == "get-key-policy").call
    assert get_policy.param("KeyId") is not None
    assert isinstance(get_policy.param("KeyId").value, PlaceholderRef)  # type: ignore[union-attr]
    # Inside longer text the key ID is the placeholder too: verification swaps it everywhere.
    grant = next(entry for entry in kms[0].entries if entry.data["id"] == "create-grant")
    assert grant.data["params"]["KeyId"] == "arn:aws:kms:us-east-2:444455556666:key/${key_id}"


def test_comments_title_and_description_are_kept(kms: tuple[ServiceImport, Any]) -> None:
    imported, model = kms
    operation = next(op for op in model.operations if op.id == "get-key-policy")
    assert operation.title == "To retrieve a key policy"
    assert operation.description.startswith("The following example retrieves the key policy for the specified KMS key.")
    assert "- `PolicyName`: The name of the key policy to retrieve." in operation.description
    assert "In the response:\n\n- `Policy`: The key policy document." in operation.description
    text = spec_text(imported)
    assert "  # GetKeyPolicy: shared example to-retrieve-a-key-policy-1479170128325\n" in text
    assert '    #   Policy: "{\\n  \\"Version\\" : \\"2012-10-17\\",' in text  # the documented response, as a comment


def test_a_json_string_becomes_a_document(kms: tuple[ServiceImport, Any]) -> None:
    _, model = kms
    call = next(op for op in model.operations if op.id == "put-key-policy").call
    policy = call.param("Policy")
    assert policy is not None
    assert type(policy.value).__name__ == "JsonDocValue"
    assert policy.value.document.value["Statement"][0]["Sid"] == "Enable IAM User Permissions"  # type: ignore[union-attr]


def test_the_yaml_is_deterministic_and_reads_back() -> None:
    first, second = spec_text(convert("kms")), spec_text(convert("kms"))
    assert first == second
    assert yaml.safe_load(first)["service"] == "kms"


# --- conversion rules on examples built here -----------------------------------------------


def _convert_one(service: str, operation: str, example: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ServiceImport:
    monkeypatch.setattr(converting, "shared_examples", lambda name: {operation: [example]})
    return convert(service)


def _loaded(imported: ServiceImport, tmp_path: Path) -> Any:
    model, _ = validate(imported)
    assert model is not None, [s.format() for s in imported.skipped]
    return model


def test_safe_fixes_are_applied_and_noted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    example = {
        "id": "fixes",
        "title": "Fixes",
        "input": {"keyid": "1234abcd-12ab-34cd-56ef-1234567890ab", "KeySpec": "aes_256 ", "NumberOfBytes": "64", "GrantTokens": None},
    }
    imported = _convert_one("kms", "GenerateDataKey", example, monkeypatch)
    assert not imported.skipped
    params = imported.entries[0].data["params"]
    assert params == {"KeyId": "${key_id}", "KeySpec": "AES_256", "NumberOfBytes": 64}
    fixes = "\n".join(imported.entries[0].fixes)
    assert "wrote keyid as KeyId" in fixes and "'aes_256 ' as 'AES_256'" in fixes and "'64' as the number 64" in fixes
    assert "left out GrantTokens: the example gives null" in fixes
    assert "  # wrote keyid as KeyId, the member's name in the model\n" in spec_text(imported)
    _loaded(imported, tmp_path)


def test_what_cannot_be_imported_is_skipped_with_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    examples = {
        "Encrypt": [
            {"id": "stale", "input": {"KeyId": "k", "Plaintext": "x", "Compression": "GZIP"}},
            {"id": "bad-type", "input": {"KeyId": ["k"], "Plaintext": "x"}},
            {"id": "good", "input": {"KeyId": "k", "Plaintext": "x"}},
            {"id": "too-short", "input": {"KeyId": "", "Plaintext": "x"}},
        ]
    }
    monkeypatch.setattr(converting, "shared_examples", lambda name: examples)
    imported = convert("kms")
    _loaded(imported, tmp_path)
    reasons = {s.example: s.reason for s in imported.skipped}
    assert "EncryptRequest has no member 'Compression'" in reasons["stale"] and "older than the model" in reasons["stale"]
    assert reasons["bad-type"] == 'KeyId: expected text; the example gives a list ["k"]'
    assert reasons["too-short"].startswith("params.KeyId: value is 0 characters long")  # found by spec.py
    assert [e.example for e in imported.entries] == ["good"]
    assert [e.data["id"] for e in imported.entries] == ["encrypt-3"]  # numbered by position in the file
    assert Skipped("Encrypt", "stale", reasons["stale"]).format().startswith("Encrypt (stale): skipped: ")


def test_streaming_payloads_are_imported_and_rendered_in_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    example = {"id": "upload", "input": {"Bucket": "b", "Key": "k", "Body": "filetoupload"}}
    imported = _convert_one("s3", "PutObject", example, monkeypatch)
    (entry,) = imported.entries
    assert entry.data["params"]["Body"] == "filetoupload"
    model, problems = validate(imported)
    assert model is not None, problems
    snippets = Renderer().render_model(model, select(None))
    java = next(s.program for s in snippets if s.language == "java" and s.unit.id != CLIENT_ID)
    assert 'RequestBody.fromString("filetoupload")' in java


def test_documents_are_reported_not_rendered() -> None:
    document = next(
        (service, op, name)
        for service in ("bedrock-agent-runtime", "bedrock-runtime", "iottwinmaker")
        for op in service_model(service).operation_names
        if (shape := service_model(service).operation_model(op).input_shape) is not None
        for name, member in shape.members.items()
        if member.metadata.get("document")
    )
    service, op, member = document
    converter = Converter(None)
    with pytest.raises(Skip, match="Smithy document"):
        converter.value({member: {"any": "thing"}}, service_model(service).operation_model(op).input_shape, "")


def test_dollar_braces_stay_literal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = "Policy for ${aws:username} costs $${x} and $5"
    example = {"id": "dollars", "input": {"KeyId": "k", "Description": text}}
    imported = _convert_one("kms", "UpdateKeyDescription", example, monkeypatch)
    model = _loaded(imported, tmp_path)
    value = model.operations[0].call.param("Description").value
    assert isinstance(value, StrValue) and value.text == text


def test_timestamps_are_written_in_utc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    example = {
        "id": "history",
        "input": {"StartTime": "2014-01-06T07:08:09", "EndTime": 1389000000, "InstanceTypes": ["m1.xlarge"]},
    }
    imported = _convert_one("ec2", "DescribeSpotPriceHistory", example, monkeypatch)
    params = imported.entries[0].data["params"]
    assert params["StartTime"] == "2014-01-06T07:08:09Z"
    assert params["EndTime"] == "2014-01-06T09:20:00Z"
    _loaded(imported, tmp_path)


@pytest.mark.parametrize(
    "value",
    ["yes", "no", "123", "1.5", "null", "~", "2012-10-17", "- item", "a: b", "#x", "*", "&a", "!tag", "'q'", '"q"',
     " lead", "trail ", "two\nlines", "tab\there", "line\u2028sep", "caf\xe9 \U0001f511", "", "%", "@x", "`x`", "{a}", "[a]"],
)  # fmt: skip
def test_yaml_scalars_read_back_exactly(value: str) -> None:
    lines = yaml_entry("key", {"inner": value, "list": [value, {"k": value}]}, 0)
    assert yaml.safe_load("\n".join(lines)) == {"key": {"inner": value, "list": [value, {"k": value}]}}


# --- binary data and timestamps in each SDK ---------------------------------------------------

VALUES_SPEC = """
polysnip: 1
service: autoscaling
region: us-east-1
operations:
  - id: schedule
    operation: PutScheduledUpdateGroupAction
    title: Schedule
    params:
      AutoScalingGroupName: my-group
      ScheduledActionName: my-action
      StartTime: "2014-05-12T08:00:00Z"
      EndTime: "2014-05-12T08:00:00.250+02:00"
"""

BLOB_SPEC = """
polysnip: 1
service: kms
operations:
  - id: encrypt
    operation: Encrypt
    title: Encrypt
    params:
      KeyId: alias/example
      Plaintext: <binary "data">
  - id: encrypt-unicode
    operation: Encrypt
    title: Encrypt
    params:
      KeyId: alias/example
      Plaintext: café
"""

EXPECTED_FORMS: dict[str, list[str]] = {
    "python": ["Plaintext=b'<binary \"data\">'", 'Plaintext="café".encode()', 'StartTime="2014-05-12T08:00:00Z"'],
    "java": [
        "import software.amazon.awssdk.core.SdkBytes;",
        '.plaintext(SdkBytes.fromUtf8String("<binary \\"data\\">"))',
        "import java.time.Instant;",
        '.startTime(Instant.parse("2014-05-12T08:00:00Z"))',
        '.endTime(Instant.parse("2014-05-12T06:00:00.250000Z"))',
    ],
    "csharp": [
        "using System.IO;",
        "using System.Text;",
        'Plaintext = new MemoryStream(Encoding.UTF8.GetBytes("<binary \\"data\\">")),',
        "StartTime = new DateTime(2014, 5, 12, 8, 0, 0, DateTimeKind.Utc),",
        "EndTime = new DateTime(2014, 5, 12, 6, 0, 0, 250, DateTimeKind.Utc),",
    ],
    "ruby": ["plaintext: '<binary \"data\">'", "start_time: Time.utc(2014, 5, 12, 8, 0, 0),", "end_time: Time.utc(2014, 5, 12, 6, 0, 0, 250000)"],
    "javascript": [
        'Plaintext: new TextEncoder().encode("<binary \\"data\\">")',
        'StartTime: new Date("2014-05-12T08:00:00Z")',
        'EndTime: new Date("2014-05-12T06:00:00.250000Z")',
    ],
    "go": ['Plaintext: []byte("<binary \\"data\\">"),', "aws.Time(time.Date(2014, time.May, 12, 8, 0, 0, 0, time.UTC))"],
    # A blob goes through a file, so AWS CLI v1 and v2 send the same bytes.
    "cli": ["printf '%s' '<binary \"data\">' > plaintext.bin", "--plaintext fileb://plaintext.bin", "--start-time 2014-05-12T08:00:00Z"],
}


@pytest.fixture(scope="module")
def value_programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("values")
    programs: dict[str, str] = {}
    for name, text in (("values.yaml", VALUES_SPEC), ("blobs.yaml", BLOB_SPEC)):
        (folder / name).write_text(text, encoding="utf-8")
        model, _ = load_spec(folder / name)
        snippets: list[Snippet] = Renderer().render_model(model, select(None))  # parse-checks every program
        for snippet in snippets:
            programs[snippet.language] = programs.get(snippet.language, "") + snippet.program
    return programs


@pytest.mark.parametrize("language", list(EXPECTED_FORMS))
def test_binary_data_and_timestamps_take_each_sdks_form(value_programs: dict[str, str], language: str) -> None:
    program = value_programs[language]
    missing = [form for form in EXPECTED_FORMS[language] if form not in program]
    assert not missing, f"{language} programs lack {missing}:\n{program}"


# --- the command ------------------------------------------------------------------------------


def test_command_writes_the_spec_and_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "kms", "GetKeyPolicy", "CreateKey", "--out", str(tmp_path), "--no-probe"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "kms.yaml"
    assert "kms: 8 example(s), 8 imported, 0 skipped" in result.output
    model, _ = load_spec(written)
    assert [op.id for op in model.operations] == [*(f"create-key-{n}" for n in range(1, 8)), "get-key-policy"]
    again = CliRunner().invoke(main, ["import", "kms", "GetKeyPolicy", "CreateKey", "--out", str(tmp_path), "--no-probe"])
    assert "(unchanged," in again.output


def test_command_refuses_unknown_names(tmp_path: Path) -> None:
    unknown = CliRunner().invoke(main, ["import", "kmss", "--out", str(tmp_path)])
    assert unknown.exit_code == 2 and "did you mean 'kms'" in unknown.output
    no_examples = CliRunner().invoke(main, ["import", "kms", "Foo", "--out", str(tmp_path)])
    assert no_examples.exit_code == 2 and "kms has no shared examples for Foo" in no_examples.output
    both = CliRunner().invoke(main, ["import", "kms", "--all"])
    assert both.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_check_corpus_prints_parse_errors_per_language() -> None:
    result = CliRunner().invoke(main, ["import", "kms", "--check-corpus", "--lang", "python,cli"])
    assert result.exit_code == 0, result.output
    assert "corpus: 1 service(s), 61 shared example(s): 59 imported, 2 skipped" in result.output
    assert "language    programs  parse errors  refused  other errors\n" in result.output
    assert "Python            60             0        0             0\n" in result.output
    assert "AWS CLI           60             0        0             0\n" in result.output


# --- against moto (slow: moto starts in-process) ------------------------------------------------


@pytest.mark.slow
def test_moto_runs_what_it_implements(tmp_path: Path) -> None:
    imported, model, failures = import_service(
        "kms", ["GetKeyPolicy", "ConnectCustomKeyStore", "Decrypt", "CreateGrant"], select("python"), Renderer()
    )
    assert model is not None and not failures
    assert imported.probes["get-key-policy"] == ""
    assert imported.probes["create-grant"] == ""  # the key ID inside the ARN is the fixture's
    assert imported.probes["connect-custom-key-store"] == f"moto {imported.moto} does not implement ConnectCustomKeyStore"
    assert imported.probes["decrypt"].endswith("InvalidCiphertextException (the example's CiphertextBlob is a stand-in for real data)")
    text = spec_text(imported)
    assert f"  # executable against moto {imported.moto}\n" in text
    assert "  # not executable against moto: moto" in text


@pytest.mark.slow
def test_checked_in_kms_spec_is_what_import_writes(tmp_path: Path) -> None:
    imported, model, failures = import_service("kms", [], select(None), Renderer())
    assert model is not None and not failures
    if CHECKED_IN.read_text(encoding="utf-8") != spec_text(imported):
        pytest.fail(f"{CHECKED_IN.relative_to(ROOT)} is out of date; run: polysnip import kms", pytrace=False)
    executable = [key for key, reason in imported.probes.items() if not reason]
    assert len(executable) >= 30, json.dumps(imported.probes, indent=2)


def test_an_empty_string_for_an_unset_query_member_is_left_out_not_sent() -> None:
    # Glacier's examples give limit "" (an integer in the SDKs' models): no SDK can send that
    imported = convert("glacier", ["ListVaults"])
    (entry,) = imported.entries
    assert entry.data["params"] == {"accountId": "-"}
    assert "left out limit: the example gives an empty string, meaning unset" in entry.fixes


def test_an_example_whose_operation_an_sdk_lacks_is_left_out_with_that_languages_reason() -> None:
    from generator.importer.check import leave_out_what_sdks_lack
    from generator.importer.conversion import SDK_LACKS
    from generator.languages.python import Python

    class DroppedList(Python):  # a language whose SDK has no ListKeyPolicies
        def missing_in_sdk(self, service: str, operation: str) -> str:
            return "the client has no list_key_policies" if operation == "ListKeyPolicies" else ""

    imported = convert("kms", ["ListKeyPolicies", "GetKeyPolicy"])
    before = len(imported.entries)
    leave_out_what_sdks_lack(imported, [LANGUAGES["java"], DroppedList()])
    assert {e.operation for e in imported.entries} == {"GetKeyPolicy"}
    dropped = [s for s in imported.skipped if s.operation == "ListKeyPolicies"]
    assert len(dropped) == before - len(imported.entries) > 0
    assert all(s.category == SDK_LACKS and "Python: the client has no list_key_policies" in s.reason for s in dropped)


def test_a_service_moto_has_no_backend_for_is_marked_not_executable_in_every_example() -> None:
    imported, model, _ = import_service("cloud9", (), select("python"), Renderer(), True)
    assert model is not None and imported.probes
    assert set(imported.probes) == {operation.id for operation in model.operations}
    assert set(imported.probes.values()) == {f"moto {imported.moto} has no backend for cloud9"}


def test_an_operation_the_aws_cli_removes_is_left_out_of_imports_with_that_reason() -> None:
    # awscli takes deprecated SES commands out of its command table: `aws ses verify-email-address` fails
    cli = LANGUAGES["cli"]
    assert "removes `aws ses verify-email-address`" in cli.missing_in_sdk("ses", "VerifyEmailAddress")
    assert cli.missing_in_sdk("ses", "SendEmail") == ""
    imported, _, _ = import_service("ses", ("VerifyEmailAddress", "SendEmail"), select(None), Renderer(), False)
    assert {e.operation for e in imported.entries} == {"SendEmail"}
    assert any(s.operation == "VerifyEmailAddress" and "AWS CLI:" in s.reason for s in imported.skipped)

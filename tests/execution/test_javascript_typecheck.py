"""JavaScript programs are type-checked with tsc --checkJs against each client's own .d.ts types.

typecheck() runs on the published KMS programs (clean), on programs broken on purpose (a
parameter the command input does not have, a command the client does not export, an
output member that does not exist) whose errors must name the right line, and on
programs of two services in one call. Verification fails a program that does not
type-check, with its line. The pure parts (tsc's output parser, missing_in_sdk's committed
fallback, the install line's pin) are tested without node.

Needs node and the pinned clients workspace (polysnip doctor --install); without them the
tsc tests skip, and with CI=true they fail instead.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator.importer import services_with_examples
from generator.languages import javascript as js_language
from generator.languages.javascript import LANGUAGE
from generator.runners.base import ProgramRun
from generator.runners.javascript import PINS, RUNNER, parse_diagnostics
from generator.sdks import recorded, sdk_names
from generator.verify import FAILED, PASSED

from .conftest import load, require_tool, run_verify

MODEL, SNIPPETS = load()
JS = {s.unit.id: s for s in SNIPPETS if s.language == "javascript"}


def require_checker() -> None:
    require_tool("node")
    if RUNNER.checker() is None:
        message = f"TypeScript is not installed in {RUNNER.clients()}; run polysnip doctor --install"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def program(unit_id: str, text: str | None = None, service: str = "kms") -> ProgramRun:
    snippet = JS[unit_id]
    return ProgramRun(unit_id, snippet.program_path.rsplit("/", 1)[-1], text or snippet.program, "", service)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.execution
def test_published_programs_type_check_and_broken_ones_fail_on_their_line(tmp_path: Path) -> None:
    require_checker()
    checker = RUNNER.checker()
    assert checker is not None and checker.level == "compiled" and "TypeScript 5." in checker.description
    text = JS["get-key-policy"].program
    assert 'PolicyName: "default"' in text and "GetKeyPolicyCommand" in text
    wrong_parameter = text.replace('PolicyName: "default"', 'PolicyNam: "default"', 1)
    unknown_command = text.replace("GetKeyPolicyCommand", "GetKeyPolicyDocumentCommand")
    wrong_output = text.replace("console.log(response.Policy)", "console.log(response.PolicyDocument)", 1)
    assert wrong_output != text, "the program prints response.Policy"
    runs = [program(unit_id) for unit_id in JS]
    runs += [
        ProgramRun("wrong-parameter", "get-key-policy.mjs", wrong_parameter, "", "kms"),
        ProgramRun("unknown-command", "get-key-policy.mjs", unknown_command, "", "kms"),
        ProgramRun("wrong-output", "get-key-policy.mjs", wrong_output, "", "kms"),
    ]
    found = RUNNER.typecheck(runs, tmp_path)
    assert set(found) == {run.name for run in runs}, "every program gets an entry"
    for unit_id in JS:
        assert found[unit_id] == [], f"{unit_id}: {[str(e) for e in found[unit_id]]}"

    (error,) = found["wrong-parameter"]
    assert error.line == line_of(wrong_parameter, "PolicyNam:"), str(error)
    assert "'PolicyNam' does not exist in type 'GetKeyPolicyCommandInput'" in error.message
    assert error.message.count("PolicyNam'") == 1, "one reason per error, not one per overload"

    errors = found["unknown-command"]
    import_line = line_of(unknown_command, "GetKeyPolicyDocumentCommand")  # in the import, before its use
    assert import_line < line_of(unknown_command, "from \"@aws-sdk/client-kms\"") + 1
    assert errors and all(e.program == "unknown-command" for e in errors)
    assert errors[0].line == import_line
    assert "has no exported member named 'GetKeyPolicyDocumentCommand'" in errors[0].message
    assert errors[0].column == unknown_command.splitlines()[import_line - 1].index("GetKeyPolicyDocumentCommand") + 1

    (error,) = found["wrong-output"]
    assert error.line == line_of(wrong_output, "response.PolicyDocument")
    assert "'PolicyDocument' does not exist on type 'GetKeyPolicyCommandOutput'" in error.message


@pytest.mark.execution
def test_programs_of_several_services_in_one_call(tmp_path: Path) -> None:
    require_checker()
    if not RUNNER.sdk_availability("s3").ok:
        pytest.skip("the S3 client is not installed; run polysnip doctor --install --corpus")
    s3 = (
        'import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";\n'
        'const client = new S3Client({ region: "us-east-1" });\n'
        'const response = await client.send(new ListObjectsV2Command({ Bucket: "b", MaxKeys: 2 }));\n'
        "console.log(response.Contents?.length);\n"
    )
    wrong = s3.replace("MaxKeys: 2", 'MaxKeys: "2"')
    runs = [
        program("list-key-policies"),
        ProgramRun("s3-list", "list.mjs", s3, "", "s3"),
        ProgramRun("s3-string-for-integer", "list.mjs", wrong, "", "s3"),
    ]
    found = RUNNER.typecheck(runs, tmp_path)
    assert found["list-key-policies"] == [] and found["s3-list"] == []
    (error,) = found["s3-string-for-integer"]
    assert error.line == 3 and "string" in error.message and "number" in error.message, str(error)


@pytest.mark.execution
def test_verification_fails_a_program_that_does_not_type_check() -> None:
    require_checker()

    def mutate(language: str, unit_id: str, text: str) -> str:
        if language == "javascript" and unit_id == "put-key-policy":
            assert "PolicyName:" in text
            return text.replace("PolicyName:", "PolicyNames:", 1)
        return text

    report = run_verify("javascript", mutate=mutate)
    outcome = next(o for o in report.outcomes if o.id == "put-key-policy")
    assert outcome.status == FAILED
    assert "does not compile" in outcome.detail and "PolicyNames" in outcome.detail, outcome.detail
    mutated = mutate("javascript", "put-key-policy", JS["put-key-policy"].program)
    assert outcome.line == line_of(mutated, "PolicyNames:")
    others = [o for o in report.outcomes if o.id != "put-key-policy"]
    assert others and all(o.status == PASSED and "TypeScript" in o.checked for o in others)


# --- pure parts (no node) -------------------------------------------------------------

TSC_OUTPUT = """\
0001-a/a.mjs(3,74): error TS2769: No overload matches this call.
  Overload 1 of 2, '(input: XInput): XCommand', gave the following error.
    Object literal may only specify known properties, but 'Nam' does not exist in type 'XInput'.
  Overload 2 of 2, '(input: XInput): XCommand', gave the following error.
    Object literal may only specify known properties, but 'Nam' does not exist in type 'XInput'.
0002-b/b.mjs(1,10): error TS2724: '"@aws-sdk/client-kms"' has no exported member named 'FooCommand'.
error TS5083: Cannot read file '/nowhere/tsconfig.json'.
"""


def test_parse_diagnostics_joins_one_reason_per_error(tmp_path: Path) -> None:
    found = parse_diagnostics(TSC_OUTPUT, tmp_path)
    assert [(p, line, col) for p, line, col, _ in found] == [
        ((tmp_path / "0001-a/a.mjs").resolve(), 3, 74),
        ((tmp_path / "0002-b/b.mjs").resolve(), 1, 10),
    ]
    first = found[0][3]
    assert first.startswith("error TS2769: No overload matches this call. Object literal")
    assert first.count("'Nam'") == 1 and "Overload" not in first
    assert found[1][3] == "error TS2724: '\"@aws-sdk/client-kms\"' has no exported member named 'FooCommand'."


def test_missing_in_sdk_uses_the_committed_list_without_an_installed_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYSNIP_CACHE", str(tmp_path))
    js_language.exported_commands.cache_clear()
    try:
        why = LANGUAGE.missing_in_sdk("s3", "GetBucketLifecycle")
        assert why.startswith("@aws-sdk/client-s3 ") and why.endswith("exports no GetBucketLifecycleCommand")
        assert LANGUAGE.missing_in_sdk("s3", "GetObject") == ""
        assert LANGUAGE.missing_in_sdk("kms", "GetKeyPolicy") == ""
    finally:
        js_language.exported_commands.cache_clear()


def test_missing_in_sdk_reads_the_installed_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = tmp_path / "javascript" / "clients" / "node_modules" / "@aws-sdk" / "client-kms"
    (client / "dist-types" / "commands").mkdir(parents=True)
    (client / "package.json").write_text(json.dumps({"version": "3.0.1"}), encoding="utf-8")
    index = 'export * from "./GetKeyPolicyCommand";\nexport * from "./ListKeysCommand";\n'
    (client / "dist-types" / "commands" / "index.d.ts").write_text(index, encoding="utf-8")
    monkeypatch.setenv("POLYSNIP_CACHE", str(tmp_path))
    js_language.exported_commands.cache_clear()
    try:
        assert LANGUAGE.missing_in_sdk("kms", "ListKeys") == ""
        assert LANGUAGE.missing_in_sdk("kms", "PutKeyPolicy") == "@aws-sdk/client-kms 3.0.1 exports no PutKeyPolicyCommand"
    finally:
        js_language.exported_commands.cache_clear()


def test_every_corpus_client_is_pinned_and_the_install_line_uses_the_pin() -> None:
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    assert pins["typescript"].startswith("5.") and pins["@types/node"].startswith("20.")
    unpinned = [s for s in services_with_examples() if sdk_names(s).npm_package not in pins]
    assert unpinned == [], "install() would resolve these at install time instead of a committed pin"
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in pins.values()), "exact versions only"
    committed = json.loads((PINS.parent / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert pins["@aws-sdk/client-kms"] == committed["@aws-sdk/client-kms"], "programs run and are checked with one KMS client"
    dynamodb, _ = load(Path(__file__).resolve().parents[2] / "specs" / "dynamodb-tables.yaml")
    install = LANGUAGE.install(dynamodb, ())
    assert install.lines == (f"npm install @aws-sdk/client-dynamodb@{pins['@aws-sdk/client-dynamodb']}",)


@pytest.mark.execution
def test_install_is_recorded_and_a_second_install_changes_nothing() -> None:
    require_checker()
    workspace = RUNNER.clients()
    if not all(RUNNER.sdk_availability(s).ok for s in ("s3", "dynamodb")):
        pytest.skip("the corpus clients are not installed; run polysnip doctor --install --corpus")
    manifest = (workspace / "package.json").read_bytes()
    before = (workspace / "node_modules" / ".package-lock.json").stat().st_mtime_ns
    RUNNER.install(["kms", "s3", "dynamodb"])  # already there: no npm run, nothing rewritten
    assert (workspace / "package.json").read_bytes() == manifest
    assert (workspace / "node_modules" / ".package-lock.json").stat().st_mtime_ns == before
    entry = recorded(RUNNER.workspace()).get("s3")
    assert entry and entry["ok"] and entry["version"] == RUNNER.sdk_availability("s3").versions["@aws-sdk/client-s3"]


@pytest.mark.execution
def test_the_committed_list_of_missing_commands_matches_the_installed_clients() -> None:
    """missing-commands.json stands in for the clients where they are not installed: it must
    say what the pinned clients say (regenerate it when a pin moves)."""
    require_checker()
    import botocore.session

    table = json.loads((PINS.parent / "missing-commands.json").read_text(encoding="utf-8"))
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    session = botocore.session.get_session()
    js_language.exported_commands.cache_clear()
    compared = 0
    for service in services_with_examples():
        package = sdk_names(service).npm_package
        found = js_language.exported_commands(package)
        if found is None or found[0] != pins[package]:
            continue
        operations = set(session.get_service_model(service).operation_names)
        missing = sorted(operations - found[1])
        assert table.get(service, {}).get("operations", []) == missing, service
        if missing:
            assert table[service]["version"] == pins[package] and table[service]["package"] == package
        compared += 1
    if compared == 0:
        pytest.skip("no pinned client is installed; run polysnip doctor --install --corpus")
    assert table["s3"]["operations"][:2] == ["GetBucketLifecycle", "GetBucketNotification"]


@pytest.mark.execution
def test_a_program_rewritten_in_place_is_checked_again(tmp_path: Path) -> None:
    """The same program names reuse one folder and tsc's incremental state: a changed text
    must be checked as it is now, both ways."""
    require_checker()
    clean = JS["list-key-policies"].program
    assert "KeyId:" in clean
    broken = clean.replace("KeyId:", "KeyIdentifier:", 1)
    for text, failing in ((clean, False), (broken, True), (clean, False)):
        found = RUNNER.typecheck([program("list-key-policies", text)], tmp_path)
        assert bool(found["list-key-policies"]) is failing, [str(e) for e in found["list-key-policies"]]

"""Every Go (AWS SDK for Go v2) program builds, runs against moto and does what its page claims.

One test id per snippet (test_go_snippet[put-key-policy]); a mutation test showing that a
wrong program fails with the SDK's error at the call's line; a program that does not
compile fails with its line while the others (built by the same `go build`) still run;
each binary signs with its own access key. Then the Go rules the generator must get
right or the program would not compile: gofmt layout, string literals (round-tripped
through the Go compiler), value versus pointer members, enums, struct lists, and
variables declared once per scope.

Needs go and the downloaded SDK (polysnip doctor --install). Without them the tests
skip; with CI=true they fail instead.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from generator.languages import select
from generator.languages.go import align_keys, go_document, go_identifier, go_raw_string, go_string
from generator.languages.install import go_module_version
from generator.model import Call
from generator.pipeline import render_spec
from generator.render import Renderer, units
from generator.runners.base import ProgramRun, isolated_env
from generator.runners.go import RUNNER
from generator.spec import load_spec
from generator.verify import FAILED, PASSED, Report, verify_model

from .conftest import SPEC, load, require_tool, run_verify

MODEL, SNIPPETS = load()
UNIT_IDS = [u.id for u in units(MODEL)]
GO_SNIPPETS = {s.unit.id: s for s in SNIPPETS if s.language == "go"}


def require_go() -> None:
    """Skip (fail under CI) unless go and the downloaded SDK are there."""
    require_tool("go")
    availability = RUNNER.availability()
    if not availability.ok:
        message = f"Go runner unavailable: {availability.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _mutation(unit_id: str, old: str, new: str):  # type: ignore[no-untyped-def]
    def mutate(language: str, uid: str, text: str) -> str:
        if language == "go" and uid == unit_id:
            assert old in text, f"mutation target {old!r} not in the program"
            return text.replace(old, new, 1)
        return text

    return mutate


def _line_of(unit_id: str, needle: str) -> int:
    program = GO_SNIPPETS[unit_id].program.splitlines()
    return next(n for n, line in enumerate(program, 1) if needle in line)


@pytest.fixture(scope="module")
def go_report() -> Report:
    """One verification run of every Go program, shared by the per-snippet tests."""
    require_go()
    return run_verify("go")


@pytest.mark.execution
@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_go_snippet(go_report: Report, unit_id: str) -> None:
    outcome = next(o for o in go_report.outcomes if o.language == "go" and o.id == unit_id)
    assert outcome.status == PASSED, f"go {unit_id}: {outcome.detail} (line {outcome.line})"
    assert outcome.level == "executed"
    calls = [s for s in next(u for u in units(MODEL) if u.id == unit_id).steps if isinstance(s, Call)]
    # the recorder attributes requests by access key: this program's own key signed all its calls
    assert outcome.requests == len(calls)


@pytest.mark.execution
def test_go_report_records_versions(go_report: Report) -> None:
    versions = json.loads(go_report.to_json())["versions"]["go"]
    assert versions["go"]
    # The versions the committed go.mod requires (toolchains/go): the ones programs built with.
    assert versions["aws-sdk-go-v2"] == go_module_version("github.com/aws/aws-sdk-go-v2") == "v1.48.0"
    assert versions["aws-sdk-go-v2-config"] == go_module_version("github.com/aws/aws-sdk-go-v2/config")
    assert versions["aws-sdk-go-v2-kms"] == go_module_version("github.com/aws/aws-sdk-go-v2/service/kms") == "v1.62.4"


@pytest.mark.execution
def test_go_wrong_policy_name_fails_with_the_sdk_error_and_line() -> None:
    require_go()
    report = run_verify(
        "go", mutate=_mutation("get-key-policy", 'PolicyName: aws.String("default")', 'PolicyName: aws.String("other")')
    )
    outcome = next(o for o in report.outcomes if o.id == "get-key-policy")
    assert outcome.status == FAILED
    assert "NotFoundException" in outcome.detail, outcome.detail
    call_line = _line_of("get-key-policy", "client.GetKeyPolicy(")
    assert outcome.line == call_line, f"the failure names line {outcome.line}, the call is on line {call_line}"
    assert all(o.status == PASSED for o in report.outcomes if o.id != "get-key-policy"), (
        "a mutation only fails its own program"
    )


@pytest.mark.execution
def test_go_compile_error_fails_that_program_with_its_line() -> None:
    require_go()
    report = run_verify(
        "go", mutate=_mutation("get-key-policy", "aws.ToString(output.Policy)", "aws.ToString(output.Polic)")
    )
    outcome = next(o for o in report.outcomes if o.id == "get-key-policy")
    assert outcome.status == FAILED
    assert "output.Polic undefined" in outcome.detail, outcome.detail
    assert outcome.line == _line_of("get-key-policy", "aws.ToString(output.Policy)")
    assert all(o.status == PASSED for o in report.outcomes if o.id != "get-key-policy"), (
        "the other programs still build and run"
    )


def _program(name: str, body: str, key: str, imports: str = '"fmt"\n\t"os"') -> ProgramRun:
    text = f"package main\n\nimport (\n\t{imports}\n)\n\nfunc main() {{\n{body}\n}}\n"
    return ProgramRun(name, f"{name.replace('-', '_')}.go", text, key)


@pytest.mark.execution
def test_go_batch_isolates_programs(tmp_path: Path) -> None:
    """One go build for the batch, yet each binary runs with its own key and is judged alone."""
    require_go()
    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    programs = [
        _program("first", '\tfmt.Println("key=" + os.Getenv("AWS_ACCESS_KEY_ID"))', "KEYONE"),
        _program("broken", "\tfmt.Println(os.Args)\n\tx := )", "KEYTWO"),
        _program("unused", "\tx := 1", "KEYTHREE", '"fmt"'),
        _program(
            "fatal",
            '\t_, err := os.Open("/nonexistent")\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}',
            "KEYFOUR",
            '"log"\n\t"os"',
        ),
        _program("panics", '\tvar m map[string]any\n\tfmt.Println(m["x"].([]any))\n\t_ = os.Args', "KEYFIVE"),
        _program("last", '\tfmt.Println("key=" + os.Getenv("AWS_ACCESS_KEY_ID"))', "KEYSIX"),
    ]
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["first"].exit_code == 0 and results["first"].stdout == "key=KEYONE\n"
    assert results["broken"].exit_code != 0 and results["broken"].error_line == 10, results["broken"].stderr
    assert results["unused"].exit_code != 0 and results["unused"].error_line == 4  # the first error: the import
    assert "declared and not used: x" in results["unused"].stderr
    assert "imported and not used" in results["unused"].stderr
    assert results["fatal"].exit_code == 1 and results["fatal"].error_line == 9  # the statement that set err
    assert results["fatal"].stderr.strip().endswith("open /nonexistent: no such file or directory")
    assert results["panics"].exit_code == 2 and results["panics"].error_line == 10
    assert results["panics"].stderr.strip().splitlines()[-1].startswith("panic: interface conversion")
    assert results["last"].exit_code == 0 and results["last"].stdout == "key=KEYSIX\n"


@pytest.mark.execution
def test_go_reuses_a_built_binary_only_for_the_same_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program verified before runs from the binary cache without a build; a program whose
    text differs by one character is built again, and runs as its own text says."""
    require_go()
    import generator.runners.go as go

    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    marker = str(tmp_path)  # unique to this run, so the first build cannot be cached already
    first = _program("cached", f'\tfmt.Println("{marker}-A")\n\t_ = os.Args', "KEYONE")
    changed = _program("cached", f'\tfmt.Println("{marker}-B")\n\t_ = os.Args', "KEYONE")
    commands: list[list[str]] = []
    real = go.run_bounded

    def recording(command: list[str], *args, **kwargs):  # type: ignore[no-untyped-def]
        commands.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(go, "run_bounded", recording)
    builds = lambda: sum(1 for c in commands if c[1:2] == ["build"])  # noqa: E731
    assert RUNNER.run([first], tmp_path / "one", env)["cached"].stdout == f"{marker}-A\n"
    assert builds() == 1
    assert RUNNER.run([first], tmp_path / "two", env)["cached"].stdout == f"{marker}-A\n"
    assert builds() == 1, "the second run of the same text built again"
    assert RUNNER.run([changed], tmp_path / "three", env)["cached"].stdout == f"{marker}-B\n"
    assert builds() == 2


def test_go_unavailable_without_go(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.runners.go as go

    monkeypatch.setattr(go, "which", lambda tool, *a: None if tool == "go" else "/usr/bin/" + tool)
    availability = RUNNER.availability()
    assert not availability.ok and "go" in availability.reason


# --- what the generator must get right for Go to compile ---------------------------------


def test_go_programs_are_gofmt_clean(tmp_path: Path) -> None:
    gofmt = require_tool("gofmt")
    for snippet in GO_SNIPPETS.values():
        (tmp_path / snippet.program_path.rsplit("/", 1)[-1]).write_text(snippet.program, encoding="utf-8")
    completed = subprocess.run([gofmt, "-l", "-d", str(tmp_path)], capture_output=True, text=True, check=False)
    assert completed.returncode == 0 and completed.stdout == "", completed.stdout + completed.stderr


@pytest.mark.parametrize(
    "keys",
    [
        ["KeyId"],
        ["KeyId", "PolicyName", "Policy"],
        ["A", "B" * 45, "C"],
        ["KeyId", "X" * 41, "Y" * 42, "Z" * 120, "W"],
        ["Q" * 50, "R" * 60],
    ],
    ids=["one", "short", "long-middle", "sections", "two-long"],
)
def test_align_keys_matches_gofmt(tmp_path: Path, keys: list[str]) -> None:
    gofmt = require_tool("gofmt")
    source = "package p\n\nvar x = T{\n" + "".join(f"\t{cell} 1,\n" for cell in align_keys(keys)) + "}\n"
    path = tmp_path / "p.go"
    path.write_text(source, encoding="utf-8")
    formatted = subprocess.run([gofmt, str(path)], capture_output=True, text=True, check=True).stdout
    assert formatted == source


def test_go_identifiers() -> None:
    assert go_identifier("key_id") == "keyID"
    assert go_identifier("account_id") == "accountID"
    assert go_identifier("policy") == "policy"
    assert go_identifier("key_policy") == "keyPolicy"
    assert go_identifier("alias_arn") == "aliasARN"
    assert go_identifier("id") == "id"
    language = select("go")[0]
    assert language.variable("type") == "typeValue"
    assert language.variable("err") == "errValue"
    assert language.variable("response") == "output"


def test_go_string_literals_table() -> None:
    assert go_string("") == '""'
    assert go_string('say "hi"') == '"say \\"hi\\""'
    assert go_string("a\nb\r\t\x00\x7f") == '"a\\nb\\r\\t\\x00\\x7f"'
    assert go_string("\ufeff\u2028 café 鍵 🔑 `x` ${y}") == '"\\ufeff\\u2028 café 鍵 🔑 `x` ${y}"'
    assert go_raw_string('{\n  "a": "b\\"c"\n}') == '`{\n  "a": "b\\"c"\n}`'
    assert go_raw_string("a`b") is None
    assert go_raw_string("a\rb") is None
    assert go_document("has `backtick`") == '"has `backtick`"'


def test_go_string_literals_round_trip(tmp_path: Path) -> None:
    """Every literal test case, rendered by go_string and go_raw_string, compiled and
    printed by Go, gives back exactly the value."""
    go = require_tool("go")
    from tests.unit.test_literals import CASES

    names = sorted(CASES)
    lines = []
    for name in names:
        lines.append(f"\tvalues = append(values, {go_string(CASES[name])})")
        raw = go_raw_string(CASES[name])
        lines.append(f"\tvalues = append(values, {raw if raw is not None else go_string(CASES[name])})")
    source = (
        'package main\n\nimport (\n\t"encoding/json"\n\t"os"\n)\n\nfunc main() {\n\tvar values []string\n'
        + "\n".join(lines)
    )
    source += (
        "\n\tencoder := json.NewEncoder(os.Stdout)\n\tencoder.SetEscapeHTML(false)\n\t_ = encoder.Encode(values)\n}\n"
    )
    (tmp_path / "main.go").write_text(source, encoding="utf-8")
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-buildvcs=false", "GO111MODULE": "off", "CGO_ENABLED": "0"}
    completed = subprocess.run(
        [go, "run", "main.go"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert completed.returncode == 0, completed.stderr
    got = json.loads(completed.stdout)
    for index, name in enumerate(names):
        assert got[2 * index] == CASES[name], f"go_string {name}"
        assert got[2 * index + 1] == CASES[name], f"go_raw_string {name}"


# A spec that exercises what the KMS spec does not: enums, a list of structs, a value-typed
# bool (BooleanType is `bool` in the SDK) beside a pointer one (NullableBooleanType is
# *bool), and a scenario that saves, encodes and declares the same variables twice.
EXTRA = """
  - id: create-tagged-key
    operation: CreateKey
    title: Create a tagged key
    description: A key with tags.
    params:
      Description: Tagged key
      KeyUsage: ENCRYPT_DECRYPT
      KeySpec: SYMMETRIC_DEFAULT
      MultiRegion: false
      BypassPolicyLockoutSafetyCheck: true
      Tags:
        - TagKey: team
          TagValue: docs
        - TagKey: cost-center
          TagValue: "42"
    expect:
      KeyMetadata.KeyUsage: ENCRYPT_DECRYPT

scenarios:
  - id: edit-twice
    title: Edit a key policy twice
    description: Two rounds of read, edit, write.
    steps:
      - operation: GetKeyPolicy
        params: {KeyId: "${key_id}", PolicyName: default}
        save: {policy: Policy}
      - edit: policy
        append:
          path: Statement
          value: {Sid: One, Effect: Allow, Principal: {AWS: "arn:aws:iam::${account_id}:root"}, Action: "kms:Encrypt", Resource: "*"}
      - operation: PutKeyPolicy
        params: {KeyId: "${key_id}", PolicyName: default, Policy: "${policy}"}
      - operation: GetKeyPolicy
        params: {KeyId: "${key_id}", PolicyName: default}
        save: {policy: Policy}
      - edit: policy
        append:
          path: Statement
          value: {Sid: Two, Effect: Allow, Principal: {AWS: "arn:aws:iam::${account_id}:root"}, Action: "kms:Decrypt", Resource: "*"}
      - operation: PutKeyPolicy
        params: {KeyId: "${key_id}", PolicyName: default, Policy: "${policy}"}
      - operation: GetKeyPolicy
        params: {KeyId: "${key_id}", PolicyName: default}
        expect:
          Policy:
            json_at: {path: Statement, contains: {Sid: Two, Effect: Allow, Principal: {AWS: "arn:aws:iam::${account_id}:root"}, Action: "kms:Decrypt", Resource: "*"}}
"""


@pytest.mark.execution
def test_go_types_enums_and_redeclarations_compile_and_run(tmp_path: Path) -> None:
    require_go()
    text = SPEC.read_text(encoding="utf-8")
    head = text[: text.index("\nscenarios:")]
    spec = tmp_path / "kms-go-extra.yaml"
    spec.write_text(head + "\n" + EXTRA, encoding="utf-8")
    model, _ = load_spec(spec)
    languages = select("go")
    snippets = render_spec(model, languages, Renderer()).snippets
    programs = {s.unit.id: s.program for s in snippets}
    create = programs["create-tagged-key"]
    assert "KeyUsage:                       types.KeyUsageTypeEncryptDecrypt," in create
    assert "KeySpec:                        types.KeySpecSymmetricDefault," in create
    assert "MultiRegion:                    aws.Bool(false)," in create
    assert "BypassPolicyLockoutSafetyCheck: true," in create
    assert (
        'Tags:                           []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("docs")}, '
        in create
    )
    assert '\t"github.com/aws/aws-sdk-go-v2/service/kms/types"\n' in create
    edit = programs["edit-twice"]
    # The second round reuses the first round's variables instead of declaring them again.
    assert edit.count("var policy policyDocument") == 1 and "\tpolicy = policyDocument{}\n" in edit
    assert edit.count("var policyJSON bytes.Buffer") == 1 and "\tpolicyJSON.Reset()\n" in edit
    assert "statement := json.RawMessage(" in edit and "statement2 := json.RawMessage(" in edit
    report = verify_model(model, snippets, languages, Renderer())
    failed = [(o.id, o.line, o.detail) for o in report.outcomes if o.status != PASSED]
    assert not failed, failed


@pytest.mark.execution
def test_go_programs_of_other_operations_compile(tmp_path: Path) -> None:
    """The programs of tests/unit/test_new_operation.py's spec (maps, enum lists, nested
    structures, integers, value-typed bools) all get through the Go compiler."""
    require_go()
    from tests.unit.test_new_operation import SPEC as NEW_OPERATIONS

    spec = tmp_path / "kms-new-operations.yaml"
    spec.write_text(NEW_OPERATIONS, encoding="utf-8")
    model, _ = load_spec(spec)
    snippets = render_spec(model, select("go"), Renderer()).snippets
    programs = [
        ProgramRun(s.unit.id, s.program_path.rsplit("/", 1)[-1], s.program, f"KEY{i}") for i, s in enumerate(snippets)
    ]
    home = tmp_path / "home"
    home.mkdir()
    results = RUNNER.run(programs, tmp_path / "work", isolated_env("http://127.0.0.1:9", model.region, home))
    assert len(results) == len(programs) >= 6
    compile_errors = {name: r.stderr for name, r in results.items() if "go build" in r.stderr}
    assert not compile_errors, compile_errors
    for name, result in results.items():  # they ran, and failed only for want of a server
        assert result.exit_code == 0 or "connection refused" in result.stderr, (name, result.stderr)

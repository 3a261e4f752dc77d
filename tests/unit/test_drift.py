"""polysnip drift: the spec against a changed service model and the last report's versions.

The changed models are botocore data directories written into tmp_path at test time from
the installed KMS model (a 500 KB copy is not committed), and reach the code the way
users' would: through botocore's loader search path (--data-path / data_path).

DRIFTED makes the three changes issue 9 names:
- GetKeyPolicy's PolicyName parameter is renamed KeyPolicyName;
- PutKeyPolicy gets a new required parameter, PolicyRevision;
- PolicyNameType's pattern is tightened from [\\w]+ to [A-Z][A-Z_]* ('default' breaks it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore.loaders import Loader
from click.testing import CliRunner, Result

from generator import __version__, service
from generator.cli import main
from generator.drift import (
    CONSTRAINTS,
    REMOVED,
    REQUIRED,
    TYPE,
    VERSIONS,
    Finding,
    Toolchains,
    check_drift,
    installed_versions,
    spec_drift,
    version_drift,
)
from generator.problems import BadInput
from generator.report import report_path
from generator.source import format_path, load_yaml

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"
SPEC_OPERATIONS = {"CreateKey", "ListKeyPolicies", "GetKeyPolicy", "PutKeyPolicy"}
NEW_PATTERN = "[A-Z][A-Z_]*"
# What these tests say is installed, unless a test asks every runner (installed_versions).
CURRENT = Toolchains(
    versions={
        "moto": {"moto": "5.2.5"},
        "python": {"python": "3.11.7", "boto3": "1.44.5", "botocore": "1.44.5"},
        "go": {"go": "1.26.8", "aws-sdk-go-v2-kms": "v1.62.4"},
    },
    unavailable={"java": "missing java (apt-get install openjdk-17-jdk-headless)"},
)


def write_model(root: Path, change: Callable[[dict[str, Any]], None]) -> str:
    """A botocore data directory holding the installed KMS model with change applied."""
    model: dict[str, Any] = Loader().load_service_model("kms", "service-2")
    model = json.loads(json.dumps(model))  # a private copy: the loader caches what it returns
    change(model["shapes"])
    folder = root / "kms" / model["metadata"]["apiVersion"]
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(model), encoding="utf-8")
    return str(root)


def issue_changes(shapes: dict[str, Any]) -> None:
    request = shapes["GetKeyPolicyRequest"]
    request["members"] = {("KeyPolicyName" if k == "PolicyName" else k): v for k, v in request["members"].items()}
    shapes["PolicyRevisionType"] = {"type": "string", "min": 1, "max": 64}
    put = shapes["PutKeyPolicyRequest"]
    put["members"]["PolicyRevision"] = {"shape": "PolicyRevisionType", "documentation": "<p>The revision to replace.</p>"}
    put["required"] = [*put["required"], "PolicyRevision"]
    shapes["PolicyNameType"]["pattern"] = NEW_PATTERN


def other_changes(shapes: dict[str, Any]) -> None:
    """A rename no name-similarity can guess, a renamed result field and a type change."""
    request = shapes["ListKeyPoliciesRequest"]
    request["members"] = {("TargetKey" if k == "KeyId" else k): v for k, v in request["members"].items()}
    request["required"] = ["TargetKey"]
    shapes["PolicyNamesSummary"] = {"type": "structure", "members": {"Count": {"shape": "LimitType"}}}
    shapes["ListKeyPoliciesResponse"]["members"]["PolicyNames"] = {"shape": "PolicyNamesSummary"}
    output = shapes["GetKeyPolicyResponse"]["members"]
    output["KeyPolicy"] = output.pop("Policy")


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_model(tmp_path_factory.mktemp("botocore-drift"), issue_changes)


@pytest.fixture(scope="module")
def drifted_findings(drifted: str) -> list[Finding]:
    return spec_drift(CANONICAL, drifted).findings


def by_path(findings: list[Finding], group: str) -> dict[str, Finding]:
    found = [f for f in findings if f.group == group]
    paths = {f.path: f for f in found}
    assert len(paths) == len(found), f"a path is reported twice in {group}: {[f.path for f in found]}"
    return paths


def location_of(path: tuple[str | int, ...]) -> tuple[int, int]:
    doc = load_yaml(CANONICAL, display=str(CANONICAL))
    assert path in doc.locations, f"{format_path(path)} is not in the spec"
    where = doc.locations[path]
    return where.line, where.column


def reports(out: Path) -> Path:
    """The report folder of an output root, as verify writes it."""
    folder = report_path(out, "x").parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_text(versions: dict[str, dict[str, str]], polysnip: str = __version__) -> str:
    """A verification report as Report.to_json writes it (the layout drift reads lines of)."""
    data = {
        "spec": "specs/kms-key-policies.yaml",
        "date": "2026-01-01",
        "polysnip": polysnip,
        "versions": {k: dict(sorted(v.items())) for k, v in sorted(versions.items())},
        "results": [],
    }
    return json.dumps(data, indent=2) + "\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["drift", *args], catch_exceptions=False)


# --- the installed model --------------------------------------------------------------


def test_the_shipped_spec_has_no_drift_against_the_installed_model() -> None:
    result = spec_drift(CANONICAL)
    assert result.findings == []
    assert result.service == "kms"
    assert result.used_operations == SPEC_OPERATIONS


# --- the three changes of the issue ------------------------------------------------------


def test_a_renamed_parameter_is_reported_at_every_use_with_the_new_name(drifted_findings: list[Finding]) -> None:
    removed = by_path(drifted_findings, REMOVED)
    uses = [
        ("operations", 1, "params", "PolicyName"),
        ("operations", 2, "then", 0, "params", "PolicyName"),
        ("scenarios", 0, "steps", 0, "params", "PolicyName"),
        ("scenarios", 0, "steps", 3, "params", "PolicyName"),
    ]
    assert set(removed) == {format_path(p) for p in uses}
    for path in uses:
        finding = removed[format_path(path)]
        assert (finding.location.line, finding.location.column) == location_of(path)
        assert finding.location.file == str(CANONICAL)
        assert finding.suggestion == "KeyPolicyName"
        assert "GetKeyPolicy has no parameter 'PolicyName'" in finding.message
        assert "likely now 'KeyPolicyName'" in finding.message
    # PutKeyPolicy still has PolicyName: its uses are not reported as removed.
    assert "operations[2].params.PolicyName" not in removed


def test_a_new_required_parameter_is_reported_where_the_params_are(drifted_findings: list[Finding]) -> None:
    required = by_path(drifted_findings, REQUIRED)
    calls = [("operations", 2, "params"), ("scenarios", 0, "steps", 2, "params")]
    assert set(required) == {format_path(p) for p in calls}
    for path in calls:
        finding = required[format_path(path)]
        assert (finding.location.line, finding.location.column) == location_of(path)
        assert "PutKeyPolicy requires parameter 'PolicyRevision' (string; min 1, max 64)" in finding.message


def test_a_tightened_pattern_is_reported_for_the_value_that_breaks_it(drifted_findings: list[Finding]) -> None:
    constraints = by_path(drifted_findings, CONSTRAINTS)
    params = [("operations", 2, "params", "PolicyName"), ("scenarios", 0, "steps", 2, "params", "PolicyName")]
    for path in params:
        finding = constraints[format_path(path)]
        assert (finding.location.line, finding.location.column) == location_of(path)
        assert f"'default' does not match the pattern {NEW_PATTERN}" in finding.message
    # The expected ListKeyPolicies result is a PolicyNameType too, checked as validate checks it.
    assert set(constraints) == {format_path(p) for p in params} | {"operations[0].expect.PolicyNames[0]"}


def test_nothing_else_is_reported_for_the_issue_changes(drifted_findings: list[Finding]) -> None:
    assert {f.group for f in drifted_findings} == {REMOVED, REQUIRED, CONSTRAINTS}
    assert len(drifted_findings) == 4 + 2 + 3
    assert not [f for f in drifted_findings if f.group == TYPE]


def test_a_rename_is_guessed_from_type_documentation_and_requiredness(tmp_path: Path) -> None:
    """KeyId -> TargetKey shares no useful spelling; TargetKey is the only string member
    the spec does not give whose documentation talks about a key ID, and it is required."""
    assert service.suggest("KeyId", ["TargetKey", "Limit", "Marker"]) == ""  # name similarity alone fails
    findings = spec_drift(CANONICAL, write_model(tmp_path, other_changes)).findings
    removed = by_path(findings, REMOVED)
    renamed = removed["operations[0].params.KeyId"]
    assert renamed.suggestion == "TargetKey"
    assert "likely now 'TargetKey', which is required" in renamed.message
    # ...and the rename explains the new required member: it is not reported again.
    assert "operations[0].params" not in by_path(findings, REQUIRED)
    # Result fields: expect and save of the renamed GetKeyPolicy output member.
    for path in ("operations[1].expect.Policy", "operations[2].then[0].expect.Policy", "scenarios[0].steps[0].save.policy", "scenarios[0].steps[3].expect.Policy"):
        assert removed[path].suggestion == "KeyPolicy", path
    assert "GetKeyPolicy output has no member 'Policy'" in removed["scenarios[0].steps[0].save.policy"].message
    changed = by_path(findings, TYPE)
    assert set(changed) == {"operations[0].expect.PolicyNames"}
    assert "PolicyNames is now structure PolicyNamesSummary; the spec gives a list" in changed["operations[0].expect.PolicyNames"].message
    assert changed["operations[0].expect.PolicyNames"].location.line == location_of(("operations", 0, "expect", "PolicyNames"))[0]


def test_no_guess_when_nothing_fits(tmp_path: Path) -> None:
    def drop(shapes: dict[str, Any]) -> None:
        del shapes["GetKeyPolicyRequest"]["members"]["PolicyName"]

    removed = by_path(spec_drift(CANONICAL, write_model(tmp_path, drop)).findings, REMOVED)
    assert {f.suggestion for f in removed.values()} == {None}
    assert len(removed) == 4


# --- coverage ----------------------------------------------------------------------------


def test_coverage_counts_every_operation_without_an_example(tmp_path: Path) -> None:
    report = check_drift([CANONICAL], out_root=tmp_path, installed=CURRENT)
    (coverage,) = report.coverage
    operations = service.service_model("kms").operation_names
    assert set(coverage.covered) == SPEC_OPERATIONS  # CreateKey comes from the fixture
    assert len(coverage.uncovered) == len(operations) - len(SPEC_OPERATIONS)
    assert set(coverage.uncovered) == set(operations) - SPEC_OPERATIONS
    # A second spec's scenario step covers one more; coverage is per service, across specs.
    extra = tmp_path / "describe.yaml"
    extra.write_text(
        "polysnip: 1\nservice: kms\noperations:\n  - operation: ListKeys\n    title: List keys\n"
        "scenarios:\n  - id: look\n    title: Look\n    steps:\n      - operation: DescribeKey\n        params: {KeyId: alias/x}\n",
        encoding="utf-8",
    )
    both = check_drift([CANONICAL, extra], out_root=tmp_path, installed=CURRENT).coverage[0]
    assert set(both.covered) == SPEC_OPERATIONS | {"ListKeys", "DescribeKey"}
    assert len(both.uncovered) == len(operations) - len(both.covered)


def test_coverage_counts_as_drift_only_when_strict(tmp_path: Path) -> None:
    reports(tmp_path).joinpath("kms-key-policies.json").write_text(report_text(CURRENT.versions), encoding="utf-8")
    relaxed = check_drift([CANONICAL], out_root=tmp_path, installed=CURRENT)
    strict = check_drift([CANONICAL], out_root=tmp_path, installed=CURRENT, strict_coverage=True)
    assert relaxed.findings == [] and relaxed.exit_code == 0
    assert strict.exit_code == 1
    assert "operations have an example" in strict.counted[0].message


# --- versions ----------------------------------------------------------------------------


def test_versions_matching_the_report_are_no_drift(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text(report_text(CURRENT.versions), encoding="utf-8")
    assert version_drift("spec.yaml", report, CURRENT) == []


def test_a_doctored_report_shows_each_version_difference_at_its_line(tmp_path: Path) -> None:
    recorded = json.loads(json.dumps(CURRENT.versions))
    recorded["python"]["botocore"] = "1.40.0"
    recorded["moto"]["moto"] = "5.0.0"
    del recorded["go"]
    recorded["java"] = {"java": "17.0.15"}
    report = tmp_path / "r.json"
    text = report_text(recorded, polysnip="0.0.1")
    report.write_text(text, encoding="utf-8")
    findings = {f.path: f for f in version_drift("spec.yaml", report, CURRENT)}
    assert set(findings) == {"polysnip", "versions.python.botocore", "versions.moto.moto", "versions.go", "versions.java"}
    botocore = findings["versions.python.botocore"]
    assert "botocore 1.40.0 was verified; 1.44.5 is installed" in botocore.message
    assert text.splitlines()[botocore.location.line - 1].strip() == '"botocore": "1.40.0",'
    assert "moto 5.0.0 was verified; 5.2.5 is installed" in findings["versions.moto.moto"].message
    assert "go is available here" in findings["versions.go"].message and findings["versions.go"].counts
    assert f"polysnip 0.0.1 verified it; {__version__} is installed" in findings["polysnip"].message
    # Java is unavailable here: shown, but it cannot be compared and does not count.
    assert not findings["versions.java"].counts and "missing java" in findings["versions.java"].message
    assert all(f.group == VERSIONS for f in findings.values())


def test_a_missing_report_means_never_verified(tmp_path: Path) -> None:
    (finding,) = version_drift("spec.yaml", tmp_path / "none.json", CURRENT)
    assert finding.counts and finding.message.startswith("never verified")


def test_an_unreadable_report_is_bad_input(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text('{"versions": {\n  "moto": [}\n', encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        version_drift("spec.yaml", report, CURRENT)
    assert caught.value.problems[0].location.line == 2


# --- the command: output and exit codes ------------------------------------------------------


def test_exit_0_with_the_installed_model_and_a_fresh_report(tmp_path: Path) -> None:
    """Nothing mocked: the report holds what every runner reports now."""
    reports(tmp_path).joinpath("kms-key-policies.json").write_text(report_text(installed_versions().versions), encoding="utf-8")
    result = run(str(CANONICAL), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "no drift: nothing to do" in result.stdout
    uncovered = len(service.service_model("kms").operation_names) - len(SPEC_OPERATIONS)
    assert f"Coverage: operations without an example ({uncovered}; not counted as drift" in result.stdout
    for heading in ("Removed or renamed", "Newly required", "Type changes", "Constraint violations", "SDK and tool versions"):
        assert f"{heading}" in result.stdout and result.stdout.count("\n  none\n") == 5


def test_exit_1_on_the_changed_model_with_grouped_located_output(drifted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.drift.installed_versions", lambda: CURRENT)
    reports(tmp_path).joinpath("kms-key-policies.json").write_text(report_text(CURRENT.versions), encoding="utf-8")
    result = run(str(CANONICAL), "--data-path", drifted, "--out", str(tmp_path))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "Removed or renamed in the model (parameters, members, result fields, operations) (4)" in out
    assert "Newly required members the spec does not give (2)" in out
    assert "Constraint violations: length, range, enum or pattern (3)" in out
    line, column = location_of(("operations", 1, "params", "PolicyName"))
    assert f"  {CANONICAL}:{line}:{column}: operations[1].params.PolicyName: GetKeyPolicy has no parameter 'PolicyName'" in out
    assert out.rstrip().endswith("drift found: 9 finding(s) in removed, required, constraints")


def test_exit_1_on_version_drift_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.drift.installed_versions", lambda: CURRENT)
    recorded = json.loads(json.dumps(CURRENT.versions))
    recorded["python"]["boto3"] = "1.39.0"
    reports(tmp_path).joinpath("kms-key-policies.json").write_text(report_text(recorded), encoding="utf-8")
    result = run(str(CANONICAL), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "python: boto3 1.39.0 was verified; 1.44.5 is installed" in result.stdout


def test_json_output(drifted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.drift.installed_versions", lambda: CURRENT)
    result = run(str(CANONICAL), "--data-path", drifted, "--out", str(tmp_path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["drift"] is True and data["exit_code"] == 1
    assert data["groups"]["removed"]["count"] == 4
    assert {f["suggestion"] for f in data["groups"]["removed"]["findings"]} == {"KeyPolicyName"}
    assert data["groups"]["versions"]["findings"][0]["message"].startswith("never verified")
    (coverage,) = data["coverage"]
    assert coverage["operations"] == len(coverage["covered"]) + len(coverage["uncovered"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("polysnip: 1\nservice: kmz\noperations: []\n", ":2:1: error: service: unknown AWS service 'kmz' (did you mean 'kms'?)"),
        ("polysnip: 1\nservice: kms\noperations: [\n", ":4:1: error: YAML syntax error"),
        (
            "polysnip: 1\nservice: kms\noperations:\n  - operation: ListKeyPolicies\n    params: {KeyId: '${nope}'}\n",
            ":5:14: error: operations[0].params.KeyId: unknown placeholder ${nope}",
        ),
    ],
    ids=["unknown-service", "yaml-error", "broken-spec"],
)
def test_exit_2_on_bad_input(tmp_path: Path, text: str, expected: str) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(text, encoding="utf-8")
    result = run(str(spec), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert f"{spec}{expected}" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_exit_2_on_a_missing_spec(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing.yaml'}:1:1: error: file not found" in result.stderr


def test_findings_are_problems_of_kind_drift() -> None:
    from generator.drift import Finding
    from generator.problems import Kind, Location, Severity

    finding = Finding("removed", Location("s.yaml", 3, 5), "operations[0].params.Old", "gone", suggestion="New")
    note = Finding("versions", Location("r.json", 1, 1), "", "cannot compare", counts=False)
    assert finding.problem.kind is Kind.DRIFT and finding.problem.suggestion == "New"
    assert finding.problem.severity is Severity.ERROR and note.problem.severity is Severity.WARNING
    assert finding.problem.format() == "s.yaml:3:5: error: operations[0].params.Old: gone"

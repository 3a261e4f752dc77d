"""Java programs compile against the real AWS SDK for Java 2.x (javac, per-service batches,
without running them), and a program that uses a name the SDK lacks does not, with javac's
line and column.

Needs java, javac and the fetched SDK modules of kms, rds, snowball and waf-regional
(python -m generator doctor --install). Without them the tests skip; with CI=true they fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.java_sdk import committed, differences, index_jar, index_service
from generator.languages import LANGUAGES
from generator.render import Renderer
from generator.runners.base import ProgramRun
from generator.runners.java import RUNNER
from generator.spec import load_spec

from .conftest import require_tool

SERVICES = ("kms", "rds", "snowball", "waf-regional")


def require_sdk() -> None:
    require_tool("java")
    require_tool("javac")
    missing = [s for s in SERVICES if RUNNER.classpath(s) is None]
    message = f"the AWS SDK for Java modules of {', '.join(missing)} are not fetched" if missing else ""
    checker = RUNNER.checker()
    if checker is None:
        message = f"Java runner unavailable: {RUNNER.availability().reason}"
    if message:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _program(tmp_path: Path, service: str, operation: dict[str, Any]) -> ProgramRun:
    spec = {"polysnip": 1, "service": service, "region": "us-west-2", "title": f"{service} program",
            "description": "A program.", "operations": [operation]}
    path = tmp_path / f"{service}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    model, _ = load_spec(path)
    assert model is not None
    snippet = next(s for s in Renderer().render_model(model, [LANGUAGES["java"]]) if s.unit.id == operation["id"])
    filename = snippet.program_path.rsplit("/", 1)[-1]
    return ProgramRun(f"{service}.{operation['id']}", filename, snippet.program, "", service)


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> list[ProgramRun]:
    require_sdk()
    folder = tmp_path_factory.mktemp("specs")
    return [
        _program(folder, "rds", {
            "id": "reboot", "operation": "RebootDBInstance", "title": "Reboot", "description": "Reboots.",
            "params": {"DBInstanceIdentifier": "database-1"}, "expect": {"DBInstance.DBInstanceStatus": "rebooting"}}),
        _program(folder, "snowball", {
            "id": "job", "operation": "UpdateJob", "title": "Job", "description": "Updates.",
            "params": {"JobId": "JID123e4567-e89b-12d3-a456-426655440000",
                       "Notification": {"NotifyAll": False, "SnsTopicARN": "arn:aws:sns:us-west-2:111122223333:t"}}}),
        _program(folder, "waf-regional", {
            "id": "ipset", "operation": "UpdateIPSet", "title": "IP set", "description": "Updates.",
            "params": {"IPSetId": "example", "ChangeToken": "token",
                       "Updates": [{"Action": "INSERT",
                                    "IPSetDescriptor": {"Type": "IPV4", "Value": "192.0.2.44/32"}}]}}),
        _program(folder, "kms", {
            "id": "describe", "operation": "DescribeKey", "title": "Key", "description": "Reads.",
            "params": {"KeyId": "alias/example"}, "expect": {"KeyMetadata.KeyId": "1234abcd"}}),
    ]


@pytest.mark.execution
def test_programs_of_several_services_compile(programs: list[ProgramRun], tmp_path: Path) -> None:
    found = RUNNER.typecheck(programs, tmp_path)
    assert set(found) == {p.name for p in programs}
    assert found == {p.name: [] for p in programs}, found


@pytest.mark.execution
def test_a_member_the_sdk_lacks_fails_with_its_line(programs: list[ProgramRun], tmp_path: Path) -> None:
    rds = programs[0]
    lines = rds.text.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if ".dbInstanceIdentifier(" in text)
    wrong = rds.text.replace(".dbInstanceIdentifier(", ".dbInstanceIdentifer(")  # one letter off
    broken = ProgramRun("rds.broken", rds.filename, wrong, "", "rds")
    found = RUNNER.typecheck([broken, programs[3]], tmp_path)
    assert found[programs[3].name] == []  # the other program of the call is still clean
    errors = found["rds.broken"]
    assert errors, "a wrong member name compiled"
    first = errors[0]
    assert (first.program, first.line) == ("rds.broken", line)
    assert first.column == lines[line - 1].index(".dbInstanceIdentifier(") + 1
    assert "cannot find symbol" in first.message and "dbInstanceIdentifer" in first.message


@pytest.mark.execution
def test_a_program_against_another_services_sdk_does_not_compile(programs: list[ProgramRun], tmp_path: Path) -> None:
    """Each batch has only its own service's module: a KMS program given as rds fails."""
    kms = programs[3]
    found = RUNNER.typecheck([ProgramRun("kms-as-rds", kms.filename, kms.text, "", "rds")], tmp_path)
    assert any("software.amazon.awssdk.services.kms" in e.message for e in found["kms-as-rds"])


@pytest.mark.execution
def test_the_index_reads_the_installed_module() -> None:
    require_sdk()
    jar = next(Path(j) for j in RUNNER.classpath("waf-regional") or [] if Path(j).name.startswith("waf-"))
    index = index_jar(jar)
    sdk = index_service("waf-regional", index)
    assert sdk is not None
    assert sdk.names.client == "WafRegionalClient" and sdk.names.package == "waf.regional"
    assert "updateIPSet" in sdk.client_methods
    assert sdk.class_name("UpdateIPSetRequest") == "UpdateIpSetRequest"
    assert sdk.member("IPSetDescriptor", "Value", ["Type", "Value"]) == "value"
    assert sdk.enum_constant("ChangeAction", "INSERT") == "INSERT"
    assert RUNNER.sdk_index("kms") is not None


@pytest.mark.execution
@pytest.mark.parametrize("service", SERVICES)
def test_the_committed_table_is_what_the_installed_sdk_says(service: str) -> None:
    """names.json is read from these jars: regenerated now, it is the same (else run
    polysnip sdk-names java after changing the pinned versions)."""
    require_sdk()
    sdk = RUNNER.sdk_index(service)
    assert sdk is not None
    assert differences(service, sdk, RUNNER.module_version(service)) == committed().services[service]

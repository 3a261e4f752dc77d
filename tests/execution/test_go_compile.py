"""The Go runner's typecheck(): go build's compile step (`go list -e -export`, no linking)
over a batch of programs of several services against the pinned SDK modules.

Rendered programs of three services build clean; the same programs with an error the
generator used to make (aws.Bool for a field the SDK declares as a plain bool; a
lower-cased enum constant) do not, each with its own line; a program of a service whose
module is not here is reported as not compiled, never as clean.

Needs go and the downloaded SDK modules (polysnip doctor --install). Without them the
tests skip; with CI=true they fail instead.
"""

from __future__ import annotations

import os

import pytest

from generator.importer.check import import_service
from generator.languages import select
from generator.render import Renderer
from generator.runners.base import ProgramRun
from generator.runners.go import RUNNER

from .test_go import require_go

GO = select("go")


def _programs(service: str) -> dict[str, str]:
    """Every Go program of a service's imported examples: unit id -> text."""
    renderer = Renderer()
    _, model, _ = import_service(service, (), GO, renderer, False)
    assert model is not None
    return {s.unit.id: s.program for s in renderer.render_model(model, GO)}


@pytest.fixture(scope="module")
def checked_sdk() -> None:
    require_go()
    for service in ("elb", "iam", "dynamodb"):
        if not RUNNER.sdk_availability(service).ok:
            message = f"the Go SDK module for {service} is not downloaded (polysnip doctor --install --corpus)"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)


@pytest.mark.execution
def test_typecheck_passes_clean_programs_and_names_the_line_of_a_broken_one(checked_sdk: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    elb = _programs("elb")
    iam = _programs("iam")
    dynamodb = _programs("dynamodb")
    health = elb["configure-health-check"] if "configure-health-check" in elb else next(iter(elb.values()))
    cross_zone = next(text for text in elb.values() if "CrossZoneLoadBalancing{Enabled: true}" in text)
    access_key = next(text for text in iam.values() if "types.StatusTypeInactive" in text)
    get_item = next(text for uid, text in dynamodb.items() if "GetItemInput" in text)
    put_item = next(text for uid, text in dynamodb.items() if "AttributeValueMemberS" in text)

    def line_of(text: str, needle: str) -> int:
        return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)

    broken_bool = cross_zone.replace("CrossZoneLoadBalancing{Enabled: true}", "CrossZoneLoadBalancing{Enabled: aws.Bool(true)}")
    broken_enum = access_key.replace("types.StatusTypeInactive", "types.statusTypeInactive")
    programs = [
        ProgramRun("elb-health", "main.go", health, "", "elb"),
        ProgramRun("elb-cross-zone", "main.go", cross_zone, "", "elb"),
        ProgramRun("iam-access-key", "main.go", access_key, "", "iam"),
        ProgramRun("dynamodb-get-item", "main.go", get_item, "", "dynamodb"),
        ProgramRun("dynamodb-put-item", "main.go", put_item, "", "dynamodb"),
        ProgramRun("elb-broken-bool", "main.go", broken_bool, "", "elb"),
        ProgramRun("iam-broken-enum", "main.go", broken_enum, "", "iam"),
        ProgramRun("unknown-service", "main.go", health, "", "snowball"),
    ]
    found = RUNNER.typecheck(programs, tmp_path)
    assert set(found) == {p.name for p in programs}
    for name in ("elb-health", "elb-cross-zone", "iam-access-key", "dynamodb-get-item", "dynamodb-put-item"):
        assert found[name] == [], (name, found[name])
    [bool_error] = found["elb-broken-bool"]
    assert bool_error.line == line_of(broken_bool, "aws.Bool(true)")
    assert "*bool" in bool_error.message and "bool value" in bool_error.message
    [enum_error] = found["iam-broken-enum"]
    assert enum_error.line == line_of(broken_enum, "types.statusTypeInactive")
    assert "undefined: types.statusTypeInactive" in enum_error.message
    if not RUNNER.sdk_availability("snowball").ok:
        [missing] = found["unknown-service"]
        assert missing.message.startswith("not compiled:")


@pytest.mark.execution
def test_a_syntax_error_fails_only_its_program(checked_sdk: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = next(iter(_programs("elb").values()))
    broken = text.replace("func main() {", "func main() {\n\tx := )", 1)
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if row == "\tx := )")
    found = RUNNER.typecheck(
        [ProgramRun("fine", "main.go", text, "", "elb"), ProgramRun("syntax", "main.go", broken, "", "elb")], tmp_path
    )
    assert found["fine"] == []
    assert found["syntax"] and found["syntax"][0].line == line, found["syntax"]
    assert found["syntax"][0].message.startswith("syntax error"), found["syntax"]

"""Every JavaScript (AWS SDK for JavaScript v3) program runs against moto and does what its page claims.

One test id per snippet (test_javascript_snippet[put-key-policy]), a mutation test showing
that a wrong program fails with the SDK's error and the program line, and round trips of
the string and document literals through Node itself.

Needs node and the pinned SDK (polysnip doctor --install). Without them the tests skip;
with CI=true they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.languages.base import UnsupportedValue
from generator.languages.javascript import LANGUAGE, js_string, js_value
from generator.model import Call
from generator.render import units
from generator.runners.javascript import RUNNER
from generator.verify import FAILED, PASSED, Report

from .conftest import load, require_tool, run_verify

MODEL, SNIPPETS = load()
UNIT_IDS = [u.id for u in units(MODEL)]
JS_SNIPPETS = {s.unit.id: s for s in SNIPPETS if s.language == "javascript"}


def require_javascript() -> str:
    """node's path, once the pinned SDK is installed; under CI anything missing fails."""
    node = require_tool("node")
    availability = RUNNER.availability()
    if not availability.ok:
        message = f"JavaScript runner unavailable: {availability.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return node


@pytest.fixture(scope="module")
def javascript_report() -> Report:
    """One verification run of every JavaScript program, shared by the per-snippet tests."""
    require_javascript()
    return run_verify("javascript")


@pytest.mark.execution
@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_javascript_snippet(javascript_report: Report, unit_id: str) -> None:
    outcome = next(o for o in javascript_report.outcomes if o.language == "javascript" and o.id == unit_id)
    assert outcome.status == PASSED, f"javascript {unit_id}: {outcome.detail} (line {outcome.line})"
    assert outcome.level == "executed"
    calls = [s for s in next(u for u in units(MODEL) if u.id == unit_id).steps if isinstance(s, Call)]
    # the recorder attributes requests by access key: this program's key signed all of its calls
    assert outcome.requests == len(calls)


def test_report_records_versions(javascript_report: Report) -> None:
    versions = json.loads(javascript_report.to_json())["versions"]["javascript"]
    assert versions["node"] and versions["@aws-sdk/client-kms"]


@pytest.mark.execution
def test_wrong_policy_name_fails_with_the_sdk_error_and_line() -> None:
    require_javascript()
    old, new = 'PolicyName: "default"', 'PolicyName: "other"'

    def mutate(language: str, unit_id: str, text: str) -> str:
        if language == "javascript" and unit_id == "get-key-policy":
            assert old in text, f"mutation target {old!r} not in the program"
            return text.replace(old, new, 1)
        return text

    report = run_verify("javascript", mutate=mutate)
    outcome = next(o for o in report.outcomes if o.id == "get-key-policy")
    assert outcome.status == FAILED
    assert "NotFoundException" in outcome.detail, outcome.detail
    assert outcome.line is not None and outcome.line > 0, "a failure names the program line"
    program = JS_SNIPPETS["get-key-policy"].program.splitlines()
    assert "client.send(" in program[outcome.line - 1], f"line {outcome.line} is not the call: {program[outcome.line - 1]!r}"
    others = [o for o in report.outcomes if o.id != "get-key-policy"]
    assert others and all(o.status == PASSED for o in others), "a mutation only fails its own program"


# --- generated code shape (no node needed) --------------------------------------------


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_imports_name_exactly_the_commands_used(unit_id: str) -> None:
    program = JS_SNIPPETS[unit_id].program
    imported = re.search(r"import \{(.*?)\} from \"@aws-sdk/client-kms\";", program, re.DOTALL)
    assert imported, program
    names = {n.strip() for n in imported.group(1).split(",") if n.strip()}
    # Commands, paginators and the modelled error classes the program checks for.
    used = set(re.findall(r"new (\w+Command)\(", program))
    used |= set(re.findall(r"\b(paginate\w+)\(", program))
    used |= set(re.findall(r"instanceof (\w+)\b", program))
    assert names == used | {"KMSClient"}


def test_a_reassigned_response_is_declared_once_with_let() -> None:
    program = JS_SNIPPETS["modify-key-policy"].program
    assert program.count("let response = ") == 1
    assert "const response" not in program
    assert re.search(r"^response = await client\.send\(", program, re.MULTILINE)


# --- literals, evaluated by Node ------------------------------------------------------

STRINGS = [
    "", "plain", 'say "hi"', "it's", "C:\\dir\\", "a\nb\r\nc\td", "${HOME} `id` #{x}", "*/ /* // -->",
    "café 鍵の管理 🔑 👩‍💻", "".join(map(chr, [0, 1, 7, 8, 11, 12, 27, 31, 127])), "\x001\x017\x1b0",
    "\x85\x9f \u2028 \u2029", "\xa0\u200b\ufeff\u00ad", "\\u0022 \\n \\x41", "\n\n", "a\n",
]  # fmt: skip
DOCUMENTS = [
    {"Version": "2012-10-17", "Statement": [{"Sid": "x", "Action": ["kms:*"] * 12, "Resource": "*"}]},
    {"__proto__": {"polluted": True}, "constructor": 1, "a-b": [], "": {}, "1x": None, "déjà": "vu", "$ok_": False},
    {"numbers": [0, -1, 2**53 - 1, 1.5, 1e-07, 1e16, -0.25], "nested": [[[]], [{}]], "s": "\u2028${x}"},
]


def test_table() -> None:
    assert js_string('say "hi"') == '"say \\"hi\\""'
    assert js_string("a\\b\n\u2028\x00") == '"a\\\\b\\n\\u2028\\x00"'
    assert js_string("café ${x} 🔑") == '"café ${x} 🔑"'
    assert js_value({"a-b": 1, "ok": [1, 2], "__proto__": {}}) == '{ "a-b": 1, ok: [1, 2], ["__proto__"]: {} }'
    assert LANGUAGE.variable("default") == "defaultValue" and LANGUAGE.variable("key_id") == "keyId"
    with pytest.raises(UnsupportedValue):
        js_value({"n": 2**53})


@pytest.mark.execution
def test_literals_round_trip_through_node(tmp_path: Path) -> None:
    node = require_tool("node")
    lines = [f"out.push({js_string(text)});" for text in STRINGS]
    lines += [f"out.push(JSON.stringify({js_value(document, 10, 2)}));" for document in DOCUMENTS]
    script = tmp_path / "literals.mjs"
    script.write_text("const out = [];\n" + "\n".join(lines) + "\nprocess.stdout.write(JSON.stringify(out));\n", encoding="utf-8")
    completed = subprocess.run([node, str(script)], capture_output=True, text=True, encoding="utf-8", check=False, timeout=60)
    assert completed.returncode == 0, completed.stderr
    values = json.loads(completed.stdout)
    assert values[: len(STRINGS)] == STRINGS
    assert [json.loads(v) for v in values[len(STRINGS) :]] == DOCUMENTS

"""Spec values are data, never template source.

The KMS spec is rewritten so that Jinja syntax ({{ 7*7 }}, {% raw %}, {#, {%- endraw %})
sits in every place a value can reach the output: the spec's title and description,
operation titles and descriptions, a placeholder's description, a scenario step's
comment, a plain string parameter (CreateKey's Description), and strings and keys
inside JSON documents (a key policy's Sid, a condition key and value, and the statement a
scenario appends). Every language's programs and fragments, and the pages, must then
hold that syntax as written: 49 appears nowhere, and nothing of it is swallowed.

The values are also evaluated: the CreateKey Description literal of each language is in
the literal round trip's regression list (template-syntax), so they are text in every
language, not just present.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

from generator.languages import LANGUAGES, select
from generator.pipeline import SpecOutput, render_spec
from generator.render import Renderer
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("{{ 7*7 }}", "{% raw %}", "{#", "{%- endraw %}")
HOSTILE = " ".join(MARKERS)  # "{{ 7*7 }} {% raw %} {# {%- endraw %}"
EVALUATED = "49"


def hostile_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((ROOT / "specs" / "kms-key-policies.yaml").read_text(encoding="utf-8"))
    spec["title"] = f"KMS {HOSTILE}"
    spec["description"] = f"About {HOSTILE} policies."
    spec["placeholders"]["key_id"]["description"] = f"your key {HOSTILE}"
    for operation in spec["operations"]:
        operation["title"] = f"{operation['title']} {HOSTILE}"
        operation["description"] = f"{operation['description']} {HOSTILE}"
    policy = spec["operations"][2]["params"]["Policy"]  # put-key-policy (shared with its then: check)
    policy["Statement"][0]["Sid"] = f"Sid {HOSTILE}"
    policy["Statement"][1]["Condition"] = {"StringEquals": {"kms:CallerAccount": HOSTILE, "aws:PrincipalTag/" + HOSTILE: "x"}}
    spec["operations"].append(
        {
            "id": "create-key",
            "operation": "CreateKey",
            "title": f"Create a key {HOSTILE}",
            "description": f"Creates a key. {HOSTILE}",
            "params": {"Description": HOSTILE, "Tags": [{"TagKey": "purpose", "TagValue": HOSTILE}]},
        }
    )
    scenario = spec["scenarios"][0]
    scenario["title"] = f"{scenario['title']} {HOSTILE}"
    scenario["description"] = f"{scenario['description']} {HOSTILE}"
    for step in scenario["steps"]:
        step["comment"] = f"{step['comment']} {HOSTILE}"
    scenario["steps"][1]["append"]["value"]["Sid"] = f"Appended {HOSTILE}"
    return spec


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> SpecOutput:
    path = tmp_path_factory.mktemp("injection") / "hostile.yaml"
    path.write_text(yaml.safe_dump(hostile_spec(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    model, warnings = load_spec(path)
    assert not warnings, warnings
    return render_spec(model, select(None), Renderer())


def test_markers_would_be_noticed_if_evaluated() -> None:
    """The check below can fail: Jinja turns the markers into 49 or swallows them."""
    rendered = jinja2.Environment().from_string(HOSTILE).render()
    assert EVALUATED in rendered and "{% raw %}" not in rendered and "{%- endraw %}" not in rendered


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_programs_and_fragments_hold_the_syntax_as_written(output: SpecOutput, language: str) -> None:
    snippets = [s for s in output.snippets if s.language == language]
    assert {s.unit.id for s in snippets} >= {"put-key-policy", "create-key", "modify-key-policy"}
    for snippet in snippets:
        for what, text in (("program", snippet.program), ("fragment", snippet.fragment)):
            assert EVALUATED not in text, f"{language} {snippet.unit.id} {what} evaluated a value as a template:\n{text}"
            if snippet.unit.kind == "client":
                continue  # the client program shows no spec value
            for marker in MARKERS:
                assert marker in text, f"{language} {snippet.unit.id} {what} lost {marker!r}:\n{text}"
            if snippet.unit.id == "create-key":  # the Description literal holds the whole value
                assert HOSTILE in text, f"{language} create-key {what} changed {HOSTILE!r}:\n{text}"


def test_pages_and_exports_hold_the_syntax_as_written(output: SpecOutput) -> None:
    for name, data in output.files.items():
        text = data.decode("utf-8")
        if name == "snippets.json":  # line numbers may be 49; the fragments may not hold it
            text = "\n".join(entry["fragment"] for entry in json.loads(text)["snippets"])
        elif name.startswith("snippets/"):
            continue  # checked per language above
        assert EVALUATED not in text, f"{name} evaluated a value as a template"
    page = output.files["create-key.md"].decode("utf-8")
    assert HOSTILE in page, "the operation page lost its title or description"


def test_json_documents_keep_the_syntax_in_keys_and_values(output: SpecOutput) -> None:
    put = next(s for s in output.snippets if s.language == "cli" and s.unit.id == "put-key-policy")
    document = put.program.split("<<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0]
    statement = json.loads(document)["Statement"]
    assert statement[0]["Sid"] == f"Sid {HOSTILE}"
    assert statement[1]["Condition"]["StringEquals"] == {"kms:CallerAccount": HOSTILE, "aws:PrincipalTag/" + HOSTILE: "x"}

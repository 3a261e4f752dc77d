"""Adding a language touches no shared file.

A small toy language (a module like generator/languages/<lang>.py and a templates/<key>/
folder) is written to a temporary folder, outside the repository. It is loaded with
generator.languages.load_language, and found by discovery through POLYSNIP_LANGUAGE_PATH
in a fresh process, where polysnip generate renders the KMS spec with it next to the
built-in languages: parse check included (the toy names tree-sitter's Python grammar by
attribute; nothing central lists grammars), snippet markers and fragments, pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.languages import LANGUAGE_PATH, LANGUAGES, load_language
from generator.problems import Kind
from generator.render import GenerationFailed, Renderer, units
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "kms-key-policies.yaml"

TOY_MODULE = '''
"""Toy: the requests as Python dicts handed to one call() function."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape

from generator.languages.base import Language, LanguageContext, snake
from generator.model import Edit, Model, Step


@dataclass(frozen=True)
class ToyContext(LanguageContext):
    service: str


class Toy(Language):
    key = "toy"
    tab_order = 99
    label = "Toy"
    extension = "py"
    lexer = "python"
    comment_prefix = "#"
    sdk = "call()"
    grammar = "python"  # tree_sitter_python parse-checks every program

    def variable(self, snake_name: str) -> str:
        return snake_name

    def method(self, operation: str) -> str:
        return snake(operation)

    def member(self, name: str) -> str:
        return name

    def string(self, text: str) -> str:
        return json.dumps(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return repr(value)

    def boolean(self, flag: bool) -> str:
        return repr(flag)

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return "[" + ", ".join(items) + "]"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in entries) + "}"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in members) + "}"

    def json_document(self, name: str, document: Any) -> tuple[str, str]:
        return f"{name} = json.loads({json.dumps(json.dumps(document))})", f"json.dumps({name})"

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\\n" if comment else "") + f"{name} = {literal}"

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        return f"print({result}[{json.dumps(member)}])"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"{variable} = json.loads({result}[{json.dumps(member)}])"

    def edit_append(self, edit: Edit) -> tuple[str, ...]:
        target = edit.variable + "".join(f"[{json.dumps(k)}]" for k in edit.path)
        return (f"{target}.append(json.loads({json.dumps(json.dumps(edit.item.value))}))",)

    def document_text(self, variable: str) -> str:
        return f"json.dumps({variable})"

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> ToyContext:
        return ToyContext(service=json.dumps(model.service))


LANGUAGE = Toy()
'''

PROGRAM = """{{ header }}
import json

{{ snippet_start }}
{% for line in preamble %}
{{ line }}
{% endfor %}
{% for step in steps %}
{% if step.comment %}
{{ step.comment }}
{% endif %}
{% for declaration in step.declarations %}
{{ declaration }}
{% endfor %}
{% if step.kind == "call" %}
{{ step.assign }}call({{ extra.service }}, "{{ step.operation }}", {{ "{" }}{% for arg in step.args %}"{{ arg.name }}": {{ arg.value }}, {% endfor %}{{ "}" }})
{% endif %}
{% for line in step.after %}
{{ line }}
{% endfor %}
{% endfor %}
{{ snippet_end }}
"""

CLIENT = """{{ header }}
{{ snippet_start }}
client = connect({{ extra.service }})
{{ snippet_end }}
"""


def write_toy(folder: Path, module: str = TOY_MODULE, program: str = PROGRAM, name: str = "toy") -> Path:
    """The toy language as a language module and its templates, in folder; returns the module."""
    (folder / "templates" / "toy").mkdir(parents=True, exist_ok=True)
    (folder / "templates" / "toy" / "program.jinja").write_text(program, encoding="utf-8")
    (folder / "templates" / "toy" / "client.jinja").write_text(CLIENT, encoding="utf-8")
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(module), encoding="utf-8")
    return path


def test_the_toy_is_nowhere_in_the_repository() -> None:
    assert "toy" not in LANGUAGES
    assert not (ROOT / "generator" / "languages" / "toy.py").exists()
    assert not (ROOT / "templates" / "toy").exists()


def test_a_language_from_a_folder_renders_the_kms_spec(tmp_path: Path) -> None:
    toy = load_language(write_toy(tmp_path))
    assert toy.key == "toy" and toy.templates == tmp_path / "templates"
    model, _ = load_spec(SPEC)
    snippets = Renderer().render_model(model, [toy])
    assert sorted(s.unit.id for s in snippets) == sorted(u.id for u in units(model))
    by_id = {s.unit.id: s for s in snippets}
    put = by_id["put-key-policy"]
    assert put.program_path == "snippets/toy/PutKeyPolicy.py"
    assert put.program.startswith("# Replace the key policy of a KMS key\n")
    assert 'call("kms", "PutKeyPolicy", {"KeyId": key_id, "PolicyName": "default", "Policy": json.dumps(' in put.program
    assert put.fragment.startswith("# Replace with the ID or ARN of your KMS key.\nkey_id = ")
    assert "snippet-start" not in put.program
    assert by_id["create-client"].fragment == 'client = connect("kms")\n'


def test_the_toys_programs_are_parse_checked_by_the_grammar_it_names(tmp_path: Path) -> None:
    broken = PROGRAM.replace('call({{ extra.service }}', 'call(({{ extra.service }}')  # an unclosed parenthesis
    toy = load_language(write_toy(tmp_path, program=broken))
    model, _ = load_spec(SPEC)
    with pytest.raises(GenerationFailed) as failed:
        Renderer().render_model(model, [toy])
    errors = [e for e in failed.value.errors if e.unit == "put-key-policy"]
    assert errors and errors[0].kind is Kind.PARSE and "tree-sitter-python" in errors[0].message
    assert errors[0].path == "operations[2]" and errors[0].location is not None
    assert errors[0].format(model.source).startswith(f"{model.source}:{errors[0].location.line}:")


def test_a_missing_grammar_is_a_reported_error_not_a_traceback(tmp_path: Path) -> None:
    module = TOY_MODULE.replace('grammar = "python"', 'grammar = "no_such_grammar"')
    toy = load_language(write_toy(tmp_path, module=module))
    model, _ = load_spec(SPEC)
    with pytest.raises(GenerationFailed) as failed:
        Renderer().render_model(model, [toy])
    assert {e.kind for e in failed.value.errors} == {Kind.RENDER}
    assert "tree_sitter_no_such_grammar" in failed.value.errors[0].message
    assert "install the tree-sitter-no-such-grammar package" in failed.value.errors[0].message


def test_a_module_without_a_language_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.py"
    path.write_text("VALUE = 1\n", encoding="utf-8")
    with pytest.raises(TypeError, match="defines no language"):
        load_language(path)


def test_discovery_finds_the_toy_through_the_language_path(tmp_path: Path) -> None:
    """polysnip generate, in a fresh process, writes the toy's programs beside the others."""
    write_toy(tmp_path / "languages")
    out = tmp_path / "site"
    env = {**os.environ, LANGUAGE_PATH: str(tmp_path / "languages")}
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    folder = out / "kms-key-policies" / "snippets"
    assert (folder / "toy" / "PutKeyPolicy.py").is_file()
    assert (folder / "toy" / "fragments" / "put-key-policy.py").is_file()
    assert (folder / "java" / "PutKeyPolicyExample.java").is_file()  # the built-in languages are all still there
    assert "Toy" in (out / "kms-key-policies" / "put-key-policy.md").read_text(encoding="utf-8")

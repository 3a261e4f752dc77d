"""What a tab shows is the program that was verified, and says how to install and run it.

For every spec in specs/ and every language: the shown parts joined are the program, byte
for byte (so pasting a tab with its folds opened gives the executed file); the part that
is open is the snippet region; the install description names the versions verification
runs with and one SDK reference page per operation the program calls.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from generator.languages import LANGUAGES, select
from generator.languages.install import TOOLCHAINS, installed_version
from generator.model import Call
from generator.render import Renderer, Snippet, shown_parts
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(p.name for p in (ROOT / "specs").glob("*.yaml"))


@cache
def rendered(name: str) -> list[Snippet]:
    model, _ = load_spec(ROOT / "specs" / name)
    return Renderer().render_model(model, select(None))


@pytest.mark.parametrize("spec", SPECS)
def test_shown_parts_joined_are_the_program(spec: str) -> None:
    snippets = rendered(spec)
    assert {s.language for s in snippets} == set(LANGUAGES)
    for snippet in snippets:
        assert snippet.shown == snippet.program, f"{snippet.language} {snippet.unit.id}"
        opened = [part for part in snippet.shown_parts if not part.folded]
        assert len(opened) == 1, f"{snippet.language} {snippet.unit.id}: {snippet.shown_parts}"
        start, end = snippet.regions["snippet"]
        lines = [f"{line}\n" for line in snippet.program.split("\n")[:-1]]  # the program ends with "\n"
        assert opened[0].text == "".join(lines[start - 1 : end])
        assert all(part.text for part in snippet.shown_parts)


def test_the_prelude_is_folded_and_holds_the_imports_and_the_client() -> None:
    python = next(s for s in rendered("kms-key-policies.yaml") if s.language == "python" and s.unit.id == "put-key-policy")
    prelude, snippet = python.shown_parts
    assert prelude.folded and prelude.title == "Imports and client"
    assert "import json" in prelude.text and "boto3.client(" in prelude.text
    assert not snippet.folded and snippet.title == "Replace the key policy of a KMS key"


def test_parts_keep_every_kind_of_line_break_inside_a_line() -> None:
    program = "a\n\u2028b\r\nc\n"
    parts = shown_parts(program, (2, 2), "t")
    assert "".join(p.text for p in parts) == program
    assert [p.text for p in parts] == ["a\n", "\u2028b\r\n", "c\n"]


def _pins() -> dict[str, str]:
    pom = (TOOLCHAINS / "java" / "pom.xml").read_text(encoding="utf-8")
    lock = json.loads((TOOLCHAINS / "javascript" / "package-lock.json").read_text(encoding="utf-8"))
    gomod = (TOOLCHAINS / "go" / "go.mod").read_text(encoding="utf-8")
    found = re.search(r"<awssdk.version>([^<]+)</awssdk.version>", pom)
    kms = re.search(r"github.com/aws/aws-sdk-go-v2/service/kms (v\S+)", gomod)
    assert found and kms
    return {
        "java": f"<version>{found.group(1)}</version>",
        "javascript": f"@aws-sdk/client-kms@{lock['packages']['node_modules/@aws-sdk/client-kms']['version']}",
        "go": f"github.com/aws/aws-sdk-go-v2/service/kms@{kms.group(1)}",
        "python": f"boto3=={installed_version('boto3')}",
        "cli": f"awscli=={installed_version('awscli')}",
        "ruby": "gem install aws-sdk-kms",
        "csharp": "dotnet add package AWSSDK.KeyManagementService",
    }


def test_install_lines_name_what_verification_runs_with() -> None:
    pins = _pins()
    for snippet in rendered("kms-key-policies.yaml"):
        install = snippet.install
        assert any(pins[snippet.language] in line for line in install.lines), (snippet.language, install.lines)
        assert install.runtime, snippet.language
        called = list(dict.fromkeys(s.operation for s in snippet.unit.steps if isinstance(s, Call)))
        assert [r.operation for r in install.references] == called
        assert all(r.url.startswith("https://") and " " not in r.url for r in install.references)


def test_java_needs_jackson_only_where_it_edits_documents() -> None:
    java = {s.unit.id: s.install for s in rendered("kms-key-policies.yaml") if s.language == "java"}
    assert any("jackson-databind" in line for line in java["modify-key-policy"].lines)
    assert not any("jackson-databind" in line for line in java["get-key-policy"].lines)
    assert java["put-key-policy"].runtime.startswith("Java 15")  # a text block
    assert java["list-key-policies"].runtime.startswith("Java 8")

"""Code hidden in spec text never becomes Java code.

javac translates unicode escapes before it reads a token, so the text \\u000a in a //
comment ends the comment and the rest of the line is compiled. A spec whose placeholder
description carried such a payload used to publish a program that looked commented and
scheduled the deletion of a key when run; "C:\\users\\…" in a title stopped javac with
"illegal unicode escape". Here the hostile spec is generated, compiled by javac against
the real SDK, and the compiled class is read back with javap: the payload is not in it.
The same program with the comment written as before (the escape left as it was) is
compiled too, to show that the payload would have been code and that the check sees it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.languages import LANGUAGES, select
from generator.languages.java import java_comment_text, unicode_prepass
from generator.render import Renderer, Snippet
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
PAYLOAD = (
    "your key \\u000a client.scheduleKeyDeletion(software.amazon.awssdk.services.kms.model."
    f'ScheduleKeyDeletionRequest.builder().keyId("{KEY}").pendingWindowInDays(7).build()); //'
)
WINDOWS_PATH = "Keys kept in C:\\users\\admin\\keys and \\\\server\\u-drive"


def hostile_spec(tmp_path: Path) -> Path:
    spec = yaml.safe_load((ROOT / "specs" / "kms-key-policies.yaml").read_text(encoding="utf-8"))
    spec["title"] = WINDOWS_PATH
    spec["placeholders"]["key_id"]["description"] = PAYLOAD
    spec["operations"][0]["title"] = WINDOWS_PATH
    spec["scenarios"][0]["steps"][0]["comment"] = "Read it \\u000d System.exit(3); \\uuu0022 \\u002a\\u002f"
    path = tmp_path / "hostile-java.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snippet]:
    model, _ = load_spec(hostile_spec(tmp_path_factory.mktemp("hostile-java")))
    return {s.unit.id: s for s in Renderer().render_model(model, select("java"))}


def test_generated_java_holds_no_unicode_escape(programs: dict[str, Snippet]) -> None:
    for snippet in programs.values():
        translated, escapes = unicode_prepass(snippet.program)
        assert not escapes, f"{snippet.unit.id}: {escapes}"
        assert translated == snippet.program
    program = programs["list-key-policies"].program
    assert "// Replace with your key \\\\u000a client.scheduleKeyDeletion(" in program  # shown, as a comment
    assert "// " + java_comment_text(WINDOWS_PATH) in program
    assert java_comment_text(WINDOWS_PATH) == "Keys kept in C:\\\\users\\admin\\keys and \\\\server\\\\u-drive"


def test_comment_text_keeps_every_backslash_run_even_before_u() -> None:
    assert java_comment_text("C:\\users") == "C:\\\\users"
    assert java_comment_text("\\\\u0041") == "\\\\u0041"  # already even: not an escape, left alone
    assert java_comment_text("\\\\\\u0041") == "\\\\\\\\u0041"
    assert java_comment_text("a\\b \\n") == "a\\b \\n"  # only a u after the run matters


def test_parse_check_applies_javas_unicode_pre_pass() -> None:
    """Before, tree-sitter parsed the raw text and saw one comment: the program passed."""
    java = LANGUAGES["java"]
    hidden = "class A {\n  void f() {\n    // note \\u000a System.exit(3);\n  }\n}\n"
    problems = java.syntax_errors(hidden)
    assert problems and problems[0].line == 3 and problems[0].column == 13, problems
    assert "unicode escape" in problems[0].message
    illegal = java.syntax_errors("// C:\\users\nclass A {}\n")
    assert illegal and "illegal unicode escape" in illegal[0].message and (illegal[0].line, illegal[0].column) == (1, 6)
    assert java.syntax_errors("// C:\\\\users \\\\u000a\nclass A {}\n") == []  # even runs are not escapes


def _sdk_classpath() -> str:
    from generator.runners.java import RUNNER

    if shutil.which("javac") is None or shutil.which("javap") is None or not RUNNER.availability().ok:
        message = "javac, javap and the AWS SDK for Java are needed (polysnip doctor --install)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    jars = RUNNER.classpath()
    assert jars is not None
    return os.pathsep.join(jars)


def _compile(source: str, name: str, folder: Path, classpath: str) -> subprocess.CompletedProcess[str]:
    folder.mkdir(parents=True)
    (folder / f"{name}.java").write_text(source, encoding="utf-8")
    return subprocess.run(
        ["javac", "-nowarn", "-proc:none", "-cp", classpath, "-d", str(folder / "classes"), str(folder / f"{name}.java")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _bytecode(folder: Path) -> str:
    classes = sorted(str(p) for p in (folder / "classes").glob("*.class"))
    return subprocess.run(["javap", "-c", "-p", *classes], capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.mark.execution
def test_javac_compiles_the_hostile_program_and_the_payload_is_not_code(
    programs: dict[str, Snippet], tmp_path: Path
) -> None:
    classpath = _sdk_classpath()
    snippet = programs["list-key-policies"]
    name = Path(snippet.program_path).stem
    compiled = _compile(snippet.program, name, tmp_path / "defused", classpath)
    assert compiled.returncode == 0, compiled.stderr
    assert "scheduleKeyDeletion" not in _bytecode(tmp_path / "defused")

    # The program as it was written before: the description's text as it is in the spec.
    before = snippet.program.replace(java_comment_text(PAYLOAD), PAYLOAD)
    assert before != snippet.program
    assert LANGUAGES["java"].syntax_errors(before), "the parse check must refuse the program written as before"
    undefended = _compile(before, name, tmp_path / "as-before", classpath)
    assert undefended.returncode == 0, undefended.stderr
    assert "scheduleKeyDeletion" in _bytecode(tmp_path / "as-before"), "the payload would have run"


@pytest.mark.execution
def test_an_illegal_escape_stopped_javac(programs: dict[str, Snippet], tmp_path: Path) -> None:
    classpath = _sdk_classpath()
    snippet = programs["list-key-policies"]
    before = snippet.program.replace(java_comment_text(WINDOWS_PATH), WINDOWS_PATH)
    failed = _compile(before, Path(snippet.program_path).stem, tmp_path / "illegal", classpath)
    assert failed.returncode != 0 and "illegal unicode escape" in failed.stderr

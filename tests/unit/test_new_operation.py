"""A spec using KMS operations the shipped spec does not use renders with no code change.

The temporary spec adds DescribeKey (a nested output path), CreateKey (a list of Tag
structures, text full of quotes and interpolation triggers, an enum, booleans),
ListKeys (an integer), GenerateDataKey (a map, an empty list) and CreateGrant (a
structure holding a map, a list of enums). Every program must pass its language's parse
check (render_model raises GenerationFailed otherwise), print the nested output member
the spec makes a claim about, and build lists, maps and structures the SDK's way.
Where the real tool is installed, Ruby and C# programs are also parsed by ruby and mcs.
"""

from __future__ import annotations

import subprocess
import traceback
from pathlib import Path

import pytest

from generator.languages import LANGUAGES
from generator.model import Model
from generator.render import GenerationFailed, Renderer, Snippet
from generator.spec import load_spec
from tests.interpreters import need

SPEC = r"""
polysnip: 1
service: kms
region: eu-central-1
title: KMS keys
placeholders:
  key_id:
    value: 1234abcd-12ab-34cd-56ef-1234567890ab
    description: the ID or ARN of your KMS key
operations:
  - operation: DescribeKey
    title: Describe a KMS key
    params:
      KeyId: ${key_id}
      GrantTokens: [-token]
    expect:
      KeyMetadata.KeyState: Enabled
  - operation: CreateKey
    title: Create a KMS key
    params:
      Description: "- Key with \"quotes\", it's $HOME #{x} $${y} $(id) `z` */ \\ — 鍵 🔑"
      KeyUsage: ENCRYPT_DECRYPT
      KeySpec: SYMMETRIC_DEFAULT
      BypassPolicyLockoutSafetyCheck: false
      MultiRegion: true
      Tags:
        - TagKey: Project
          TagValue: polysnip
        - TagKey: "It's"
          TagValue: "back\\slash \"quoted\""
    expect:
      KeyMetadata.KeyUsage: ENCRYPT_DECRYPT
  - operation: ListKeys
    title: List KMS keys
    params:
      Limit: 10
    expect:
      Truncated: false
  - operation: GenerateDataKey
    title: Generate a data key
    params:
      KeyId: ${key_id}
      KeySpec: AES_256
      EncryptionContext:
        purpose: "test's \"value\""
        Department: "#{dept} $(id)"
      GrantTokens: []
    expect:
      KeyId: ${key_id}
  - operation: CreateGrant
    title: Create a grant
    params:
      KeyId: ${key_id}
      GranteePrincipal: arn:aws:iam::111122223333:role/ExampleRole
      Operations: [Encrypt, Decrypt]
      Name: -example-grant
      Constraints:
        EncryptionContextSubset:
          Department: IT
      GrantTokens: [token-1, "token 2"]
    expect:
      GrantId: abc
"""

UNITS = ["create-client", "describe-key", "create-key", "list-keys", "generate-data-key", "create-grant"]

# What each program must contain: the SDK's way of building each value.
EXPECTED: dict[tuple[str, str], list[str]] = {
    ("java", "describe-key"): ["System.out.println(response.keyMetadata().keyState());"],
    ("java", "create-key"): [
        "import software.amazon.awssdk.services.kms.model.Tag;",
        "import java.util.List;",
        '.tags(List.of(Tag.builder().tagKey("Project").tagValue("polysnip").build(), ',
        '.keyUsage(KeyUsageType.ENCRYPT_DECRYPT)',
        ".bypassPolicyLockoutSafetyCheck(false)",
        ".multiRegion(true)",
    ],
    ("java", "list-keys"): [".limit(10)", "System.out.println(response.truncated());"],
    ("java", "generate-data-key"): [
        "import java.util.Map;",
        '.encryptionContext(Map.ofEntries(Map.entry("purpose", "test\'s \\"value\\""), Map.entry("Department", "#{dept} $(id)")))',
        ".grantTokens(List.of())",
    ],
    ("java", "create-grant"): [
        "import software.amazon.awssdk.services.kms.model.GrantConstraints;",
        '.constraints(GrantConstraints.builder().encryptionContextSubset(Map.ofEntries(Map.entry("Department", "IT"))).build())',
        '.operationsWithStrings(List.of("Encrypt", "Decrypt"))',
    ],
    ("csharp", "describe-key"): ["Console.WriteLine(response.KeyMetadata.KeyState);"],
    ("csharp", "create-key"): [
        "using System.Collections.Generic;",
        'Tags = new List<Tag> { new Tag { TagKey = "Project", TagValue = "polysnip" }, ',
        "BypassPolicyLockoutSafetyCheck = false,",
        'KeyUsage = "ENCRYPT_DECRYPT",',
    ],
    ("csharp", "list-keys"): ["Limit = 10,"],
    ("csharp", "generate-data-key"): [
        'EncryptionContext = new Dictionary<string, string> { ["purpose"] = "test\'s \\"value\\"", ["Department"] = "#{dept} $(id)" },',
        "GrantTokens = new List<string>(),",
    ],
    ("csharp", "create-grant"): [
        'Constraints = new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { ["Department"] = "IT" } },'
    ],
    ("python", "describe-key"): ['print(response["KeyMetadata"]["KeyState"])'],
    ("python", "create-key"): [
        '{"TagKey": "Project", "TagValue": "polysnip"}',
        "BypassPolicyLockoutSafetyCheck=False,",
        'KeyUsage="ENCRYPT_DECRYPT",',
    ],
    ("python", "list-keys"): ["client.list_keys(Limit=10)"],
    ("python", "generate-data-key"): ["GrantTokens=[],"],
    ("python", "create-grant"): ['Constraints={"EncryptionContextSubset": {"Department": "IT"}},'],
    ("ruby", "describe-key"): ["puts response.key_metadata.key_state"],
    ("ruby", "create-key"): [
        "tags: [{ tag_key: 'Project', tag_value: 'polysnip' }, ",
        "bypass_policy_lockout_safety_check: false,",
        "key_usage: 'ENCRYPT_DECRYPT',",
    ],
    ("ruby", "list-keys"): ["limit: 10", "p response.truncated"],
    ("ruby", "generate-data-key"): ["encryption_context: { 'purpose' => \"test's \\\"value\\\"\", 'Department' => '#{dept} $(id)' },"],
    ("ruby", "create-grant"): ["constraints: { encryption_context_subset: { 'Department' => 'IT' } },"],
    ("cli", "describe-key"): ["--grant-tokens '[\"-token\"]' \\", "--query KeyMetadata.KeyState \\\n    --output text"],
    ("cli", "create-key"): [
        "--description='- Key with \"quotes\", it'\\''s $HOME #{x} ${y} $(id) `z` */ \\ — 鍵 🔑' \\",
        "--no-bypass-policy-lockout-safety-check \\",
        "--multi-region \\",
        "--key-usage ENCRYPT_DECRYPT \\",
        """--tags '[{"TagKey": "Project", "TagValue": "polysnip"}, {"TagKey": "It'\\''s", """,
    ],
    ("cli", "list-keys"): ["--limit 10"],
    ("cli", "generate-data-key"): ["--grant-tokens '[]'"],
    ("cli", "create-grant"): [
        "--operations Encrypt Decrypt",
        "--grant-tokens token-1 'token 2'",
        """--constraints '{"EncryptionContextSubset": {"Department": "IT"}}'""",
        # a value starting with "-" would be read as an option
        "--name=-example-grant \\",
    ],
}


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    path = tmp_path_factory.mktemp("spec") / "kms-keys.yaml"
    path.write_text(SPEC, encoding="utf-8")
    loaded, _ = load_spec(path)  # raises BadInput if the spec itself were wrong
    return loaded


@pytest.fixture(scope="module")
def rendered(model: Model) -> dict[str, list[Snippet] | str]:
    """language -> its snippets, or why it could not render them (each language on its own)."""
    out: dict[str, list[Snippet] | str] = {}
    for key, language in LANGUAGES.items():
        try:
            out[key] = Renderer().render_model(model, [language])
        except GenerationFailed as exc:
            out[key] = f"{language.label} does not render the new operations:\n{exc}"
        except Exception:  # a crash in one language module must not hide the others' results
            out[key] = f"{language.label} crashed rendering the new operations:\n{traceback.format_exc()}"
    return out


def _snippets(rendered: dict[str, list[Snippet] | str], language: str) -> list[Snippet]:
    found = rendered[language]
    if isinstance(found, str):
        pytest.fail(found, pytrace=False)
    return found


# Every registered language, not only the five the content table covers: a language
# added later must render operations the KMS spec does not use as well.
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_program_renders_and_parses(rendered: dict[str, list[Snippet] | str], language: str) -> None:
    lang = LANGUAGES[language]
    snippets = _snippets(rendered, language)
    assert [s.unit.id for s in snippets] == UNITS
    for snippet in snippets:
        assert lang.syntax_errors(snippet.program) == [], snippet.program
        assert snippet.fragment.strip(), f"{snippet.fragment_path} is empty"


@pytest.mark.parametrize(("language", "unit"), sorted(EXPECTED), ids=[f"{lang}-{unit}" for lang, unit in sorted(EXPECTED)])
def test_program_builds_values_the_sdk_way(rendered: dict[str, list[Snippet] | str], language: str, unit: str) -> None:
    program = next(s.program for s in _snippets(rendered, language) if s.unit.id == unit)
    missing = [text for text in EXPECTED[(language, unit)] if text not in program]
    assert not missing, f"{language} {unit} lacks {missing!r}:\n{program}"


def _write_programs(rendered: dict[str, list[Snippet] | str], language: str, folder: Path) -> list[str]:
    names = []
    for snippet in _snippets(rendered, language):
        path = folder / Path(snippet.program_path).name
        path.write_text(snippet.program, encoding="utf-8")
        names.append(path.name)
    return names


def test_ruby_itself_parses_every_program(rendered: dict[str, list[Snippet] | str], tmp_path: Path) -> None:
    ruby = need("ruby")["ruby"]
    names = _write_programs(rendered, "ruby", tmp_path)
    script = "ARGV.each { |f| RubyVM::InstructionSequence.compile_file(f) }"  # parses and compiles, runs nothing
    result = subprocess.run([ruby, "-e", script, *names], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_csharp_programs_are_dotnet8_and_parse(rendered: dict[str, list[Snippet] | str]) -> None:
    """C# targets .NET 8 (C# 12): Mono's mcs (C# 7) cannot read raw strings or using
    declarations, so the check is tree-sitter's C# grammar, which can."""
    lang = LANGUAGES["csharp"]
    for snippet in _snippets(rendered, "csharp"):
        assert lang.syntax_errors(snippet.program) == [], snippet.program
        assert "using var client = " in snippet.program, snippet.program
        assert '@"' not in snippet.program, "verbatim strings were the C# 7 form"


def test_python_compiles_every_program(rendered: dict[str, list[Snippet] | str]) -> None:
    for snippet in _snippets(rendered, "python"):
        compile(snippet.program, snippet.program_path, "exec")

"""Every program of the corpus, compiled or type-checked against the real SDKs.

Parsing proves little: tree-sitter accepts `client.getKeyPolicy(GetKeyPolicyRequest.builder()
.policyNAME(…))`. Here each language's runner typecheck() compiles the same programs the
corpus test parses: javac against the AWS SDK for Java, `go build` against aws-sdk-go-v2,
tsc --checkJs against each @aws-sdk/client-*'s types, mypy against boto3-stubs, Ruby's
syntax and (where Debian packages the gem) its names against the gem's API model, and for C#
the names against the committed AWS SDK for .NET name table. A language whose checker is
not installed is skipped as missing (a failure under CI=true), never passed.

The SDKs of every corpus service come from `polysnip doctor --install --corpus` (scripts/setup).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.importer import CompileReport, compile_corpus, services_with_examples
from generator.languages import LANGUAGES
from tests.interpreters import MISSING

pytestmark = pytest.mark.slow

CHECKED = ("java", "go", "javascript", "python", "ruby", "csharp")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> CompileReport:
    languages = [LANGUAGES[key] for key in CHECKED]
    return compile_corpus(Path(tmp_path_factory.mktemp("corpus")), services_with_examples(), languages)


def test_the_table(compiled: CompileReport, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\ncompiled corpus: {compiled.services} services, rendered in {compiled.render_seconds:.1f}s")
        for key, count in compiled.languages.items():
            how = count.checker or f"not checked: {count.not_checked}"
            print(f"  {LANGUAGES[key].label:<11} {count.programs} programs, {count.failed} failed, "
                  f"{count.seconds:.1f}s  ({how})")  # fmt: skip
            for name, error, why in count.excused:
                print(f"    excused {name}: {error} ({why})")
            reasons = Counter(why for why in count.not_compiled.values())
            for why, programs in reasons.items():
                print(f"    not compiled here ({programs}): {why}")
    assert compiled.services == len(services_with_examples())


@pytest.mark.parametrize("language", CHECKED)
def test_every_program_compiles(compiled: CompileReport, language: str) -> None:
    count = compiled.languages[language]
    if not count.checker:
        pytest.skip(f"{MISSING}: {LANGUAGES[language].label}: {count.not_checked}")
    assert count.programs >= 1400
    assert count.checked == count.programs
    # what cannot be checked here is only what no package exists for on this machine
    assert all("can be installed here" in why or "older than the service model" in why
               for why in count.not_compiled.values()), count.not_compiled  # fmt: skip
    assert len(count.not_compiled) <= 20, count.not_compiled
    failures = compiled.failures.get(language, {})
    shown = [f"{name}: {'; '.join(str(e) for e in errors[:2])}" for name, errors in sorted(failures.items())]
    assert count.failed == 0, f"{count.failed} programs do not compile ({count.checker}):\n" + "\n".join(shown[:40])
    assert len(count.excused) <= 1, count.excused  # each a documented checker/SDK disagreement, listed above

"""Every shared example botocore ships (examples-1.json), imported and rendered in every language.

check_corpus converts each service's examples in memory, validates them with spec.py
(through a temporary file) and renders every program in every language once; each
program is parse-checked by its language's real parser. No language may refuse a
single program, and every example left out must be left out for a reason the importer
knows (a value the current model rejects, an operation some SDK lacks).

For comparison, botocore's own renderer of the same examples (SharedExampleDocumenter,
used for boto3's documentation) writes Python that does not parse for some of them:
strings with apostrophes inside single quotes. The same examples are imported here and
their programs parse.
"""

from __future__ import annotations

import ast
import copy
import textwrap
import warnings

import botocore.session
import pytest
from botocore import xform_name
from botocore.docs.bcdoc.restdoc import DocumentStructure
from botocore.docs.sharedexample import SharedExampleDocumenter

from generator.importer import CorpusReport, check_corpus, services_with_examples, shared_examples
from generator.languages import LANGUAGES

pytestmark = pytest.mark.slow

# Why an example may be left out: nothing else is acceptable.
KNOWN_SKIPS = {
    "required member missing",  # the example is older than the model
    "value does not match the model's pattern",
    "value is not one of the model's enum values",
    "value outside the model's length limits",
    "a language cannot express a value",  # e.g. the AWS CLI would load a value starting with file://
    "a language's SDK lacks the operation",  # e.g. S3 GetBucketLifecycle, which current SDKs dropped
}


@pytest.fixture(scope="module")
def corpus() -> CorpusReport:
    return check_corpus()


def test_the_whole_corpus_is_imported(corpus: CorpusReport, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        languages = ", ".join(f"{LANGUAGES[k].label} {c.parse_errors}" for k, c in corpus.languages.items())
        stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in corpus.timings.items())
        print(
            f"\ncorpus: {corpus.services} services, {corpus.examples} examples, {corpus.imported} imported, "
            f"{len(corpus.skipped)} skipped; parse errors: {languages}; {corpus.seconds:.1f}s ({stages})"
        )
    assert corpus.services == len(services_with_examples()) >= 40
    assert corpus.examples == sum(len(v) for s in services_with_examples() for v in shared_examples(s).values()) >= 1300
    assert corpus.imported + len(corpus.skipped) == corpus.examples
    assert corpus.imported >= corpus.examples * 0.98


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_no_program_fails_to_parse(corpus: CorpusReport, language: str) -> None:
    count = corpus.languages[language]
    assert count.programs == corpus.imported + corpus.services  # every example, plus one client program per service
    errors = [error.format(service) for service, error in corpus.errors if error.language == language]
    assert count.parse_errors == 0 and count.other_errors == 0, "\n".join(errors[:30])
    assert count.refused <= 1, "\n".join(errors[:30])  # reported and left out (see test_every_skip_has_a_known_reason)


def test_every_skip_has_a_known_reason(corpus: CorpusReport) -> None:
    unknown = [f"{service}: {skip.format()}" for service, skip in corpus.skipped if skip.category not in KNOWN_SKIPS]
    assert not unknown, "\n".join(unknown)
    lacking = {(service, skip.operation) for service, skip in corpus.skipped
               if skip.category == "a language's SDK lacks the operation"}  # fmt: skip
    assert lacking == {
        ("s3", "GetBucketLifecycle"), ("s3", "GetBucketNotification"),  # dropped by the Java, JS, Go, .NET SDKs
        ("lambda", "InvokeAsync"),  # not in the AWS SDK for Java 2.x
        # the AWS CLI removes these deprecated commands from its command table
        ("ses", "DeleteVerifiedEmailAddress"), ("ses", "ListVerifiedEmailAddresses"), ("ses", "VerifyEmailAddress"),
    }


def botocore_invalid_python() -> list[tuple[str, str, str]]:
    """(service, operation, example id) of every example whose input program, as botocore's
    SharedExampleDocumenter writes it for boto3's documentation, Python cannot parse."""
    session = botocore.session.get_session()
    invalid = []
    for service in services_with_examples():
        model = session.get_service_model(service)
        for operation, examples in shared_examples(service).items():
            op_model = model.operation_model(operation)
            for example in examples:
                document = DocumentStructure("example", target="man")
                section = document.add_new_section("input")
                prefix = f"response = client.{xform_name(operation)}"
                SharedExampleDocumenter().document_input(section, copy.deepcopy(example), prefix, op_model.input_shape)
                code = textwrap.dedent(document.flush_structure().decode().split("::", 1)[1].strip("\n"))
                try:
                    with warnings.catch_warnings():  # e.g. 'c:\HappyFace.jpg': an invalid escape, only a warning today
                        warnings.simplefilter("ignore")
                        ast.parse(code)
                except SyntaxError:
                    invalid.append((service, operation, str(example.get("id"))))
    return invalid


def test_examples_botocore_renders_as_invalid_python_parse_here(corpus: CorpusReport, capsys: pytest.CaptureFixture[str]) -> None:
    invalid = botocore_invalid_python()
    with capsys.disabled():
        print(f"\nbotocore's SharedExampleDocumenter: {len(invalid)} invalid Python program(s): {invalid}")
    assert invalid, "botocore renders every example as valid Python now: update this comparison"
    skipped = {(service, skip.operation, skip.example) for service, skip in corpus.skipped}
    assert not set(invalid) & skipped  # imported, so rendered, and the corpus has no parse error
    assert corpus.languages["python"].parse_errors == 0

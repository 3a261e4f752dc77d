"""polysnip import: botocore's shared examples (examples-1.json) as polysnip specs.

Read top-down, one concern per module:

    examples   where the shared examples come from
    conversion examples -> a spec's operations along the model's shapes (ServiceImport,
               Skipped); the service's import rules (service_rules) name the placeholders
    emit       the spec as YAML that reads back exactly
    check      the spec checked in memory (spec.check) and rendered; what fails is left out
    probe      each remaining example's call made once against moto
    corpus     every service imported in memory, with per-language counts

The documented response is kept as a comment in the spec: responses from moto differ
from AWS's, so it cannot become a claim that verification checks. An example that cannot
become a valid spec entry is left out and reported with its reason and category
(Skipped, or Skipped.problem() as a Problem of kind IMPORT_SKIP); nothing that fails to
check or to render is ever written. The command itself is cli.side.import_examples.
"""

from __future__ import annotations

from .check import import_service, render, validate
from .conversion import Entry, ServiceImport, Skipped, convert
from .corpus import CompileCount, CompileReport, CorpusReport, LanguageCount, check_corpus, compile_corpus
from .emit import spec_text, write_if_changed
from .examples import EXAMPLES, services_with_examples, shared_examples
from .probe import moto_implements, probe

__all__ = [
    "EXAMPLES",
    "CompileCount",
    "CompileReport",
    "CorpusReport",
    "Entry",
    "LanguageCount",
    "ServiceImport",
    "Skipped",
    "check_corpus",
    "compile_corpus",
    "convert",
    "import_service",
    "moto_implements",
    "probe",
    "render",
    "services_with_examples",
    "shared_examples",
    "spec_text",
    "validate",
    "write_if_changed",
]

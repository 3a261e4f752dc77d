"""Every service's shared examples imported in memory: per-language counts of programs and errors."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..languages import Language
from ..languages import select as select_languages
from ..problems import Kind
from ..render import GenerationError, Renderer, units
from .check import import_service
from .conversion import Skipped
from .examples import services_with_examples

__all__ = ["CorpusReport", "LanguageCount", "check_corpus"]


@dataclass
class LanguageCount:
    programs: int = 0  # programs rendered and parse-checked
    parse_errors: int = 0  # programs the language's parser (or its formatter) refused: generator bugs
    refused: int = 0  # values the language's rules refuse to write: reported, the example is left out
    other_errors: int = 0  # anything else that failed in the language's rules: generator bugs


@dataclass
class CorpusReport:
    services: int = 0
    examples: int = 0
    imported: int = 0  # examples rendered in every language
    skipped: list[tuple[str, Skipped]] = field(default_factory=list)  # (service, what was left out)
    languages: dict[str, LanguageCount] = field(default_factory=dict)
    errors: list[tuple[str, GenerationError]] = field(default_factory=list)  # (service, error)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (convert, validate, render)

    @property
    def parse_errors(self) -> int:
        return sum(count.parse_errors for count in self.languages.values())

    @property
    def other_errors(self) -> int:
        return sum(count.other_errors for count in self.languages.values())


def check_corpus(
    service_names: Iterable[str] | None = None,
    languages: list[Language] | None = None,
    renderer: Renderer | None = None,
    progress: Any = None,
) -> CorpusReport:
    """Import every service's shared examples in memory, as polysnip import --all would
    (without writing, without moto), and count per language the programs rendered and
    the programs its parser refused."""
    languages = languages or select_languages(None)
    renderer = renderer or Renderer()
    names = list(service_names) if service_names is not None else services_with_examples()
    report = CorpusReport(languages={language.key: LanguageCount() for language in languages})
    started = time.perf_counter()
    for name in names:
        imported, model, failures = import_service(name, (), languages, renderer, False, report.timings)
        report.services += 1
        report.examples += imported.examples
        report.imported += len(imported.entries)
        report.skipped += [(name, skip) for skip in imported.skipped]
        programs = len(units(model)) if model is not None else 0
        for language in languages:
            report.languages[language.key].programs += programs
        for error in failures:
            count = report.languages[error.language]
            if error.kind is Kind.PARSE:
                count.parse_errors += 1
            elif error.kind is Kind.UNSUPPORTED:
                count.refused += 1
            else:
                count.other_errors += 1
            report.errors.append((name, error))
        if progress is not None:
            progress(name)
    report.seconds = time.perf_counter() - started
    return report

"""Every service's shared examples imported in memory: per-language counts of programs and errors."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..languages import Language
from ..languages import select as select_languages
from ..problems import Kind
from ..render import GenerationError, Renderer, Snippet, units
from ..runners import RUNNERS, ProgramRun
from ..runners.base import CompileError, sort_errors
from .check import import_service
from .conversion import Skipped
from .examples import services_with_examples

__all__ = ["CompileCount", "CompileReport", "CorpusReport", "LanguageCount", "check_corpus", "compile_corpus"]


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


@dataclass
class CompileCount:
    programs: int = 0  # programs rendered
    checked: int = 0  # programs the checker looked at
    failed: int = 0  # programs with at least one error
    # programs that could not be checked here (their SDK cannot be had, or is older than the model)
    not_compiled: dict[str, str] = field(default_factory=dict)  # program -> why
    checker: str = ""  # what checked them, with versions
    not_checked: str = ""  # why nothing was checked here (no checker, toolchain missing)
    seconds: float = 0.0
    # errors the checker reported that say nothing about the program (a type stub that
    # disagrees with the SDK the program runs with): (program, error, why), listed, not counted
    excused: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class CompileReport:
    services: int = 0
    languages: dict[str, CompileCount] = field(default_factory=dict)
    failures: dict[str, dict[str, list[CompileError]]] = field(default_factory=dict)  # language -> program -> errors
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> program -> text (failures only)
    render_seconds: float = 0.0


def program_name(service: str, unit_id: str) -> str:
    """A corpus program's name, unique across services."""
    return f"{service}.{unit_id}"


def compile_corpus(
    workdir: Path,
    service_names: Iterable[str] | None = None,
    languages: list[Language] | None = None,
    renderer: Renderer | None = None,
    progress: Any = None,
) -> CompileReport:
    """Render every imported example (as check_corpus does) and compile or type-check each
    language's programs against the real SDKs with its runner's typecheck()."""
    languages = languages or select_languages(None)
    renderer = renderer or Renderer()
    names = list(service_names) if service_names is not None else services_with_examples()
    report = CompileReport(languages={language.key: CompileCount() for language in languages})
    programs: dict[str, list[ProgramRun]] = {language.key: [] for language in languages}
    started = time.perf_counter()
    for name in names:
        rendered: list[Snippet] = []
        import_service(name, (), languages, renderer, False, rendered=rendered)
        report.services += 1
        for snippet in rendered:
            filename = snippet.program_path.rsplit("/", 1)[-1]
            run = ProgramRun(program_name(name, snippet.unit.id), filename, snippet.program, "", name)
            programs[snippet.language].append(run)
        if progress is not None:
            progress(name)
    report.render_seconds = time.perf_counter() - started
    for language in languages:
        count = report.languages[language.key]
        batch = programs[language.key]
        count.programs = len(batch)
        runner = RUNNERS.get(language.key)
        checker = runner.checker() if runner is not None else None
        if runner is None or checker is None:
            count.not_checked = f"no checker for {language.label} here" if runner is not None else "no runner"
            continue
        count.checker = checker.description
        began = time.perf_counter()
        folder = workdir / language.key
        folder.mkdir(parents=True, exist_ok=True)
        found = runner.typecheck(batch, folder)
        count.seconds = time.perf_counter() - began
        for name, error, why in getattr(runner, "excused", []):
            count.excused.append((name, str(error), str(getattr(why, "reason", why))))
        count.checked = len(batch)
        failed: dict[str, list[CompileError]] = {}
        for key, errors in found.items():
            own, not_here = sort_errors(errors)
            if own:
                failed[key] = own
            if not_here:
                count.not_compiled[key] = not_here
        count.failed = len(failed)
        report.failures[language.key] = failed
        texts = {run.name: run.text for run in batch}
        report.texts[language.key] = {key: texts[key] for key in failed if key in texts}
    return report

"""The converted spec checked in memory and rendered in every language; what fails is left out."""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..languages import LANGUAGES, Language
from ..model import Model
from ..problems import Kind, Problem, Severity
from ..render import CLIENT_ID, GenerationError, GenerationFailed, Renderer, Snippet
from ..source import format_path, parse_yaml
from ..spec import check
from .conversion import BY_RULE, CANNOT_EXPRESS, OTHER, RENDER_BUG, SDK_LACKS, ServiceImport, Skipped, convert
from .emit import spec_text
from .probe import moto_implements, probe

__all__ = ["import_service", "leave_out_what_sdks_lack", "render", "validate"]


def validate(imported: ServiceImport, display: str | None = None) -> tuple[Model | None, list[Problem]]:
    """Check the spec as it would be written (in memory), leaving out every example the check
    rejects (reported as skipped). Returns the model (None when nothing is left) and warnings."""
    display = display or f"{imported.service}.yaml"
    while imported.entries:
        model, problems = check(parse_yaml(spec_text(imported), display))
        if model is not None:
            return model, problems
        rejected = _rejected_entries(problems)
        for index in sorted(rejected):
            entry = imported.entries[index]
            reasons = rejected[index]
            codes = [code for code, _ in reasons if code in BY_RULE]
            category = BY_RULE[codes[0]] if codes else OTHER
            imported.skip(Skipped(entry.operation, entry.example, "; ".join(text for _, text in reasons), category))
        imported.entries = [entry for index, entry in enumerate(imported.entries) if index not in rejected]
    return None, []


def _rejected_entries(problems: list[Problem]) -> dict[int, list[tuple[str, str]]]:
    """Operation index -> (rule code, reason) of each error inside that operation."""
    rejected: dict[int, list[tuple[str, str]]] = {}
    for problem in problems:
        if problem.severity is not Severity.ERROR:
            continue
        where = problem.spec_path
        if len(where) < 2 or where[0] != "operations" or not isinstance(where[1], int):
            # only the importer writes the rest of the spec: a bug here
            raise RuntimeError(f"the imported spec is invalid outside its operations: {problem.format()}")
        inner = format_path(where[2:])
        rejected.setdefault(where[1], []).append(
            (problem.code, f"{inner}: {problem.message}" if inner else problem.message)
        )
    return rejected


def render(model: Model, languages: list[Language], renderer: Renderer) -> tuple[list[Snippet], list[GenerationError]]:
    """Every program of the model in every language, or (nothing and) what failed to render."""
    try:
        return renderer.render_model(model, languages), []
    except GenerationFailed as exc:
        return [], exc.errors


def import_service(
    service: str,
    operations: Iterable[str],
    languages: list[Language],
    renderer: Renderer,
    try_moto: bool = True,
    timings: dict[str, float] | None = None,
    rendered: list[Snippet] | None = None,
) -> tuple[ServiceImport, Model | None, list[GenerationError]]:
    """Convert, check and render; examples that fail to render are left out too. With
    try_moto, each remaining example's call is then made against moto (see probe).

    Returns the import, its model (None when no example is left) and the generation
    errors that made examples be left out (GenerationError.kind says which: PARSE and RENDER
    are generator bugs, UNSUPPORTED a value a language cannot express). timings, when given,
    accumulates the seconds spent converting, validating and rendering; rendered, when
    given, receives the programs of the examples kept (rendered once, here)."""
    spent: dict[str, float] = timings if timings is not None else {}
    started = time.perf_counter()
    imported = convert(service, operations)
    leave_out_what_sdks_lack(imported, languages)
    failures: list[GenerationError] = []

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        spent[stage] = spent.get(stage, 0.0) + now - started
        started = now

    lap("convert")
    while True:
        model, _ = validate(imported)
        lap("validate")
        if model is None:
            return imported, None, failures
        snippets, errors = render(model, languages, renderer)
        lap("render")
        if not errors:
            if try_moto:
                import moto

                imported.moto = moto.__version__
                if moto_implements(service):
                    imported.probes = probe(model)
                else:  # verification would get moto's 500 for every call: say so in the spec instead
                    why = f"moto {moto.__version__} has no backend for {service}"
                    imported.probes = {operation.id: why for operation in model.operations}
            if rendered is not None:
                rendered += snippets
            return imported, model, failures
        failures += errors
        failed = {error.unit for error in errors}
        if CLIENT_ID in failed:
            raise RuntimeError(f"{service}: the client program does not render: {errors[0].format(service)}")
        kept = []
        for entry in imported.entries:
            if entry.data["id"] in failed:
                mine = [e for e in errors if e.unit == entry.data["id"]]
                imported.skip(Skipped(entry.operation, entry.example, *_render_reason(mine)))
            else:
                kept.append(entry)
        imported.entries = kept


def leave_out_what_sdks_lack(imported: ServiceImport, languages: list[Language]) -> None:
    """Leave out the examples of an operation some language's SDK does not have (S3
    GetBucketLifecycle, which the current SDKs dropped), with each language's reason."""
    kept = []
    for entry in imported.entries:
        reasons = [
            f"{language.label}: {why}"
            for language in languages
            if (why := language.missing_in_sdk(imported.service, entry.operation))
        ]
        if reasons:
            imported.skip(Skipped(entry.operation, entry.example, "; ".join(reasons), SDK_LACKS))
        else:
            kept.append(entry)
    imported.entries = kept


def _render_reason(errors: list[GenerationError]) -> tuple[str, str]:
    """Why an example is left out, and the category of that reason."""
    bugs = [e for e in errors if e.kind is not Kind.UNSUPPORTED]
    if bugs:
        shown = "; ".join(f"{LANGUAGES[e.language].label} line {e.line}: {e.message}" for e in bugs)
        return f"{RENDER_BUG}: {shown}", RENDER_BUG
    return "; ".join(f"{LANGUAGES[e.language].label} cannot express it: {e.message}" for e in errors), CANNOT_EXPRESS

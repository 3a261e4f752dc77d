"""The drift and import commands: thin shells that parse arguments, call the stage, print, exit.

The stages (drift.check_drift, importer.import_service, importer.check_corpus) return
results and Problems; only these commands print and choose the exit code.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..problems import EXIT_BAD_INPUT, EXIT_FAILED, BadInput, Kind, Severity
from ..service import suggest
from .common import JSON, OUT, echo_json, print_problems, problem_data, resolve_specs, resolved_out

if TYPE_CHECKING:
    from ..importer import CompileReport, CorpusReport
    from ..languages import Language

__all__ = ["drift", "import_examples"]


@click.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--data-path",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="a botocore data directory (laid out like botocore/data) searched before the installed one",
)
@OUT
@click.option("--strict-coverage", is_flag=True, help="count operations without an example as drift (exit 1)")
@JSON
def drift(specs: tuple[str, ...], data_path: str | None, out: str | None, strict_coverage: bool, as_json: bool) -> None:
    """Compare specs with the installed service model and the last verification's versions
    (the reports under --out, as verify writes them).

    Exit 0 when there is nothing to do, 1 when drift is found, 2 on bad input. Operations
    without an example are listed but count as drift only with --strict-coverage.
    """
    from ..drift import check_drift

    paths = resolve_specs(specs)
    try:
        result = check_drift(paths, data_path=data_path, out_root=Path(resolved_out(out)),
                             strict_coverage=strict_coverage)  # fmt: skip
    except BadInput as exc:
        if as_json:
            echo_json({"drift": None, "exit_code": EXIT_BAD_INPUT, "problems": [problem_data(p) for p in exc.problems]})
        print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
        click.secho(f"polysnip: {errors} error(s) in the input; drift was not checked", fg="red", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(result.to_json() if as_json else result.format_text(), nl=not as_json)
    sys.exit(result.exit_code)


def _print_corpus(report: CorpusReport) -> None:
    from ..languages import LANGUAGES

    click.echo(
        f"corpus: {report.services} service(s), {report.examples} shared example(s): "
        f"{report.imported} imported, {len(report.skipped)} skipped"
    )
    for category, number in sorted(Counter(s.category for _, s in report.skipped).items()):
        click.echo(f"  skipped, {category}: {number}")
    stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in report.timings.items())
    click.echo(f"took {report.seconds:.1f}s ({stages})")
    click.echo(f"{'language':<11} {'programs':>8} {'parse errors':>13} {'refused':>8} {'other errors':>13}")
    for key, count in report.languages.items():
        click.echo(
            f"{LANGUAGES[key].label:<11} {count.programs:>8} {count.parse_errors:>13} {count.refused:>8} "
            f"{count.other_errors:>13}"
        )
    for service, error in report.errors[:50]:
        colour = "yellow" if error.kind is Kind.UNSUPPORTED else "red"
        click.secho(error.format(service), fg=colour, err=True)
    if len(report.errors) > 50:
        click.secho(f"... and {len(report.errors) - 50} more generation error(s)", fg="red", err=True)


@click.command("import")
@click.argument("service", required=False)
@click.argument("operations", nargs=-1)
@click.option("--all", "all_services", is_flag=True, help="every service that ships shared examples")
@click.option("--out", default="specs/imported", show_default=True, help="folder that receives one spec per service")
@click.option(
    "--check-corpus",
    is_flag=True,
    help="write nothing: render every imported example in every language in memory and print the parse errors "
    "per language",
)
@click.option(
    "--compile",
    "compile_programs",
    is_flag=True,
    help="with --check-corpus: also compile or type-check every program against the real SDKs (javac, go build, "
    "tsc, mypy…) and print the failures per language",
)
@click.option("--lang", "langs", default=None, metavar="LIST", help="languages to render (default: all)")
@click.option(
    "--probe/--no-probe",
    default=True,
    show_default=True,
    help="make each example's call against moto (services moto implements) and note in the spec whether it can "
    "run there",
)
def import_examples(
    service: str | None,
    operations: tuple[str, ...],
    all_services: bool,
    out: str,
    check_corpus: bool,
    compile_programs: bool,
    langs: str | None,
    probe: bool,
) -> None:
    """Convert botocore's shared examples (examples-1.json) of SERVICE into a spec.

    Only OPERATIONS' examples when given; --all for every service. Examples that cannot be
    imported are listed with the reason and left out; the spec holds only examples that
    validate and render in every language.
    """
    from ..importer import import_service, services_with_examples, spec_text, write_if_changed
    from ..languages import LANGUAGES
    from ..languages import select as select_languages
    from ..render import Renderer

    if all_services and (service or operations):
        raise click.UsageError("give either SERVICE [OPERATION...] or --all, not both")
    if not all_services and not service and not check_corpus:
        raise click.UsageError("name a service (e.g. polysnip import kms) or pass --all")
    if check_corpus and operations:
        raise click.UsageError("--check-corpus takes whole services; leave out OPERATION")
    if compile_programs and not check_corpus:
        raise click.UsageError("--compile goes with --check-corpus")
    try:
        languages = select_languages(langs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    available = services_with_examples()
    if service and service not in available:
        hint = suggest(service, available)
        click.secho(
            f"polysnip: no shared examples for {service!r}{hint}; {len(available)} services ship them",
            fg="red",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    names = [service] if service else available
    if check_corpus and compile_programs:
        compiled = _compile_corpus(names, languages)
        sys.exit(EXIT_FAILED if any(count.failed for count in compiled.languages.values()) else 0)
    if check_corpus:
        report = _run_corpus(names, languages)
        sys.exit(EXIT_FAILED if report.parse_errors or report.other_errors else 0)
    renderer = Renderer()
    failed = False
    for name in names:
        started = time.perf_counter()
        try:
            imported, model, failures = import_service(name, operations, languages, renderer, probe)
        except ValueError as exc:
            click.secho(f"polysnip: {exc}", fg="red", err=True)
            sys.exit(EXIT_BAD_INPUT)
        target = Path(out) / f"{name}.yaml"
        for skip in imported.skipped:
            click.secho(f"{target}: {skip.format()}", fg="yellow", err=True)
        summary = (
            f"{name}: {imported.examples} example(s), {len(imported.entries)} imported, {len(imported.skipped)} skipped"
        )
        if model is None:
            click.echo(f"{summary}; nothing to write")
            continue
        changed = write_if_changed(target, spec_text(imported))
        click.echo(
            f"{summary} -> {target} ({'written' if changed else 'unchanged'}, {time.perf_counter() - started:.1f}s)"
        )
        if imported.probes:
            blocked = {key: reason for key, reason in imported.probes.items() if reason}
            for key, reason in blocked.items():
                click.echo(f"  {key}: not executable against moto: {reason}")
            click.echo(
                f"  moto {imported.moto} ran {len(imported.probes) - len(blocked)} of {len(imported.probes)} "
                f"example(s); "
                f"{len(blocked)} cannot run there (noted in the spec)"
            )
        bugs = [e for e in failures if e.kind is not Kind.UNSUPPORTED]
        if bugs:  # values a language refuses are reported above like other skips; these are generator bugs
            failed = True
            parse = Counter(LANGUAGES[e.language].label for e in bugs if e.kind is Kind.PARSE)
            click.secho(
                f"{name}: {len(bugs)} generation error(s) left examples out"
                + (f"; parse errors: {', '.join(f'{k} {v}' for k, v in sorted(parse.items()))}" if parse else ""),
                fg="red",
                err=True,
            )
    sys.exit(EXIT_FAILED if failed else 0)


def _compile_corpus(names: list[str], languages: list[Language]) -> CompileReport:
    import tempfile

    from ..importer import compile_corpus
    from ..languages import LANGUAGES

    with tempfile.TemporaryDirectory(prefix="polysnip-corpus-") as folder:
        report = compile_corpus(Path(folder), names, languages)
    click.echo(f"{report.services} services; rendered in {report.render_seconds:.1f} s")
    columns = ("programs", "checked", "failed", "not here", "seconds")
    click.echo(f"{'language':<11} " + " ".join(f"{c:>8}" for c in columns) + "  checked with")
    for language in languages:
        count = report.languages[language.key]
        how = count.checker or f"not checked: {count.not_checked}"
        cells = (count.programs, count.checked, count.failed, len(count.not_compiled), f"{count.seconds:.1f}")
        numbers = " ".join(f"{cell:>8}" for cell in cells)
        click.echo(f"{language.label:<11} {numbers}  {how}")
    for key, count in report.languages.items():
        grouped: dict[str, list[str]] = {}
        for name, why in sorted(count.not_compiled.items()):
            grouped.setdefault(why, []).append(name)
        for why, names in grouped.items():
            shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            click.echo(f"{LANGUAGES[key].label}: {len(names)} not compiled here ({shown}): {why}")
        for name, error, why in count.excused:
            click.echo(f"{LANGUAGES[key].label} {name}: excused: {error} ({why})")
    for key, failures in report.failures.items():
        for name, errors in sorted(failures.items()):
            shown = "; ".join(str(error) for error in errors[:3])
            more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
            click.secho(f"{LANGUAGES[key].label} {name}: {shown}{more}", fg="red", err=True)
    return report


def _run_corpus(names: list[str], languages: list[Language]) -> CorpusReport:
    from ..importer import check_corpus

    done = 0

    def progress(name: str) -> None:
        nonlocal done
        done += 1
        if sys.stderr.isatty():
            click.echo(f"\r{done}/{len(names)} {name:<40}", nl=False, err=True)

    report = check_corpus(names, languages, progress=progress)
    if sys.stderr.isatty():
        click.echo("", err=True)
    _print_corpus(report)
    return report


# The committed tables of SDK names, per language: module and its regenerate(services).
_NAME_TABLES = {"go": "generator.go_sdk_names", "java": "generator.java_sdk"}


@click.command("sdk-names")
@click.argument("language", type=click.Choice(sorted(_NAME_TABLES)))
@click.argument("services", nargs=-1)
def sdk_names(language: str, services: tuple[str, ...]) -> None:
    """Rewrite LANGUAGE's committed table of SDK names from the installed SDK (after
    polysnip doctor --install --corpus), for SERVICES or every service it covers. Rendering
    reads the table, so generated programs depend only on the pinned SDK versions."""
    import importlib

    module = importlib.import_module(_NAME_TABLES[language])
    try:
        click.echo(module.regenerate(list(services)))
    except ValueError as exc:
        click.secho(f"polysnip: {exc}", fg="red", err=True)
        sys.exit(EXIT_BAD_INPUT)

"""The polysnip command line: one sub-command per pipeline entry point."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .languages import LANGUAGES
from .languages import select as select_languages
from .pipeline import SpecOutput, output_folder, render_spec, write
from .pipeline import check as compare_output
from .problems import EXIT_BAD_INPUT, EXIT_FAILED, BadInput, Problem, Severity
from .render import GenerationFailed, Renderer
from .spec import load_all

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_SPECS = "specs"


def resolve_specs(specs: tuple[str, ...]) -> list[Path]:
    """The spec files named, or every specs/*.yaml when none is named."""
    if specs:
        return [Path(s) for s in specs]
    found = sorted(Path(DEFAULT_SPECS).glob("*.yaml"))
    if not found:
        raise click.UsageError(f"no spec given and no {DEFAULT_SPECS}/*.yaml found; name a spec file")
    return found


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        click.secho(problem.format(), fg=colour, err=True)


def bad_input_exits(func: F) -> F:
    """Report BadInput as file:line messages and exit 2, never a traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BadInput as exc:
            print_problems(exc.problems)
            errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
            click.secho(f"polysnip: {errors} error(s) in the input; nothing was written", fg="red", err=True)
            sys.exit(EXIT_BAD_INPUT)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polysnip")
def main() -> None:
    """Render AWS SDK snippets from one spec, prove them against moto, publish them."""


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@bad_input_exits
def validate(specs: tuple[str, ...]) -> None:
    """Check specs against botocore's service model and the key-policy lint."""
    paths = resolve_specs(specs)
    models, warnings = load_all(paths)
    print_problems(warnings)
    operations = sum(len(m.operations) for m in models)
    scenarios = sum(len(m.scenarios) for m in models)
    click.echo(
        f"validated {len(models)} spec(s): {operations} operation(s), {scenarios} scenario(s), "
        f"0 errors, {len(warnings)} warning(s)"
    )


def _languages_option(func: F) -> F:
    return click.option(
        "--lang",
        "langs",
        default=None,
        metavar="LIST",
        help=f"comma-separated languages (default: all of {', '.join(LANGUAGES)})",
    )(func)


def _render_all(specs: tuple[str, ...], langs: str | None, templates: str | None) -> list[SpecOutput]:
    paths = resolve_specs(specs)
    models, warnings = load_all(paths)
    print_problems(warnings)
    try:
        languages = select_languages(langs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    renderer = Renderer([Path(templates)] if templates else None)
    outputs = []
    failures: list[str] = []
    for model in models:
        try:
            outputs.append(render_spec(model, languages, renderer))
        except GenerationFailed as exc:
            failures += [e.format(exc.spec) for e in exc.errors]
    if failures:
        for line in failures:
            click.secho(line, fg="red", err=True)
        click.secho(f"polysnip: {len(failures)} generation error(s); nothing was written", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    return outputs


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@_languages_option
@click.option("--out", default="site", show_default=True, help="folder that receives one sub-folder per spec")
@click.option("--templates", default=None, help="folder of template overrides (same layout as templates/)")
@bad_input_exits
def generate(specs: tuple[str, ...], langs: str | None, out: str, templates: str | None) -> None:
    """Render every program and fragment, parse-check them, and write them atomically."""
    for output in _render_all(specs, langs, templates):
        changes = write(Path(out), output)
        per_language: dict[str, list[int]] = {}
        for snippet in output.snippets:
            counts = per_language.setdefault(snippet.language, [0, 0])
            for path in (snippet.program_path, snippet.fragment_path):
                counts[0 if path in changes.added or path in changes.changed else 1] += 1
        click.echo(f"{output.model.source} -> {output_folder(Path(out), output.model)}")
        for language, (written, unchanged) in per_language.items():
            click.echo(f"  {LANGUAGES[language].label:<8} {written} written, {unchanged} unchanged")
        if changes.removed:
            click.echo(f"  removed {len(changes.removed)} stale file(s)")


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@_languages_option
@click.option("--out", default="site", show_default=True)
@click.option("--templates", default=None)
@bad_input_exits
def check(specs: tuple[str, ...], langs: str | None, out: str, templates: str | None) -> None:
    """Exit 1 and list the files a regeneration would change or remove."""
    stale = 0
    for output in _render_all(specs, langs, templates):
        changes = compare_output(Path(out), output)
        folder = output_folder(Path(out), output.model)
        for label, names in (("would add", changes.added), ("would change", changes.changed), ("would remove", changes.removed)):
            for name in names:
                click.echo(f"{label}: {folder / name}")
                stale += 1
    if stale:
        click.secho(f"{stale} generated file(s) are out of date; run: polysnip generate", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    click.echo("generated files are up to date")

"""The polysnip command line: one sub-command per pipeline entry point."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .problems import EXIT_BAD_INPUT, BadInput, Problem, Severity
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

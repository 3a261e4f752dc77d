"""The drift and import commands: thin shells that parse arguments, call the stage, print, exit.

The stages (drift.check_drift, importer.import_service, importer.check_corpus) return
results and Problems; only these commands print and choose the exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .problems import EXIT_BAD_INPUT, BadInput, Severity

__all__ = ["drift"]


@click.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--data-path",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="a botocore data directory (laid out like botocore/data) searched before the installed one",
)
@click.option(
    "--report",
    "report_dir",
    default="site/verification",
    show_default=True,
    type=click.Path(file_okay=False),
    help="folder of the verification reports (<spec>.json) whose versions are compared",
)
@click.option("--strict-coverage", is_flag=True, help="count operations without an example as drift (exit 1)")
@click.option("--json", "as_json", is_flag=True, help="print the findings as JSON instead of text")
def drift(specs: tuple[str, ...], data_path: str | None, report_dir: str, strict_coverage: bool, as_json: bool) -> None:
    """Compare specs with the installed service model and the last verification's versions.

    Exit 0 when there is nothing to do, 1 when drift is found, 2 on bad input. Operations
    without an example are listed but count as drift only with --strict-coverage.
    """
    from .cli import print_problems, resolve_specs
    from .drift import check_drift

    paths = resolve_specs(specs)
    try:
        result = check_drift(paths, data_path=data_path, report_dir=Path(report_dir), strict_coverage=strict_coverage)
    except BadInput as exc:
        if as_json:
            bad = [
                {"file": p.location.file, "line": p.location.line, "column": p.location.column, "path": p.path, "message": p.message}
                for p in exc.problems
            ]
            click.echo(json.dumps({"drift": None, "exit_code": EXIT_BAD_INPUT, "bad_input": bad}, indent=2))
        print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
        click.secho(f"polysnip: {errors} error(s) in the input; drift was not checked", fg="red", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(result.to_json() if as_json else result.format_text(), nl=not as_json)
    sys.exit(result.exit_code)

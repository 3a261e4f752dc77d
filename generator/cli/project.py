"""Commands around a docs project: init (scaffold one) and report merge (combine shard reports)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..problems import EXIT_BAD_INPUT, BadInput, Kind, Location, Problem, Severity
from .common import bad_input_exits, print_problems


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--service", default=None, help="the AWS service of the example spec [default: kms]")
@click.option("--shards", default=None, type=click.IntRange(1, 64), help="verification jobs in the CI workflow [3]")
@bad_input_exits
def init(folder: str, service: str | None, shards: int | None) -> None:
    """Scaffold a docs project in FOLDER: mkdocs.yml, docs/index.md, an example spec, a GitHub
    Actions workflow and a pre-commit config. Refuses (exit 2, writing nothing) when a file exists."""
    from ..scaffold import DEFAULT_SERVICE, DEFAULT_SHARDS, project_files, write_project

    files = project_files(service or DEFAULT_SERVICE, shards or DEFAULT_SHARDS)
    root = Path(folder)
    for path in write_project(root, files):
        click.echo(f"wrote {path}")
    where = "" if folder == "." else f"cd {folder} && "
    click.echo(f"next: {where}polysnip doctor --install && polysnip build && mkdocs serve")


@click.group()
def report() -> None:
    """Work with verification reports."""


@report.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the report to write")
@bad_input_exits
def merge(shards: tuple[str, ...], output: str) -> None:
    """Combine the reports of `verify --shard K/N` (all N of one run) into OUTPUT, the report an
    unsharded verify writes. A report already at OUTPUT keeps its results for languages the
    shards did not verify, and its date when no result changed."""
    from ..report import ReportError, load_report, merge_shards, save_report, settle
    from ..report import merge as merge_reports

    problems: list[Problem] = []
    reports = []
    for name in shards:
        path = Path(name)
        loaded = load_report(path, problems)
        if loaded is None and not problems:
            problems.append(Problem(Location(name, 1, 1), "", "no such report", Severity.ERROR, Kind.OUTPUT))
        if loaded is not None:
            reports.append(loaded)
    if problems:
        raise BadInput([Problem(p.location, p.path, p.message, Severity.ERROR, p.kind) for p in problems])
    try:
        combined = merge_shards(reports)
    except ReportError as exc:
        raise BadInput([Problem(Location(shards[0], 1, 1), "", str(exc), Severity.ERROR, Kind.OUTPUT)]) from None
    target = Path(output)
    warnings: list[Problem] = []
    old = load_report(target, warnings)
    print_problems(warnings)
    result = settle(old, merge_reports(old, combined))
    try:
        save_report(target, result)
    except OSError as exc:
        click.secho(f"polysnip: cannot write {target}: {exc.strerror or exc}", fg="red", err=True)
        sys.exit(EXIT_BAD_INPUT)
    passed = sum(1 for o in result.outcomes if o.status == "passed")
    click.echo(f"merged {len(reports)} shard report(s) into {target}: {passed} of {len(result.outcomes)} passed")

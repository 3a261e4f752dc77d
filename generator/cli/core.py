"""The pipeline's commands: validate, generate, check, verify, site, build, doctor."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..problems import EXIT_FAILED, Problem
from .common import (
    JSON,
    MKDOCS_CONFIG,
    OUT,
    bad_input_exits,
    echo_json,
    locked,
    precheck_out,
    print_problems,
    problem_data,
    resolve_specs,
    resolved_out,
)

if TYPE_CHECKING:
    from ..pipeline import SpecOutput
    from ..report import Report

# botocore, black, Jinja and the language modules are imported inside the commands
# that need them, so that a generate with nothing to do answers in a fraction of the time.

SPECS = click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
TEMPLATES = click.option(
    "--templates",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="folder of template overrides (same layout as templates/)",
)


@click.command()
@SPECS
@JSON
# build passes False when every spec's output is already generated from exactly these inputs:
# rendering them again in memory can find no refusal that generating them did not.
@click.option("--render-check/--no-render-check", "render_check", default=True, hidden=True)
@bad_input_exits
def validate(specs: tuple[str, ...], as_json: bool, render_check: bool = True) -> None:
    """Check specs against botocore's service model and the key-policy lint."""
    from ..pipeline import validate_specs

    paths = resolve_specs(specs)
    models, warnings = validate_specs(paths, rendering=render_check)
    print_problems(warnings)
    operations = sum(len(m.operations) for m in models)
    scenarios = sum(len(m.scenarios) for m in models)
    if as_json:
        echo_json(
            {
                "exit_code": 0,
                "specs": [str(p) for p in paths],
                "operations": operations,
                "scenarios": scenarios,
                "problems": [problem_data(p) for p in warnings],
            }
        )
        return
    click.echo(
        f"validated {len(models)} spec(s): {operations} operation(s), {scenarios} scenario(s), "
        f"0 errors, {len(warnings)} warning(s)"
    )


def _render_all(specs: tuple[str, ...], templates: str | None, out: str, as_json: bool = False) -> list[SpecOutput]:
    """Every spec rendered in every language, or exit 1 naming each generation error."""
    from ..pipeline import RenderFailed, render_specs

    try:
        outputs, warnings = render_specs(resolve_specs(specs), Path(out), Path(templates) if templates else None)
    except RenderFailed as exc:
        if as_json:
            echo_json({"exit_code": EXIT_FAILED, "problems": [problem_data(p) for p in exc.warnings],
                       "generation_errors": exc.failures})  # fmt: skip
        print_problems(exc.warnings)
        for line in exc.failures:
            click.secho(line, fg="red", err=True)
        click.secho(f"polysnip: {len(exc.failures)} generation error(s); nothing was written", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    print_problems(warnings)
    return outputs


@click.command()
@SPECS
@OUT
@TEMPLATES
@bad_input_exits
def generate(specs: tuple[str, ...], out: str | None, templates: str | None) -> None:
    """Render every program and fragment in every language, parse-check them, write them atomically.

    Nothing is written (not even the output folder or its lock) when a spec is rejected."""
    from ..output import unchanged_folders

    out = resolved_out(out)
    precheck_out(out)
    paths = resolve_specs(specs)
    template_dir = Path(templates) if templates else None
    folders = unchanged_folders(Path(out), paths, template_dir)
    if folders is not None:
        for path in paths:
            click.echo(f"{path} -> {folders[path]}: nothing changed since the last generate")
        return
    outputs = _render_all(specs, templates, out)  # bad input stops here, before the lock is taken
    from ..languages import LANGUAGES
    from ..output import prepare_folders
    from ..pipeline import output_folder, write

    with locked(out) as root:
        prepare_folders(root, paths, template_dir)
        for output in outputs:
            changes = write(root, output)
            per_language: dict[str, list[int]] = {}
            for snippet in output.snippets:
                counts = per_language.setdefault(snippet.language, [0, 0])
                for name in (snippet.program_path, snippet.fragment_path):
                    counts[0 if name in changes.added or name in changes.changed else 1] += 1
            click.echo(f"{output.model.source} -> {output_folder(root, output.model)}")
            for language, (written, kept) in per_language.items():
                click.echo(f"  {LANGUAGES[language].label:<10} {written} written, {kept} unchanged")
            if changes.removed:
                click.echo(f"  removed {len(changes.removed)} stale file(s)")


@click.command()
@SPECS
@OUT
@TEMPLATES
@JSON
@bad_input_exits
def check(specs: tuple[str, ...], out: str | None, templates: str | None, as_json: bool) -> None:
    """Exit 1 and list the files a regeneration would change or remove."""
    from ..pipeline import check as compare_output
    from ..pipeline import output_folder

    out = resolved_out(out)
    stale: list[dict[str, str]] = []
    with locked(out) if Path(out).exists() else _nothing(Path(out)) as root:
        for output in _render_all(specs, templates, out, as_json):
            changes = compare_output(root, output)
            folder = output_folder(root, output.model)
            for action, names in (("add", changes.added), ("change", changes.changed), ("remove", changes.removed)):
                for name in names:
                    stale.append({"spec": output.model.source, "action": action, "path": str(folder / name)})
    if as_json:
        echo_json({"exit_code": EXIT_FAILED if stale else 0, "stale": stale, "problems": []})
    else:
        for entry in stale:
            click.echo(f"would {entry['action']}: {entry['path']}")
    if stale:
        click.secho(f"{len(stale)} generated file(s) are out of date; run: polysnip generate", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    if not as_json:
        click.echo("generated files are up to date")


@contextmanager
def _nothing(root: Path) -> Iterator[Path]:
    """No lock: the output folder does not exist, so there is nothing to read or recover."""
    yield root


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not K/N (for example 2/3)", param_hint="--shard") from None
    if not 1 <= index <= count:
        raise click.BadParameter(f"{value!r}: K must be between 1 and N", param_hint="--shard")
    return index, count


NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="run every program even where the verification cache holds results for exactly these programs, "
    "spec, fixtures and toolchain versions (the new results are kept)",
)


def _generated_or_rendered(
    specs: tuple[str, ...], templates: str | None, out: str, as_json: bool = False
) -> list[SpecOutput]:
    """The outputs as the last generate wrote them when nothing changed since (read back,
    not rendered again), else every spec rendered."""
    from ..pipeline import generated_outputs

    found = generated_outputs(resolve_specs(specs), Path(out), Path(templates) if templates else None)
    if found is None:
        return _render_all(specs, templates, out, as_json)
    outputs, warnings = found
    print_problems(warnings)
    return outputs


@click.command()
@SPECS
@click.option(
    "--lang",
    "langs",
    default=None,
    metavar="LIST",
    help="comma-separated languages (default: every language that has a runner); "
    "the report keeps the other languages' last results",
)
@click.option(
    "--shard",
    default=None,
    metavar="K/N",
    help="verify only the K-th of N deterministic parts of the programs (balanced by recorded durations) and "
    "write a shard report to <out>/verification/shards/; combine them with: polysnip report merge",
)
@OUT
@TEMPLATES
@JSON
@NO_CACHE
@bad_input_exits
def verify(
    specs: tuple[str, ...],
    langs: str | None,
    shard: str | None,
    out: str | None,
    templates: str | None,
    as_json: bool,
    no_cache: bool = False,
) -> None:
    """Run the generated programs against moto and check every claim; exit 0 only if all pass.

    Results of a language whose programs, spec, fixtures and toolchain are exactly those of
    an earlier run that passed are taken from the verification cache, labelled with that
    run's date; --no-cache runs them again."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from ..languages import LANGUAGES
    from ..languages import select as select_languages
    from ..pipeline import record_shard, record_verification, shard_snippets, stale_folders
    from ..render import Renderer
    from ..runners import RUNNERS
    from ..verify import Cache, verify_model

    out = resolved_out(out)
    precheck_out(out)
    part = _parse_shard(shard)
    try:
        languages = select_languages(langs or ",".join(k for k in LANGUAGES if k in RUNNERS))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    outputs = _generated_or_rendered(specs, templates, out, as_json)
    results: list[dict[str, Any]] = []
    with locked(out) as root:
        stale = stale_folders(root, outputs)
        for folder in stale:
            click.secho(f"{folder} is out of date; run: polysnip generate", fg="red", err=True)
        if stale:
            if as_json:
                echo_json({"exit_code": EXIT_FAILED, "stale": [str(f) for f in stale], "specs": []})
            sys.exit(EXIT_FAILED)
        console = Console(stderr=True)
        renderer = Renderer([Path(templates)] if templates else None)
        failed = False
        for output in outputs:
            snippets = shard_snippets(root, output, languages, part) if part else output.snippets
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task(f"verifying {output.model.slug}", total=len(snippets))

                def advance(label: str, done: int, task: TaskID = task) -> None:
                    progress.update(task, advance=done, description=f"verifying {label}")

                cache = Cache(read=not no_cache)
                report = verify_model(output.model, snippets, languages, renderer, progress=advance, cache=cache)
            problems: list[Problem] = []
            if part:
                path = record_shard(root, output, report, languages, part)
            else:
                path = record_verification(root, output, report, Path(templates) if templates else None, problems)
            print_problems(problems)
            if as_json:
                results.append(_report_data(report, path, problems))
            else:
                _print_report(output.model.source, output.model.slug, report, path)
            failed = failed or not report.passed
    if as_json:
        echo_json({"exit_code": EXIT_FAILED if failed else 0, "specs": results})
    sys.exit(EXIT_FAILED if failed else 0)


def _report_data(report: Report, path: Path, problems: list[Problem]) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(report.to_json())
    return {"report": str(path), "passed": report.passed, "problems": [problem_data(p) for p in problems], **data}


def _print_report(source: str, slug: str, report: Report, path: Path) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from ..languages import LANGUAGES, reference_language
    from ..report import Status

    moto = report.versions.get("moto", {}).get("moto", "?")
    table = Table(title=f"{source}: verification against moto {moto}")
    for column in ("language", "snippet", "status", "level", f"same requests as {reference_language().label}",
                   "time", "detail"):  # fmt: skip
        table.add_column(column)
    for o in report.outcomes:
        colour = {Status.PASSED: "green", Status.FAILED: "red"}.get(o.status, "yellow")
        # Details quote program output and requests: never let rich read them as markup.
        detail = escape((f"line {o.line}: " if o.line else "") + o.detail)
        same = {True: "yes", False: "[red]no[/]", None: "-"}[o.equivalent]
        label = LANGUAGES[o.language].label if o.language in LANGUAGES else o.language
        table.add_row(label, o.id, f"[{colour}]{o.status}[/]", o.level, same, f"{o.duration:.2f}s", detail)
    Console().print(table)
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    cached = [o.cached for o in report.outcomes if o.cached]
    if cached:  # replayed, not run: say so, with the dates of the runs that produced them
        summary += f" ({len(cached)} from the verification cache: run of {', '.join(sorted(set(cached)))})"
    click.echo(f"{slug}: {summary}; report: {path}")


@click.command()
@click.option("--config", default=MKDOCS_CONFIG, show_default=True, help="the mkdocs configuration to build")
# build passes True: the site is not built again when neither what it is built from nor what
# the last build wrote has changed since (see _site_stamp)
@click.option("--when-changed", "when_changed", is_flag=True, hidden=True)
@bad_input_exits
def site(config: str, when_changed: bool = False) -> None:
    """Build the mkdocs site with --strict (any warning fails the build); the last good site
    stays in place until a new build has succeeded."""
    from ..sitebuild import build_site, site_folders

    started = time.perf_counter()
    path = Path(config)
    if not path.is_file():
        raise click.BadParameter(f"{config} is not a file (polysnip init writes one)", param_hint="--config")
    docs, site_dir = site_folders(path)
    with locked(str(docs)):
        stamp = _site_stamp(path, docs, site_dir) if when_changed else None
        if stamp is not None and stamp[1] == _recorded_site(path):
            click.echo(f"site in {site_dir} is up to date: nothing it is built from changed since the last build")
            return
        result = build_site(path)
        if result.ok and when_changed:
            _record_site(path, _site_stamp(path, docs, site_dir))
    for line in result.problems:
        click.secho(line, fg="red", err=True)
    if not result.ok:
        if not result.problems:
            click.echo(result.log, err=True)
        click.secho(f"mkdocs build failed; {result.site_dir} is unchanged", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"site built with mkdocs --strict into {result.site_dir} in {time.perf_counter() - started:.1f}s")


def _site_stamp(config: Path, docs: Path, site_dir: Path) -> tuple[str, str] | None:
    """(what the site is built from, that and what the last build wrote): the mkdocs
    configuration, every file in its folder outside the site folder (docs, theme overrides,
    generated pages), the generator's code and the versions of every installed package;
    None when the site folder is missing."""
    import hashlib

    from .. import fingerprint, verify_cache

    if not site_dir.is_dir():
        return None
    skipped = {site_dir.resolve()}

    def tree(root: Path) -> str:
        digest = hashlib.sha256()
        for folder, names, files in os.walk(root):  # top-down, in the sorted order names is left in
            here = Path(folder)
            names[:] = sorted(n for n in names if not n.startswith(".") and n not in ("__pycache__", "node_modules")
                              and (here / n).resolve() not in skipped)  # fmt: skip
            for name in sorted(files):
                path = here / name
                try:
                    digest.update(os.fsencode(str(path.relative_to(root))) + b"\0" + path.read_bytes())
                except OSError:
                    digest.update(b"unreadable")
        return digest.hexdigest()

    inputs = verify_cache.digest({
        "config": str(config.resolve()),
        "project": tree(config.parent),
        "docs": tree(docs) if not docs.resolve().is_relative_to(config.parent.resolve()) else "",
        "code": verify_cache.code_hash(),
        "packages": fingerprint.installed_versions(),
    })  # fmt: skip
    skipped.clear()
    return inputs, verify_cache.digest([inputs, tree(site_dir)])


def _recorded_site(config: Path) -> str:
    from .. import verify_cache

    entry = verify_cache.load("sites", verify_cache.digest(str(config.resolve())))
    return str(entry.get("stamp", "")) if entry else ""


def _record_site(config: Path, stamp: tuple[str, str] | None) -> None:
    from .. import verify_cache

    if stamp is not None:
        verify_cache.store("sites", verify_cache.digest(str(config.resolve())), {"stamp": stamp[1]})


@click.command()
@SPECS
@OUT
@click.option("--lang", "langs", default=None, metavar="LIST", help="languages to verify (default: all with a runner)")
@NO_CACHE
@click.pass_context
@bad_input_exits
def build(ctx: click.Context, specs: tuple[str, ...], out: str | None, langs: str | None, no_cache: bool) -> None:
    """The main job: validate, generate, verify, then build the site."""
    out = resolved_out(out)
    steps: list[tuple[str, click.Command, dict[str, Any]]] = [
        ("generate", generate, {"specs": specs, "out": out, "templates": None}),
        ("verify", verify, {"specs": specs, "out": out, "langs": langs, "templates": None, "shard": None,
                            "as_json": False, "no_cache": no_cache}),
        ("site", site, {"config": MKDOCS_CONFIG, "when_changed": True}),
    ]
    total = len(steps) + 1
    click.secho(f"[1/{total}] validate", bold=True, err=True)
    from ..output import unchanged_folders

    generated = unchanged_folders(Path(out), resolve_specs(specs), None) is not None
    # bad input: nothing written, no lock
    _step(ctx, "validate", validate, {"specs": specs, "as_json": False, "render_check": not generated})
    with locked(out):  # one lock for the rest of the job; the steps' own locks nest inside it
        for number, (name, command, params) in enumerate(steps, 2):
            click.secho(f"[{number}/{total}] {name}", bold=True, err=True)
            _step(ctx, name, command, params)
    click.secho("build finished", fg="green", err=True)


def _step(ctx: click.Context, name: str, command: click.Command, params: dict[str, Any]) -> None:
    try:
        ctx.invoke(command, **params)
    except SystemExit as exc:
        if exc.code:
            click.secho(f"build stopped at {name} (exit {exc.code})", fg="red", err=True)
            raise


@click.command()
@click.option(
    "--install", is_flag=True, help="fetch SDKs into the toolchain cache first (needs the package registries)"
)
@click.option(
    "--corpus", is_flag=True, help="also every service that ships shared examples (for import --check-corpus --compile)"
)
@click.argument("specs", nargs=-1, type=click.Path())
def doctor(install: bool, corpus: bool, specs: tuple[str, ...]) -> None:
    """List each language, its toolchain and SDK versions, and the proof level reachable
    per service of SPECS (default: ./specs)."""
    from ..languages import LANGUAGES
    from ..runners import RUNNERS
    from ..sdks import default_services, reachable_levels, services_in_specs

    services = services_in_specs([Path(s) for s in specs]) if specs else default_services()
    if corpus:
        from ..importer import services_with_examples

        services = list(dict.fromkeys([*services, *services_with_examples()]))
    missing = 0
    for language in LANGUAGES.values():
        runner = RUNNERS.get(language.key)
        if runner is None:
            click.echo(f"{language.label:<11} parsed only       no runner: {language.sdk} cannot be installed here")
            continue
        if install:
            try:
                runner.install(services)
            except Exception as exc:  # an install failure is reported, then availability says why
                click.secho(f"{language.label}: install failed: {exc}", fg="red", err=True)
        found = runner.availability()
        if not found.ok:
            missing += 1
            hint = f" (install: {runner.install_hint})" if runner.install_hint else ""
            click.echo(f"{language.label:<11} {'unavailable':<17} {found.reason}{hint}")
            continue
        variants = [found.versions] + [v.availability().versions for v in runner.variants()[1:]]
        versions = ", ".join(f"{k} {v}" for found_versions in variants for k, v in sorted(found_versions.items()))
        click.echo(f"{language.label:<11} {runner.level:<17} {versions}")
        checker = runner.checker()
        if checker is not None:
            click.echo(f"{'':<11} {checker.level:<17} {checker.description}")
    if len(services) > 12 and not specs:
        click.echo(f"\n{len(services)} services; per-service levels: polysnip doctor SPEC...")
    else:
        click.echo("\nper service (the proof level verification reaches here):")
        table = reachable_levels(services)
        for key, row in table.items():
            for service, reach in row.items():
                why = f"  {reach.reason}" if reach.reason else ""
                click.echo(f"  {LANGUAGES[key].label:<11} {service:<20} {reach.level}{why}")
    sys.exit(EXIT_FAILED if missing else 0)

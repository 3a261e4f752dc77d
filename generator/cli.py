"""The polysnip command line: one sub-command per pipeline entry point."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import click

from . import __version__, fingerprint
from .problems import EXIT_BAD_INPUT, EXIT_FAILED, BadInput, Problem, Severity

if TYPE_CHECKING:
    from .pipeline import SpecOutput

# botocore, black, Jinja and the language modules are imported inside the commands
# that need them, so that a generate with nothing to do answers in a fraction of the time.

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


class _LazyGroup(click.Group):
    """Commands defined in other modules, imported only when they are run."""

    lazy: ClassVar[dict[str, str]] = {"drift": "generator.drift:drift", "import": "generator.importer:import_examples"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attribute = self.lazy[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polysnip")
def main() -> None:
    """Render AWS SDK snippets from one spec, prove them against moto, publish them."""


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@bad_input_exits
def validate(specs: tuple[str, ...]) -> None:
    """Check specs against botocore's service model and the key-policy lint."""
    from .spec import load_all

    paths = resolve_specs(specs)
    models, warnings = load_all(paths)
    print_problems(warnings)
    operations = sum(len(m.operations) for m in models)
    scenarios = sum(len(m.scenarios) for m in models)
    click.echo(
        f"validated {len(models)} spec(s): {operations} operation(s), {scenarios} scenario(s), "
        f"0 errors, {len(warnings)} warning(s)"
    )


def _inputs_hash(spec: Path, templates: str | None, out: str) -> str:
    template_dirs = [Path(templates)] if templates else []
    return fingerprint.inputs(spec, [*template_dirs, fingerprint.template_root()], Path(out) / "verification" / f"{spec.stem}.json")


def _render_all(specs: tuple[str, ...], templates: str | None, out: str = "site") -> list[SpecOutput]:
    """Every spec rendered in every language, or exit 1 naming each generation error."""
    from .languages import select as select_languages
    from .pipeline import load_report, render_spec
    from .render import GenerationFailed, Renderer
    from .spec import load_all

    paths = resolve_specs(specs)
    models, warnings = load_all(paths)
    print_problems(warnings)
    languages = select_languages(None)
    renderer = Renderer([Path(templates)] if templates else None)
    outputs = []
    failures: list[str] = []
    for model in models:
        try:
            inputs = _inputs_hash(Path(model.source), templates, out)
            outputs.append(render_spec(model, languages, renderer, load_report(Path(out), model), inputs))
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
@click.option("--out", default="site", show_default=True, help="folder that receives one sub-folder per spec")
@click.option("--templates", default=None, help="folder of template overrides (same layout as templates/)")
@bad_input_exits
def generate(specs: tuple[str, ...], out: str, templates: str | None) -> None:
    """Render every program and fragment in every language, parse-check them, write them atomically."""
    from .output import recover

    paths = resolve_specs(specs)
    folders = {path: Path(out) / path.stem for path in paths}
    for folder in folders.values():
        recover(folder)  # a killed run's leftovers are cleared even when nothing changed
    if all(p.is_file() and fingerprint.unchanged(folders[p], _inputs_hash(p, templates, out)) for p in paths):
        for path in paths:
            click.echo(f"{path} -> {folders[path]}: nothing changed since the last generate")
        return
    from .languages import LANGUAGES
    from .pipeline import output_folder, write

    for output in _render_all(specs, templates, out):
        changes = write(Path(out), output)
        per_language: dict[str, list[int]] = {}
        for snippet in output.snippets:
            counts = per_language.setdefault(snippet.language, [0, 0])
            for name in (snippet.program_path, snippet.fragment_path):
                counts[0 if name in changes.added or name in changes.changed else 1] += 1
        click.echo(f"{output.model.source} -> {output_folder(Path(out), output.model)}")
        for language, (written, unchanged) in per_language.items():
            click.echo(f"  {LANGUAGES[language].label:<10} {written} written, {unchanged} unchanged")
        if changes.removed:
            click.echo(f"  removed {len(changes.removed)} stale file(s)")


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", default="site", show_default=True)
@click.option("--templates", default=None)
@bad_input_exits
def check(specs: tuple[str, ...], out: str, templates: str | None) -> None:
    """Exit 1 and list the files a regeneration would change or remove."""
    from .pipeline import check as compare_output
    from .pipeline import output_folder

    stale = 0
    for output in _render_all(specs, templates, out):
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


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    "langs",
    default=None,
    metavar="LIST",
    help="comma-separated languages (default: every language that has a runner)",
)
@click.option("--out", default="site", show_default=True, help="folder holding the generated output")
@click.option("--templates", default=None)
@bad_input_exits
def verify(specs: tuple[str, ...], langs: str | None, out: str, templates: str | None) -> None:
    """Run the generated programs against moto and check every claim; exit 0 only if all pass."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from .languages import LANGUAGES
    from .languages import select as select_languages
    from .pipeline import check as compare_output
    from .pipeline import output_folder, report_path, spec_output, write
    from .render import Renderer
    from .runners import RUNNERS
    from .verify import PASSED, verify_model

    outputs = _render_all(specs, templates, out)
    stale = [o for o in outputs if not compare_output(Path(out), o).clean]
    if stale:
        for output in stale:
            click.secho(f"{output_folder(Path(out), output.model)} is out of date; run: polysnip generate", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    try:
        languages = select_languages(langs or ",".join(k for k in LANGUAGES if k in RUNNERS))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    console = Console(stderr=True)
    renderer = Renderer([Path(templates)] if templates else None)
    failed = False
    for output in outputs:
        total = len(output.snippets)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as progress:
            task = progress.add_task(f"verifying {output.model.slug}", total=total)

            def advance(label: str, done: int, task: TaskID = task) -> None:
                progress.update(task, advance=done, description=f"verifying {label}")

            report = verify_model(output.model, output.snippets, languages, renderer, progress=advance)
        path = report_path(Path(out), output.model)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.to_json(), encoding="utf-8")
        # Pages show what was proven, so they are rewritten from the new report.
        inputs = _inputs_hash(Path(output.model.source), templates, out)
        write(Path(out), spec_output(output.model, output.snippets, json.loads(report.to_json()), inputs))
        table = Table(title=f"{output.model.source}: verification against moto {report.versions['moto']['moto']}")
        for column in ("language", "snippet", "status", "level", "same requests as Python", "time", "detail"):
            table.add_column(column)
        for o in report.outcomes:
            colour = "green" if o.status == PASSED else "red" if o.status == "failed" else "yellow"
            detail = (f"line {o.line}: " if o.line else "") + o.detail
            same = {True: "yes", False: "[red]no[/]", None: "-"}[o.equivalent]
            table.add_row(LANGUAGES[o.language].label, o.id, f"[{colour}]{o.status}[/]", o.level, same, f"{o.duration:.2f}s", detail)
        Console().print(table)
        counts: dict[str, int] = {}
        for o in report.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        click.echo(f"{output.model.slug}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) + f"; report: {path}")
        failed = failed or not report.passed
    sys.exit(EXIT_FAILED if failed else 0)


@main.command()
@click.option("--config", default="mkdocs.yml", show_default=True, help="the mkdocs configuration to build")
def site(config: str) -> None:
    """Build the mkdocs site with --strict (any warning fails the build)."""
    import os
    import subprocess
    import time

    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config], env=env, capture_output=True, text=True, check=False)
    problems = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    for line in problems:
        click.secho(line, fg="red", err=True)
    if result.returncode != 0:
        if not problems:
            click.echo(result.stderr, err=True)
        click.secho("mkdocs build failed", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"site built with mkdocs --strict in {time.perf_counter() - started:.1f}s")


@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", default="site", show_default=True)
@click.option("--lang", "langs", default=None, metavar="LIST", help="languages to verify (default: all with a runner)")
@click.pass_context
def build(ctx: click.Context, specs: tuple[str, ...], out: str, langs: str | None) -> None:
    """The main job: validate, generate, verify, then build the site."""
    steps: list[tuple[str, click.Command, dict[str, Any]]] = [
        ("validate", validate, {"specs": specs}),
        ("generate", generate, {"specs": specs, "out": out, "templates": None}),
        ("verify", verify, {"specs": specs, "out": out, "langs": langs, "templates": None}),
        ("site", site, {"config": "mkdocs.yml"}),
    ]
    for number, (name, command, params) in enumerate(steps, 1):
        click.secho(f"[{number}/{len(steps)}] {name}", bold=True, err=True)
        try:
            ctx.invoke(command, **params)
        except SystemExit as exc:
            if exc.code:
                click.secho(f"build stopped at {name} (exit {exc.code})", fg="red", err=True)
                raise
    click.secho("build finished", fg="green", err=True)


@main.command()
@click.option("--install", is_flag=True, help="fetch SDKs into the toolchain cache first (needs the package registries)")
def doctor(install: bool) -> None:
    """List each language, its toolchain and SDK versions, and the proof level available."""
    from .languages import LANGUAGES
    from .runners import RUNNERS

    missing = 0
    for language in LANGUAGES.values():
        runner = RUNNERS.get(language.key)
        if runner is None:
            click.echo(f"{language.label:<11} parsed only       no runner: {language.sdk} cannot be installed here")
            continue
        if install:
            try:
                runner.install()
            except Exception as exc:  # an install failure is reported, then availability says why
                click.secho(f"{language.label}: install failed: {exc}", fg="red", err=True)
        found = runner.availability()
        if found.ok:
            versions = ", ".join(f"{k} {v}" for k, v in sorted(found.versions.items()))
            click.echo(f"{language.label:<11} {runner.level:<17} {versions}")
        else:
            missing += 1
            hint = f" (install: {runner.install_hint})" if runner.install_hint else ""
            click.echo(f"{language.label:<11} {'unavailable':<17} {found.reason}{hint}")
    sys.exit(EXIT_FAILED if missing else 0)

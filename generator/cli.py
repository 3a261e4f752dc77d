"""The polysnip command line: one sub-command per pipeline entry point.

Commands are thin: they parse their arguments, hold the output folder's lock, call the
stages (pipeline, verify, sitebuild), print the problems those return and exit with the
documented code. Stages never print, exit or import this module.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import click

from . import __version__
from .problems import EXIT_BAD_INPUT, EXIT_FAILED, BadInput, Problem, Severity

if TYPE_CHECKING:
    from .pipeline import SpecOutput
    from .report import Report

# botocore, black, Jinja and the language modules are imported inside the commands
# that need them, so that a generate with nothing to do answers in a fraction of the time.

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_SPECS = "specs"
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_INTERRUPTED = 128 + signal.SIGINT


def resolve_specs(specs: tuple[str, ...]) -> list[Path]:
    """The spec files named, or every specs/*.yaml when none is named (hidden files such as
    specs/.yaml are skipped: their output folder would be hidden or the output root itself)."""
    if specs:
        return [Path(s) for s in specs]
    found = sorted(p for p in Path(DEFAULT_SPECS).glob("*.yaml") if not p.name.startswith("."))
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


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every finally block (temporary folders,
    staging folders, the output lock) runs before the process exits."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the clean-up
    raise Terminated()


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM raises Terminated for the duration of a command (SIGINT already raises KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(signal_name: str, code: int) -> None:
    """Exit after a signal, once the finally blocks have run. Helper threads (a progress
    display's refresh thread, a server's handler) were told to stop but may still be winding
    down; they get two seconds, and if one is still running the process ends without the
    interpreter's shutdown, which would otherwise tear such a thread down mid-call."""
    click.secho(f"polysnip: stopped by {signal_name}; temporary files were removed", fg="red", err=True)
    deadline = time.monotonic() + 2.0
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in threading.enumerate() if t is not threading.current_thread()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


@contextmanager
def locked(out: str) -> Iterator[Path]:
    """Hold the lock of an output folder: a second polysnip writing it waits (with a message)."""
    from .output import UnsafeOutput, checked_root, output_lock, output_problem

    root = Path(out)
    checked_root(root)

    def waiting(text: str) -> None:
        click.secho(f"polysnip: {text}", fg="yellow", err=True)

    with ExitStack() as stack:
        try:
            stack.enter_context(output_lock(root, on_wait=waiting))
        except UnsafeOutput as exc:
            raise output_problem(str(root), exc) from None
        yield root


class _LazyGroup(click.Group):
    """Commands defined in other modules, imported only when they are run."""

    lazy: ClassVar[dict[str, str]] = {
        "drift": "generator.side_commands:drift",
        "import": "generator.side_commands:import_examples",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attribute = self.lazy[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        with _signals_raise():
            try:
                return super().invoke(ctx)
            except Terminated:
                _stop("SIGTERM", EXIT_TERMINATED)
            except KeyboardInterrupt:
                _stop("SIGINT", EXIT_INTERRUPTED)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polysnip")
def main() -> None:
    """Render AWS SDK snippets from one spec, prove them against moto, publish them."""


SPECS = click.argument("specs", nargs=-1, type=click.Path(dir_okay=False))
TEMPLATES = click.option(
    "--templates",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="folder of template overrides (same layout as templates/)",
)


@main.command()
@SPECS
@bad_input_exits
def validate(specs: tuple[str, ...]) -> None:
    """Check specs against botocore's service model and the key-policy lint."""
    from .pipeline import validate_specs

    models, warnings = validate_specs(resolve_specs(specs))
    print_problems(warnings)
    operations = sum(len(m.operations) for m in models)
    scenarios = sum(len(m.scenarios) for m in models)
    click.echo(
        f"validated {len(models)} spec(s): {operations} operation(s), {scenarios} scenario(s), "
        f"0 errors, {len(warnings)} warning(s)"
    )


def _render_all(specs: tuple[str, ...], templates: str | None, out: str = "site") -> list[SpecOutput]:
    """Every spec rendered in every language, or exit 1 naming each generation error."""
    from .pipeline import RenderFailed, render_specs

    try:
        outputs, warnings = render_specs(resolve_specs(specs), Path(out), Path(templates) if templates else None)
    except RenderFailed as exc:
        print_problems(exc.warnings)
        for line in exc.failures:
            click.secho(line, fg="red", err=True)
        click.secho(f"polysnip: {len(exc.failures)} generation error(s); nothing was written", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    print_problems(warnings)
    return outputs


@main.command()
@SPECS
@click.option("--out", default="site", show_default=True, help="folder that receives one sub-folder per spec")
@TEMPLATES
@bad_input_exits
def generate(specs: tuple[str, ...], out: str, templates: str | None) -> None:
    """Render every program and fragment in every language, parse-check them, write them atomically."""
    from .output import prepare_folders

    paths = resolve_specs(specs)
    with locked(out) as root:
        folders, unchanged = prepare_folders(root, paths, Path(templates) if templates else None)
        if unchanged:
            for path in paths:
                click.echo(f"{path} -> {folders[path]}: nothing changed since the last generate")
            return
        from .languages import LANGUAGES
        from .pipeline import output_folder, write

        for output in _render_all(specs, templates, out):
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


@main.command()
@SPECS
@click.option("--out", default="site", show_default=True)
@TEMPLATES
@bad_input_exits
def check(specs: tuple[str, ...], out: str, templates: str | None) -> None:
    """Exit 1 and list the files a regeneration would change or remove."""
    from .pipeline import check as compare_output
    from .pipeline import output_folder

    stale = 0
    with locked(out) if Path(out).exists() else _nothing(Path(out)) as root:
        for output in _render_all(specs, templates, out):
            changes = compare_output(root, output)
            folder = output_folder(root, output.model)
            for label, names in (
                ("would add", changes.added),
                ("would change", changes.changed),
                ("would remove", changes.removed),
            ):
                for name in names:
                    click.echo(f"{label}: {folder / name}")
                    stale += 1
    if stale:
        click.secho(f"{stale} generated file(s) are out of date; run: polysnip generate", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    click.echo("generated files are up to date")


@contextmanager
def _nothing(root: Path) -> Iterator[Path]:
    """No lock: the output folder does not exist, so there is nothing to read or recover."""
    yield root


@main.command()
@SPECS
@click.option(
    "--lang",
    "langs",
    default=None,
    metavar="LIST",
    help="comma-separated languages (default: every language that has a runner); "
    "the report keeps the other languages' last results",
)
@click.option("--out", default="site", show_default=True, help="folder holding the generated output")
@TEMPLATES
@bad_input_exits
def verify(specs: tuple[str, ...], langs: str | None, out: str, templates: str | None) -> None:
    """Run the generated programs against moto and check every claim; exit 0 only if all pass."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from .languages import LANGUAGES
    from .languages import select as select_languages
    from .pipeline import record_verification, stale_folders
    from .render import Renderer
    from .runners import RUNNERS
    from .verify import verify_model

    with locked(out) as root:
        outputs = _render_all(specs, templates, out)
        stale = stale_folders(root, outputs)
        for folder in stale:
            click.secho(f"{folder} is out of date; run: polysnip generate", fg="red", err=True)
        if stale:
            sys.exit(EXIT_FAILED)
        try:
            languages = select_languages(langs or ",".join(k for k in LANGUAGES if k in RUNNERS))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--lang") from None
        console = Console(stderr=True)
        renderer = Renderer([Path(templates)] if templates else None)
        failed = False
        for output in outputs:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task(f"verifying {output.model.slug}", total=len(output.snippets))

                def advance(label: str, done: int, task: TaskID = task) -> None:
                    progress.update(task, advance=done, description=f"verifying {label}")

                report = verify_model(output.model, output.snippets, languages, renderer, progress=advance)
            problems: list[Problem] = []
            path = record_verification(root, output, report, Path(templates) if templates else None, problems)
            print_problems(problems)
            _print_report(output.model.source, output.model.slug, report, path)
            failed = failed or not report.passed
    sys.exit(EXIT_FAILED if failed else 0)


def _print_report(source: str, slug: str, report: Report, path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from .languages import LANGUAGES, reference_language
    from .report import Status

    moto = report.versions.get("moto", {}).get("moto", "?")
    table = Table(title=f"{source}: verification against moto {moto}")
    for column in ("language", "snippet", "status", "level", f"same requests as {reference_language().label}",
                   "time", "detail"):
        table.add_column(column)
    for o in report.outcomes:
        colour = {Status.PASSED: "green", Status.FAILED: "red"}.get(o.status, "yellow")
        detail = (f"line {o.line}: " if o.line else "") + o.detail
        same = {True: "yes", False: "[red]no[/]", None: "-"}[o.equivalent]
        label = LANGUAGES[o.language].label if o.language in LANGUAGES else o.language
        table.add_row(label, o.id, f"[{colour}]{o.status}[/]", o.level, same, f"{o.duration:.2f}s", detail)
    Console().print(table)
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    click.echo(f"{slug}: {summary}; report: {path}")


@main.command()
@click.option("--config", default="mkdocs.yml", show_default=True, help="the mkdocs configuration to build")
@bad_input_exits
def site(config: str) -> None:
    """Build the mkdocs site with --strict (any warning fails the build); the last good site
    stays in place until a new build has succeeded."""
    from .sitebuild import build_site, site_folders

    started = time.perf_counter()
    path = Path(config)
    if not path.is_file():
        raise click.BadParameter(f"{config} is not a file", param_hint="--config")
    docs, _ = site_folders(path)
    with locked(str(docs)):
        result = build_site(path)
    for line in result.problems:
        click.secho(line, fg="red", err=True)
    if not result.ok:
        if not result.problems:
            click.echo(result.log, err=True)
        click.secho(f"mkdocs build failed; {result.site_dir} is unchanged", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"site built with mkdocs --strict into {result.site_dir} in {time.perf_counter() - started:.1f}s")


@main.command()
@SPECS
@click.option("--out", default="site", show_default=True)
@click.option("--lang", "langs", default=None, metavar="LIST", help="languages to verify (default: all with a runner)")
@click.pass_context
@bad_input_exits
def build(ctx: click.Context, specs: tuple[str, ...], out: str, langs: str | None) -> None:
    """The main job: validate, generate, verify, then build the site."""
    steps: list[tuple[str, click.Command, dict[str, Any]]] = [
        ("validate", validate, {"specs": specs}),
        ("generate", generate, {"specs": specs, "out": out, "templates": None}),
        ("verify", verify, {"specs": specs, "out": out, "langs": langs, "templates": None}),
        ("site", site, {"config": "mkdocs.yml"}),
    ]
    with locked(out):  # one lock for the whole job; the steps' own locks nest inside it
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
@click.option(
    "--install", is_flag=True, help="fetch SDKs into the toolchain cache first (needs the package registries)"
)
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

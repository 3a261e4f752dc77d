"""What every command shares: spec and output defaults, printing problems (as text or JSON),
the exit codes of bad input, signals, and the output folder's lock."""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

from ..problems import EXIT_BAD_INPUT, BadInput, Problem, Severity

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_SPECS = "specs"
DEFAULT_DOCS = "docs"  # MkDocs's default docs_dir
MKDOCS_CONFIG = "mkdocs.yml"
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


def default_out() -> str:
    """Where generated pages go by default: the docs_dir of ./mkdocs.yml, or MkDocs's default
    'docs' — inside the pages MkDocs reads, never its site_dir, which every build empties."""
    config = Path(MKDOCS_CONFIG)
    if config.is_file():
        from ..sitebuild import site_folders

        try:
            docs, _ = site_folders(config)
        except Exception:  # an unreadable mkdocs.yml is mkdocs's to report; fall back to its default
            return DEFAULT_DOCS
        return str(docs)
    return DEFAULT_DOCS


def resolved_out(out: str | None) -> str:
    """--out as given, or the default; refused (exit 2) when it lies inside MkDocs's site_dir."""
    chosen = out if out is not None else default_out()
    config = Path(MKDOCS_CONFIG)
    if config.is_file():
        from ..sitebuild import site_folders

        try:
            _, site_dir = site_folders(config)
        except Exception:
            return chosen
        if Path(chosen).resolve().is_relative_to(site_dir.resolve()):
            raise click.BadParameter(
                f"{chosen} is inside MkDocs's site_dir ({site_dir}), which every site build empties; "
                "generate into the docs folder instead",
                param_hint="--out",
            )
    return chosen


def precheck_out(out: str) -> None:
    """Refuse (exit 2) an --out that is a file or not writable, before anything is read or written."""
    from ..output import UnsafeOutput, output_problem

    root = Path(out)
    if root.exists() and not root.is_dir():
        raise output_problem(out, UnsafeOutput(root, "the output folder (--out) is a file, expected a folder"))
    if root.is_dir() and not os.access(root, os.W_OK | os.X_OK):
        raise output_problem(out, UnsafeOutput(root, "the output folder (--out) is not writable"))


OUT = click.option(
    "--out",
    default=None,
    help="folder that receives one sub-folder per spec [default: docs_dir of ./mkdocs.yml, else docs]",
)
JSON = click.option("--json", "as_json", is_flag=True, help="print the result as JSON on stdout")


def problem_data(problem: Problem) -> dict[str, Any]:
    """A problem as JSON data: location, severity, kind, spec path, message, suggestion."""
    return {
        "file": problem.location.file,
        "line": problem.location.line,
        "column": problem.location.column,
        "severity": str(problem.severity),
        "kind": str(problem.kind),
        "path": problem.path,
        "message": problem.message,
        "suggestion": problem.suggestion,
    }


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        click.secho(problem.format(), fg=colour, err=True)


def bad_input_exits(func: F) -> F:
    """Report BadInput as file:line messages (and as JSON on stdout with --json) and exit 2,
    never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BadInput as exc:
            if kwargs.get("as_json"):
                echo_json({"exit_code": EXIT_BAD_INPUT, "problems": [problem_data(p) for p in exc.problems]})
            print_problems(exc.problems)
            errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
            click.secho(f"polysnip: {errors} error(s) in the input; nothing was written", fg="red", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper  # type: ignore[return-value]


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every finally block (temporary folders,
    staging folders, the output lock) runs before the process exits."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the clean-up
    raise Terminated()


@contextmanager
def signals_raise() -> Iterator[None]:
    """SIGTERM raises Terminated for the duration of a command (SIGINT already raises KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop(signal_name: str, code: int) -> None:
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
    from ..output import UnsafeOutput, checked_root, output_lock, output_problem

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

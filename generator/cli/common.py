"""What every command shares: spec and output defaults, printing problems (as text or JSON),
the exit codes of bad input, signals, and the output folder's lock."""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from ..problems import EXIT_BAD_INPUT, BadInput, Problem, Severity
from .quick import (  # noqa: F401  (re-exported: every command module imports them from here)
    DEFAULT_SPECS,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    MKDOCS_CONFIG,
    Terminated,
    chosen_out,
    found_specs,
    signals_raise,
)

F = TypeVar("F", bound=Callable[..., Any])


def resolve_specs(specs: tuple[str, ...]) -> list[Path]:
    """The spec files named, or every specs/*.yaml when none is named (hidden files such as
    specs/.yaml are skipped: their output folder would be hidden or the output root itself)."""
    found = found_specs(specs)
    if not found:
        raise click.UsageError(f"no spec given and no {DEFAULT_SPECS}/*.yaml found; name a spec file")
    return found


def resolved_out(out: str | None) -> str:
    """--out as given, or the default; refused (exit 2) when it lies inside MkDocs's site_dir."""
    chosen, site_dir = chosen_out(out)
    if site_dir is not None:
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

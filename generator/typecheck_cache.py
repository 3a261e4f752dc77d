"""Type-check results kept between runs, so that an unchanged program is not checked again.

Verification type-checks (or name-checks) every published program with its runner's checker
(mypy, tsc, the Ruby names check, the C# names check) before it runs them. The checker's
answer for one program is a function of its inputs, so each program's answer is kept under
a SHA-256 key over everything that can change it:

* the program: its exact text, name, file name and service (which SDK it is checked against);
* the checker: the language, the runner class, the checker's level and description (which
  name the checker and the versions it checks against);
* the runner's toolchain and SDK versions for the service, as verification gathers them
  (availability().versions and sdk_availability(service).versions);
* the stub packages the checker reads (the Python runner's installed boto3-stubs packages,
  one per service), botocore's version (whose service models the checks consult);
* the run limits (a checker's time and output bounds);
* polysnip's version and the digest of the generator's code, its templates and the runner
  toolchain files (check scripts, harnesses, committed manifests): verify_cache.code_hash().

The answer kept is the program's CompileError list: [] when clean, its errors, or the
errors saying it could not be checked on this machine (`unavailable`). Those are kept too:
what this machine lacks is in the key (the SDK and stub versions, the checker's description,
which lists the installed gems), so an install that supplies it changes the key, and a check
that cannot run at all (the checker is missing, crashed or timed out) raises instead of
answering and is never kept.

Entries are JSON files under the verification cache (verify_cache.folder(), moved by
POLYSNIP_VERIFY_CACHE), written atomically; one that cannot be read, parsed, or that does not
carry its own key is a miss. Each entry holds the date of the run that checked the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import botocore

from . import __version__, verify_cache
from .runners.base import CompileError, Limits, ProgramRun

__all__ = ["KIND", "Checked", "checker_inputs", "key", "load", "store"]

KIND = "typecheck"  # the folder of these entries under the verification cache


@dataclass(frozen=True)
class Checked:
    """One program's checker answer, and the date of the run that produced it."""

    date: str
    errors: tuple[CompileError, ...]


def checker_inputs(runner: Any) -> dict[str, Any]:
    """What a runner's checker reads beyond its description and the SDK versions: the
    Python runner's stub packages (name -> version), whose per-service packages no version
    list names. Runners without stubs add nothing."""
    found: dict[str, Any] = {"botocore": botocore.__version__}
    stubs = getattr(runner, "installed_stubs", None)
    if callable(stubs):
        try:
            found["stubs"] = dict(sorted(stubs().items()))
        except Exception as exc:  # unreadable stubs: a key of its own, never a shared one
            found["stubs"] = f"unreadable: {type(exc).__name__}: {exc}"
    return found


def key(
    language: str,
    runner: Any,
    checker: Any,
    versions: dict[str, str],
    sdk_versions: dict[str, str],
    inputs: dict[str, Any],
    program: ProgramRun,
    limits: Limits,
) -> str:
    """The key of one program's check (see the module's docstring)."""
    return verify_cache.digest({
        "what": "type check",
        "language": language,
        "runner": f"{type(runner).__module__}.{type(runner).__qualname__}",
        "checker": [checker.level, checker.description],
        "versions": versions,
        "sdk": sdk_versions,
        "inputs": inputs,
        "program": [program.name, program.filename, program.service, program.text],
        "limits": repr(limits),
        "code": verify_cache.code_hash(),
        "polysnip": __version__,
    })  # fmt: skip


def load(entry_key: str, program: str) -> Checked | None:
    """The answer kept under the key, its errors named after program (this run's name for
    it); None when absent or damaged in any way."""
    entry = verify_cache.load(KIND, entry_key)
    if entry is None:
        return None
    date, errors = entry.get("date"), entry.get("errors")
    if not isinstance(date, str) or not date or not isinstance(errors, list):
        return None
    found = []
    for error in errors:
        if not isinstance(error, dict):
            return None
        line, column, message = error.get("line"), error.get("column"), error.get("message")
        unavailable = error.get("unavailable", False)
        if not (isinstance(line, int) and isinstance(column, int) and _count(line) and _count(column)):
            return None
        if not isinstance(message, str) or not isinstance(unavailable, bool):
            return None
        found.append(CompileError(program, line, column, message, unavailable))
    return Checked(date, tuple(found))


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def store(entry_key: str, date: str, errors: list[CompileError]) -> bool:
    """Keep one program's answer (atomically; a cache that cannot be written is no error)."""
    data = [
        {"line": e.line, "column": e.column, "message": e.message, "unavailable": e.unavailable} for e in errors
    ]
    return verify_cache.store(KIND, entry_key, {"date": date, "errors": data})

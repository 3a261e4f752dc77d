"""The polysnip command line: one sub-command per pipeline entry point.

Commands are thin: they parse their arguments, hold the output folder's lock, call the
stages (pipeline, verify, sitebuild, drift, importer, scaffold), print the problems those
return and exit with the documented code. Stages never print, exit or import this package.

    group    the command group (`main`), which imports a command's module when it runs
    quick    without click: signals, the spec and output defaults, and `generate` with
             nothing to do, which `python -m generator` answers before click is loaded
    common   problem printing (text and JSON), bad input, the output lock
    core     validate, generate, check, verify, site, build, doctor
    side     drift and import
    project  init and report merge

Each command's module is imported only when that command runs, so that a generate with
nothing to do answers before botocore, black or Jinja are loaded; `main` itself (and click)
is imported on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads it the same way), without importing typing
if TYPE_CHECKING:
    from typing import Any

    from .group import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    """main and _LazyGroup, from .group (which imports click) on first use."""
    if name in ("main", "_LazyGroup"):
        from . import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

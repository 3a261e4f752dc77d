"""The command group: each command's module is imported when that command runs."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

import click

from .. import __version__
from .common import stop
from .quick import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, signals_raise

__all__ = ["main"]


class _LazyGroup(click.Group):
    """Commands looked up in this package's modules when they are run."""

    lazy: ClassVar[dict[str, str]] = {
        "validate": "core:validate",
        "generate": "core:generate",
        "check": "core:check",
        "verify": "core:verify",
        "site": "core:site",
        "build": "core:build",
        "doctor": "core:doctor",
        "drift": "side:drift",
        "import": "side:import_examples",
        "sdk-names": "side:sdk_names",
        "init": "project:init",
        "report": "project:report",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            command: click.Command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
            return command
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        with signals_raise():
            try:
                return super().invoke(ctx)
            except Terminated:
                stop("SIGTERM", EXIT_TERMINATED)
            except KeyboardInterrupt:
                stop("SIGINT", EXIT_INTERRUPTED)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polysnip")
def main() -> None:
    """Render AWS SDK snippets from one spec, prove them against moto, publish them."""

"""Parse-checks C# programs: no AWS SDK for .NET can be installed here, so nothing runs.

The programs are written for .NET 8 (C# 12: `using var`, raw string literals), which
Mono's compiler (C# 7.x) cannot read, so the parser is tree-sitter-c-sharp, whose grammar
follows current C#. A program's result is a success only if it parses with no error or
missing node; otherwise it fails with each problem and the first problem's line. The
proof level is "parsed": no request is sent, so verification has no requests to check.
"""

from __future__ import annotations

import importlib.metadata
import time
from pathlib import Path

from ..parsecheck import tree_sitter_errors
from .base import DEFAULT_LIMITS, Availability, Limits, ProgramRun, Runner, RunResult

MISSING_GRAMMAR = "missing tree-sitter-c-sharp (pip install -e .)"


class CSharpRunner(Runner):
    language = "csharp"
    level = "parsed"
    install_hint = "pip install -e . (tree-sitter-c-sharp)"

    def availability(self) -> Availability:
        try:
            grammar = importlib.metadata.version("tree-sitter-c-sharp")
        except importlib.metadata.PackageNotFoundError:
            return Availability(False, MISSING_GRAMMAR)
        return Availability(True, versions={"tree-sitter-c-sharp": grammar})

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        results: dict[str, RunResult] = {}
        for program in programs:
            started = time.perf_counter()
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / program.filename).write_text(program.text, encoding="utf-8")
            found = sorted(tree_sitter_errors("c_sharp", program.text), key=lambda p: (p.line, p.column))
            duration = time.perf_counter() - started
            if not found:
                results[program.name] = RunResult(0, duration=duration)
                continue
            # The last line is the first problem: what a reader sees in the report.
            text = "\n".join(str(p) for p in found[1:]) + f"\n{found[0]}"
            results[program.name] = RunResult(1, stderr=text.strip(), duration=duration, error_line=found[0].line)
        return results


RUNNER = CSharpRunner()

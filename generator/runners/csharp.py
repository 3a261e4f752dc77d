"""Parse-checks C# programs: no AWS SDK for .NET can be installed here, so nothing runs.

Every program must parse cleanly with two independent parsers: tree-sitter-c-sharp and
Mono's C# compiler in parse-only mode (`mcs --parse`, C# up to 7.2 syntax, which the
templates stay within). A program's result is a success only if both are clean;
otherwise it fails with each problem and the first problem's line. The proof level is
"parsed": no request is sent, so verification has no requests to check.
"""

from __future__ import annotations

import importlib.metadata
import re
import time
from pathlib import Path

from ..parsecheck import SyntaxProblem, tree_sitter_errors
from .base import DEFAULT_LIMITS, Availability, Limits, ProgramRun, Runner, RunResult, probe, run_bounded, which

MISSING_MCS = "missing mcs (apt-get install mono-mcs)"
_MCS_FLAGS = ["--parse", "-langversion:latest", "-codepage:utf8"]
_MCS_ERROR = re.compile(
    r"^(?P<path>.+?)\((?P<line>\d+),(?P<column>\d+)\): error (?P<code>CS\d+): (?P<message>.*)$", re.MULTILINE
)


class CSharpRunner(Runner):
    language = "csharp"
    level = "parsed"
    install_hint = "apt-get install mono-mcs"

    def availability(self) -> Availability:
        mcs = which("mcs")
        if mcs is None:
            return Availability(False, MISSING_MCS)
        completed = probe([mcs, "--version"])
        version = completed.stdout.strip().rsplit(" ", 1)[-1] if completed.returncode == 0 else ""
        if not version:
            return Availability(False, f"mcs --version failed: {completed.stderr.strip()}")
        try:
            grammar = importlib.metadata.version("tree-sitter-c-sharp")
        except importlib.metadata.PackageNotFoundError:
            return Availability(False, "missing tree-sitter-c-sharp (pip install -e .)")
        return Availability(True, versions={"mcs": version, "tree-sitter-c-sharp": grammar})

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        started = time.perf_counter()
        paths: dict[str, Path] = {}
        problems: dict[str, list[SyntaxProblem]] = {}
        for program in programs:
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            path = (folder / program.filename).resolve()
            path.write_text(program.text, encoding="utf-8")
            paths[program.name] = path
            problems[program.name] = tree_sitter_errors("c_sharp", program.text)
        failure = self._mcs(paths, problems, workdir, env, limits)
        share = (time.perf_counter() - started) / max(len(programs), 1)
        results: dict[str, RunResult] = {}
        for program in programs:
            if failure is not None:
                results[program.name] = RunResult(1, stderr=failure, duration=share)
                continue
            found = sorted(problems[program.name], key=lambda p: (p.line, p.column))
            if not found:
                results[program.name] = RunResult(0, duration=share)
                continue
            # The last line is the first problem: what a reader sees in the report.
            text = "\n".join(str(p) for p in found[1:]) + f"\n{found[0]}"
            results[program.name] = RunResult(1, stderr=text.strip(), duration=share, error_line=found[0].line)
        return results

    def _mcs(
        self,
        paths: dict[str, Path],
        problems: dict[str, list[SyntaxProblem]],
        workdir: Path,
        env: dict[str, str],
        limits: Limits,
    ) -> str | None:
        """Parse every file in one mcs run, adding its errors to problems. Returns a
        message for all programs when mcs failed without naming a file."""
        mcs = which("mcs")
        if mcs is None:
            return MISSING_MCS
        if not paths:
            return None
        command = [mcs, *_MCS_FLAGS, *(str(p) for p in paths.values())]
        completed = run_bounded(command, env, workdir, limits.batch(len(paths)), limits.output_bytes)
        output = completed.stdout + completed.stderr
        by_path = {str(path): name for name, path in paths.items()}
        attributed = 0
        for match in _MCS_ERROR.finditer(output):
            name = by_path.get(match.group("path"))
            if name is None:
                continue
            attributed += 1
            message = f"error {match.group('code')}: {match.group('message')}"
            line, column = int(match.group("line")), int(match.group("column"))
            problems[name].append(SyntaxProblem(line, column, message, "mcs --parse"))
        if completed.returncode != 0 and not attributed:
            return f"mcs --parse failed (exit {completed.returncode}): {output.strip()}"
        return None


RUNNER = CSharpRunner()

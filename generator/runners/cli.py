"""Runs AWS CLI programs: each shell script in bash, exactly as a reader would run it."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from .base import DEFAULT_LIMITS, Availability, Limits, ProgramRun, Runner, RunResult, probe, run_bounded, which

_ERROR_LINE = re.compile(r"^polysnip-error-line:(\d+)$", re.MULTILINE)
# The script is sourced by a shell that only adds an ERR trap, so its own text runs
# unchanged and a failing command reports its line.
_WRAPPER = 'trap \'echo "polysnip-error-line:$LINENO" >&2\' ERR; source ./"$1"'


class CliRunner(Runner):
    language = "cli"

    def _bin_dirs(self) -> list[Path]:
        return [Path(sys.executable).parent]

    def availability(self) -> Availability:
        missing = [tool for tool in ("bash", "aws", "jq") if which(tool, self._bin_dirs()) is None]
        if missing:
            return Availability(False, f"missing {', '.join(missing)} (pip install awscli; apt-get install jq)")
        aws = which("aws", self._bin_dirs())
        version = probe([str(aws), "--version"])
        jq = probe(["jq", "--version"])
        words = (version.stdout or version.stderr).split()
        found = {w.split("/")[0]: w.split("/")[1] for w in words if "/" in w}
        return Availability(
            True,
            versions={
                "awscli": found.get("aws-cli", "?"),
                "awscli-botocore": found.get("botocore", "?"),
                "jq": jq.stdout.strip().removeprefix("jq-"),
            },
        )

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        results: dict[str, RunResult] = {}
        path = ":".join(str(d) for d in self._bin_dirs()) + ":" + env.get("PATH", "")
        for program in programs:
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / program.filename).write_text(program.text, encoding="utf-8")
            started = time.monotonic()
            completed = run_bounded(
                ["bash", "-c", _WRAPPER, "polysnip", program.filename],
                {**env, "PATH": path, "AWS_ACCESS_KEY_ID": program.access_key},
                folder,
                limits.program_seconds,
                limits.output_bytes,
            )
            finished = time.monotonic()
            match = _ERROR_LINE.search(completed.stderr)
            results[program.name] = RunResult(
                exit_code=completed.returncode,
                stdout=completed.stdout,
                stderr=_ERROR_LINE.sub("", completed.stderr).strip(),
                duration=finished - started,
                error_line=int(match.group(1)) if match else None,
                started=started,
                finished=finished,
            )
        return results


RUNNER = CliRunner()

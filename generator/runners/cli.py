"""Runs AWS CLI programs: each shell script in bash, exactly as a reader would run it.

Every program runs twice: with AWS CLI v1 (PyPI's awscli, beside this Python) and with
AWS CLI v2 (Debian's awscli package, /usr/bin/aws). Debian's v2 (2.9) ignores
AWS_ENDPOINT_URL and a config file's endpoint_url, and v1 overrides it for some commands
(its RDS customisation sends us-east-1 calls to rds.amazonaws.com), so the harness
defines a shell function `aws` that calls the real binary with --endpoint-url set to the
loopback moto server, outside the published text; AWS_PAGER is empty so that no pager
opens.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from .base import DEFAULT_LIMITS, Availability, Limits, ProgramRun, Runner, RunResult, probe, run_bounded, which

V2 = Path(os.environ.get("POLYSNIP_AWSCLI_V2") or "/usr/bin/aws")  # Debian's awscli 2.x

_ERROR_LINE = re.compile(r"^polysnip-error-line:(\d+)$", re.MULTILINE)
# The script is sourced by a shell that only adds an ERR trap, so its own text runs
# unchanged and a failing command reports its line.
_WRAPPER = 'trap \'echo "polysnip-error-line:$LINENO" >&2\' ERR; source ./"$1"'


class CliRunner(Runner):
    language = "cli"
    label = "AWS CLI v1"
    extra_env: ClassVar[Mapping[str, str]] = {}

    def variants(self) -> list[Runner]:
        return [self, CLI_V2]

    def _aws(self) -> str:
        return str(which("aws", self._bin_dirs()) or "aws")

    def _wrapper(self) -> str:
        """The harness: `aws` is a function adding the loopback endpoint, then the script."""
        function = f'aws() {{ {shlex.quote(self._aws())} --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }}; '
        return function + _WRAPPER

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
                ["bash", "-c", self._wrapper(), "polysnip", program.filename],
                {**env, **self.extra_env, "PATH": path, "AWS_ACCESS_KEY_ID": program.access_key},
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


class CliV2Runner(CliRunner):
    """AWS CLI v2, called through a shell function that adds the loopback endpoint."""

    label = "AWS CLI v2"
    install_hint = "apt-get install awscli (Debian's package is AWS CLI v2)"
    extra_env: ClassVar[Mapping[str, str]] = {"AWS_PAGER": ""}

    def variants(self) -> list[Runner]:
        return [self]

    def _aws(self) -> str:
        return str(V2)

    def availability(self) -> Availability:
        missing = [tool for tool in ("bash", "jq") if which(tool) is None]
        if not V2.is_file():
            missing.insert(0, str(V2))
        if missing:
            return Availability(False, f"missing {', '.join(missing)} ({self.install_hint}; apt-get install jq)")
        version = probe([str(V2), "--version"], env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"})
        words = (version.stdout or version.stderr).split()
        found = {w.split("/")[0]: w.split("/")[1] for w in words if "/" in w}
        if not found.get("aws-cli", "").startswith("2."):
            return Availability(False, f"{V2} is not AWS CLI v2: {(version.stdout or version.stderr).strip()[:80]}")
        return Availability(True, versions={"awscli-v2": found["aws-cli"]})


CLI_V2 = CliV2Runner()
RUNNER = CliRunner()

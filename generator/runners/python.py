"""Runs boto3 programs: one Python process executes the whole batch with runpy.

The harness appends a JSON line to its results file when a program starts and when it
ends (base.run_json_batches), so a program that hangs or ends the interpreter is failed
on its own and the rest run in a new process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import botocore

from .base import DEFAULT_LIMITS, Availability, Limits, ProgramRun, Runner, RunResult, run_json_batches

# Runs inside the child process. Each program gets a fresh default boto3 session so that
# it picks up its own access key, and its own (bounded) stdout/stderr buffers.
_HARNESS = r'''
import contextlib, io, json, os, runpy, sys, time, traceback
import boto3

LIMIT = int(sys.argv[3])


class Capped(io.StringIO):
    """Keeps the first LIMIT characters a program prints, and counts the rest."""

    def write(self, text):
        room = LIMIT - self.tell()
        if room > 0:
            super().write(text[:room])
        return len(text)


def run(item):
    os.environ["AWS_ACCESS_KEY_ID"] = item["access_key"]
    boto3.DEFAULT_SESSION = None
    out, err = Capped(), Capped()
    started = time.monotonic()
    code, line = 0, None
    os.chdir(item["dir"])
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(item["path"], run_name="__main__")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)  # what the interpreter prints for SystemExit("message")
            if code:
                for frame in traceback.extract_tb(exc.__traceback__):
                    if frame.filename == item["path"]:
                        line = frame.lineno
        except BaseException as exc:
            code = 1
            traceback.print_exc()
            for frame in traceback.extract_tb(exc.__traceback__):
                if frame.filename == item["path"]:
                    line = frame.lineno
    finished = time.monotonic()
    return {"name": item["name"], "exit_code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
            "duration": finished - started, "error_line": line, "started": started, "finished": finished}


def main(manifest_path, results_path):
    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    with open(results_path, "a", encoding="utf-8") as results:
        for item in manifest:
            results.write(json.dumps({"start": item["name"]}) + "\n")
            results.flush()
            results.write(json.dumps(run(item)) + "\n")
            results.flush()


main(sys.argv[1], sys.argv[2])
'''


class PythonRunner(Runner):
    language = "python"

    def availability(self) -> Availability:
        return Availability(
            True,
            versions={"python": sys.version.split()[0], "boto3": boto3.__version__, "botocore": botocore.__version__},
        )

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        items = []
        for program in programs:
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / program.filename
            path.write_text(program.text, encoding="utf-8")
            items.append(
                {"name": program.name, "path": str(path), "dir": str(folder), "access_key": program.access_key}
            )
        harness = workdir / "python_harness.py"
        harness.write_text(_HARNESS, encoding="utf-8")

        def command(manifest: Path, results: Path) -> list[str]:
            return [sys.executable, str(harness), str(manifest), str(results), str(limits.output_bytes)]

        results = run_json_batches(items, workdir, "python", command, env, limits, "Python interpreter")
        return {p.name: results[p.name] for p in programs}


RUNNER = PythonRunner()

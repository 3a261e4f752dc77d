"""Runs boto3 programs: one Python process executes the whole batch with runpy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import boto3
import botocore

from .base import Availability, ProgramRun, Runner, RunResult

# Runs inside the child process. Each program gets a fresh default boto3 session so that
# it picks up its own access key, and its own stdout/stderr files.
_HARNESS = r'''
import contextlib, io, json, os, runpy, sys, time, traceback
import boto3

def main(manifest_path):
    manifest = json.load(open(manifest_path))
    results = {}
    for item in manifest:
        os.environ["AWS_ACCESS_KEY_ID"] = item["access_key"]
        boto3.DEFAULT_SESSION = None
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        code, line = 0, None
        os.chdir(item["dir"])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(item["path"], run_name="__main__")
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException as exc:
                code = 1
                traceback.print_exc()
                for frame in traceback.extract_tb(exc.__traceback__):
                    if frame.filename == item["path"]:
                        line = frame.lineno
        results[item["name"]] = {"exit_code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
                                 "duration": time.perf_counter() - started, "error_line": line}
    json.dump(results, open(manifest_path + ".results", "w"))

main(sys.argv[1])
'''


class PythonRunner(Runner):
    language = "python"

    def availability(self) -> Availability:
        return Availability(
            True,
            versions={"python": sys.version.split()[0], "boto3": boto3.__version__, "botocore": botocore.__version__},
        )

    def run(self, programs: list[ProgramRun], workdir: Path, env: dict[str, str]) -> dict[str, RunResult]:
        manifest = []
        for program in programs:
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / program.filename
            path.write_text(program.text, encoding="utf-8")
            manifest.append({"name": program.name, "path": str(path), "dir": str(folder), "access_key": program.access_key})
        manifest_path = workdir / "python-batch.json"
        manifest_path.write_text(json.dumps(manifest))
        harness = workdir / "python_harness.py"
        harness.write_text(_HARNESS)
        completed = subprocess.run(
            [sys.executable, str(harness), str(manifest_path)], env=env, capture_output=True, text=True, check=False, timeout=600
        )
        results_path = Path(str(manifest_path) + ".results")
        if not results_path.exists():
            failure = RunResult(completed.returncode or 1, completed.stdout, completed.stderr)
            return {p.name: failure for p in programs}
        raw = json.loads(results_path.read_text())
        return {name: RunResult(**values) for name, values in raw.items()}


RUNNER = PythonRunner()

"""Runs JavaScript programs with the AWS SDK for JavaScript v3: one Node process for the batch.

The SDK is pinned by toolchains/javascript/package.json and package-lock.json. install()
copies both into the toolchain cache and runs `npm ci` there when node_modules is missing
or the lockfile changed (a hash of both files is kept beside node_modules); availability()
and run() never touch the network. ES modules resolve packages from their own location
(NODE_PATH does not apply to them), so run() writes each batch into a fresh folder inside
that workspace and removes it afterwards. toolchains/javascript/harness.mjs imports the
programs one after another, each with its own AWS_ACCESS_KEY_ID and captured output.

Those manifests pin the KMS client. A spec of another service runs in a workspace of its
own, svc-<service> inside the cache, whose package.json asks for that service's client
(@aws-sdk/client-<name>) at the same version as the KMS client (the SDK releases its
clients together); `npm install` writes its package-lock.json there, the lock data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..sdks import DEFAULT_SERVICE, default_services, no_sdk, record, recorded, sdk_names
from .base import (
    DEFAULT_LIMITS,
    Availability,
    BatchWatch,
    Limits,
    ProgramRun,
    Runner,
    RunResult,
    cache_dir,
    locked,
    probe,
    run_bounded,
    which,
)

TOOLCHAIN = Path(__file__).parent / "toolchains" / "javascript"
MANIFESTS = ("package.json", "package-lock.json")
HARNESS = TOOLCHAIN / "harness.mjs"
SDK_PACKAGE = "@aws-sdk/client-kms"
INSTALL = "polysnip doctor --install"
_STAMP = ".polysnip-lock-hash"
_STALE_SECONDS = 24 * 3600
QUIET_ENV = {
    "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": "true",  # the SDK warns about soon-unsupported Node versions
}


def _lock_hash() -> str:
    digest = hashlib.sha256()
    for name in MANIFESTS:
        digest.update(name.encode() + b"\0" + (TOOLCHAIN / name).read_bytes() + b"\0")
    return digest.hexdigest()


def _service_manifest(service: str) -> str:
    """package.json for a service's workspace: the committed one with its client instead."""
    manifest = json.loads((TOOLCHAIN / "package.json").read_text(encoding="utf-8"))
    version = manifest["dependencies"].pop(SDK_PACKAGE)
    manifest["dependencies"][sdk_names(service).npm_package] = version
    return json.dumps(manifest, indent=2) + "\n"


class JavaScriptRunner(Runner):
    language = "javascript"
    install_hint = "apt-get install nodejs npm; polysnip doctor --install"

    def workspace(self, service: str = DEFAULT_SERVICE) -> Path:
        if service == DEFAULT_SERVICE:
            return cache_dir("javascript")
        return cache_dir(f"javascript/svc-{service}")

    def _service_installed(self, service: str) -> bool:
        workspace = self.workspace(service)
        stamp = workspace / _STAMP
        wanted = hashlib.sha256(_service_manifest(service).encode("utf-8")).hexdigest()
        return (
            (workspace / "node_modules" / sdk_names(service).npm_package / "package.json").is_file()
            and stamp.is_file()
            and stamp.read_text(encoding="utf-8").strip() == wanted
        )

    def _install_service(self, npm: str, service: str) -> str:
        """npm install the service's client into its workspace; returns its version."""
        workspace = self.workspace(service)
        package = sdk_names(service).npm_package
        with locked(workspace / ".install.lock"):
            if not self._service_installed(service):
                (workspace / _STAMP).unlink(missing_ok=True)
                manifest = _service_manifest(service)
                (workspace / "package.json").write_text(manifest, encoding="utf-8")
                command = [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
                completed = run_bounded(command, dict(os.environ), workspace, 900)
                if completed.returncode != 0:
                    lines = (completed.stdout + completed.stderr).strip().splitlines()
                    raise RuntimeError(f"npm install {package} failed: " + (lines[-1] if lines else "no output"))
                digest = hashlib.sha256(manifest.encode("utf-8")).hexdigest()
                (workspace / _STAMP).write_text(digest + "\n", encoding="utf-8")
        installed = json.loads((workspace / "node_modules" / package / "package.json").read_text(encoding="utf-8"))
        return str(installed["version"])

    def sdk_availability(self, service: str) -> Availability:
        if service == DEFAULT_SERVICE:
            return Availability(True)
        package = sdk_names(service).npm_package
        if self._service_installed(service):
            found = self.workspace(service) / "node_modules" / package / "package.json"
            return Availability(True, versions={package: str(json.loads(found.read_text(encoding="utf-8"))["version"])})
        entry = recorded(self.workspace()).get(service)
        if entry and not entry.get("ok"):
            return Availability(False, str(entry.get("reason") or no_sdk(service)), installable=False)
        return Availability(False, f"{package} is not installed; run {INSTALL}")

    def _installed(self, workspace: Path) -> bool:
        stamp = workspace / _STAMP
        return (
            (workspace / "node_modules" / SDK_PACKAGE / "package.json").is_file()
            and stamp.is_file()
            and stamp.read_text(encoding="utf-8").strip() == _lock_hash()
        )

    def install(self, services: Sequence[str] = ()) -> None:
        self._install_default()
        npm = str(which("npm"))
        for service in services or default_services():
            if service == DEFAULT_SERVICE:
                continue
            package = sdk_names(service).npm_package
            found = self.sdk_availability(service)
            if found.ok:  # fetched before: keep the lock data in step
                record(self.workspace(), service, package, found.versions.get(package, "?"), True)
                continue
            try:
                version = self._install_service(npm, service)
            except RuntimeError as exc:
                record(self.workspace(), service, package, "", False, no_sdk(service, str(exc)))
            else:
                record(self.workspace(), service, package, version, True)

    def _install_default(self) -> None:
        npm = which("npm")
        missing = [tool for tool in ("node", "npm") if which(tool) is None]
        if npm is None or missing:
            raise RuntimeError(f"missing {', '.join(missing)} (apt-get install nodejs npm)")
        workspace = self.workspace()
        with locked(workspace / ".install.lock"):
            if self._installed(workspace):
                return
            (workspace / _STAMP).unlink(missing_ok=True)
            for name in MANIFESTS:
                shutil.copyfile(TOOLCHAIN / name, workspace / name)
            command = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
            completed = run_bounded(command, dict(os.environ), workspace, 900)
            if completed.returncode != 0:
                lines = (completed.stdout + completed.stderr).strip().splitlines()
                raise RuntimeError(
                    f"npm ci failed in {workspace}: " + (lines[-1] if lines else f"exit {completed.returncode}")
                )
            (workspace / _STAMP).write_text(_lock_hash() + "\n", encoding="utf-8")

    def availability(self) -> Availability:
        node = which("node")
        if node is None:
            return Availability(False, "missing node (apt-get install nodejs npm)")
        workspace = self.workspace()
        if not (workspace / "node_modules" / SDK_PACKAGE / "package.json").is_file():
            needs = "" if which("npm") else "; it needs npm, which is missing (apt-get install npm)"
            return Availability(
                False, f"the AWS SDK for JavaScript is not installed in {workspace}; run {INSTALL}{needs}"
            )
        if not self._installed(workspace):
            return Availability(
                False, f"{workspace} does not match toolchains/javascript/package-lock.json; run {INSTALL}"
            )
        completed = probe([node, "--version"])
        if completed.returncode != 0:
            return Availability(False, f"node --version failed: {(completed.stderr or completed.stdout).strip()}")
        sdk = json.loads((workspace / "node_modules" / SDK_PACKAGE / "package.json").read_text(encoding="utf-8"))
        return Availability(
            True, versions={"node": completed.stdout.strip().removeprefix("v"), SDK_PACKAGE: str(sdk["version"])}
        )

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        node = which("node")
        services = {p.service for p in programs}
        if len(services) > 1:
            return {p.name: RunResult(1, stderr="one batch must use one service's SDK") for p in programs}
        workspace = self.workspace(next(iter(services), DEFAULT_SERVICE))
        if node is None or not (workspace / "node_modules").is_dir():
            failure = RunResult(1, stderr=f"node or the AWS SDK for JavaScript is missing; run {INSTALL}")
            return {p.name: failure for p in programs}
        runs = workspace / "runs"
        runs.mkdir(exist_ok=True)
        for stale in runs.glob("batch-*"):  # left behind by a run that was killed
            with contextlib.suppress(OSError):
                if time.time() - stale.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(stale, ignore_errors=True)
        # Inside the workspace, so that ES modules find node_modules from there.
        with tempfile.TemporaryDirectory(prefix="batch-", dir=runs) as batch:
            return self._run_batch(node, programs, Path(batch), workdir, env, limits)

    def _run_batch(
        self, node: str, programs: list[ProgramRun], batch: Path, workdir: Path, env: dict[str, str], limits: Limits
    ) -> dict[str, RunResult]:
        manifest = []
        for index, program in enumerate(programs):
            folder = batch / f"{index:03d}-{program.name}"
            folder.mkdir()
            path = folder / program.filename
            path.write_text(program.text, encoding="utf-8")
            manifest.append(
                {"name": program.name, "path": str(path), "dir": str(folder), "access_key": program.access_key}
            )
        workdir.mkdir(parents=True, exist_ok=True)
        results: dict[str, RunResult] = {}
        round_ = 0
        while manifest:
            round_ += 1
            manifest_path = workdir / f"javascript-batch-{round_}.json"
            results_path = workdir / f"javascript-batch-{round_}.results.json"
            progress = Path(f"{results_path}.progress")
            manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
            started = time.perf_counter()
            watch = BatchWatch(progress, lambda line: line.startswith("start\t"), limits)
            completed = run_bounded(
                [node, str(HARNESS), str(manifest_path), str(results_path), str(int(limits.program_seconds * 1000)),
                 str(limits.output_bytes)],
                {**env, **QUIET_ENV}, workdir, limits.batch(len(manifest)), limits.output_bytes, watch,
            )  # fmt: skip
            detail = (
                completed.stderr + completed.stdout
            ).strip() or f"the Node harness exited with status {completed.returncode}"
            try:
                raw = json.loads(results_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # the harness died before the first program finished
                raw = {}
            results.update({name: RunResult(**values) for name, values in raw.items()})
            lines = progress.read_text(encoding="utf-8").splitlines() if progress.exists() else []
            running = lines[-1].split("\t", 1)[1] if lines and lines[-1].startswith("start\t") else None
            if running is not None and running not in results:  # this program hung or ended node
                failure = RunResult(completed.returncode or 1, stderr=detail, duration=time.perf_counter() - started)
                results[running] = failure
            left = [item for item in manifest if item["name"] not in results]
            if len(left) == len(manifest):  # node never got to a program
                failure = RunResult(completed.returncode or 1, stderr=detail, duration=time.perf_counter() - started)
                results.update({item["name"]: failure for item in left})
                left = []
            manifest = left
        return results


RUNNER = JavaScriptRunner()

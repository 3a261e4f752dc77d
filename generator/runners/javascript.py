"""Runs JavaScript programs with the AWS SDK for JavaScript v3: one Node process for the batch.

The SDK is pinned by toolchains/javascript/package.json and package-lock.json. install()
copies both into the toolchain cache and runs `npm ci` there when node_modules is missing
or the lockfile changed (a hash of both files is kept beside node_modules); availability()
and run() never touch the network. ES modules resolve packages from their own location
(NODE_PATH does not apply to them), so run() writes each batch into a fresh folder inside
that workspace and removes it afterwards. toolchains/javascript/harness.mjs imports the
programs one after another, each with its own AWS_ACCESS_KEY_ID, environment, working
directory and captured output, and appends a JSON line per event to a results file
(base.run_json_batches): a program that ends or hangs node is failed, and the rest run in
a new process.

Those manifests pin the KMS client. Every other service's client lives in one shared
workspace, clients/ inside the cache, with TypeScript and Node's type declarations for the
type checker: toolchains/javascript/clients.json pins the version of each (the corpus
services' clients, typescript, @types/node); a client it does not name is pinned at the
KMS client's version or, where the registry does not serve that one, the newest older
release. install() adds the clients asked for to that workspace's package.json and runs
`npm install` only when something is missing (its package-lock.json pins what they pull
in); each service's version goes into the lock data (sdks.json).

typecheck() writes the programs into a folder of that workspace (so their imports resolve
to the installed clients) and runs one `tsc --checkJs --noEmit` over all of them, against
each client's .d.ts declarations. The folder is named after the set of programs and the
installed packages, and tsc keeps an incremental build-info file there, so checking the
same programs again only re-checks what changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..sdks import DEFAULT_SERVICE, default_services, no_sdk, record, recorded, sdk_names
from .base import (
    DEFAULT_LIMITS,
    Availability,
    Checker,
    CompileError,
    Limits,
    ProgramRun,
    Runner,
    RunResult,
    cache_dir,
    locked,
    probe,
    run_bounded,
    run_json_batches,
    toolchain_env,
    which,
)

TOOLCHAIN = Path(__file__).parent / "toolchains" / "javascript"
MANIFESTS = ("package.json", "package-lock.json")
HARNESS = TOOLCHAIN / "harness.mjs"
SDK_PACKAGE = "@aws-sdk/client-kms"
PINS = TOOLCHAIN / "clients.json"
CHECK_TOOLS = ("typescript", "@types/node")
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


def _pins() -> dict[str, str]:
    """Package -> version of the shared clients workspace, as toolchains/javascript/clients.json pins them."""
    data = json.loads(PINS.read_text(encoding="utf-8"))
    return {str(name): str(version) for name, version in data.items()}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("-", 1)[0])[:3])


def _kms_version() -> str:
    manifest = json.loads((TOOLCHAIN / "package.json").read_text(encoding="utf-8"))
    return str(manifest["dependencies"][SDK_PACKAGE])


def _manifest_text(dependencies: dict[str, str]) -> str:
    manifest = {
        "name": "polysnip-javascript-clients",
        "version": "1.0.0",
        "private": True,
        "description": "AWS SDK for JavaScript v3 clients and the TypeScript checker polysnip uses.",
        "license": "Apache-2.0",
        "type": "module",
        "dependencies": dict(sorted(dependencies.items())),
    }
    return json.dumps(manifest, indent=2) + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DIAGNOSTIC = re.compile(r"^(?P<path>.+?)\((?P<line>\d+),(?P<column>\d+)\): error (?P<code>TS\d+): (?P<message>.*)$")


def parse_diagnostics(output: str, base: Path) -> list[tuple[Path, int, int, str]]:
    """(file, line, column, message) of every error in tsc's --pretty false output; a
    message's indented continuation lines (the reason under "No overload matches this
    call", once per overload) are joined to it once each."""
    found: list[tuple[Path, int, int, list[str]]] = []
    for raw in output.splitlines():
        match = _DIAGNOSTIC.match(raw)
        if match:
            message = f"error {match['code']}: {match['message'].strip()}"
            found.append(((base / match["path"]).resolve(), int(match["line"]), int(match["column"]), [message]))
        elif raw.startswith(" ") and found and raw.strip():
            detail = raw.strip()
            if not re.match(r"Overload \d+ of \d+", detail) and detail not in found[-1][3]:
                found[-1][3].append(detail)
    return [(path, line, column, " ".join(parts)) for path, line, column, parts in found]



_NODE_VERSIONS: dict[tuple[str, int, int, int], str] = {}


def _node_version(node: str) -> str:
    """What `node --version` says ("22.1.0"), or "failed: <why>"; asked once per process
    for each node executable as it is on disk (a replaced binary is asked again)."""
    try:
        found = os.stat(os.path.realpath(node))
        stamp = (os.path.realpath(node), found.st_ino, found.st_size, found.st_mtime_ns)
    except OSError as exc:
        return f"failed: {exc}"
    if stamp not in _NODE_VERSIONS:
        completed = probe([node, "--version"])
        if completed.returncode != 0:
            return f"failed: {(completed.stderr or completed.stdout).strip()}"
        _NODE_VERSIONS[stamp] = completed.stdout.strip().removeprefix("v")
    return _NODE_VERSIONS[stamp]


class JavaScriptRunner(Runner):
    language = "javascript"
    install_hint = "apt-get install nodejs npm; polysnip doctor --install"

    def workspace(self, service: str = DEFAULT_SERVICE) -> Path:
        """Where a service's programs run: the committed KMS workspace, or the shared clients one."""
        if service == DEFAULT_SERVICE:
            return cache_dir("javascript")
        return self.clients()

    def clients(self) -> Path:
        return cache_dir("javascript/clients")

    def _dependencies(self) -> dict[str, str]:
        """What the clients workspace's package.json asks for, when npm installed exactly that."""
        workspace = self.clients()
        stamp, manifest = workspace / _STAMP, workspace / "package.json"
        if not (stamp.is_file() and manifest.is_file()):
            return {}
        text = manifest.read_text(encoding="utf-8")
        if stamp.read_text(encoding="utf-8").strip() != _digest(text):
            return {}
        return {str(k): str(v) for k, v in json.loads(text).get("dependencies", {}).items()}

    def _client_version(self, package: str) -> str:
        """The installed version of a package of the clients workspace, "" when it is not there."""
        if package not in self._dependencies():
            return ""
        found = self.clients() / "node_modules" / package / "package.json"
        if not found.is_file():
            return ""
        return str(json.loads(found.read_text(encoding="utf-8"))["version"])

    def _resolve(self, npm: str, package: str) -> str:
        """The version to pin for a client clients.json does not name: the KMS client's, or
        the newest older one the registry serves; "" when it serves none."""
        command = [npm, "view", f"{package}@<={_kms_version()}", "version", "--json"]
        completed = run_bounded(command, dict(os.environ), self.clients(), 120)
        if completed.returncode != 0:
            return ""
        try:
            found = json.loads(completed.stdout or "[]")
        except ValueError:
            return ""
        versions = [found] if isinstance(found, str) else [str(v) for v in found] if isinstance(found, list) else []
        return max(versions, key=_version_key) if versions else ""

    def sdk_availability(self, service: str) -> Availability:
        if service == DEFAULT_SERVICE:
            return Availability(True)
        package = sdk_names(service).npm_package
        version = self._client_version(package)
        if version:
            return Availability(True, versions={package: version})
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
        wanted = [s for s in dict.fromkeys(services or default_services()) if s != DEFAULT_SERVICE]
        workspace = self.clients()
        pins = _pins()
        with locked(workspace / ".install.lock"):
            current = self._dependencies()
            dependencies = dict(current)
            for tool in (*CHECK_TOOLS, SDK_PACKAGE):  # the checker, and the KMS client it checks against
                dependencies.setdefault(tool, pins.get(tool) or _kms_version())
            refused: dict[str, str] = {}
            for service in wanted:
                package = sdk_names(service).npm_package
                if package not in dependencies:
                    version = pins.get(package) or self._resolve(npm, package)
                    if version:
                        dependencies[package] = version
                    else:
                        refused[service] = f"the npm registry serves no {package} release up to {_kms_version()}"
            missing = [p for p in dependencies if not (workspace / "node_modules" / p / "package.json").is_file()]
            if dependencies != current or missing:
                self._npm_install(npm, workspace, _manifest_text(dependencies))
        for service in wanted:
            package = sdk_names(service).npm_package
            if service in refused:
                record(self.workspace(), service, package, "", False, no_sdk(service, refused[service]))
            else:
                record(self.workspace(), service, package, self._client_version(package), True)

    def _npm_install(self, npm: str, workspace: Path, manifest: str) -> None:
        """Write the workspace's package.json and let npm install it (the lock keeps what
        was installed before); the stamp says it completed."""
        (workspace / _STAMP).unlink(missing_ok=True)
        staging = workspace / f".package.json.{os.getpid()}"
        staging.write_text(manifest, encoding="utf-8")
        os.replace(staging, workspace / "package.json")
        command = [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
        completed = run_bounded(command, dict(os.environ), workspace, 1800)
        if completed.returncode != 0:
            lines = (completed.stdout + completed.stderr).strip().splitlines()
            raise RuntimeError(f"npm install failed in {workspace}: " + (lines[-1] if lines else "no output"))
        (workspace / _STAMP).write_text(_digest(manifest) + "\n", encoding="utf-8")

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
        version = _node_version(node)
        if version.startswith("failed: "):
            return Availability(False, f"node --version {version}")
        sdk = json.loads((workspace / "node_modules" / SDK_PACKAGE / "package.json").read_text(encoding="utf-8"))
        return Availability(True, versions={"node": version, SDK_PACKAGE: str(sdk["version"])})

    def _tsc(self) -> tuple[str, str] | None:
        """(tsc.js path, TypeScript version) when node and the pinned checker are installed."""
        if which("node") is None or not all(p in self._dependencies() for p in (*CHECK_TOOLS, SDK_PACKAGE)):
            return None
        package = self.clients() / "node_modules" / "typescript"
        try:
            version = str(json.loads((package / "package.json").read_text(encoding="utf-8"))["version"])
        except (OSError, ValueError, KeyError):
            return None
        return str(package / "lib" / "tsc.js"), version

    def checker(self) -> Checker | None:
        found = self._tsc()
        if found is None:
            return None
        return Checker(
            "compiled",
            f"type-checked with TypeScript {found[1]} (tsc --checkJs) against each @aws-sdk/client-* package's types",
        )

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        found, node = self._tsc(), which("node")
        if found is None or node is None:
            raise RuntimeError(f"TypeScript is not installed in {self.clients()}; run {INSTALL}")
        tsc = found[0]
        workspace = self.clients()
        identity = _digest(
            json.dumps([[p.name, p.filename] for p in sorted(programs, key=lambda p: p.name)])
            + (workspace / _STAMP).read_text(encoding="utf-8")
        )[:16]
        checks = workspace / "checks"
        checks.mkdir(exist_ok=True)
        for stale in checks.iterdir():  # folders of program sets not checked for a day
            with contextlib.suppress(OSError):
                if stale.is_dir() and time.time() - stale.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(stale, ignore_errors=True)
        folder = checks / identity
        folder.mkdir(exist_ok=True)
        with locked(checks / f"{identity}.lock"):
            os.utime(folder)
            return self._check_folder(node, tsc, programs, folder, workdir, limits)

    def _check_folder(
        self, node: str, tsc: str, programs: list[ProgramRun], folder: Path, workdir: Path, limits: Limits
    ) -> dict[str, list[CompileError]]:
        files: dict[Path, str] = {}
        for index, program in enumerate(sorted(programs, key=lambda p: p.name)):
            path = folder / f"{index:04d}-{_safe(program.name)}" / program.filename
            path.parent.mkdir(exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != program.text:
                path.write_text(program.text, encoding="utf-8")  # unchanged files keep tsc's incremental state
            files[path.resolve()] = program.name
        config = {
            "compilerOptions": {
                "allowJs": True, "checkJs": True, "noEmit": True, "strict": False, "skipLibCheck": True,
                "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022", "lib": ["es2023"],
                "types": ["node"], "incremental": True, "tsBuildInfoFile": "tsconfig.tsbuildinfo", "pretty": False,
            },
            "files": sorted(str(path.relative_to(folder.resolve())) for path in files),
        }  # fmt: skip
        (folder / "tsconfig.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        workdir.mkdir(parents=True, exist_ok=True)
        timeout = limits.startup_seconds + 2.0 * len(programs) + 60.0
        command = [node, tsc, "-p", "tsconfig.json"]
        completed = run_bounded(command, toolchain_env(), folder, timeout, limits.output_bytes)
        (workdir / "tsc-output.txt").write_text(completed.stdout + completed.stderr, encoding="utf-8")
        results: dict[str, list[CompileError]] = {p.name: [] for p in programs}
        elsewhere = []
        for path, line, column, message in parse_diagnostics(completed.stdout, folder):
            name = files.get(path)
            if name is None:
                elsewhere.append(f"{path}({line},{column}): {message}")
            else:
                results[name].append(CompileError(name, line, column, message))
        if completed.returncode == 0:
            return results
        if elsewhere or not any(results.values()):  # the checker broke, not a program
            detail = "; ".join(elsewhere[:3]) or (completed.stderr + completed.stdout).strip()[-2000:]
            raise RuntimeError(f"tsc exited with status {completed.returncode}: {detail}")
        return results

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
        items = []
        for index, program in enumerate(programs):
            folder = batch / f"{index:03d}-{program.name}"
            folder.mkdir()
            path = folder / program.filename
            path.write_text(program.text, encoding="utf-8")
            items.append(
                {"name": program.name, "path": str(path), "dir": str(folder), "access_key": program.access_key}
            )
        workdir.mkdir(parents=True, exist_ok=True)

        def command(manifest: Path, results: Path) -> list[str]:
            return [node, str(HARNESS), str(manifest), str(results), str(int(limits.program_seconds * 1000)),
                    str(limits.output_bytes)]  # fmt: skip

        results = run_json_batches(items, workdir, "javascript", command, {**env, **QUIET_ENV}, limits, "Node process")
        return {p.name: results[p.name] for p in programs}


def _safe(name: str) -> str:
    """A program name as a folder name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name)[:80]


RUNNER = JavaScriptRunner()

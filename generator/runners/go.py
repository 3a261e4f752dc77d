"""Runs Go programs with the AWS SDK for Go v2: one `go build` for the batch, then each binary.

The workspace is one Go module in the toolchain cache (cache_dir("go")), whose go.mod and
go.sum are copied from toolchains/go/ (they pin the KMS client). A spec of another service
builds in a workspace of its own, workspace-<service>, whose go.mod adds that service's
module at the version pinned in toolchains/go/services.txt (or, for a service not listed
there, the newest one at install time); that go.mod and go.sum are the lock data. every program is a `package main` in
progs/<name>/main.go, and one `go build -o bin/ ./...` builds them all. A program that
does not compile is reported with its first compiler error and line; the others still
build and run. install() downloads the pinned modules and warms the build cache; run()
builds offline (GOPROXY=off), with the module and build caches resolved from `go env`
in this process, because the programs' isolated HOME hides the user's defaults.

Beside each program the runner adds one file to the same package, an init() that makes
the log package prefix messages with file:line instead of a timestamp (the program's
own text is unchanged): a failing call's log.Fatal then names its line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from ..sdks import DEFAULT_SERVICE, default_services, no_sdk, record, recorded, sdk_names
from .base import (
    DEFAULT_LIMITS,
    Availability,
    Limits,
    ProgramRun,
    Runner,
    RunResult,
    cache_dir,
    locked,
    probe,
    run_bounded,
    toolchain_env,
    which,
)

TOOLCHAIN = Path(__file__).parent / "toolchains" / "go"
GO_MOD = TOOLCHAIN / "go.mod"
GO_SUM = TOOLCHAIN / "go.sum"
SERVICE_PINS = TOOLCHAIN / "services.txt"
_BASE_STAMP = ".polysnip-base"
SDK = "github.com/aws/aws-sdk-go-v2"
INSTALL = "python -m generator doctor --install (needs the Go module proxy)"
# Packages the snippets import; the availability check loads them (and all they need) offline.
_PACKAGES = (f"{SDK}/aws", f"{SDK}/config", f"{SDK}/service/kms", f"{SDK}/service/kms/types")
_VERSIONS = {SDK: "aws-sdk-go-v2", f"{SDK}/config": "aws-sdk-go-v2-config", f"{SDK}/service/kms": "aws-sdk-go-v2-kms"}
# No symbol table or DWARF: linking (every run, since fixture values change the programs)
# takes half the time; stack traces keep their file:line.
BUILD_FLAGS = ("-ldflags=-s -w",)
_BUILD_SECONDS = 1800  # one build of the whole batch, on a cold cache at worst
_HARNESS_FILE = "zz_polysnip_log.go"
_HARNESS = 'package main\n\nimport "log"\n\nfunc init() { log.SetFlags(log.Lshortfile) }\n'
_WARMUP = """package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	document, _ := json.Marshal(map[string]any{"Tag": types.Tag{TagKey: aws.String("k")}})
	fmt.Println(kms.NewFromConfig(cfg) != nil, string(document), base64.StdEncoding.EncodeToString(nil), time.UTC)
}
"""
_COMPILE_ERROR = re.compile(
    r"^(?:.*?/)?progs/(?P<name>[^/\s]+)/(?P<file>[^/\s:]+\.go):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>.*)$",
    re.MULTILINE,
)
_LOG_LINE = re.compile(r"^main\.go:(?P<line>\d+): ", re.MULTILINE)
_ASSIGNS_ERR = re.compile(r"\berr\s*:?=[^=]")
# Go settings of the caller that the runner replaces (or drops: a cross-compiling GOOS
# would build binaries that cannot run here).
_OVERRIDDEN = {
    "GOFLAGS", "GOENV", "GOTOOLCHAIN", "GOWORK", "GO111MODULE", "GOOS", "GOARCH", "GOMODCACHE", "GOCACHE",
    "GOPATH", "CGO_ENABLED", "GOEXPERIMENT",
}  # fmt: skip


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def pinned(service: str) -> str:
    """The module version toolchains/go/services.txt pins for a service ("latest" if none)."""
    for line in SERVICE_PINS.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2 and parts[0] == sdk_names(service).go_module:
            return parts[1]
    return "latest"


def _required(go_mod: Path, module: str) -> str | None:
    """The version go.mod requires of a module, if it does."""
    text = go_mod.read_text(encoding="utf-8")
    match = re.search(rf"^\s*(?:require\s+)?{re.escape(module)} (v\S+)", text, re.MULTILINE)
    return match.group(1) if match else None


def go_directive() -> str:
    """The Go version the committed go.mod needs (the SDK's own minimum)."""
    match = re.search(r"^go (\S+)$", GO_MOD.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else "1.24"


class GoRunner(Runner):
    language = "go"
    level = "executed"
    install_hint = f"install Go {go_directive()}+; polysnip doctor --install"

    # --- the toolchain ------------------------------------------------------------------

    def _go(self) -> str | None:
        return which("go", [Path("/usr/local/go/bin")])

    @staticmethod
    def _go_env(go: str) -> dict[str, str]:
        """GOVERSION and the caches, as `go env` reports them to this process (real HOME)."""
        # The caller's own environment: its GOMODCACHE/GOPATH say where the caches are.
        completed = probe([go, "env", "-json", "GOVERSION", "GOMODCACHE", "GOCACHE", "GOPATH"], env=dict(os.environ))
        if completed.returncode != 0:
            raise RuntimeError(f"`go env` failed: {completed.stderr.strip()}")
        values: dict[str, str] = json.loads(completed.stdout)
        fallback = cache_dir("go")
        for name, folder in (("GOMODCACHE", "mod"), ("GOCACHE", "build"), ("GOPATH", "gopath")):
            if not values.get(name) or values[name] == "off":
                values[name] = str(fallback / folder)
        return values

    def build_env(self, go: str, base: dict[str, str], offline: bool) -> dict[str, str]:
        """base plus the settings every go command here runs with (install and run alike,
        so that the build cache install() warms is the one run() uses)."""
        found = self._go_env(go)
        env = {k: v for k, v in base.items() if k not in _OVERRIDDEN}
        env.update(
            {
                "GOMODCACHE": found["GOMODCACHE"],
                "GOCACHE": found["GOCACHE"],
                "GOPATH": found["GOPATH"],
                "GOTOOLCHAIN": "local",
                "GOFLAGS": "-mod=mod -buildvcs=false",
                "GOWORK": "off",
                "CGO_ENABLED": "0",
            }
        )
        if offline:
            env.update({"GOPROXY": "off", "GOENV": "off"})
        return env

    def workspace(self, service: str = DEFAULT_SERVICE) -> Path:
        """The module folder, with the committed go.mod and go.sum; for another service, its
        own folder, started from them (and begun again when they change)."""
        if service != DEFAULT_SERVICE:
            workspace = cache_dir("go") / f"workspace-{service}"
            workspace.mkdir(parents=True, exist_ok=True)
            base = GO_MOD.read_text(encoding="utf-8") + GO_SUM.read_text(encoding="utf-8")
            stamp = workspace / _BASE_STAMP
            if not stamp.exists() or stamp.read_text(encoding="utf-8") != base:
                for source in (GO_MOD, GO_SUM):
                    shutil.copyfile(source, workspace / source.name)
                stamp.write_text(base, encoding="utf-8")
            return workspace
        workspace = cache_dir("go") / "workspace"
        workspace.mkdir(parents=True, exist_ok=True)
        for source in (GO_MOD, GO_SUM):
            target = workspace / source.name
            if not target.exists() or target.read_bytes() != source.read_bytes():
                shutil.copyfile(source, target)
        return workspace

    @staticmethod
    def _clean(workspace: Path) -> None:
        for folder in ("progs", "bin"):
            shutil.rmtree(workspace / folder, ignore_errors=True)

    def install(self, services: Sequence[str] = ()) -> None:
        go = self._go()
        if go is None:
            raise RuntimeError(f"missing go (install Go {go_directive()}+)")
        self._install_default(go)
        for service in services or default_services():
            if service == DEFAULT_SERVICE:
                continue
            names = sdk_names(service)
            found = self.sdk_availability(service)
            if found.ok:  # fetched before: keep the lock data in step
                record(cache_dir("go"), service, names.go_module, next(iter(found.versions.values()), "?"), True)
                continue
            try:
                version = self._install_service(go, service)
            except RuntimeError as exc:
                record(cache_dir("go"), service, names.go_module, "", False, no_sdk(service, str(exc)))
            else:
                record(cache_dir("go"), service, names.go_module, version, True)

    def _install_service(self, go: str, service: str) -> str:
        """Add the service's module to its workspace's go.mod (online), then build a program
        that imports it, offline, to warm the build cache. Returns the version required."""
        module = sdk_names(service).go_module
        workspace = self.workspace(service)
        with locked(workspace / ".lock"):
            online = self.build_env(go, dict(os.environ), offline=False)
            got = run_bounded([go, "get", f"{module}@{pinned(service)}"], online, workspace, _BUILD_SECONDS)
            if got.returncode != 0:
                raise RuntimeError(f"go get {module} failed: " + _last_line(got.stderr))
            download = run_bounded([go, "mod", "download"], online, workspace, _BUILD_SECONDS)
            if download.returncode != 0:
                raise RuntimeError("go mod download failed: " + _last_line(download.stderr))
            self._clean(workspace)
            text = (
                _WARMUP.replace(f'\t"{SDK}/service/kms/types"\n', "")
                .replace(f"{SDK}/service/kms", module)
                .replace("kms.NewFromConfig", f"{sdk_names(service).go_package}.NewFromConfig")
                .replace('"Tag": types.Tag{TagKey: aws.String("k")}', '"k": aws.String("k")')
            )
            self._warm_up(go, workspace, text, f"building with {module} failed: ")
        return _required(workspace / "go.mod", module) or "?"

    def sdk_availability(self, service: str) -> Availability:
        if service == DEFAULT_SERVICE:
            return Availability(True)
        go = self._go()
        if go is None:
            return Availability(False, f"missing go (install Go {go_directive()}+)")
        names = sdk_names(service)
        workspace = self.workspace(service)
        version = _required(workspace / "go.mod", names.go_module)
        if version is not None:
            listing = run_bounded([go, "list", names.go_module], self.build_env(go, toolchain_env(), offline=True),
                                  workspace, 300)  # fmt: skip
            if listing.returncode == 0:
                return Availability(True, versions={f"aws-sdk-go-v2-{names.go_package}": version})
        entry = recorded(cache_dir("go")).get(service)
        if entry and not entry.get("ok"):
            return Availability(False, str(entry.get("reason") or no_sdk(service)), installable=False)
        return Availability(False, f"the AWS SDK for Go v2 module for {service} is not downloaded; run {INSTALL}")

    def _warm_up(self, go: str, workspace: Path, program: str, failure: str) -> None:
        """Build one small program offline in the workspace, so the SDK's packages are compiled
        into Go's build cache before the first verification (the workspace lock is held)."""
        warmup = workspace / "progs" / "polysnip-warmup"
        warmup.mkdir(parents=True)
        (warmup / "main.go").write_text(program, encoding="utf-8")
        try:
            offline = self.build_env(go, toolchain_env(), offline=True)
            build = run_bounded([go, "build", *BUILD_FLAGS, "-o", "bin/", "./..."], offline, workspace, _BUILD_SECONDS)
        finally:
            self._clean(workspace)
        if build.returncode != 0:
            raise RuntimeError(failure + _last_line(build.stderr))

    def _install_default(self, go: str) -> None:
        workspace = self.workspace()
        with locked(workspace / ".lock"):
            online = self.build_env(go, dict(os.environ), offline=False)  # proxies of the caller apply
            download = run_bounded([go, "mod", "download"], online, workspace, _BUILD_SECONDS)
            if download.returncode != 0:
                raise RuntimeError("go mod download failed: " + _last_line(download.stderr))
            self._clean(workspace)
            self._warm_up(go, workspace, _WARMUP, "warming the Go build cache failed: ")

    def availability(self) -> Availability:
        go = self._go()
        if go is None:
            return Availability(False, f"missing go (install Go {go_directive()}+)")
        try:
            found = self._go_env(go)
        except (RuntimeError, ValueError) as exc:
            return Availability(False, str(exc))
        version = found.get("GOVERSION", "").removeprefix("go")
        if _version_tuple(version) < _version_tuple(go_directive()):
            return Availability(False, f"Go {version} is too old: the AWS SDK for Go v2 needs Go {go_directive()}+")
        workspace = self.workspace()
        listing = run_bounded(
            [go, "list", "-deps", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}", *_PACKAGES],
            self.build_env(go, toolchain_env(), offline=True), workspace, 300,
        )  # fmt: skip
        if listing.returncode != 0:
            return Availability(
                False, f"the AWS SDK for Go v2 is not downloaded ({_last_line(listing.stderr)}); run {INSTALL}"
            )
        modules = dict(line.split(" ", 1) for line in listing.stdout.splitlines() if " " in line)
        versions = {"go": version}
        versions.update({label: modules[path] for path, label in _VERSIONS.items() if path in modules})
        return Availability(True, versions=versions)

    # --- running ------------------------------------------------------------------------

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        go = self._go()
        if go is None:
            failure = RunResult(1, stderr=f"missing go (install Go {go_directive()}+)")
            return {p.name: failure for p in programs}
        services = {p.service for p in programs}
        if len(services) > 1:
            return {p.name: RunResult(1, stderr="one batch must use one service's SDK") for p in programs}
        workspace = self.workspace(next(iter(services), DEFAULT_SERVICE))
        results: dict[str, RunResult] = {}
        with locked(workspace / ".lock"):
            self._clean(workspace)
            for program in programs:
                folder = workspace / "progs" / program.name
                folder.mkdir(parents=True)
                (folder / "main.go").write_text(program.text, encoding="utf-8")
                (folder / _HARNESS_FILE).write_text(_HARNESS, encoding="utf-8")
            started = time.perf_counter()
            build = run_bounded(
                [go, "build", *BUILD_FLAGS, "-o", "bin/", "./..."], self.build_env(go, env, offline=True), workspace,
                _BUILD_SECONDS, limits.output_bytes,
            )  # fmt: skip
            build_time = time.perf_counter() - started
            output = (build.stdout + build.stderr).strip()
            results.update(_compile_failures(output, {p.name for p in programs}, build_time))
            for program in programs:
                if program.name in results:
                    continue
                binary = workspace / "bin" / program.name
                if not binary.is_file():
                    results[program.name] = RunResult(
                        build.returncode or 1, stderr=f"go build failed:\n{output}", duration=build_time
                    )
                    continue
                results[program.name] = self._run_one(binary, program, workdir, env, limits)
        return {p.name: results[p.name] for p in programs}

    def _run_one(
        self, binary: Path, program: ProgramRun, workdir: Path, env: dict[str, str], limits: Limits
    ) -> RunResult:
        folder = workdir / program.name
        folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        completed = run_bounded(
            [str(binary)], {**env, "AWS_ACCESS_KEY_ID": program.access_key}, folder,
            limits.program_seconds, limits.output_bytes,
        )  # fmt: skip
        finished = time.monotonic()
        stderr, line = _runtime_error(completed.stderr, program)
        failed = completed.returncode != 0
        return RunResult(
            completed.returncode,
            completed.stdout,
            stderr,
            finished - started,
            line if failed else None,
            started,
            finished,
        )


def _compile_failures(output: str, names: set[str], build_time: float) -> dict[str, RunResult]:
    """Each program's compiler errors, as a failed result naming its first error's line."""
    errors: dict[str, list[re.Match[str]]] = {}
    for match in _COMPILE_ERROR.finditer(output):
        if match.group("name") in names:
            errors.setdefault(match.group("name"), []).append(match)
    failures = {}
    for name, found in errors.items():
        lines = [f"{m.group('file')}:{m.group('line')}:{m.group('column') or 1}: {m.group('message')}" for m in found]
        first = found[0]
        failures[name] = RunResult(
            2,
            stderr="\n".join(lines)
            + f"\ngo build: {first.group('file')}:{first.group('line')}: {first.group('message')}",
            duration=build_time,
            error_line=int(first.group("line")),
        )
    return failures


def _runtime_error(stderr: str, program: ProgramRun) -> tuple[str, int | None]:
    """(stderr as reported, the program line that failed).

    log.Fatal messages start with main.go:<line> (the harness's log flags): the line of
    the error check, which is reported as the statement that set err (the call). A panic
    names the line in its stack trace, and its message is repeated last."""
    log_line = None
    for match in _LOG_LINE.finditer(stderr):
        log_line = int(match.group("line"))
    if log_line is not None:
        return _LOG_LINE.sub("", stderr), _statement_line(program.text, log_line)
    trace = re.search(rf"/progs/{re.escape(program.name)}/main\.go:(\d+)", stderr)
    panic = re.search(r"^(panic: .*|fatal error: .*)$", stderr, re.MULTILINE)
    if panic:
        stderr = stderr.rstrip() + "\n" + panic.group(1)
    return stderr, int(trace.group(1)) if trace else None


def _statement_line(text: str, fatal_line: int) -> int:
    """The line of the statement whose error log.Fatal reported: the nearest line above
    it that assigns err (`output, err := client.GetKeyPolicy(…`, `if err := json.…`)."""
    lines = text.splitlines()
    for number in range(min(fatal_line, len(lines)), max(0, fatal_line - 60), -1):
        if _ASSIGNS_ERR.search(lines[number - 1]):
            return number
    return fatal_line


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


RUNNER = GoRunner()

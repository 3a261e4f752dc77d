"""Runs Go programs with the AWS SDK for Go v2: one `go build` for the batch, then each binary.

The workspaces are Go modules in the toolchain cache (cache_dir("go")). The committed
toolchains/go/go.mod and go.sum require every service module pinned in
toolchains/go/services.txt, so all pinned services build against one set of versions:
KMS programs in workspace/, another pinned service's in workspace-<service>/ (copies of
the same go.mod, so they share Go's build cache), and typecheck() in workspace-check/. A
service not pinned gets a workspace of its own whose go.mod adds the newest module at
install time (that go.mod and go.sum are then its lock data).

Every program is a `package main` in progs/<name>/main.go. run() builds the programs whose
binary is not cached yet with one `go build -o bin/ ./...`; a binary is cached under
binaries/ by a hash of the program's exact text, the Go version and go.sum, so a program
verified before (fixture values are seeded, so they repeat) runs without building. A
program that does not compile is reported with its first compiler error and line; the
others still build and run. typecheck() compiles every program of the batch at once with
`go list -e -export` (go build's compile step, without linking; `go vet` was measured at
seven times the cost on a cold cache, for analysis facts of every SDK package).

install() downloads the pinned modules and compiles them into Go's build cache, so that
run() and typecheck() work offline (GOPROXY=off) afterwards; the module and build caches
are resolved from `go env` in this process, because the programs' isolated HOME hides the
user's defaults. A second install() of the same services finds its stamp and does nothing.
availability() lists the SDK's packages offline once and keeps the answer in the toolchain
cache (available.json) for later processes, while every module it found is still there.

Beside each program the runner adds one file to the same package, an init() that makes
the log package prefix messages with file:line instead of a timestamp (the program's
own text is unchanged): a failing call's log.Fatal then names its line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    toolchain_env,
    which,
)

TOOLCHAIN = Path(__file__).parent / "toolchains" / "go"
GO_MOD = TOOLCHAIN / "go.mod"
GO_SUM = TOOLCHAIN / "go.sum"
SERVICE_PINS = TOOLCHAIN / "services.txt"
_BASE_STAMP = ".polysnip-base"
_INSTALL_STAMP = ".polysnip-installed.json"  # service -> the toolchain key it was installed with
_AVAILABLE_FILE = "available.json"  # the last offline listing of the SDK's packages (see availability())
_BINARIES = "binaries"  # built programs by content hash (see _binary_key)
_KEPT_BINARIES = 4000  # the newest kept when the binary cache is pruned
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
    r"^(?:vet: )?(?:.*?/)?progs/(?P<name>[^/\s]+)/(?P<file>[^/\s:]+\.go):(?P<line>\d+)(?::(?P<column>\d+))?: "
    r"(?P<message>.*)$",
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


# Per process: what `go env` said, and a toolchain found complete (see availability()).
_GO_ENV: dict[tuple[Any, ...], dict[str, str]] = {}
_AVAILABLE: dict[tuple[str, str, str], Availability] = {}


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def pinned(service: str) -> str:
    """The module version toolchains/go/services.txt pins for a service ("latest" if none)."""
    for line in SERVICE_PINS.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2 and parts[0] == sdk_names(service).go_module:
            return parts[1]
    return "latest"


def is_pinned(service: str) -> bool:
    """The service's module is pinned in services.txt (and so required by the committed go.mod)."""
    return pinned(service) != "latest"


def _committed_module(workspace: Path) -> Path:
    """A workspace folder holding the committed go.mod and go.sum."""
    workspace.mkdir(parents=True, exist_ok=True)
    for source in (GO_MOD, GO_SUM):
        target = workspace / source.name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            _write_atomically(target, source.read_text(encoding="utf-8"))
    return workspace


def _write_atomically(target: Path, text: str) -> None:
    staging = target.with_name(f".{target.name}.{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, target)


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
        """GOVERSION and the caches, as `go env` reports them to this process (real HOME);
        asked once per process for the same go and the same Go variables."""
        key = (go, *sorted((k, v) for k, v in os.environ.items() if k.startswith("GO") or k == "HOME"))
        if key not in _GO_ENV:
            _GO_ENV[key] = GoRunner._ask_go_env(go)
        return dict(_GO_ENV[key])

    @staticmethod
    def _ask_go_env(go: str) -> dict[str, str]:
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
        """The module folder for a service's programs: for a pinned service (KMS included)
        one with the committed go.mod and go.sum; for another service its own folder,
        started from them (and begun again when they change)."""
        if service == DEFAULT_SERVICE or is_pinned(service):
            name = "workspace" if service == DEFAULT_SERVICE else f"workspace-{service}"
            return _committed_module(cache_dir("go") / name)
        workspace = cache_dir("go") / f"workspace-{service}"
        workspace.mkdir(parents=True, exist_ok=True)
        base = GO_MOD.read_text(encoding="utf-8") + GO_SUM.read_text(encoding="utf-8")
        stamp = workspace / _BASE_STAMP
        if not stamp.exists() or stamp.read_text(encoding="utf-8") != base:
            for source in (GO_MOD, GO_SUM):
                shutil.copyfile(source, workspace / source.name)
            stamp.write_text(base, encoding="utf-8")
        return workspace

    @staticmethod
    def _clean(workspace: Path) -> None:
        for folder in ("progs", "bin", "warm"):
            shutil.rmtree(workspace / folder, ignore_errors=True)

    def install(self, services: Sequence[str] = ()) -> None:
        go = self._go()
        if go is None:
            raise RuntimeError(f"missing go (install Go {go_directive()}+)")
        wanted = list(dict.fromkeys(services or default_services()))
        pinned_services = [s for s in wanted if s == DEFAULT_SERVICE or is_pinned(s)]
        self._install_pinned(go, pinned_services)
        for service in wanted:
            if service in pinned_services:
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
                self._index(service, version)

    def _install_pinned(self, go: str, services: list[str]) -> None:
        """Download the pinned modules of these services (and the SDK's core) and compile
        them into Go's build cache: `go mod download`, then one `go build` of a package that
        imports each service package and its types. A stamp keyed by the Go version and
        go.sum remembers what was done, so a second call costs one `go env`."""
        workspace = self.workspace()
        stamp = workspace / _INSTALL_STAMP
        key = self._toolchain_key(go)
        done: dict[str, str] = {}
        with contextlib.suppress(OSError, ValueError):
            done = json.loads(stamp.read_text(encoding="utf-8"))
        needed = [s for s in services if done.get(s) != key or not self._module_here(go, s)]
        if not done.get(DEFAULT_SERVICE) == key:
            needed = list(dict.fromkeys([DEFAULT_SERVICE, *needed]))
        if needed:
            with locked(workspace / ".lock"):
                online = self.build_env(go, dict(os.environ), offline=False)  # proxies of the caller apply
                # The SDK's core, the modules every service shares (the indirect ones), and each service's.
                shared = re.findall(r"^\t(\S+) v\S+ // indirect$", GO_MOD.read_text(encoding="utf-8"), re.M)
                services_needed = [sdk_names(s).go_module for s in needed if s != DEFAULT_SERVICE]
                modules = [SDK, f"{SDK}/config", f"{SDK}/service/kms", *shared, *services_needed]
                download = run_bounded([go, "mod", "download", *modules], online, workspace, _BUILD_SECONDS)
                if download.returncode != 0:
                    raise RuntimeError("go mod download failed: " + _last_line(download.stderr))
                self._clean(workspace)
                self._warm_up(go, workspace, _WARMUP, "warming the Go build cache failed: ", needed)
            done.update({s: key for s in needed})
            _write_atomically(stamp, json.dumps(done, indent=1, sort_keys=True) + "\n")
        for service in services:
            if service == DEFAULT_SERVICE:
                continue
            version = pinned(service)
            record(cache_dir("go"), service, sdk_names(service).go_module, version, True)
            self._index(service, version)

    def _index(self, service: str, version: str) -> None:
        """Read the service module's names into the name index cached per module version."""
        from ..go_sdk_names import cached_index

        with contextlib.suppress(OSError, ValueError):
            cached_index(sdk_names(service).go_module, version)

    def _toolchain_key(self, go: str) -> str:
        """What the build cache and the binaries depend on: the Go version and go.sum."""
        version = self._go_env(go).get("GOVERSION", "")
        digest = hashlib.sha256(GO_SUM.read_bytes() + GO_MOD.read_bytes()).hexdigest()[:16]
        return f"{version}:{digest}"

    def _module_here(self, go: str, service: str) -> bool:
        """The pinned module's source is in the module cache (as `go mod download` leaves it)."""
        from ..go_sdk_index import module_folder

        if service == DEFAULT_SERVICE:
            module, version = f"{SDK}/service/kms", _required(GO_MOD, f"{SDK}/service/kms") or ""
        else:
            module, version = sdk_names(service).go_module, pinned(service)
        return module_folder(Path(self._go_env(go)["GOMODCACHE"]), module, version).is_dir()

    def _install_service(self, go: str, service: str) -> str:
        """Add the service's module to its workspace's go.mod (online), then build a program
        that imports it, offline, to warm the build cache. Returns the version required."""
        module = sdk_names(service).go_module
        workspace = self.workspace(service)
        with locked(workspace / ".lock"):
            online = self.build_env(go, dict(os.environ), offline=False)
            got = run_bounded([go, "get", f"{module}@latest"], online, workspace, _BUILD_SECONDS)
            if got.returncode != 0:
                raise RuntimeError(f"go get {module} failed: " + _last_line(got.stderr))
            download = run_bounded([go, "mod", "download"], online, workspace, _BUILD_SECONDS)
            if download.returncode != 0:
                raise RuntimeError("go mod download failed: " + _last_line(download.stderr))
            self._clean(workspace)
            self._warm_up(go, workspace, _WARMUP, f"building with {module} failed: ", [service])
        return _required(workspace / "go.mod", module) or "?"

    def sdk_availability(self, service: str) -> Availability:
        if service == DEFAULT_SERVICE:
            return Availability(True)
        go = self._go()
        if go is None:
            return Availability(False, f"missing go (install Go {go_directive()}+)")
        names = sdk_names(service)
        label = f"aws-sdk-go-v2-{names.go_package}"
        if is_pinned(service):
            if self._module_here(go, service):
                return Availability(True, versions={label: pinned(service)})
            return Availability(False, f"the AWS SDK for Go v2 module for {service} is not downloaded; run {INSTALL}")
        workspace = self.workspace(service)
        version = _required(workspace / "go.mod", names.go_module)
        if version is not None:
            listing = run_bounded([go, "list", names.go_module], self.build_env(go, toolchain_env(), offline=True),
                                  workspace, 300)  # fmt: skip
            if listing.returncode == 0:
                return Availability(True, versions={label: version})
        entry = recorded(cache_dir("go")).get(service)
        if entry and not entry.get("ok"):
            return Availability(False, str(entry.get("reason") or no_sdk(service)), installable=False)
        return Availability(False, f"the AWS SDK for Go v2 module for {service} is not downloaded; run {INSTALL}")

    def _warm_up(self, go: str, workspace: Path, program: str, failure: str, services: Sequence[str] = ()) -> None:
        """Build one small program offline in the workspace, and a package importing each
        service's packages, so the SDK is compiled into Go's build cache before the first
        verification (the workspace lock is held)."""
        warmup = workspace / "progs" / "polysnip-warmup"
        warmup.mkdir(parents=True)
        (warmup / "main.go").write_text(program, encoding="utf-8")
        imports = [f"{sdk_names(s).go_module}" for s in services if s != DEFAULT_SERVICE]
        if imports:
            (workspace / "warm").mkdir()
            lines = "".join(f'\t_ "{m}"\n\t_ "{m}/types"\n' for m in imports)
            (workspace / "warm" / "warm.go").write_text(f"package warm\n\nimport (\n{lines})\n", encoding="utf-8")
        try:
            offline = self.build_env(go, toolchain_env(), offline=True)
            build = run_bounded([go, "build", *BUILD_FLAGS, "-o", "bin/", "./progs/..."], offline, workspace,
                                _BUILD_SECONDS)  # fmt: skip
            if build.returncode == 0 and imports:  # `go build -o dir` would skip a package that is not main
                build = run_bounded([go, "build", "./warm"], offline, workspace, _BUILD_SECONDS)
        finally:
            self._clean(workspace)
        if build.returncode != 0:
            raise RuntimeError(failure + _last_line(build.stderr))

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
        key = (go, found["GOMODCACHE"], GO_MOD.read_text(encoding="utf-8"))
        if key in _AVAILABLE:  # found before in this process: modules are not removed while it runs
            return _AVAILABLE[key]
        stored = self._stored_availability(go, found)
        if stored is not None:
            _AVAILABLE[key] = stored
            return stored
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
        _AVAILABLE[key] = Availability(True, versions=versions)
        self._store_availability(go, found, modules, versions)
        return _AVAILABLE[key]

    @staticmethod
    def _availability_key(go: str, found: dict[str, str]) -> str:
        """What the offline package listing depends on: the go executable (resolved path, size
        and time), its version, the module cache and the committed go.mod and go.sum."""
        resolved = Path(go).resolve()
        status = resolved.stat()
        facts = [str(resolved), status.st_size, status.st_mtime_ns, found.get("GOVERSION", ""), found["GOMODCACHE"],
                 GO_MOD.read_text(encoding="utf-8"), GO_SUM.read_text(encoding="utf-8")]  # fmt: skip
        return hashlib.sha256(json.dumps(facts).encode("utf-8")).hexdigest()

    def _stored_availability(self, go: str, found: dict[str, str]) -> Availability | None:
        """The listing an earlier process made (_store_availability), if its key is this
        one's and every module it found is still in the module cache."""
        from ..go_sdk_index import module_folder

        try:
            stored = json.loads((cache_dir("go") / _AVAILABLE_FILE).read_text(encoding="utf-8"))
            if stored.get("key") != self._availability_key(go, found):
                return None
            cache = Path(found["GOMODCACHE"])
            modules: dict[str, str] = stored["modules"]
            if not modules or not all(module_folder(cache, m, v).is_dir() for m, v in modules.items()):
                return None
            return Availability(True, versions={str(k): str(v) for k, v in stored["versions"]})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _store_availability(
        self, go: str, found: dict[str, str], modules: dict[str, str], versions: dict[str, str]
    ) -> None:
        listed = {m: v for m, v in modules.items() if v}  # the main module has no version
        with contextlib.suppress(OSError):
            text = json.dumps({"key": self._availability_key(go, found), "modules": listed,
                               "versions": list(versions.items())}, indent=1, sort_keys=True)  # fmt: skip
            _write_atomically(cache_dir("go") / _AVAILABLE_FILE, text + "\n")

    # --- checking -----------------------------------------------------------------------

    compiles_when_run = True  # run() builds first and fails a program that does not compile

    def checker(self) -> Checker | None:
        found = self.availability()
        if not found.ok:
            return None
        core = _required(GO_MOD, SDK) or "?"
        return Checker(
            "compiled",
            f"compiled with Go {found.versions.get('go', '?')} (go build's compile step, not linked) against "
            f"aws-sdk-go-v2 {core} and the service modules pinned in services.txt",
        )

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        """Compile every program at once without linking (see _compile): programs of pinned
        services in one workspace, each other service's in its own. A program whose
        service's module is not here is reported as not compiled, with why."""
        found: dict[str, list[CompileError]] = {p.name: [] for p in programs}
        go = self._go()
        by_workspace: dict[Path, list[ProgramRun]] = {}
        for program in programs:
            available = self.sdk_availability(program.service) if go is not None else Availability(False, "no go")
            if not available.ok:
                found[program.name] = [CompileError(program.name, 1, 1, f"not compiled: {available.reason}",
                                                    unavailable=not available.installable)]  # fmt: skip
                continue
            workspace = (_committed_module(cache_dir("go") / "workspace-check")
                         if program.service == DEFAULT_SERVICE or is_pinned(program.service)
                         else self.workspace(program.service))  # fmt: skip
            by_workspace.setdefault(workspace, []).append(program)
        assert go is not None or not by_workspace
        for workspace, batch in by_workspace.items():
            found.update(self._compile(str(go), workspace, batch, limits))
        return found

    def _compile(
        self, go: str, workspace: Path, programs: list[ProgramRun], limits: Limits
    ) -> dict[str, list[CompileError]]:
        """Compile every program with `go list -e -export`: the compile step of `go build`
        (the same compiler and errors, up to ten per program) without linking, each result
        kept in Go's build cache; -e keeps one program that cannot be loaded from stopping
        the others."""
        folders = _folders([p.name for p in programs])
        by_folder = {folders[p.name]: p.name for p in programs}
        found: dict[str, list[CompileError]] = {p.name: [] for p in programs}
        with locked(workspace / ".lock"):
            self._clean(workspace)
            for program in programs:
                folder = workspace / "progs" / folders[program.name]
                folder.mkdir(parents=True)
                (folder / "main.go").write_text(program.text, encoding="utf-8")
            listing = run_bounded(
                [go, "list", "-e", "-export", "-f", "{{if .Error}}{{.Error}}{{end}}", "./progs/..."],
                self.build_env(go, toolchain_env(), offline=True), workspace, _BUILD_SECONDS, limits.output_bytes,
            )  # fmt: skip
            self._clean(workspace)
        output = (listing.stdout + listing.stderr).strip()
        for match in _COMPILE_ERROR.finditer(output):
            name = by_folder.get(match.group("name"))
            if name is None or match.group("file") != "main.go":
                continue
            line, column = int(match.group("line")), int(match.group("column") or 1)
            error = CompileError(name, line, column, match.group("message"))
            if error not in found[name]:
                found[name].append(error)
        if listing.returncode != 0 and not any(found.values()):  # failed without naming a program
            message = f"go list -export: {_last_line(output)}"
            return {p.name: [CompileError(p.name, 1, 1, message)] for p in programs}
        return found

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
            key = self._toolchain_key(go) + ":" + hashlib.sha256((workspace / "go.sum").read_bytes()).hexdigest()
            binaries = {p.name: _binary_path(key, p) for p in programs}
            to_build = [p for p in programs if not binaries[p.name].is_file()]
            self._clean(workspace)
            if to_build:
                results.update(self._build(go, workspace, to_build, binaries, env, limits))
            for program in programs:
                if program.name in results:
                    continue
                binary = binaries[program.name]
                with contextlib.suppress(OSError):
                    os.utime(binary)  # recently used: kept when the cache is pruned
                results[program.name] = self._run_one(binary, program, workdir, env, limits)
            self._clean(workspace)
        if to_build:  # the cache grew
            _prune_binaries()
        return {p.name: results[p.name] for p in programs}

    def _build(
        self, go: str, workspace: Path, programs: list[ProgramRun], binaries: dict[str, Path], env: dict[str, str],
        limits: Limits,
    ) -> dict[str, RunResult]:
        """Build these programs with one `go build`; put each binary in the cache. Returns the
        failures (a compile error, or no binary)."""
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
        failures = _compile_failures(output, {p.name for p in programs}, build_time)
        for program in programs:
            if program.name in failures:
                continue
            built = workspace / "bin" / program.name
            if not built.is_file():
                failures[program.name] = RunResult(
                    build.returncode or 1, stderr=f"go build failed:\n{output}", duration=build_time
                )
                continue
            target = binaries[program.name]
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copyfile(built, staging)
            staging.chmod(0o755)
            os.replace(staging, target)
        return failures

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


def _binary_path(toolchain: str, program: ProgramRun) -> Path:
    """Where the cache keeps a program's binary: by a hash of everything the binary depends
    on (its exact text, the harness file, the build flags, Go's version, go.mod and go.sum)."""
    digest = hashlib.sha256(
        "\0".join([toolchain, " ".join(BUILD_FLAGS), _HARNESS, program.text]).encode("utf-8")
    ).hexdigest()
    return cache_dir("go") / _BINARIES / digest[:2] / digest


def _prune_binaries() -> None:
    """Keep the binary cache to its newest _KEPT_BINARIES entries."""
    root = cache_dir("go") / _BINARIES
    entries = [p for p in root.glob("*/*") if p.is_file() and not p.name.startswith(".")]
    if len(entries) <= _KEPT_BINARIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for path in entries[: len(entries) - _KEPT_BINARIES]:
        path.unlink(missing_ok=True)


def _folders(names: list[str]) -> dict[str, str]:
    """A folder name for each program (a Go import path element), unique and stable."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip("._") or "program"
        folder, number = base, 1
        while folder in used:
            number += 1
            folder = f"{base}-{number}"
        used.add(folder)
        out[name] = folder
    return out


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

"""Runs boto3 programs: one Python process executes the whole batch with runpy.

The harness appends a JSON line to its results file when a program starts and when it
ends (base.run_json_batches), so a program that hangs or ends the interpreter is failed
on its own and the rest run in a new process.

typecheck() checks the programs with mypy against boto3-stubs and the service's
mypy-boto3-<service> package (pinned in generator/python_stubs.py). install() puts the
stubs into an interpreter folder of their own in the toolchain cache (a venv without pip,
filled with pip --target), which mypy is pointed at with --python-executable, so nothing
is added to the environment polysnip runs in. One mypy process checks a whole batch,
with an incremental cache kept beside the stubs: the stubs of a big service (EC2's are
megabytes of TypedDicts) are analysed once, not on every run.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import boto3
import botocore

from ..python_stubs import (
    KNOWN_DISAGREEMENTS,
    SERVICE_STUBS,
    STUBS_LINE,
    SUPPORT_PACKAGES,
    Disagreement,
    stub_package,
)
from ..sdks import DEFAULT_SERVICE, default_services, no_sdk, record
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
    run_bounded,
    run_json_batches,
    toolchain_env,
)

INSTALL = "polysnip doctor --install"
# mypy's lines: path:line:column: error: message  [code]
_MYPY_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<kind>error|note): (?P<message>.*)$")
_MYPY_CONFIG = """[mypy]
check_untyped_defs = True
show_column_numbers = True
show_error_codes = True
hide_error_context = True
pretty = False
color_output = False
error_summary = False
warn_unused_configs = False
"""

# Runs inside the child process. Each program gets the environment the process started
# with plus its own access key, no arguments, a fresh default boto3 session (so that it
# picks up that key) and its own (bounded) stdout/stderr buffers.
#
# What every session would otherwise parse again is shared: botocore's data files (service
# model, endpoint rules, partitions), through the per-instance cache of each session's own
# data loader. A loader's entries are filed under its search paths, extras types and file
# loader class as well as the question asked, so a session that searches elsewhere gets
# answers of its own. Sessions, credentials, clients, connections and event handlers are
# still made new for each program. The objects of the harness's own imports are frozen out
# of the garbage collector's reach, so that a full collection during a program does not walk
# all of boto3 (0.1 s). Once the last result is written the harness ends without the
# interpreter's teardown (a final collection over everything, tenths of a second); nothing
# it would do reaches a result.
_HARNESS = r'''
import contextlib, gc, io, json, os, runpy, sys, time, traceback
import boto3
import botocore.session

LIMIT = int(sys.argv[3])
PARSED = {}  # (search paths, extras types, file loader class, question) -> botocore's answer


class SharedParses:
    """A data loader's instance cache whose entries every loader of the batch can use."""

    __slots__ = ("loader",)

    def __init__(self, loader):
        self.loader = loader

    def _key(self, key):
        loader = self.loader
        return (tuple(loader.search_paths), tuple(getattr(loader, "_extras_types", ())), type(loader.file_loader), key)

    def __contains__(self, key):
        return self._key(key) in PARSED

    def __getitem__(self, key):
        return PARSED[self._key(key)]

    def __setitem__(self, key, value):
        PARSED[self._key(key)] = value


def share_parsed_data():
    create_loader = getattr(botocore.session, "create_loader", None)
    if create_loader is None:  # another botocore: every session parses its own files
        return

    def create_shared_loader(*args, **kwargs):
        loader = create_loader(*args, **kwargs)
        if isinstance(getattr(loader, "_cache", None), dict) and not loader._cache:
            loader._cache = SharedParses(loader)
        return loader

    botocore.session.create_loader = create_shared_loader


class Capped(io.StringIO):
    """Keeps the first LIMIT characters a program prints, and counts the rest."""

    def write(self, text):
        room = LIMIT - self.tell()
        if room > 0:
            super().write(text[:room])
        return len(text)


def run(item, environment):
    if os.environ != environment:  # what an earlier program set or removed does not reach this one
        os.environ.clear()
        os.environ.update(environment)
    os.environ["AWS_ACCESS_KEY_ID"] = item["access_key"]
    sys.argv[:] = [item["path"]]  # no arguments, as for a program run on its own
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
    share_parsed_data()
    gc.freeze()  # what the imports made lives as long as the process: no full collection walks it again
    environment = dict(os.environ)
    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    with open(results_path, "a", encoding="utf-8") as results:
        for item in manifest:
            results.write(json.dumps({"start": item["name"]}) + "\n")
            results.flush()
            results.write(json.dumps(run(item, environment)) + "\n")
            results.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


main(sys.argv[1], sys.argv[2])
'''


class PythonRunner(Runner):
    language = "python"
    install_hint = "polysnip doctor --install (fetches boto3-stubs for type checking)"

    def __init__(self) -> None:
        # (program, error, why) of the last typecheck(): mypy errors that a documented
        # stub/botocore disagreement explains, kept out of the result but not dropped.
        self.excused: list[tuple[str, CompileError, Disagreement]] = []

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


    # --- type checking against boto3-stubs ------------------------------------------------

    def stubs_home(self) -> Path:
        return cache_dir("python")

    def _stubs_interpreter(self) -> Path:
        return self.stubs_home() / "stubs" / "bin" / "python"

    def _site_packages(self) -> Path:
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        return self.stubs_home() / "stubs" / "lib" / version / "site-packages"

    def installed_stubs(self) -> dict[str, str]:
        """Distribution name (as pip normalises it, mypy_boto3_kms) -> version, of the stubs here."""
        found: dict[str, str] = {}
        folder = self._site_packages()
        if not folder.is_dir():
            return found
        for entry in folder.glob("*.dist-info"):
            name, _, version = entry.name.removesuffix(".dist-info").partition("-")
            found[name.lower()] = version
        return found

    def _wanted(self, services: Sequence[str]) -> dict[str, str]:
        """package -> pip requirement for the support packages and each service's stubs."""
        wanted = {name: f"{name}=={version}" for name, version in SUPPORT_PACKAGES.items()}
        for service in services:
            pin = SERVICE_STUBS.get(service)
            package = stub_package(service)
            wanted[package] = f"{package}=={pin}" if pin else f"{package}{','.join(STUBS_LINE)}"
        return wanted

    @staticmethod
    def _dist(package: str) -> str:
        return re.sub(r"[-.]+", "_", package).lower()

    def _missing(self, wanted: dict[str, str], installed: dict[str, str]) -> list[str]:
        missing = []
        for package, requirement in wanted.items():
            version = installed.get(self._dist(package))
            pinned = requirement.partition("==")[2]
            if version is None or (pinned and version != pinned):
                missing.append(requirement)
        return missing

    def install(self, services: Sequence[str] = ()) -> None:
        """Fetch boto3-stubs and mypy-boto3-<service> for every service given (none: those of
        ./specs) into the stubs interpreter folder; only what is missing or at another
        version is fetched, so a second call costs no network."""
        names = list(dict.fromkeys([DEFAULT_SERVICE, *(services or default_services())]))
        home = self.stubs_home()
        with locked(home / ".install.lock"):
            if not self._stubs_interpreter().exists() or not self._site_packages().is_dir():  # none, or another Python
                created = run_bounded([sys.executable, "-m", "venv", "--without-pip", "--clear", str(home / "stubs")],
                                      toolchain_env(), home, 300)  # fmt: skip
                if created.returncode != 0:
                    raise RuntimeError(f"cannot create {home / 'stubs'}: {created.stderr.strip()}")
            wanted = self._wanted(names)
            missing = self._missing(wanted, self.installed_stubs())
            problem = ""
            if missing:
                command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "--no-deps", "--no-compile", "--upgrade", "--target", str(self._site_packages()), *missing]
                completed = run_bounded(command, toolchain_env(), home, 1800)
                if completed.returncode != 0:
                    lines = (completed.stdout + completed.stderr).strip().splitlines()
                    problem = lines[-1] if lines else f"pip exited with status {completed.returncode}"
                    if not any(requirement.startswith("mypy-boto3-") for requirement in missing):
                        raise RuntimeError(f"pip install of the stubs failed: {problem}")
                    problem = self._install_one_by_one(missing, home)
            installed = self.installed_stubs()
            for service in names:
                package = stub_package(service)
                version = installed.get(self._dist(package))
                if version is not None:
                    record(home, service, package, version, True)
                else:
                    record(home, service, package, "", False, no_sdk(service, f"pip cannot fetch {package}"))
            if problem and self._missing(self._wanted([]), installed):
                raise RuntimeError(f"pip install of the stubs failed: {problem}")

    def _install_one_by_one(self, requirements: list[str], home: Path) -> str:
        """After a failed batch install: each requirement alone, so that one service whose stubs
        cannot be had does not keep the others out. Returns the last problem."""
        problem = ""
        for requirement in requirements:
            command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                       "--no-deps", "--no-compile", "--upgrade", "--target", str(self._site_packages()), requirement]
            completed = run_bounded(command, toolchain_env(), home, 900)
            if completed.returncode != 0:
                lines = (completed.stdout + completed.stderr).strip().splitlines()
                problem = f"{requirement}: " + (lines[-1] if lines else f"pip exited with {completed.returncode}")
        return problem

    def stubs_for(self, service: str) -> str | None:
        """The installed version of a service's stubs, or None."""
        return self.installed_stubs().get(self._dist(stub_package(service)))

    def checker(self) -> Checker | None:
        try:
            mypy_version = importlib.metadata.version("mypy")
        except importlib.metadata.PackageNotFoundError:
            return None
        stubs = self.installed_stubs().get("boto3_stubs")
        if stubs is None or not self._stubs_interpreter().exists():
            return None
        return Checker(
            "compiled",
            f"type-checked with mypy {mypy_version} against boto3-stubs {stubs} (runs with botocore "
            f"{botocore.__version__})",
        )

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        """One mypy process for the whole batch (every service at once), each program its own
        module; errors that a documented stub/botocore disagreement explains are kept out
        of the result and listed in self.excused."""
        found: dict[str, list[CompileError]] = {p.name: [] for p in programs}
        self.excused = []
        installed = self.installed_stubs()
        checked: dict[str, ProgramRun] = {}
        source = workdir / "mypy-src"
        source.mkdir(parents=True, exist_ok=True)
        for stale in source.glob("*.py"):
            stale.unlink()
        for index, program in enumerate(programs):
            service = program.service or DEFAULT_SERVICE
            if self._dist(stub_package(service)) not in installed:
                reason = f"{stub_package(service)} (boto3-stubs for {service}) is not installed; run {INSTALL}"
                found[program.name] = [CompileError(program.name, 1, 1, reason)]
                continue
            # mypy names a module after its file: one valid, distinct name per program.
            path = source / f"program_{index:05d}.py"
            path.write_text(program.text, encoding="utf-8")
            checked[path.name] = program
        if not checked:
            return found
        config = workdir / "mypy.ini"
        config.write_text(_MYPY_CONFIG, encoding="utf-8")
        files = workdir / "mypy-files.txt"
        files.write_text("".join(f"mypy-src/{name}\n" for name in sorted(checked)), encoding="utf-8")
        home = self.stubs_home()
        command = [
            sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(home / "mypy-cache"),
            "--python-executable", str(self._stubs_interpreter()), "--skip-cache-mtime-checks", f"@{files}",
        ]  # fmt: skip
        with locked(home / ".mypy.lock"):
            completed = run_bounded(command, toolchain_env(), workdir, limits.batch(1) + 2 * len(checked))
        if completed.returncode not in (0, 1) or (completed.returncode == 1 and not completed.stdout.strip()):
            detail = (completed.stderr or completed.stdout).strip().splitlines()
            raise RuntimeError("mypy failed: " + (detail[-1] if detail else f"status {completed.returncode}"))
        self._collect(completed, checked, found)
        return found

    def _collect(
        self,
        completed: subprocess.CompletedProcess[str],
        checked: dict[str, ProgramRun],
        found: dict[str, list[CompileError]],
    ) -> None:
        for line in completed.stdout.splitlines():
            match = _MYPY_LINE.match(line.strip())
            if match is None or match["kind"] != "error":
                continue
            program = checked.get(Path(match["path"]).name)
            if program is None:  # an error in a stub file, which mypy reports for imported modules
                continue
            message = re.sub(r"\s+\[[a-z-]+\]$", "", match["message"])
            error = CompileError(program.name, int(match["line"]), int(match["column"]), message)
            service = program.service or DEFAULT_SERVICE
            excuse = next((d for d in KNOWN_DISAGREEMENTS if d.matches(service, line)), None)
            if excuse is not None:
                self.excused.append((program.name, error, excuse))
                continue
            found[program.name].append(error)


RUNNER = PythonRunner()

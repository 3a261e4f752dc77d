"""The verification floor of each executed language: one process that makes the KMS spec's
six calls directly (ListKeyPolicies, GetKeyPolicy, PutKeyPolicy, then the modify
scenario's GetKeyPolicy, PutKeyPolicy, GetKeyPolicy), with the same SDK and toolchain the
runner uses. The programs live in bench/floor/; this module prepares the command that
runs each one (building it first for Java and Go; that build is timed separately and is
not part of the floor).

A language whose verification runs every program with several runners (the AWS CLI: v1,
then v2, see Runner.variants()) has one floor pass per runner, each with that runner's
executable, PATH and environment; the floor is the time of all its passes together, as
the verification time is that of all its runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLOOR = Path(__file__).resolve().parent / "floor"
# What every floor program must send, in order (checked on the recording moto server).
CALLS = ("ListKeyPolicies", "GetKeyPolicy", "PutKeyPolicy", "GetKeyPolicy", "PutKeyPolicy", "GetKeyPolicy")


class FloorUnavailable(Exception):
    """The language's toolchain or SDK is missing here."""


@dataclass
class FloorPass:
    """One process of a floor: the six calls with one runner's toolchain."""

    label: str  # the runner's label, e.g. "AWS CLI v2"
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)  # added to the isolated environment


@dataclass
class Floor:
    language: str
    passes: list[FloorPass]  # run one after another; each must send exactly CALLS
    cwd: Path
    build_seconds: float | None = None  # javac / go build, once, not part of the floor
    cleanup: Callable[[], None] = lambda: None
    # Run once, untimed, before the first timed run, as part of the build: the Java floor's
    # first JVM writes the class-data archive its timed JVMs map, as the Java runner's JVMs
    # map the archive of a batch they ran before.
    primer: FloorPass | None = None

    @classmethod
    def single(cls, language: str, command: list[str], cwd: Path, env: dict[str, str] | None = None,
               **extra: Any) -> Floor:  # fmt: skip
        """A floor of one process (a language verified with one runner)."""
        return cls(language, [FloorPass(language, command, dict(env or {}))], cwd, **extra)


def prepare(language: str, scratch: Path) -> Floor:
    """The floor for language, ready to run (scratch is a folder it may use)."""
    from generator.runners import RUNNERS

    runner = RUNNERS.get(language)
    if runner is None or runner.level != "executed":
        raise FloorUnavailable(f"{language} programs are not executed here")
    found = runner.availability()
    if not found.ok:
        raise FloorUnavailable(found.reason)
    folder = scratch / language
    folder.mkdir(parents=True, exist_ok=True)
    builders: dict[str, Callable[[Path], Floor]] = {
        "python": _python,
        "cli": _cli,
        "ruby": _ruby,
        "javascript": _javascript,
        "java": _java,
        "go": _go,
    }
    if language not in builders:
        raise FloorUnavailable(f"no floor program for {language} in bench/floor/")
    return builders[language](folder)


def _tool(name: str) -> str:
    from generator.runners.base import which

    found = which(name, [Path("/usr/local/go/bin")] if name == "go" else None)
    if found is None:
        raise FloorUnavailable(f"missing {name}")
    return found


def _python(folder: Path) -> Floor:
    return Floor.single("python", [sys.executable, str(FLOOR / "floor.py")], folder)


def _cli(folder: Path) -> Floor:
    """One pass per AWS CLI that verification runs each program with (v1, then v2), with
    what the runner gives each: its aws executable (called through a shell function that
    adds the loopback endpoint, as the runner's harness does, since v2.9 ignores
    AWS_ENDPOINT_URL), its folders first on PATH, its extra environment (AWS_PAGER)."""
    from generator.runners import RUNNERS

    passes = []
    for variant in RUNNERS["cli"].variants():
        label = str(getattr(variant, "label", type(variant).__name__))
        found = variant.availability()
        if not found.ok:
            raise FloorUnavailable(f"{label}: {found.reason}")
        try:
            aws = str(variant._aws())  # type: ignore[attr-defined]
            bin_dirs = [str(d) for d in variant._bin_dirs()]  # type: ignore[attr-defined]
            extra = dict(getattr(variant, "extra_env", {}))
        except AttributeError as exc:
            raise FloorUnavailable(f"the CLI runner no longer says which aws it runs ({exc})") from exc
        path = os.pathsep.join([*bin_dirs, os.environ.get("PATH", "")])
        env = {**extra, "PATH": path, "POLYSNIP_AWS": aws}
        passes.append(FloorPass(label, [_tool("bash"), str(FLOOR / "floor.sh")], env))
    return Floor("cli", passes, folder)


def _ruby(folder: Path) -> Floor:
    return Floor.single("ruby", [_tool("ruby"), "-W0", "-EUTF-8:UTF-8", str(FLOOR / "floor.rb")], folder)


def _javascript(folder: Path) -> Floor:
    from generator.runners.base import cache_dir
    from generator.runners.javascript import QUIET_ENV

    # ES modules resolve packages from their own location: the runner's workspace.
    runs = cache_dir("javascript") / "runs"
    runs.mkdir(exist_ok=True)
    where = runs / f"bench-floor-{os.getpid()}"
    where.mkdir(exist_ok=True)
    shutil.copyfile(FLOOR / "floor.mjs", where / "floor.mjs")
    return Floor.single(
        "javascript",
        [_tool("node"), str(where / "floor.mjs")],
        folder,
        dict(QUIET_ENV),
        cleanup=lambda: shutil.rmtree(where, ignore_errors=True),
    )


def _java(folder: Path) -> Floor:
    from generator.runners import RUNNERS
    from generator.runners.java import _QUIET_SHARING, JAVAC_FLAGS, JVM_FLAGS

    jars = RUNNERS["java"].classpath()  # type: ignore[attr-defined]
    if not jars:
        raise FloorUnavailable("the Java runner has no cached classpath")
    sdk = os.pathsep.join(jars)
    classes = folder / "classes"
    classes.mkdir(exist_ok=True)
    started = time.perf_counter()
    completed = subprocess.run(
        [_tool("javac"), *JAVAC_FLAGS, "-nowarn", "-cp", sdk, "-d", str(classes), str(FLOOR / "Floor.java")],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    build = time.perf_counter() - started
    if completed.returncode != 0:
        raise FloorUnavailable(f"Floor.java does not compile: {completed.stderr.strip()[-300:]}")
    # A class-data archive holds only classes that come from jars, so Floor's are packed.
    jar = folder / "floor.jar"
    with zipfile.ZipFile(jar, "w") as packed:
        for path in sorted(classes.rglob("*.class")):
            packed.write(path, path.relative_to(classes).as_posix())
    archive = folder / "floor.jsa"
    start = [_tool("java"), *JVM_FLAGS, f"-Duser.home={folder}"]
    where = ["-cp", os.pathsep.join([str(jar), sdk]), "Floor"]
    command = [*start, f"-XX:SharedArchiveFile={archive}", _QUIET_SHARING, *where]
    primer = FloorPass("java (writes the class-data archive)", [*start, f"-XX:ArchiveClassesAtExit={archive}",
                                                                 _QUIET_SHARING, *where])  # fmt: skip
    return Floor.single("java", command, folder, build_seconds=build, primer=primer)


def _go(folder: Path) -> Floor:
    from generator.runners import RUNNERS
    from generator.runners.base import locked
    from generator.runners.go import BUILD_FLAGS

    runner = RUNNERS["go"]
    go = _tool("go")
    workspace: Path = runner.workspace()  # type: ignore[attr-defined]
    binary = folder / "floor"
    package = workspace / f"bench-floor-{os.getpid()}"
    # The runner's own builds use progs/ under this lock; ours uses a folder beside it.
    with locked(workspace / ".lock"):
        package.mkdir(exist_ok=True)
        shutil.copyfile(FLOOR / "main.go", package / "main.go")
        env = runner.build_env(go, dict(os.environ), offline=True)  # type: ignore[attr-defined]  # GOPROXY=off
        try:
            started = time.perf_counter()
            completed = subprocess.run(
                [go, "build", *BUILD_FLAGS, "-o", str(binary), f"./{package.name}"],
                cwd=workspace, env=env, capture_output=True, text=True, check=False, timeout=900,
            )  # fmt: skip
            build = time.perf_counter() - started
        finally:
            shutil.rmtree(package, ignore_errors=True)
    if completed.returncode != 0 or not binary.is_file():
        raise FloorUnavailable(f"the Go floor does not build: {completed.stderr.strip()[-300:]}")
    return Floor.single("go", [str(binary)], folder, build_seconds=build)

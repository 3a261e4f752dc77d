"""The verification floor of each executed language: one process that makes the KMS spec's
six calls directly (ListKeyPolicies, GetKeyPolicy, PutKeyPolicy, then the modify
scenario's GetKeyPolicy, PutKeyPolicy, GetKeyPolicy), with the same SDK and toolchain the
runner uses. The programs live in bench/floor/; this module prepares the command that
runs each one (building it first for Java and Go; that build is timed separately and is
not part of the floor)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FLOOR = Path(__file__).resolve().parent / "floor"
# What every floor program must send, in order (checked on the recording moto server).
CALLS = ("ListKeyPolicies", "GetKeyPolicy", "PutKeyPolicy", "GetKeyPolicy", "PutKeyPolicy", "GetKeyPolicy")


class FloorUnavailable(Exception):
    """The language's toolchain or SDK is missing here."""


@dataclass
class Floor:
    language: str
    command: list[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)  # added to the isolated environment
    build_seconds: float | None = None  # javac / go build, once, not part of the floor
    cleanup: Callable[[], None] = lambda: None


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
    return Floor("python", [sys.executable, str(FLOOR / "floor.py")], folder)


def _cli(folder: Path) -> Floor:
    # As the CLI runner does: the aws of this Python environment comes first on PATH.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return Floor("cli", [_tool("bash"), str(FLOOR / "floor.sh")], folder, {"PATH": path})


def _ruby(folder: Path) -> Floor:
    return Floor("ruby", [_tool("ruby"), "-W0", "-EUTF-8:UTF-8", str(FLOOR / "floor.rb")], folder)


def _javascript(folder: Path) -> Floor:
    from generator.runners.base import cache_dir
    from generator.runners.javascript import QUIET_ENV

    # ES modules resolve packages from their own location: the runner's workspace.
    runs = cache_dir("javascript") / "runs"
    runs.mkdir(exist_ok=True)
    where = runs / f"bench-floor-{os.getpid()}"
    where.mkdir(exist_ok=True)
    shutil.copyfile(FLOOR / "floor.mjs", where / "floor.mjs")
    return Floor(
        "javascript",
        [_tool("node"), str(where / "floor.mjs")],
        folder,
        dict(QUIET_ENV),
        cleanup=lambda: shutil.rmtree(where, ignore_errors=True),
    )


def _java(folder: Path) -> Floor:
    from generator.runners import RUNNERS
    from generator.runners.java import JAVAC_FLAGS, JVM_FLAGS

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
    command = [_tool("java"), *JVM_FLAGS, f"-Duser.home={folder}", "-cp", os.pathsep.join([str(classes), sdk]), "Floor"]
    return Floor("java", command, folder, build_seconds=build)


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
    return Floor("go", [str(binary)], folder, build_seconds=build)

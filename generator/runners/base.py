"""What a runner does: execute a batch of programs of one language against moto."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

FAKE_SECRET = "polysnip-fake-secret-key"
TIMED_OUT = 124  # the status of a batch process killed at its time limit (as timeout(1) reports it)


@dataclass(frozen=True)
class ProgramRun:
    name: str  # unit id, e.g. put-key-policy
    filename: str  # file name the language expects, e.g. PutKeyPolicyExample.java
    text: str  # the exact text to execute
    access_key: str  # fake access key that identifies this program's requests


@dataclass
class RunResult:
    exit_code: int
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0
    error_line: int | None = None  # line of the program where it failed, when known


@dataclass(frozen=True)
class Availability:
    ok: bool
    reason: str = ""  # why not, and how to install
    versions: dict[str, str] = field(default_factory=dict)


def isolated_env(endpoint: str, region: str, home: Path) -> dict[str, str]:
    """An environment that can only reach the loopback moto server.

    Every AWS_* variable of the caller (real keys, profiles, endpoints) is dropped, config
    and credential files point at empty files, instance metadata is off and proxies are
    cleared; each runner adds the per-program access key.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k.lower() not in _PROXY_VARS}
    config = home / "aws-config"
    credentials = home / "aws-credentials"
    config.write_text("")
    credentials.write_text("")
    env.update(
        {
            "AWS_ACCESS_KEY_ID": "POLYSNIPUNSET",
            "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_DEFAULT_REGION": region,
            "AWS_REGION": region,
            "AWS_RETRY_MODE": "standard",
            "AWS_MAX_ATTEMPTS": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "HOME": str(home),
        }
    )
    return env


_PROXY_VARS = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}


def cache_dir(name: str) -> Path:
    """A persistent folder for a toolchain workspace (node_modules, Maven classpath, Go
    build cache…). Resolved in the parent process, so the isolated HOME that programs
    run with does not hide it. POLYSNIP_CACHE moves it."""
    root = Path(os.environ.get("POLYSNIP_CACHE") or Path.home() / ".cache" / "polysnip")
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Runner(ABC):
    language: str  # the language key this runner executes
    level: str = "executed"  # proof level when it runs: executed, compiled or parsed
    install_hint: str = ""  # how to get the toolchain, shown by polysnip doctor

    @abstractmethod
    def availability(self) -> Availability:
        """Whether the toolchain and SDK are installed, with their versions."""

    def install(self) -> None:
        """Fetch the SDK into the toolchain cache (network allowed). After this, run()
        must work offline. The default has nothing to fetch."""
        return None

    def prepare(self, text: str, regions: dict[str, tuple[int, int]], endpoint: str) -> str:
        """The text to execute; runners whose SDK ignores AWS_ENDPOINT_URL may rewrite the
        client-construction region here, and nothing else."""
        return text

    @abstractmethod
    def run(self, programs: list[ProgramRun], workdir: Path, env: dict[str, str]) -> dict[str, RunResult]:
        """Run every program (sequentially; they share the moto server) and report each."""


def run_bounded(command: list[str], env: dict[str, str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a batch process; past the timeout it is killed and reported with status 124,
    so that the program it was running fails and the rest run in a new process."""
    try:
        return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        out, err = (b.decode("utf-8", "replace") if isinstance(b, bytes) else (b or "") for b in (exc.stdout, exc.stderr))
        return subprocess.CompletedProcess(command, TIMED_OUT, out, f"{err}\ntimed out after {timeout:.0f} s".strip())


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """One process at a time in a shared toolchain workspace (test workers, two terminals)."""
    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def which(tool: str, extra_dirs: list[Path] | None = None) -> str | None:
    for folder in extra_dirs or []:
        candidate = folder / tool
        if candidate.exists():
            return str(candidate)
    return shutil.which(tool)

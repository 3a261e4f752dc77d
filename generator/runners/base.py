"""What a runner does: execute a batch of programs of one language against moto.

Everything a runner starts goes through run_bounded(): the process gets its own process
group, a time limit and an output limit, and whatever it leaves behind is killed. A hung
or runaway program therefore becomes a failed result ("timed out after N s"), never an
exception in the caller.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FAKE_SECRET = "polysnip-fake-secret-key"
TIMED_OUT = 124  # the status of a process killed at its time limit (as timeout(1) reports it)
TOO_MUCH_OUTPUT = 125  # the status of a process killed for printing more than the output limit
_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class ProgramRun:
    name: str  # unit id, e.g. put-key-policy
    filename: str  # file name the language expects, e.g. PutKeyPolicyExample.java
    text: str  # the exact text to execute
    access_key: str  # fake access key that identifies this program's requests
    service: str = "kms"  # botocore service name: which SDK package the program needs


@dataclass
class RunResult:
    exit_code: int
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0
    error_line: int | None = None  # line of the program where it failed, when known
    # When the program ran, in time.monotonic() seconds (CLOCK_MONOTONIC, which every
    # harness can read), so that a request can be traced to the program running at the time.
    started: float | None = None
    finished: float | None = None


@dataclass(frozen=True)
class Availability:
    ok: bool
    reason: str = ""  # why not, and how to install
    # False when nothing can be installed here (no package exists for this machine): the
    # programs are "not executed" without that being a failure, as for C#.
    installable: bool = True
    versions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CompileError:
    """One error a compiler or type checker reported against a program (1-based line and column)."""

    program: str  # the ProgramRun's name
    line: int
    column: int
    message: str
    # True when the program could not be checked because what it needs cannot be had here
    # (no SDK package for the service, or an installed SDK older than the model): it is
    # "not compiled", with the message as the reason, not a failure of the program
    unavailable: bool = False

    def __str__(self) -> str:
        return f"line {self.line}:{self.column}: {self.message}"


def sort_errors(errors: list[CompileError]) -> tuple[list[CompileError], str]:
    """A program's checker errors sorted: (its own errors, why it could not be checked here).
    It could not be checked only when every error says what this machine lacks."""
    own = [error for error in errors if not error.unavailable]
    return own, errors[0].message if errors and not own else ""


@dataclass(frozen=True)
class Checker:
    """What a runner's typecheck() proves, for reports and badges."""

    level: str  # "compiled" (a compiler or type checker against the SDK) or "names checked"
    description: str  # e.g. "compiled with javac 17 against AWS SDK for Java 2.31.9"


@dataclass(frozen=True)
class Limits:
    """How long and how loud a program may be. A batch process (one JVM, node or ruby for
    many programs) gets startup_seconds plus program_seconds for each program in it."""

    program_seconds: float = 120.0
    startup_seconds: float = 120.0
    output_bytes: int = 4_000_000  # per stream

    def batch(self, programs: int) -> float:
        return self.startup_seconds + self.program_seconds * max(programs, 1)


DEFAULT_LIMITS = Limits()

# Variables of the caller that could send a program (or the SDK under it) somewhere other
# than the loopback moto server, or load code into it: proxies in every spelling, the
# option variables of each runtime, shell start-up hooks and preloaded libraries.
_DROPPED_NAMES = frozenset(
    {
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FTP_PROXY", "SOCKS_PROXY", "SOCKS5_PROXY",
        "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTIONS", "JAVA_OPTS", "CLASSPATH",
        "MAVEN_OPTS", "MAVEN_ARGS",
        "RUBYOPT", "RUBYLIB", "RUBYSHELL",
        "PYTHONPATH", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONINSPECT", "PYTHONBREAKPOINT", "PYTHONWARNINGS",
        "PYTHONSAFEPATH", "PYTHONEXECUTABLE",
        "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "CDPATH", "PROMPT_COMMAND",
        "LD_PRELOAD", "LD_AUDIT",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSLKEYLOGFILE",
    }
)  # fmt: skip
# ...and every variable with one of these prefixes (Node's NODE_OPTIONS/NODE_PATH/NODE_EXTRA_CA_CERTS,
# Go's GOFLAGS/GOPROXY/GODEBUG, Bundler's and RubyGems' settings, exported bash functions).
_DROPPED_PREFIXES = ("AWS_", "NODE_", "NPM_CONFIG_", "GO", "BUNDLE_", "GEM_", "BASH_FUNC_")


def _dropped(name: str) -> bool:
    upper = name.upper()
    return upper in _DROPPED_NAMES or upper.startswith(_DROPPED_PREFIXES)


def toolchain_env() -> dict[str, str]:
    """The caller's environment without what isolated_env() drops: for asking a toolchain
    its version or compiling the harness, with the caller's HOME and caches."""
    return {k: v for k, v in os.environ.items() if not _dropped(k)}


def isolated_env(endpoint: str, region: str, home: Path) -> dict[str, str]:
    """An environment that can only reach the loopback moto server.

    Every AWS_* variable of the caller (real keys, profiles, endpoints) is dropped, and so
    is everything else that can redirect a request or load code into a program (proxies in
    every spelling, JAVA_TOOL_OPTIONS, NODE_OPTIONS, GOFLAGS, RUBYOPT, PYTHONPATH, BASH_ENV,
    LD_PRELOAD…); config and credential files point at empty files, instance metadata is
    off and NO_PROXY names loopback. Each runner adds the per-program access key.
    """
    env = toolchain_env()
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
            "PYTHONNOUSERSITE": "1",
            "HOME": str(home),
        }
    )
    return env


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

    def install(self, services: Sequence[str] = ()) -> None:
        """Fetch the SDK of each service (none given: the services of ./specs) into the
        toolchain cache (network allowed), recording what was fetched, or that it cannot
        be had, in the cache's lock data. After this, run() works offline. The default
        has nothing to fetch."""
        return None

    def variants(self) -> list[Runner]:
        """The runners that each run every program of this language (e.g. AWS CLI v1 and
        v2); every one must pass. The first is this runner, whose outcome is reported."""
        return [self]

    def sdk_availability(self, service: str) -> Availability:
        """Whether the SDK package for this service is here (after availability() said
        the toolchain is); reason says "no SDK for <service> can be installed here" when
        it cannot be had, or how to fetch it. The default: every service's SDK is here."""
        return Availability(True)

    def checker(self) -> Checker | None:
        """What typecheck() does here, with versions; None when this language has no
        checker on this machine (its programs stay "parsed" unless they are executed)."""
        return None

    # True when run() compiles each program against the SDK first and reports a compile
    # error as the program's failure (Java, Go): verification then needs no typecheck().
    compiles_when_run: bool = False

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        """Compile or type-check every program against the SDK of its service
        (ProgramRun.service; programs of several services may come in one call) without
        running it, as the published text stands. Returns an entry for every program: an
        empty list when it is clean. Only called when checker() is not None; processes go
        through run_bounded(). The default has no checker."""
        raise NotImplementedError(f"{self.language} has no type checker")

    def prepare(self, text: str, regions: dict[str, tuple[int, int]], endpoint: str) -> str:
        """The text to execute; runners whose SDK ignores AWS_ENDPOINT_URL may rewrite the
        client-construction region here, and nothing else."""
        return text

    @abstractmethod
    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        """Run every program (sequentially; they share the moto server) and report each.
        Every process goes through run_bounded() with these limits."""


Watch = Callable[[], str | None]  # polled while a process runs: a reason to stop it, or None


def run_bounded(
    command: list[str],
    env: dict[str, str],
    cwd: Path,
    timeout: float,
    output_bytes: int = DEFAULT_LIMITS.output_bytes,
    watch: Watch | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a process in its own process group with a time and an output limit.

    Past the timeout (or when watch() gives a reason) the whole group is killed and the
    result has status TIMED_OUT with "timed out after N s" as the last line of stderr;
    printing more than output_bytes on either stream kills it with TOO_MUCH_OUTPUT. The
    group is killed when the process ends too, so nothing it started outlives it, and on
    any exception here (SIGTERM turned into one, KeyboardInterrupt). Output goes to
    unlinked temporary files, so a child that keeps them open cannot hang the caller."""
    with ExitStack() as stack:
        out = stack.enter_context(tempfile.TemporaryFile())
        err = stack.enter_context(tempfile.TemporaryFile())
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )
        problem = ""
        try:
            code, problem = _supervise(process, (out, err), timeout, output_bytes, watch)
        finally:
            _kill_group(process)
        stdout, stderr = _read(out, output_bytes), _read(err, output_bytes)
    if problem:
        stderr = f"{stderr.rstrip()}\n{problem}".strip()
    return subprocess.CompletedProcess(command, code, stdout, stderr)


def _supervise(
    process: subprocess.Popen[bytes],
    streams: tuple[IO[bytes], ...],
    timeout: float,
    output_bytes: int,
    watch: Watch | None,
) -> tuple[int, str]:
    """Wait for the process, checking its output size, the deadline and watch() at least
    every _POLL_SECONDS. Its end is noticed at once where Linux gives a pidfd (a file
    descriptor that becomes readable when the process exits); elsewhere by polling with a
    pause that grows from 2 ms."""
    deadline = time.monotonic() + timeout
    exited = _exit_waiter(process)
    pause = 0.002
    try:
        while True:
            if exited is not None:
                if exited.poll(max(0.0, min(_POLL_SECONDS, deadline - time.monotonic())) * 1000):
                    return process.wait(), ""
                code = process.poll()  # reaped elsewhere, or a pidfd that never fires
                if code is not None:
                    return code, ""
            else:
                try:
                    return process.wait(timeout=pause), ""
                except subprocess.TimeoutExpired:
                    pause = min(pause * 2, _POLL_SECONDS)
            if any(os.fstat(s.fileno()).st_size > output_bytes for s in streams):
                return TOO_MUCH_OUTPUT, f"printed more than {output_bytes} bytes, so it was stopped"
            if time.monotonic() >= deadline:
                return TIMED_OUT, f"timed out after {timeout:g} s"
            reason = watch() if watch is not None else None
            if reason:
                return TIMED_OUT, reason
    finally:
        if exited is not None:
            exited.close()


class _PidfdWaiter:
    """A poll() on the process's pidfd: readable once the process has exited."""

    def __init__(self, descriptor: int):
        self.descriptor = descriptor
        self.poller = select.poll()
        self.poller.register(descriptor, select.POLLIN)

    def poll(self, milliseconds: float) -> bool:
        return bool(self.poller.poll(math.ceil(milliseconds)))

    def close(self) -> None:
        os.close(self.descriptor)


def _exit_waiter(process: subprocess.Popen[bytes]) -> _PidfdWaiter | None:
    """A waiter on the process's exit, or None where pidfd_open is missing (not Linux 5.3+)."""
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        return _PidfdWaiter(opener(process.pid))
    except OSError:  # the kernel refuses it, or the process was reaped already
        return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _read(stream: IO[bytes], limit: int) -> str:
    stream.seek(0)
    data = stream.read(limit + 1)
    text = data[:limit].decode("utf-8", "replace")
    return text + "\n[output cut]" if len(data) > limit else text


def probe(
    command: list[str], timeout: float = 60.0, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Ask a toolchain something (its version), bounded like any run; by default with
    toolchain_env(), so that the caller's option variables cannot break the answer."""
    return run_bounded(command, toolchain_env() if env is None else env, Path.cwd(), timeout)


class BatchWatch:
    """Stops a batch process (one interpreter running many programs) when one program runs
    longer than its share, or the process never gets to the first program. The harness
    appends a line to its results file when a program starts and one when it ends."""

    def __init__(self, results: Path, is_start: Callable[[str], bool], limits: Limits):
        self.results = results
        self.is_start = is_start
        self.limits = limits
        self.began = time.monotonic()
        self.lines = -1
        self.since = self.began
        self.running = ""  # the start line of the program that is running

    def __call__(self) -> str | None:
        try:
            lines = self.results.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        if len(lines) != self.lines:
            self.lines = len(lines)
            self.since = time.monotonic()
            self.running = lines[-1] if lines and self.is_start(lines[-1]) else ""
        waited = time.monotonic() - self.since
        if self.running and waited > self.limits.program_seconds:
            return f"timed out after {self.limits.program_seconds:g} s"
        if self.lines <= 0 and waited > self.limits.startup_seconds:
            return f"timed out after {self.limits.startup_seconds:g} s before the first program started"
        return None


def run_json_batches(
    items: list[dict[str, Any]],
    workdir: Path,
    label: str,
    command: Callable[[Path, Path], list[str]],
    env: dict[str, str],
    limits: Limits,
    process: str,
) -> dict[str, RunResult]:
    """Run a harness that takes a JSON manifest of items (each with a "name") and appends
    JSON lines to a results file: {"start": name} before a program, its RunResult fields
    (with "name") after. A program that ends or hangs the process is failed with what the
    process printed, and the rest run in a new process."""
    results: dict[str, RunResult] = {}
    batch = 0
    while items:
        batch += 1
        manifest_path = workdir / f"{label}-batch-{batch}.json"
        results_path = workdir / f"{label}-batch-{batch}.results"
        manifest_path.write_text(json.dumps(items), encoding="utf-8")
        watch = BatchWatch(results_path, lambda line: line.startswith('{"start"'), limits)
        completed = run_bounded(
            command(manifest_path, results_path), env, workdir, limits.batch(len(items)), limits.output_bytes, watch
        )
        started: str | None = None
        lines = results_path.read_text(encoding="utf-8", errors="replace").splitlines() if results_path.exists() else []
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line cut short by the kill
            if "start" in event:
                started = event["start"]
            else:
                name = event.pop("name")
                results[name] = RunResult(**event)
                started = None
        if started is not None:  # this program ended (or hung) the process; its own output is lost
            code = completed.returncode
            note = f"the program ended the {process} with status {code}" if code not in (0, TIMED_OUT) else ""
            stderr = "\n".join(p for p in (completed.stderr.strip(), note) if p)
            results[started] = RunResult(code, completed.stdout, stderr)
        left = [item for item in items if item["name"] not in results]
        if len(left) == len(items):  # the process never got to a program
            detail = completed.stderr.strip() or f"the {process} reported nothing"
            failure = RunResult(completed.returncode or 1, completed.stdout, detail)
            results.update({item["name"]: failure for item in left})
            left = []
        items = left
    return results


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

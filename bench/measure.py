"""Shared measuring tools: samples with median/min/max, timed subprocesses with their
own peak RSS, the machine description, and number formatting."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project checkout


def progress(message: str) -> None:
    """Progress goes to stderr, so that stdout holds only the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Sample:
    """Repeated measurements of one figure (seconds, MB, or whatever unit the caller uses)."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def runs(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def low(self) -> float:
        return min(self.values) if self.values else float("nan")

    @property
    def high(self) -> float:
        return max(self.values) if self.values else float("nan")

    def scaled(self, factor: float) -> Sample:
        return Sample([v * factor for v in self.values])

    def to_json(self) -> list[float]:
        return list(self.values)

    @classmethod
    def from_json(cls, values: Sequence[float]) -> Sample:
        return cls([float(v) for v in values])


def _last_words(returncode: int, stdout: str, stderr: str) -> str:
    """"exit N: " and the last line the process printed (stderr first, then stdout)."""
    lines = [line for line in (stderr + "\n" + stdout).strip().splitlines() if line.strip()]
    return f"exit {returncode}: {lines[-1] if lines else 'no output'}"


@dataclass(frozen=True)
class Measured:
    """One timed subprocess: wall time, its own peak RSS (and its children's), exit status."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str

    def failure(self) -> str:
        return _last_words(self.returncode, self.stdout, self.stderr)


TIME = Path("/usr/bin/time")  # GNU time: reports the peak RSS of exactly the process it runs


def run_measured(
    command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 600.0
) -> Measured:
    """Run command and measure it: wall time, and the peak RSS of that process (the
    largest of it and the descendants it waited for).

    The RSS comes from GNU time when it is installed: Python starts children with vfork,
    and Linux then counts the parent's own peak RSS into the child's ru_maxrss, so
    os.wait4 on a direct child would report at least the bench's size. Without
    /usr/bin/time that is what is reported (an upper bound)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        rss_file = Path(scratch) / "rss"
        wrapped = [str(TIME), "-f", "%M", "-o", str(rss_file), *command] if TIME.is_file() else list(command)
        started = time.perf_counter()
        process = subprocess.Popen(
            wrapped, cwd=cwd, env=dict(env) if env is not None else None, stdout=out, stderr=err,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        peak_kib = float(usage.ru_maxrss)
        try:
            peak_kib = float(rss_file.read_text().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            pass
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds=seconds,
            peak_rss_mb=peak_kib / 1024,  # both report KiB on Linux
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass(frozen=True)
class TreeMeasured:
    """One timed subprocess and every process it started: wall time, and the peak of the
    sum of their resident set sizes (sampled), beside the largest single process."""

    seconds: float
    peak_tree_mb: float  # the largest sum, over one sample, of the RSS of every process of the tree
    peak_tree_pss_mb: float  # the same with each process's PSS (shared pages divided among their sharers)
    peak_process_mb: float  # the largest RSS of one process of the tree in any sample
    processes: int  # processes of the tree seen in the samples (short-lived ones may be missed)
    samples: int
    returncode: int
    stdout: str
    stderr: str

    def failure(self) -> str:
        return _last_words(self.returncode, self.stdout, self.stderr)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _processes() -> dict[int, tuple[int, int, int]]:
    """Every process now: pid -> (parent pid, start time in clock ticks, RSS in bytes)."""
    found: dict[int, tuple[int, int, int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # after "pid (comm) "; comm may hold spaces
        try:
            found[int(name)] = (int(fields[1]), int(fields[19]), int(fields[21]) * _PAGE)
        except (IndexError, ValueError):
            continue
    return found


class _TreeSampler:
    """Samples the RSS of a process and all its descendants. A descendant whose parent exits
    is re-parented (to init or a subreaper); it is still counted, recognised by its pid and
    start time, for as long as it lives."""

    def __init__(self, root: int, interval: float):
        self.root = root
        self.interval = interval
        self.members: set[tuple[int, int]] = set()  # (pid, start time) of every process seen in the tree
        self.peak_tree = 0
        self.peak_tree_pss = 0
        self.peak_process = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        table = _processes()
        if self.root not in table:
            return
        children: dict[int, list[int]] = {}
        for pid, (parent, _, _) in table.items():
            children.setdefault(parent, []).append(pid)
        tree = {self.root}
        queue = [self.root]
        while queue:
            for child in children.get(queue.pop(), []):
                if child not in tree:
                    tree.add(child)
                    queue.append(child)
        tree.update(pid for pid, (_, start, _) in table.items() if (pid, start) in self.members)
        total = pss = 0
        for pid in tree:
            _, start, rss = table[pid]
            self.members.add((pid, start))
            total += rss
            pss += _pss(pid, rss)
            self.peak_process = max(self.peak_process, rss)
        self.peak_tree = max(self.peak_tree, total)
        self.peak_tree_pss = max(self.peak_tree_pss, pss)
        self.samples += 1


def _pss(pid: int, rss: int) -> int:
    """The proportional set size of a process in bytes (its RSS when the kernel does not say)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle.read().decode("ascii", "replace").splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss


def run_tree_measured(
    command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 7200.0,
    interval: float = 0.25,
) -> TreeMeasured:
    """Run command and measure it with everything it starts (servers, JVMs, compilers, node…):
    wall time, and the peak of the summed RSS of the whole process tree, sampled every
    interval seconds from /proc (a process shorter than that may be missed; pages shared
    between processes count once per process, so the sum is an upper bound of the memory
    the tree held), beside the peak of the summed PSS (each shared page divided among the
    processes that share it: the tree's own share of memory). Output goes to temporary
    files, so it may be large."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=dict(env) if env is not None else None, stdout=out, stderr=err,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        sampler = _TreeSampler(process.pid, interval)
        sampler.start()
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            returncode = process.wait()
        finally:
            sampler.stop()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return TreeMeasured(
            seconds=seconds,
            peak_tree_mb=sampler.peak_tree / 1024 / 1024,
            peak_tree_pss_mb=sampler.peak_tree_pss / 1024 / 1024,
            peak_process_mb=sampler.peak_process / 1024 / 1024,
            processes=len(sampler.members),
            samples=sampler.samples,
            returncode=returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def self_peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the machine -------------------------------------------------------------------------


def _proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.split(":", 1)[0].strip() == name:
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def load_average() -> str:
    try:
        return "/".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


@dataclass(frozen=True)
class Machine:
    date: str
    cores: int
    usable_cores: int
    cpu: str
    memory_gib: float
    system: str
    python: str
    load_at_start: str

    @classmethod
    def describe(cls) -> Machine:
        memory_kib = _proc_field("/proc/meminfo", "MemTotal").split()
        return cls(
            date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            cores=os.cpu_count() or 0,
            usable_cores=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0,
            cpu=_proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU",
            memory_gib=int(memory_kib[0]) / 1024 / 1024 if memory_kib else 0.0,
            system=f"{platform.system()} {platform.release()}",
            python=platform.python_version(),
            load_at_start=load_average(),
        )


def package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


# --- formatting --------------------------------------------------------------------------


def seconds(value: float) -> str:
    """A duration, in the unit that keeps three significant figures readable."""
    if value != value:  # NaN: not measured
        return "-"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.01:
        return f"{value * 1000:.0f} ms"
    return f"{value * 1000:.2f} ms"


def millis(value: float) -> str:
    if value != value:
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def spread(sample: Sample, unit: str = "s") -> str:
    """median [min–max]"""
    if not sample.runs:
        return "-"
    if unit == "s":
        return f"{seconds(sample.median)} [{seconds(sample.low)}–{seconds(sample.high)}]"
    if unit == "ms":
        return f"{millis(sample.median)} [{millis(sample.low)}–{millis(sample.high)}]"
    return f"{sample.median:.0f} [{sample.low:.0f}–{sample.high:.0f}] {unit}"


def ratio(value: float) -> str:
    return "-" if value != value else f"{value:.2f}×"


def verdict(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "-"}[met]

"""Part 6 (not in the default parts): the whole imported corpus verified in every language.

What scripts/corpus-verify does, measured: botocore's shared examples are imported into
a temporary project (`import --all`, or one `import SERVICE` per service of
--whole-corpus-services), the SDKs of the imported services are fetched (network; fast when
they are installed already), every spec is generated, and then `verify --shard K/N` runs
for K = 1..N, one after the other, over every imported spec and every language with a runner
(or --whole-corpus-langs). Each shard is one `python -m generator verify` process, measured
with everything it starts (moto, JVMs, node, go, ruby, bash, aws…): wall time, the peak of
the summed RSS (and PSS) of that process tree, and the largest single process. Each shard's
programs are counted by status (passed, failed, not executed) from its JSON output.
Then each spec's shard reports are merged (`report merge`) into the report an unsharded
verify writes, as a sharded CI run does after its jobs (timed, not part of any shard; the
merged reports go to a folder of their own). This is the project's first verify, so no
durations are recorded yet and `--shard` balances the parts by program count.

With --whole-corpus-unsharded the unsharded verify runs as well, after the shards;
otherwise the shards' sum stands for the unsharded wall time (it also holds N process
starts and N moto servers, so it is a little above what one run takes).

Every verify passes --no-cache and has an empty result cache of its own
(POLYSNIP_VERIFY_CACHE), so every program runs; compiled-artefact caches and installed
SDKs are the machine's own. The commands run a copy of the generator taken when the part
starts, so changes to the checkout meanwhile do not mix into one measurement.

Needs every corpus service's SDK for every language (or the programs are "not executed"),
network for fetching them, and about 20 to 30 minutes on 2 cores for the whole corpus.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .build import _code
from .measure import TreeMeasured, progress, run_tree_measured


@dataclass
class VerifyRun:
    """One `verify` process: a shard (index of count) or the unsharded run (index 0)."""

    index: int
    count: int
    seconds: float = float("nan")
    peak_tree_mb: float = float("nan")
    peak_tree_pss_mb: float = float("nan")
    peak_process_mb: float = float("nan")
    processes: int = 0
    exit_code: int | None = None
    statuses: Counter[str] = field(default_factory=Counter)  # programs by status, every language
    by_language: dict[str, Counter[str]] = field(default_factory=dict)
    keys: set[tuple[str, str, str]] = field(default_factory=set)  # (spec, language, program id) verified
    reports: dict[str, str] = field(default_factory=dict)  # spec -> the report this run wrote
    repeated: int = 0  # programs that appear twice in the output (none should)
    error: str = ""

    @property
    def label(self) -> str:
        return f"shard {self.index}/{self.count}" if self.index else "unsharded"

    @property
    def programs(self) -> int:
        return sum(self.statuses.values())


@dataclass
class WholeCorpusResult:
    services: list[str]  # the imported services
    all_services: bool  # the whole corpus (import --all), not a chosen few
    languages: str
    shards: int
    specs: int = 0
    import_seconds: float = float("nan")
    import_peak_mb: float = float("nan")
    sdk_seconds: float = float("nan")
    sdk_note: str = ""
    generate_seconds: float = float("nan")
    generate_peak_mb: float = float("nan")
    runs: list[VerifyRun] = field(default_factory=list)  # the shards in order, then the unsharded run if any
    merge_seconds: float = float("nan")  # `report merge` of every spec's shard reports, all specs
    merged: int = 0  # specs whose shard reports merged into the spec's report
    merge_error: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def shard_runs(self) -> list[VerifyRun]:
        return [run for run in self.runs if run.index]

    @property
    def unsharded(self) -> VerifyRun | None:
        return next((run for run in self.runs if not run.index), None)

    def partition(self) -> str:
        """Whether the shards split the programs: none verified twice, and (when the unsharded
        run ran) together exactly its programs."""
        shards = self.shard_runs
        seen: set[tuple[str, str, str]] = set()
        twice = sum(run.repeated for run in shards)
        for run in shards:
            twice += len(seen & run.keys)
            seen |= run.keys
        said = [f"{twice} program(s) verified by two shards" if twice else "no program verified by two shards"]
        whole = self.unsharded
        if whole is not None and not whole.error:
            if seen == whole.keys:
                said.append(f"together exactly the {len(seen)} programs of the unsharded run")
            else:
                said.append(f"{len(whole.keys - seen)} program(s) of the unsharded run in no shard, "
                            f"{len(seen - whole.keys)} not in the unsharded run")  # fmt: skip
        return "; ".join(said)

    @property
    def complete(self) -> bool:
        """Every shard ran to its end (its programs may have failed)."""
        shards = self.shard_runs
        return len(shards) == self.shards and all(not run.error for run in shards)


def _said(measured: TreeMeasured, lines: int = 3) -> str:
    said = [line.strip() for line in measured.stderr.splitlines() if line.strip() and "warning:" not in line]
    return " / ".join(said[-lines:])[:400]


def _count(run: VerifyRun, stdout: str) -> None:
    """Count the programs of a verify --json output by status, overall and per language."""
    data = json.loads(stdout)
    if data.get("stale"):
        raise ValueError(f"verify found the generated output out of date: {', '.join(map(str, data['stale']))}")
    for spec in data.get("specs", []):
        run.reports[str(spec.get("spec", "?"))] = str(spec.get("report", ""))
        for result in spec.get("results", []):
            status, language = str(result.get("status", "?")), str(result.get("language", "?"))
            key = (str(spec.get("spec", "?")), language, str(result.get("id", "?")))
            run.repeated += key in run.keys
            run.keys.add(key)
            run.statuses[status] += 1
            run.by_language.setdefault(language, Counter())[status] += 1


def _import(result: WholeCorpusResult, python: list[str], project: Path, env: dict[str, str]) -> list[Path]:
    specs = project / "specs"
    specs.mkdir()
    commands = ([[*python, "import", "--all", "--out", str(specs)]] if result.all_services
                else [[*python, "import", name, "--out", str(specs)] for name in result.services])  # fmt: skip
    seconds, peak = 0.0, 0.0
    for command in commands:
        progress(f"whole corpus: {' '.join(command[3:5])}")
        measured = run_tree_measured(command, cwd=project, env=env, timeout=3600)
        seconds += measured.seconds
        peak = max(peak, measured.peak_tree_mb)
        if measured.returncode not in (0, 1):  # 1: some examples were left out, the spec is written
            result.errors.append(f"{' '.join(command[3:5])} failed (exit {measured.returncode}): {_said(measured)}")
            return []
    result.import_seconds, result.import_peak_mb = seconds, peak
    written = sorted(specs.glob("*.yaml"))
    if not result.all_services:
        missing = [name for name in result.services if not (specs / f"{name}.yaml").is_file()]
        if missing:
            result.errors.append(f"import wrote no spec for {', '.join(missing)}")
    result.services = [path.stem for path in written]
    result.specs = len(written)
    return written


def _fetch_sdks(result: WholeCorpusResult, specs: list[Path], project: Path, env: dict[str, str]) -> None:
    script = ("import sys; from pathlib import Path; from generator.sdks import install_sdks, services_in_specs; "
              "print(install_sdks(services_in_specs([Path(p) for p in sys.argv[1:]])) or '')")  # fmt: skip
    progress(f"whole corpus: fetching the SDKs of {len(specs)} spec(s)")
    measured = run_tree_measured([sys.executable, "-c", script, *map(str, specs)], cwd=project, env=env, timeout=3600)
    result.sdk_seconds = measured.seconds
    if measured.returncode != 0:
        result.sdk_note = f"fetching SDKs failed (exit {measured.returncode}): {_said(measured)}"
    elif measured.stdout.strip():
        result.sdk_note = " ".join(measured.stdout.split())[:400]


def _verify(run: VerifyRun, command: list[str], project: Path, env: dict[str, str]) -> None:
    progress(f"whole corpus: verify, {run.label}")
    measured = run_tree_measured(command, cwd=project, env=env, timeout=4 * 3600)
    run.seconds, run.exit_code = measured.seconds, measured.returncode
    run.peak_tree_mb, run.peak_process_mb = measured.peak_tree_mb, measured.peak_process_mb
    run.peak_tree_pss_mb = measured.peak_tree_pss_mb
    run.processes = measured.processes
    if measured.returncode not in (0, 1):  # 1: some program failed; 2: bad input or an error
        run.error = f"exit {measured.returncode}: {_said(measured)}"
        return
    try:
        _count(run, measured.stdout)
    except (ValueError, AttributeError) as exc:
        run.error = f"unusable --json output ({exc}): {_said(measured)}"
        return
    if not run.programs:
        run.error = f"verified no program (exit {measured.returncode}): {_said(measured)}"
        return
    # Said as soon as it is known, so that an interrupted measurement still leaves its figures.
    counts = ", ".join(f"{n} {status}" for status, n in sorted(run.statuses.items()))
    progress(f"whole corpus: {run.label}: {run.seconds:.1f} s wall, peak {run.peak_tree_mb:.0f} MB RSS / "
             f"{run.peak_tree_pss_mb:.0f} MB PSS (process tree), largest process {run.peak_process_mb:.0f} MB, "
             f"exit {run.exit_code}; {run.programs} programs: {counts}")


def _merge(result: WholeCorpusResult, python: list[str], project: Path, env: dict[str, str]) -> None:
    """`report merge` each spec's shard reports into the report an unsharded verify writes,
    as a sharded CI run does after its jobs (one process per spec, timed together). The
    merged reports go to a folder of their own: in the project's report folder they would
    make its generated pages out of date for the unsharded verify that may follow."""
    shards = result.shard_runs
    specs = sorted(set().union(*(run.reports for run in shards)))
    progress(f"whole corpus: report merge of {len(specs)} spec(s)")
    total = 0.0
    (project / "merged").mkdir(exist_ok=True)
    for spec in specs:
        parts = [run.reports.get(spec, "") for run in shards]
        if not all(parts):
            result.merge_error = f"{spec}: a shard wrote no report"
            break
        first = Path(parts[0])  # <out>/verification/shards/<name>.1-of-N.json
        target = project / "merged" / re.sub(r"\.\d+-of-\d+\.json$", ".json", first.name)
        measured = run_tree_measured([*python, "report", "merge", *parts, "-o", str(target)], cwd=project, env=env,
                                     timeout=600)  # fmt: skip
        total += measured.seconds
        if measured.returncode != 0:
            result.merge_error = f"{spec}: report merge failed (exit {measured.returncode}): {_said(measured)}"
            break
        result.merged += 1
    result.merge_seconds = total


def measure_whole_corpus(services: list[str] | None, languages: str | None, shards: int,
                         unsharded: bool) -> WholeCorpusResult:  # fmt: skip
    """services: None for every service with shared examples."""
    result = WholeCorpusResult(services=list(services or []), all_services=services is None,
                               languages=languages or "every language with a runner", shards=shards)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="polysnip-bench-corpus-") as temp:
        root = Path(temp)
        project = root / "project"
        project.mkdir()
        code = _code(root)
        cache = root / "verify-cache"
        path = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH", "")]))
        env = {**os.environ, "PYTHONPATH": path, "POLYSNIP_VERIFY_CACHE": str(cache)}
        python = [sys.executable, "-m", "generator"]
        specs = _import(result, python, project, env)
        if not specs:
            if not result.errors:
                result.errors.append("the import wrote no spec")
            return result
        _fetch_sdks(result, specs, project, env)
        names = [str(spec.relative_to(project)) for spec in specs]
        progress(f"whole corpus: generate {len(names)} spec(s)")
        measured = run_tree_measured([*python, "generate", *names, "--out", "out"], cwd=project, env=env, timeout=3600)
        result.generate_seconds, result.generate_peak_mb = measured.seconds, measured.peak_tree_mb
        if measured.returncode != 0:
            result.errors.append(f"generate failed (exit {measured.returncode}): {_said(measured)}")
            return result
        lang = ["--lang", languages] if languages else []
        verify = [*python, "verify", *names, "--out", "out", "--json", "--no-cache", *lang]
        for index in range(1, shards + 1):
            run = VerifyRun(index, shards)
            result.runs.append(run)
            _verify(run, [*verify, "--shard", f"{index}/{shards}"], project, env)
        if result.complete:
            _merge(result, python, project, env)
        if unsharded:
            run = VerifyRun(0, 1)
            result.runs.append(run)
            _verify(run, verify, project, env)
    return result

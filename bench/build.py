"""Part 5: `polysnip build` of the shipped specs, cold and then with nothing changed.

Each run copies the project (specs/*.yaml, mkdocs.yml, site/) into a temporary folder and
removes the spec folders and reports from the copy's site/, so the cold build generates,
verifies and publishes everything; the verification cache is an empty temporary folder
(POLYSNIP_VERIFY_CACHE), so nothing is taken from earlier runs, and `--no-cache` is
passed as well. The warm build is the same command again, in the same copy, without
`--no-cache`: nothing changed, so generation answers from its fingerprint and every
language's results come from the cache; the reports now label them as cached, so pages and
the site are rebuilt. A third build ("again") is the steady state: not even the reports
change, so the site is not rebuilt either. Installed SDKs and compiled-artefact caches are
the machine's own in both (they are not what this part measures). The builds run a copy of
the generator taken when the part starts.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .measure import ROOT, Sample, progress, run_measured


@dataclass
class BuildResult:
    specs: list[str] = field(default_factory=list)
    languages: str = ""
    cold: Sample = field(default_factory=Sample)
    warm: Sample = field(default_factory=Sample)  # the first build after the cold one
    again: Sample = field(default_factory=Sample)  # the one after that: nothing at all changed
    cold_rss: Sample = field(default_factory=Sample)
    warm_rss: Sample = field(default_factory=Sample)
    again_rss: Sample = field(default_factory=Sample)
    cached_results: int = 0  # results the last warm build reported as taken from the cache
    results: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        if not self.cold.runs or not self.warm.runs:
            return float("nan")
        return self.warm.median / self.cold.median

    @property
    def again_share(self) -> float:
        if not self.cold.runs or not self.again.runs:
            return float("nan")
        return self.again.median / self.cold.median


def shipped_specs() -> list[str]:
    return sorted(f"specs/{p.name}" for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))


def _project(into: Path, specs: list[str]) -> Path:
    project = into / "project"
    project.mkdir()
    (project / "specs").mkdir()
    for spec in specs:
        shutil.copyfile(ROOT / spec, project / spec)
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site", project / "site", symlinks=True, ignore=shutil.ignore_patterns(".*.new", ".*.old"))
    for spec in specs:
        stem = Path(spec).stem
        shutil.rmtree(project / "site" / stem, ignore_errors=True)
        (project / "site" / "verification" / f"{stem}.json").unlink(missing_ok=True)
    return project


def _cached(project: Path, specs: list[str], output: str) -> tuple[int, int]:
    """(results the build said came from the verification cache, all results in the reports)."""
    import json
    import re

    total = 0
    for spec in specs:
        try:
            data = json.loads((project / "site" / "verification" / f"{Path(spec).stem}.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue
        total += len(data.get("results", []))
    cached = sum(int(n) for n in re.findall(r"\((\d+) from the verification cache", output))
    return cached, total


def _code(into: Path) -> Path:
    """A copy of the generator and its templates: the builds of one run all use the code as it
    was when the run began, even if the checkout changes meanwhile (which would rightly make
    the next build render and verify everything again)."""
    code = into / "code"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", code / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", code / "templates", ignore=ignore)
    return code


def measure_build(runs: int, specs: list[str], languages: str | None) -> BuildResult:
    result = BuildResult(specs=specs, languages=languages or "every language with a runner")
    lang = ["--lang", languages] if languages else []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="polysnip-bench-build-") as temp:
            project = _project(Path(temp), specs)
            cache = Path(temp) / "verify-cache"
            code = _code(Path(temp))
            path = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH", "")]))
            env = {**os.environ, "POLYSNIP_VERIFY_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
            command = [sys.executable, "-m", "generator", "build", *specs, *lang]
            for label, extra, sample, rss in (("cold", ["--no-cache"], result.cold, result.cold_rss),
                                              ("warm", [], result.warm, result.warm_rss),
                                              ("again", [], result.again, result.again_rss)):  # fmt: skip
                progress(f"build: {len(specs)} spec(s), {label}, run {run + 1}/{runs}")
                measured = run_measured([*command, *extra], cwd=project, env=env, timeout=3600)
                if measured.returncode != 0:
                    said = [line.strip() for line in measured.stderr.splitlines() if line.strip()][-4:]
                    result.errors.append(f"{label} build failed (exit {measured.returncode}): {' / '.join(said)[:400]}")
                    break
                sample.add(measured.seconds)
                rss.add(measured.peak_rss_mb)
                if label == "warm":
                    result.cached_results, result.results = _cached(project, specs, measured.stdout)
    return result

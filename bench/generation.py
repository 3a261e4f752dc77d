"""Part 1a: `polysnip generate` of the KMS spec, cold and warm, each in a fresh process.

cold: a new process writing into a temporary copy of site/ whose spec folder was
removed (every file is rendered and written). warm: the same command again with
nothing changed. The copy keeps site/verification/, so pages carry the same badges.
Python's bytecode caches and the OS page cache are warm in both.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .measure import ROOT, Sample, progress, run_measured

SPEC = "specs/kms-key-policies.yaml"


@dataclass
class GenerationResult:
    cold: Sample = field(default_factory=Sample)
    warm: Sample = field(default_factory=Sample)
    cold_rss: Sample = field(default_factory=Sample)
    warm_rss: Sample = field(default_factory=Sample)
    errors: list[str] = field(default_factory=list)
    site: Path | None = None  # the last generated copy, kept for the mkdocs build


def fresh_site(into: Path) -> Path:
    """A copy of site/ without the KMS spec's generated folder."""
    site = into / "site"
    shutil.copytree(ROOT / "site", site, symlinks=True, ignore=shutil.ignore_patterns(".*.new", ".*.old"))
    shutil.rmtree(site / Path(SPEC).stem, ignore_errors=True)
    return site


def measure_generation(runs: int, keep: Path) -> GenerationResult:
    """runs cold/warm pairs; the last generated site is left in keep/site for part 4."""
    result = GenerationResult()
    command = [sys.executable, "-m", "generator", "generate", SPEC, "--out"]
    for run in range(runs):
        progress(f"generation: KMS spec, cold and warm, run {run + 1}/{runs}")
        with tempfile.TemporaryDirectory(prefix="polysnip-bench-gen-") as temp:
            site = fresh_site(Path(temp))
            for label, sample, rss in (("cold", result.cold, result.cold_rss), ("warm", result.warm, result.warm_rss)):
                measured = run_measured([*command, str(site)], cwd=ROOT)
                if measured.returncode != 0:
                    result.errors.append(f"{label} generate failed: {measured.failure()}")
                    continue
                sample.add(measured.seconds)
                rss.add(measured.peak_rss_mb)
            if run == runs - 1:
                shutil.rmtree(keep / "site", ignore_errors=True)
                shutil.copytree(site, keep / "site", symlinks=True)
                result.site = keep / "site"
    return result

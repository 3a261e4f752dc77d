"""Part 4: `mkdocs build --strict` of the generated site, each run a fresh process.

The site built is the one part 1 generated (a temporary copy of site/ with the KMS
pages just generated), with a copy of mkdocs.yml beside it, into a temporary folder:
nothing is written into the checkout's site/ or build/.
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
class SiteResult:
    seconds: Sample = field(default_factory=Sample)
    rss: Sample = field(default_factory=Sample)
    pages: int = 0
    error: str = ""


def measure_site(project: Path, runs: int) -> SiteResult:
    """project holds site/ (generated); mkdocs.yml is copied next to it."""
    result = SiteResult()
    if not (project / "site").is_dir():
        shutil.copytree(ROOT / "site", project / "site", symlinks=True)
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for run in range(runs):
        progress(f"site: mkdocs build --strict, run {run + 1}/{runs}")
        with tempfile.TemporaryDirectory(prefix="polysnip-bench-html-") as html:
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", "mkdocs.yml",
                       "-d", html]  # fmt: skip
            measured = run_measured(command, cwd=project, env=env)
            if measured.returncode != 0:
                result.error = f"mkdocs build failed: {measured.failure()}"
                return result
            result.seconds.add(measured.seconds)
            result.rss.add(measured.peak_rss_mb)
            result.pages = sum(1 for _ in Path(html).rglob("*.html"))
    return result

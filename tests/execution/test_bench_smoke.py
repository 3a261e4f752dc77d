"""bench/ keeps running: every part of it at its smallest size, once.

This is not a measurement (one run on a shared machine says little); it only proves that
each part still runs to the end and reports a figure for every language it covers, so the
benchmarks cannot rot unnoticed when the code they drive changes.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.languages import LANGUAGES
from generator.runners import RUNNERS

REPO = Path(__file__).resolve().parents[2]
PARTS = {
    "generation": "### 1a. Generation: the KMS spec",
    "corpus": "### 1b. Generation: the botocore shared-example corpus, every language",
    "peer": "### 2. The peer: botocore's SharedExampleDocumenter on the same examples (Python only)",
    "verification": "### 3. Verification of the KMS spec against the floor",
    "site": "### 4. The site",
    "build": "### 5. `polysnip build`: cold, and with nothing changed",
    "targets": "### Targets",
}


@pytest.mark.slow
@pytest.mark.execution
def test_every_bench_part_runs_once_at_its_smallest_size(tmp_path: Path) -> None:
    report_file = tmp_path / "bench.md"
    completed = subprocess.run(
        [str(REPO / "bench" / "run"), "--runs", "1", "--slow-runs", "1", "--sizes", "20", "--markdown", str(report_file),
         "--build-specs", "specs/kms-key-policies.yaml", "--build-langs", "python"],
        cwd=tmp_path, capture_output=True, text=True, timeout=1500, check=False,
        env={**os.environ, "PYTHON": os.environ.get("PYTHON", "python3")},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Traceback" not in completed.stderr, completed.stderr[-3000:]
    report = report_file.read_text(encoding="utf-8")
    for part, heading in PARTS.items():
        assert heading in report, f"the {part} part is missing from the report"

    verification = report.split(PARTS["verification"], 1)[1].split("###", 1)[0]
    rows = {row.split("|")[1].strip(): row for row in verification.splitlines() if row.startswith("| ") and "---" not in row}
    for key, language in LANGUAGES.items():
        if key not in RUNNERS:
            continue
        assert language.label in rows, f"no verification row for {language.label}"
        level = rows[language.label].split("|")[2].strip()
        if os.environ.get("CI") == "true":
            # Under CI every toolchain is installed, so every language reaches its level.
            assert level in {"executed", "parsed"}, f"{language.label}: {rows[language.label]}"
        assert re.search(r"\d+(\.\d+)? m?s", rows[language.label]), f"{language.label} reported no time"

    corpus = report.split(PARTS["corpus"], 1)[1].split("###", 1)[0]
    for language in LANGUAGES.values():
        assert f"| {language.label} |" in corpus, f"no corpus figure for {language.label}"

    build = report.split(PARTS["build"], 1)[1].split("###", 1)[0]
    assert "| error |" not in build, build
    assert re.search(r"\| warm ÷ cold \(medians\) \| [\d.]+% \|", build), build
    targets = report.split(PARTS["targets"], 1)[1]
    for target in ("generation, KMS spec: warm ÷ cold", "ms per snippet", "verify ÷ floor", "`polysnip build`"):
        assert target in targets, f"the targets table has no {target!r} row"
    assert "ms per example, warm cache" in targets, "the peer comparison names no warm-cache figure"
    assert "{result" not in report, "a figure of the report was not filled in"
    assert re.search(r"\| (met|\*\*missed\*\*) \|", targets)
    # The whole corpus is not a default part; the report says how to measure it.
    assert "not run: `bench/run --only whole-corpus`" in targets, targets


@pytest.mark.slow
@pytest.mark.execution
def test_the_whole_corpus_part_runs_at_its_smallest_size(tmp_path: Path) -> None:
    """The whole-corpus part (not in the default parts: the real corpus takes tens of
    minutes) on one small service: import, SDKs, generate, the four shards and the
    unsharded verify, each with its wall time and peak memory."""
    completed = subprocess.run(
        [str(REPO / "bench" / "run"), "--only", "whole-corpus", "--whole-corpus-services", "secretsmanager",
         "--whole-corpus-unsharded"],
        cwd=tmp_path, capture_output=True, text=True, timeout=1500, check=False,
        env={**os.environ, "PYTHON": os.environ.get("PYTHON", "python3")},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Traceback" not in completed.stderr, completed.stderr[-3000:]
    heading = "### 6. The whole corpus verified in every language"
    assert heading in completed.stdout, completed.stdout[-3000:]
    part = completed.stdout.split(heading, 1)[1].split("###", 1)[0]
    assert "| error |" not in part, part
    runs = {row.split("|")[1].strip(): row for row in part.splitlines() if row.startswith("| shard ") or
            row.startswith("| unsharded ")}  # fmt: skip
    assert sorted(runs) == ["shard 1/4", "shard 2/4", "shard 3/4", "shard 4/4", "unsharded"], part
    for label, row in runs.items():
        cells = [cell.strip() for cell in row.split("|")[2:-1]]
        programs, passed, failed, not_executed = (int(cell) for cell in cells[:4])
        assert programs == passed + failed + not_executed and programs > 0, row
        assert re.fullmatch(r"[\d.]+ m?s|\d+ min \d+ s", cells[4]), f"{label}: no wall time: {row}"
        for memory in cells[5:8]:  # the process tree's RSS and PSS, the largest process
            assert re.fullmatch(r"[\d.]+ [MG]B", memory), f"{label}: no peak memory: {row}"
        assert cells[8] in {"0", "1"}, row
    shard_total = sum(int(runs[f"shard {k}/4"].split("|")[2]) for k in range(1, 5))
    assert shard_total == int(runs["unsharded"].split("|")[2]), part
    assert "no program verified by two shards; together exactly the" in part, part
    assert "`report merge` of each spec's 4 shard reports into the report an unsharded verify writes (1 spec(s))" in part
    targets = completed.stdout.split("### Targets", 1)[1]
    row = next(line for line in targets.splitlines() if line.startswith("| whole corpus verified in every language"))
    assert "shard 4/4" in row and "only secretsmanager" in row, row

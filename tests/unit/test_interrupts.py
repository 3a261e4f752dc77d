"""Interrupted and damaged runs: SIGTERM/SIGINT clean up, the report and the site are swapped in whole.

* SIGTERM (or SIGINT) while generate writes its staging folder, while verify runs programs,
  and while mkdocs builds the site: the command exits at once with a message and no
  traceback, removes its staging, temporary and build folders, and leaves the previous
  output, report and site exactly as they were.
* A 0-byte report (what a killed non-atomic write used to leave) is a warning naming the
  file for check and generate, and verify replaces it with a good one.
* `verify --lang python` merges into the existing report: the other languages' results and
  versions are kept.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.output import LOCK_NAME
from generator.report import Outcome, Report, Status, load_report, report_path, save_report

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"
SLUG = "kms-key-policies"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK_NAME
    }


def polysnip(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def interrupt_when(
    args: list[str], ready: Callable[[], bool], sig: int = signal.SIGTERM, env: dict[str, str] | None = None,
    settle: float = 0.0,
) -> tuple[int, str]:
    """Start polysnip ARGS, send sig as soon as ready() holds (then settle seconds later); exit code and stderr."""
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(settle)
    assert process.poll() is None, "the command finished before it could be interrupted"
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


def big_spec(path: Path, region: str, extra: int = 60) -> Path:
    spec: dict[str, Any] = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    spec["region"] = region
    template = spec["operations"][1]
    for i in range(extra):
        spec["operations"].append({**template, "id": f"get-key-policy-{i}", "title": f"Read the key policy, variant {i}"})
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("sig", "code", "message"), [(signal.SIGTERM, 143, "stopped by SIGTERM"), (signal.SIGINT, 130, "stopped by SIGINT")])
def test_a_signal_while_generate_writes_removes_its_staging(tmp_path: Path, sig: int, code: int, message: str) -> None:
    spec = big_spec(tmp_path / "big.yaml", "us-west-2")
    out = tmp_path / "site"
    assert polysnip("generate", str(spec), "--out", str(out)).returncode == 0
    before = snapshot(out)
    big_spec(spec, "eu-west-1")  # nearly every file changes
    returncode, stderr = interrupt_when(["generate", str(spec), "--out", str(out)], (out / ".big.new").exists, sig)
    assert returncode == code, stderr
    assert message in stderr
    assert "Traceback" not in stderr, stderr
    assert snapshot(out) == before, "the previous output changed"
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME, "big"], "the staging folder was left behind"


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    done = polysnip("generate", str(CANONICAL), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_sigterm_while_verify_runs_programs_leaves_no_temporary_folder(tmp_path: Path) -> None:
    # 65 programs, so that the signal comes while the batch runs (five run in a fraction of a second).
    spec = big_spec(tmp_path / "big.yaml", "us-west-2")
    generated = tmp_path / "site"
    assert polysnip("generate", str(spec), "--out", str(generated)).returncode == 0
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    before = snapshot(generated)
    returncode, stderr = interrupt_when(
        ["verify", str(spec), "--out", str(generated), "--lang", "python", "--no-cache"],
        lambda: any(temp.glob("polysnip-verify-*/python")),  # the Python batch's folder: the programs start
        env=env, settle=0.2,
    )
    assert returncode == 143, stderr
    assert "Traceback" not in stderr, stderr
    assert sorted(p.name for p in temp.iterdir()) == [], "verify left temporary files"
    assert snapshot(generated) == before, "an interrupted verify changed the output or wrote a report"


def test_sigterm_while_the_site_builds_keeps_the_last_good_site(tmp_path: Path) -> None:
    shutil.copytree(REPO / "site", tmp_path / "docs", ignore=shutil.ignore_patterns(".*"))
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir="docs", site_dir="build/html")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    old = tmp_path / "build" / "html"
    old.mkdir(parents=True)
    (old / "index.html").write_text("the last good site\n", encoding="utf-8")

    def building() -> bool:
        return any(p.name.endswith(".building") for p in old.parent.iterdir())

    returncode, stderr = interrupt_when(["site", "--config", str(tmp_path / "mkdocs.yml")], building, settle=0.3)
    assert returncode == 143, stderr
    assert "Traceback" not in stderr, stderr
    assert sorted(p.name for p in old.parent.iterdir()) == ["html"], "the temporary build folder was left behind"
    assert snapshot(old) == {"index.html": b"the last good site\n"}

    done = polysnip("site", "--config", str(tmp_path / "mkdocs.yml"))
    assert done.returncode == 0, done.stderr
    assert "the last good site" not in (old / "index.html").read_text(encoding="utf-8")
    assert (old / SLUG / "index.html").is_file()
    assert sorted(p.name for p in old.parent.iterdir()) == ["html"]


def test_a_failed_site_build_keeps_the_last_good_site(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[broken](missing.md)\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\nsite_dir: out\nstrict: true\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text("good\n", encoding="utf-8")
    done = polysnip("site", "--config", str(tmp_path / "mkdocs.yml"))
    assert done.returncode == 1, done.stderr
    assert "missing.md" in done.stderr
    assert snapshot(tmp_path / "out") == {"index.html": b"good\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "out"]


def test_an_empty_report_is_a_warning_and_verify_replaces_it(generated: Path) -> None:
    path = report_path(generated, SLUG)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    for command in ("check", "generate"):
        done = polysnip(command, str(CANONICAL), "--out", str(generated))
        assert done.returncode == 0, done.stderr
        assert f"{path}:1:1: warning: the verification report is unusable: the file is empty" in done.stderr
        assert "Traceback" not in done.stderr
    done = polysnip("verify", str(CANONICAL), "--out", str(generated), "--lang", "python")
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    report = load_report(path)
    assert report is not None and {o.language for o in report.outcomes} == {"python"}


def test_verify_of_one_language_keeps_the_others_results(generated: Path) -> None:
    path = report_path(generated, SLUG)
    java = Outcome("java", "list-key-policies", "operation", Status.PASSED, "executed", duration=1.5)
    save_report(path, Report(str(CANONICAL), "2026-01-01", "0.1.0", {"java": {"java": "17"}}, [java]))
    assert polysnip("generate", str(CANONICAL), "--out", str(generated)).returncode == 0  # pages show the report
    done = polysnip("verify", str(CANONICAL), "--out", str(generated), "--lang", "python")
    assert done.returncode == 0, done.stdout + done.stderr
    report = load_report(path)
    assert report is not None
    assert report.outcome("java", "list-key-policies") == java
    assert report.versions["java"] == {"java": "17"} and "python" in report.versions
    assert {o.language for o in report.outcomes} == {"java", "python"}
    assert all(o.status is Status.PASSED for o in report.outcomes if o.language == "python")
    page = (generated / SLUG / "list-key-policies.md").read_text(encoding="utf-8")
    assert "ps-badge ps-executed" in page and "not verified yet" in page  # java kept, other languages never run
    json.loads(path.read_text(encoding="utf-8"))

"""polysnip as a docs team adopts it, end to end with real tools (slow):

* the wheel, installed into a fresh virtual environment outside the repository, runs the
  README's quick start (init, build) in an empty folder, executing Python and the AWS CLI;
* the plugin's pages build with `mkdocs build --strict` in a site that has none of this
  repository's pages;
* a clean clone stays clean after `polysnip build` (nothing tracked churns);
* three shards verified as parallel processes merge into the report an unsharded verify writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANONICAL = ROOT / "specs" / "kms-key-policies.yaml"

pytestmark = [pytest.mark.slow, pytest.mark.execution]


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _clone(target: Path) -> Path:
    """The committed repository (not the working tree) at target."""
    _run(["git", "clone", "--quiet", str(ROOT), str(target)], cwd=target.parent)
    return target


def _env_without_repository(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "NO_COLOR": "1", **(extra or {})}


def test_wheel_in_a_fresh_venv_runs_the_quick_start(tmp_path: Path) -> None:
    source = _clone(tmp_path / "source")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"), str(source)],
         cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("polysnip-*.whl")
    venv = tmp_path / "venv"
    # The dependencies (boto3, moto, mkdocs, ...) are reused from this interpreter; polysnip itself
    # comes only from the wheel.
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--ignore-installed", str(wheel)], cwd=tmp_path)
    project = tmp_path / "my-docs"
    project.mkdir()
    env = _env_without_repository({"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"})
    where = _run([str(python), "-c", "import generator, sys; print(generator.__file__)"], cwd=project, env=env)
    assert Path(where.strip()).resolve().is_relative_to(venv.resolve()), where
    polysnip = str(venv / "bin" / "polysnip")
    _run([polysnip, "init"], cwd=project, env=env)
    log = _run([polysnip, "build", "--lang", "python,cli"], cwd=project, env=env)
    assert "build finished" in log
    report = json.loads((project / "docs" / "verification" / "kms.json").read_text(encoding="utf-8"))
    executed = {(r["language"], r["status"]) for r in report["results"]}
    assert executed == {("python", "passed"), ("cli", "passed")}, report["results"]
    assert (project / "docs" / "kms" / "index.md").is_file()  # generated into the docs folder
    assert (project / "site" / "kms" / "index.html").is_file()  # and built by mkdocs


def test_the_plugin_builds_strict_in_a_foreign_site(tmp_path: Path) -> None:
    site = tmp_path / "their-site"
    (site / "pages").mkdir(parents=True)
    (site / "pages" / "index.md").write_text("# Our product\n\nSee the examples in the navigation.\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Their docs\ndocs_dir: pages\nstrict: true\ntheme:\n  name: material\n"
        "plugins:\n  - search\n  - polysnip:\n      specs: [specs/kms-key-policies.yaml]\n"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - md_in_html\n  - tables\n"
        "  - pymdownx.details\n  - pymdownx.highlight\n  - pymdownx.superfences\n"
        "  - pymdownx.tabbed:\n      alternate_style: true\nnav:\n  - Home: index.md\n",
        encoding="utf-8",
    )
    (site / "specs").mkdir()
    shutil.copy(CANONICAL, site / "specs" / "kms-key-policies.yaml")
    env = _env_without_repository()
    _run([sys.executable, "-m", "generator", "generate"], cwd=site, env={**env, "PYTHONPATH": str(ROOT)})
    assert (site / "pages" / "kms-key-policies" / "index.md").is_file()  # default --out: the site's docs_dir
    log = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "html")], cwd=site,
               env={**env, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
    assert "WARNING" not in log, log
    assert (tmp_path / "html" / "kms-key-policies" / "index.html").is_file()


def test_a_clean_clone_stays_clean_after_build(tmp_path: Path) -> None:
    clone = _clone(tmp_path / "clone")
    env = _env_without_repository({"PYTHONPATH": str(clone)})
    _run([sys.executable, "-m", "generator", "build", "--lang", "python,cli"], cwd=clone, env=env, timeout=900)
    status = _run(["git", "status", "--porcelain"], cwd=clone)
    diff = subprocess.run(["git", "diff", "--stat"], cwd=clone, capture_output=True, text=True, check=False)
    assert status == "", f"build changed tracked files or left untracked ones:\n{status}\n{diff.stdout}"
    _run(["git", "diff", "--exit-code"], cwd=clone)


def _results(report: dict[str, object]) -> list[tuple[object, ...]]:
    results = report["results"]
    assert isinstance(results, list)
    return [(r["language"], r["id"], r["status"], r["level"], r["requests"], r["equivalent"]) for r in results]


def test_three_parallel_shards_merge_into_the_unsharded_report(tmp_path: Path) -> None:
    spec = tmp_path / "kms-key-policies.yaml"
    shutil.copy(CANONICAL, spec)
    env = _env_without_repository({"PYTHONPATH": str(ROOT)})
    polysnip = [sys.executable, "-m", "generator"]
    _run([*polysnip, "generate", spec.name, "--out", "whole"], cwd=tmp_path, env=env)
    for k in (1, 2, 3):  # each shard job has its own checkout, as on CI
        shutil.copytree(tmp_path / "whole", tmp_path / f"part{k}", ignore=shutil.ignore_patterns(".polysnip.lock"))
    processes = [
        subprocess.Popen([*polysnip, "verify", spec.name, "--lang", "python,cli", "--shard", f"{k}/3",
                          "--out", f"part{k}"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
        for k in (1, 2, 3)
    ]
    unsharded = subprocess.run([*polysnip, "verify", spec.name, "--lang", "python,cli", "--out", "whole", "--json"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert unsharded.returncode == 0, unsharded.stderr
    (result,) = json.loads(unsharded.stdout)["specs"]  # --json: the results on stdout, nothing else
    assert result["passed"] is True and len(result["results"]) == 10
    for process in processes:
        out, _ = process.communicate(timeout=600)
        assert process.returncode == 0, out
    shards = [tmp_path / f"part{k}" / "verification" / "shards" / f"kms-key-policies.{k}-of-3.json" for k in (1, 2, 3)]
    sizes = [len(json.loads(p.read_text(encoding="utf-8"))["results"]) for p in shards]
    assert all(sizes) and sum(sizes) == 10, sizes  # five programs in each of two languages, split three ways
    merged = tmp_path / "merged.json"
    _run([*polysnip, "report", "merge", *map(str, reversed(shards)), "-o", str(merged)], cwd=tmp_path, env=env)
    whole = json.loads((tmp_path / "whole" / "verification" / "kms-key-policies.json").read_text(encoding="utf-8"))
    combined = json.loads(merged.read_text(encoding="utf-8"))
    assert _results(combined) == _results(whole)
    assert combined["versions"] == whole["versions"]
    assert "shard" not in combined

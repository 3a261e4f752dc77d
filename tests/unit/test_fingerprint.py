"""generate skips all work when nothing that shapes the output changed, and only then."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generate(tmp: Path, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(tmp / "spec" / "kms-key-policies.yaml"), "--out", str(tmp / "out"), *extra],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def test_second_run_skips_and_changes_are_noticed(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    spec = tmp_path / "spec" / "kms-key-policies.yaml"
    shutil.copy(ROOT / "specs" / "kms-key-policies.yaml", spec)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)

    assert "written" in _generate(tmp_path, "--templates", str(templates))
    assert "nothing changed" in _generate(tmp_path, "--templates", str(templates))

    # a hand edit to an output file is noticed and repaired
    page = tmp_path / "out" / "kms-key-policies" / "index.md"
    original = page.read_text()
    page.write_text(original + "edited by hand\n")
    assert "nothing changed" not in _generate(tmp_path, "--templates", str(templates))
    assert page.read_text() == original

    # a template change is noticed
    client = templates / "python" / "client.jinja"
    client.write_text(client.read_text().replace("import boto3", "import boto3  # the SDK"))
    assert "Python     2 written, 8 unchanged" in _generate(tmp_path, "--templates", str(templates))

    # a spec change is noticed
    spec.write_text(spec.read_text().replace("title: KMS key policies", "title: KMS key policy examples"))
    assert "nothing changed" not in _generate(tmp_path, "--templates", str(templates))
    assert "nothing changed" in _generate(tmp_path, "--templates", str(templates))

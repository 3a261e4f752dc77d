"""A spec file's name becomes its output folder (site/<name>/), so it must be a safe slug.

Each case copies the canonical spec under a hostile name and runs
`python -m generator validate NAME`: exit 2 with the exact message at NAME:1:1, then
`python -m generator generate NAME --out OUT`: exit 2 (the output stage may name the folder
first), no traceback, and nothing written into OUT (its advisory lock file aside).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.spec import MAX_ID_CHARS, RESERVED_SPEC_NAMES, check_spec_name

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"
LOCK_FILE = ".polysnip.lock"
RULE = (
    "a spec file is named <name>.yaml, where <name> (its output folder) is lower-case letters and digits, "
    f"words joined by single '-' or '_', at most {MAX_ID_CHARS} characters"
)
RESERVED = ", ".join(sorted(RESERVED_SPEC_NAMES))

CASES = {
    ".yaml": f"file name '.yaml' cannot name an output folder (''); {RULE}",
    "..yaml": f"file name '..yaml' cannot name an output folder ('.'); {RULE}",
    "...yaml": f"file name '...yaml' cannot name an output folder ('..'); {RULE}",
    "Key Policies.yaml": f"file name 'Key Policies.yaml' cannot name an output folder ('Key Policies'); {RULE}",
    "kms--policies.yaml": f"file name 'kms--policies.yaml' cannot name an output folder ('kms--policies'); {RULE}",
    "a" * 100 + ".yaml": f"file name '{'a' * 100}.yaml' cannot name an output folder ('{'a' * 61}...'); {RULE}",
    "stylesheets.yaml": f"file name 'stylesheets.yaml' is reserved: the site already has 'stylesheets'; rename the spec (reserved: {RESERVED})",
    "verification.yaml": f"file name 'verification.yaml' is reserved: the site already has 'verification'; rename the spec (reserved: {RESERVED})",
    "index.yaml": f"file name 'index.yaml' is reserved: the site already has 'index'; rename the spec (reserved: {RESERVED})",
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("name", list(CASES))
def test_unsafe_spec_name_is_refused(name: str, tmp_path: Path) -> None:
    spec = tmp_path / "specs" / name
    spec.parent.mkdir()
    spec.write_bytes(CANONICAL.read_bytes())
    out = tmp_path / "out"
    validated = _run("validate", str(spec))
    assert validated.returncode == 2, validated.stdout + validated.stderr
    assert validated.stderr.splitlines()[0] == f"{spec}:1:1: error: {CASES[name]}"
    done = _run("generate", str(spec), "--out", str(out))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr + validated.stderr
    written = [p for p in out.rglob("*") if p.name != LOCK_FILE] if out.exists() else []
    assert written == []


@pytest.mark.parametrize("name", ["kms-key-policies.yaml", "kms_key_policies.yaml", "kms.yaml", "a" * MAX_ID_CHARS + ".yaml"])
def test_slug_names_are_accepted(name: str) -> None:
    assert check_spec_name(f"specs/{name}") == []

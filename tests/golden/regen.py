"""Regenerate the golden files under tests/golden/expected from the KMS spec.

Run from the repository root:

    python -m tests.golden.regen

It renders specs/kms-key-policies.yaml in every language with the built-in templates,
in memory, and replaces tests/golden/expected with the code it renders: every program
and fragment (mirroring site/kms-key-policies/snippets/) plus snippets.json. Pages and
other exports in the spec's folder are not golden files.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path

from generator.languages import select
from generator.pipeline import render_spec
from generator.render import Renderer
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = "specs/kms-key-policies.yaml"  # as `polysnip generate` run from the root records it
EXPECTED = Path(__file__).resolve().parent / "expected"
COMMAND = "python -m tests.golden.regen"


def is_golden(output_name: str) -> bool:
    return output_name.startswith("snippets/") or output_name == "snippets.json"


def golden_name(output_name: str) -> str:
    """snippets/java/X.java -> java/X.java; snippets.json stays as it is."""
    return output_name.removeprefix("snippets/")


def rendered_files() -> dict[str, bytes]:
    """Every program, fragment and the manifest the spec renders to, named as under EXPECTED."""
    model, _ = load_spec(ROOT / SPEC)
    model = dataclasses.replace(model, source=SPEC)  # independent of the working directory
    output = render_spec(model, select(None), Renderer())
    return {golden_name(name): data for name, data in output.files.items() if is_golden(name)}


def expected_files() -> dict[str, bytes]:
    if not EXPECTED.is_dir():
        return {}
    return {p.relative_to(EXPECTED).as_posix(): p.read_bytes() for p in sorted(EXPECTED.rglob("*")) if p.is_file()}


def main() -> int:
    files = rendered_files()
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for name, data in sorted(files.items()):
        path = EXPECTED / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(files)} golden files to {EXPECTED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

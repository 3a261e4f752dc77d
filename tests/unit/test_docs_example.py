"""The commented example in site/spec-format.md is a valid spec."""

from __future__ import annotations

import re
from pathlib import Path

from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]


def test_spec_format_example_validates(tmp_path: Path) -> None:
    page = (ROOT / "site" / "spec-format.md").read_text()
    example = re.search(r"```yaml\n(.*?)```", page, re.DOTALL)
    assert example is not None
    spec = tmp_path / "example.yaml"
    spec.write_text(example.group(1))
    model, warnings = load_spec(spec)
    assert [op.id for op in model.operations] == ["get-key-policy", "put-key-policy"]
    assert [s.id for s in model.scenarios] == ["modify-key-policy"]
    assert [w.message for w in warnings] == []

"""A language kept outside the repository (POLYSNIP_LANGUAGE_PATH) is an input of the
fingerprint: editing its module or templates makes the next generate regenerate."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import fingerprint


def test_an_external_language_change_changes_the_inputs_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("polysnip: 1\n", encoding="utf-8")
    languages = tmp_path / "langs"
    (languages / "templates" / "toy").mkdir(parents=True)
    module = languages / "toy.py"
    module.write_text("LANGUAGE = None\n", encoding="utf-8")
    template = languages / "templates" / "toy" / "program.jinja"
    template.write_text("{{ x }}\n", encoding="utf-8")
    report = tmp_path / "none.json"

    without = fingerprint.inputs(spec, [], report)
    monkeypatch.setenv("POLYSNIP_LANGUAGE_PATH", str(languages))
    first = fingerprint.inputs(spec, [], report)
    assert first != without
    assert fingerprint.inputs(spec, [], report) == first  # stable while nothing changes
    module.write_text("LANGUAGE = None  # edited\n", encoding="utf-8")
    second = fingerprint.inputs(spec, [], report)
    assert second != first
    template.write_text("{{ y }}\n", encoding="utf-8")
    assert fingerprint.inputs(spec, [], report) != second

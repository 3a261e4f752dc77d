"""Golden files: the KMS spec must render, byte for byte, to tests/golden/expected.

When a change to a template, a language module or the spec changes the output on
purpose, regenerate the golden files from the repository root and review the diff:

    python -m tests.golden.regen

One test per golden file (its path is the test id), plus one that no file is missing
or extra.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden.regen import COMMAND, EXPECTED, ROOT, expected_files, rendered_files

EXPECTED_NAMES = sorted(expected_files())
FIX = f"if the change is intended, regenerate the golden files with: {COMMAND}"


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return rendered_files()


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        f"expected/{name}",
        f"rendered/{name}",
    )
    text = "".join(lines)
    return text if len(text) < 4000 else text[:4000] + "\n[diff cut]\n"


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_golden_file(rendered: dict[str, bytes], name: str) -> None:
    expected = (EXPECTED / name).read_bytes()
    if name not in rendered:
        pytest.fail(f"{name} is no longer rendered; {FIX}", pytrace=False)
    actual = rendered[name]
    if actual != expected:
        detail = _diff(expected, actual, name) or f"(same text, different bytes: {len(expected)} vs {len(actual)})"
        pytest.fail(f"{name} differs from its golden file; {FIX}\n{detail}", pytrace=False)


def test_no_golden_file_missing_or_extra(rendered: dict[str, bytes]) -> None:
    missing = sorted(set(rendered) - set(EXPECTED_NAMES))
    extra = sorted(set(EXPECTED_NAMES) - set(rendered))
    where = EXPECTED.relative_to(ROOT)
    if missing or extra:
        pytest.fail(f"rendered but not in {where}: {missing or 'none'}\nin {where} but not rendered: {extra or 'none'}\n{FIX}", pytrace=False)

"""`python -m generator generate` with nothing to do answers before click, yaml, Jinja or
botocore are loaded, and says exactly what the full command would say.

* The second generate of a spec prints "nothing changed" and imports none of those packages.
* Everything the full command refuses is refused the same way (an --out inside MkDocs's
  site_dir whose folder holds a valid stamp exits 2, as before).
* The arguments it answers for are `generate SPEC... [--out DIR] [--templates DIR]`; anything
  else goes to click.
* mkdocs.yml's folders are read without yaml only when the file is plain enough that the
  YAML loader, if it reads the file at all, reads the same folders (a property test against
  the loader the site build uses).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli.quick import _generate_arguments, plain_folders
from generator.output import Changes
from generator.sitebuild import site_folders

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "specs" / "kms-key-policies.yaml"
HEAVY = ("click", "yaml", "jinja2", "botocore", "black", "generator.pipeline", "generator.cli.core")


def polysnip(cwd: Path, *args: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def imported(stderr: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s+([\w.]+)$", stderr, re.MULTILINE)}


def test_nothing_to_do_answers_without_the_heavy_packages(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / SPEC.name)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\nsite_dir: public\n", encoding="utf-8")
    first = polysnip(tmp_path, "generate", SPEC.name, "--out", "docs")
    assert first.returncode == 0 and "written" in first.stdout, first.stderr
    again = polysnip(tmp_path, "generate", SPEC.name, "--out", "docs", importtime=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{SPEC.name} -> docs/{SPEC.stem}: nothing changed since the last generate\n"
    modules = imported(again.stderr)
    assert "generator.cli.quick" in modules and "generator.fingerprint" in modules
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY) == []
    # without --out the folder is mkdocs.yml's docs_dir (read by the yaml loader); a spec named twice, two lines
    twice = polysnip(tmp_path, "generate", SPEC.name, SPEC.name, importtime=True)
    assert twice.stdout == 2 * f"{SPEC.name} -> docs/{SPEC.stem}: nothing changed since the last generate\n"
    assert "click" not in imported(twice.stderr)
    # an edit to a generated file: the full command runs and repairs it
    page = tmp_path / "docs" / SPEC.stem / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    repaired = polysnip(tmp_path, "generate", SPEC.name, "--out", "docs", importtime=True)
    assert "nothing changed" not in repaired.stdout and "click" in imported(repaired.stderr)


def test_an_out_inside_the_site_dir_is_refused_even_with_a_valid_stamp(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / SPEC.name)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\nsite_dir: public\n", encoding="utf-8")
    assert polysnip(tmp_path, "generate", SPEC.name, "--out", "docs").returncode == 0
    shutil.copytree(tmp_path / "docs", tmp_path / "public" / "gen")  # a folder whose stamp matches
    refused = polysnip(tmp_path, "generate", SPEC.name, "--out", "public/gen")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "inside MkDocs's site_dir" in refused.stderr and "nothing changed" not in refused.stdout
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["generate"], ((), None, None)),
        (["generate", "a.yaml", "b.yaml"], (("a.yaml", "b.yaml"), None, None)),
        (["generate", "a.yaml", "--out", "docs"], (("a.yaml",), "docs", None)),
        (["generate", "--out=docs", "a.yaml", "--templates", "t"], (("a.yaml",), "docs", "t")),
        (["generate", "--out", "x", "--out", "y"], None),  # repeated: click's rule decides
        (["generate", "--out"], None),
        (["generate", "--out="], None),
        (["generate", "--out", "--templates"], None),
        (["generate", "--help"], None),
        (["generate", "-h"], None),
        (["generate", "--", "a.yaml"], None),
        (["generate", "-"], None),
        (["generate", "--outs", "x"], None),
        (["check", "a.yaml"], None),
        (["--version"], None),
        ([], None),
    ],
)
def test_only_a_plain_generate_is_answered_here(argv: list[str], expected: object) -> None:
    assert _generate_arguments(argv) == expected


def test_changes_compare_and_print_as_values() -> None:
    assert Changes() == Changes([], [], [], [])
    assert Changes(added=["a"]) != Changes(changed=["a"])
    assert repr(Changes(removed=["x"])) == "Changes(added=[], changed=[], removed=['x'], unchanged=[])"
    assert Changes(unchanged=["a"]).clean and not Changes(removed=["a"]).clean


# --- mkdocs.yml without yaml ----------------------------------------------------------------

_SCRATCH = Path(tempfile.mkdtemp(prefix="polysnip-plain-"))


def loaded(text: str) -> tuple[Path, Path] | None:
    """What the site build reads from text as a mkdocs.yml; None when the loader refuses it."""
    config = _SCRATCH / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    try:
        return site_folders(config)
    except Exception:
        return None


def agrees(text: str) -> bool:
    plain = plain_folders(text)
    if plain is None:
        return True
    found = loaded(text)
    return found is None or found == (_SCRATCH / plain[0], _SCRATCH / plain[1])


def test_the_projects_mkdocs_yml_is_read_without_yaml() -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert plain_folders(text) is not None
    assert agrees(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site_name: x\n", ("docs", "site")),
        ("site_name: x\ndocs_dir: site\nsite_dir: build/html\n", ("site", "build/html")),
        ("site_name: x  # it's a name\nsite_dir: ./out   # where it goes\n", ("docs", "./out")),
        ("# comment\n\ntheme:\n  name: material\n  features:\n    - a\nsite_dir: ..\n", ("docs", "..")),
        ("desc: >-\n  text: with 'quotes' - no: in a comment # it's\nsite_dir: /abs/out\n", None),
        ("desc: >-\n  plain text\n  more\nsite_dir: /abs/out\n", ("docs", "/abs/out")),
    ],
)
def test_plain_files_give_the_loaders_folders(text: str, expected: tuple[str, str] | None) -> None:
    assert plain_folders(text) == expected
    assert agrees(text)
    if expected is not None:
        assert loaded(text) == (_SCRATCH / expected[0], _SCRATCH / expected[1])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "site_dir: 'public'\n",
        'site_dir: "public"\n',
        "site_dir: [a]\n",
        "site_dir: yes\n",
        "site_dir: Null\n",
        "site_dir: ~\n",
        "site_dir: 1.0\n",
        "site_dir: .5\n",
        "site_dir: .inf\n",
        "site_dir: &a public\n",
        "site_dir: !ENV [SITE, public]\n",
        "site_dir: public\nsite_dir: other\n",
        "site_dir: public\n  more\n",
        "site_dir:\n  public\n",
        "site_dir: a b\n",
        "site_dir: a:b\n",
        "  site_dir: public\n",
        "<<: {site_dir: public}\n",
        "---\nsite_dir: public\n",
        "site_dir: public\n...\n",
        "? site_dir\n: public\n",
        "nav:\n- a\nsite_dir: public\n",
        "x: 'a\nsite_dir: public'\n",
        'x:\n  y: "a\nsite_dir: public"\n',
        "x: [a,\nsite_dir: public]\n",
        "site_dir:\tpublic\n",
        "site_dir: public\r\n",
        "site_dir: public\u2028docs_dir: x\n",
        "\ufeffsite_dir: public\n",
        "site_dir : public\n",
        "site-dir: public\n",
    ],
)
def test_anything_less_plain_goes_to_the_loader(text: str) -> None:
    assert plain_folders(text) is None


_LINES = [
    "site_name: x", "docs_dir: site", "docs_dir: docs/x", "site_dir: build/html", "site_dir: public",
    "docs_dir: yes", "site_dir: null", "site_dir: ./out", "docs_dir: ..", "site_dir: .hidden", "docs_dir: 1.0",
    "docs_dir: a b", "site_dir: x # comment", "site_dir: 'q'", 'docs_dir: "q"', "docs_dir:", "docs_dir: &a x",
    "site_dir: *a", "site_dir: !ENV x", "<<: *a", "? site_dir", ": z", "theme:", "  name: material", "  - item",
    "- item", "nav: [a,", "b]", "extra: |", "  text", "  site_dir: nested", "site_dir: x\ty", "#comment",
    "  # indented comment", "", "   ", "---", "...", "  more words", "key:value", "key : v", "site_dir:  s  ",
    "docs_dir: site#x", "extra: >-", "desc: a: b", 'x: "multi', 'line"', "on: true", "docs_dir: On",
    "site_dir: ~", "docs_dir: /abs/path", "docs_dir: _x", "site_dir: a:b", "a: &anchor", "  site_dir: deep",
    "b: *anchor", "%YAML 1.1", " site_dir: one space", "x: 'it''s'", "y: it's", "  - {a: b}",
]


@given(st.lists(st.sampled_from(_LINES), max_size=8), st.booleans())
def test_plain_reading_never_disagrees_with_the_loader(lines: list[str], newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if newline else "")
    assert agrees(text), text

"""Generated output: deterministic, written only when it changes, never half-written.

`polysnip generate` and `polysnip check` run in-process (click's CliRunner) against
temporary --out folders and temporary copies of the templates; the real site/ and
templates/ are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.languages import LANGUAGES, select
from generator.output import LOCK_NAME, compare, existing_files, recover, write_tree
from generator.pipeline import render_spec
from generator.problems import EXIT_FAILED
from generator.render import GenerationFailed, Renderer, template_root
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "kms-key-policies.yaml"
SLUG = "kms-key-policies"
PROGRAM_UNITS = ["list-key-policies", "get-key-policy", "put-key-policy", "modify-key-policy"]


def polysnip(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """relative path -> (inode, mtime in ns) of every file under folder."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A private copy of the built-in templates, passed with --templates."""
    copy = tmp_path / "templates"
    shutil.copytree(template_root(), copy)
    return copy


def test_rendering_twice_gives_identical_bytes() -> None:
    outputs = []
    for _ in range(2):
        model, _ = load_spec(SPEC)
        outputs.append(render_spec(model, select(None), Renderer()).files)
    first, second = outputs
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"rendering is not deterministic: {different}"
    assert any(name.startswith("snippets/") for name in first)


def test_generate_twice_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = polysnip("generate", str(SPEC), "--out", str(out))
    assert first.exit_code == 0, first.output
    before = stamps(out / SLUG)
    assert "snippets.json" in before and len(before) > 50
    second = polysnip("generate", str(SPEC), "--out", str(out))
    assert second.exit_code == 0, second.output
    assert stamps(out / SLUG) == before, "an unchanged file was rewritten"
    assert [p.name for p in out.glob(".*")] == [LOCK_NAME], "staging or backup folders were left behind"


def test_generate_rewrites_only_what_changed(tmp_path: Path, templates: Path) -> None:
    out = tmp_path / "site"
    assert polysnip("generate", str(SPEC), "--out", str(out), "--templates", str(templates)).exit_code == 0
    before = stamps(out / SLUG)
    template = templates / "python" / "program.jinja"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ snippet_end }}", "# changed\n{{ snippet_end }}"), encoding="utf-8")
    result = polysnip("generate", str(SPEC), "--out", str(out), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    after = stamps(out / SLUG)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed, "the template edit changed nothing"
    assert {name.split("/")[1] for name in changed if name.startswith("snippets/")} == {"python"}
    untouched = [name for name in before if name.startswith("snippets/java/")]
    assert untouched and all(after[name] == before[name] for name in untouched), "unchanged files were rewritten"


def test_check_passes_after_generate_and_fails_after_a_template_edit(tmp_path: Path, templates: Path) -> None:
    out = tmp_path / "site"
    assert polysnip("generate", str(SPEC), "--out", str(out), "--templates", str(templates)).exit_code == 0
    clean = polysnip("check", str(SPEC), "--out", str(out), "--templates", str(templates))
    assert clean.exit_code == 0, clean.output
    assert "up to date" in clean.output

    template = templates / "ruby" / "program.jinja"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ snippet_start }}", "{{ snippet_start }}\n# edited"), encoding="utf-8")
    before = stamps(out / SLUG)
    stale = polysnip("check", str(SPEC), "--out", str(out), "--templates", str(templates))
    assert stale.exit_code == EXIT_FAILED, stale.output
    assert str(out / SLUG / "snippets" / "ruby" / "list_key_policies.rb") in stale.output
    assert str(out / SLUG / "snippets" / "java" / "ListKeyPoliciesExample.java") not in stale.output
    assert stamps(out / SLUG) == before, "check must not write"


BROKEN_JAVA = "            int broken = {value};\n"


def _java_override(folder: Path, value: str) -> Path:
    """An override folder whose Java program template adds one statement after the snippet start."""
    source = (template_root() / "java" / "program.jinja").read_text(encoding="utf-8")
    marker = "            {{ snippet_start }}\n"
    assert marker in source
    (folder / "java").mkdir(parents=True)
    (folder / "java" / "program.jinja").write_text(source.replace(marker, marker + BROKEN_JAVA.format(value=value)), encoding="utf-8")
    return folder


def test_generation_error_writes_nothing_and_names_language_unit_and_line(tmp_path: Path) -> None:
    model, _ = load_spec(SPEC)
    # The same template with a valid statement tells on which line the broken one lands.
    valid = Renderer([_java_override(tmp_path / "valid", "1")]).render_model(model, [LANGUAGES["java"]])
    lines = {s.unit.id: s.program.splitlines().index("            int broken = 1;") + 1 for s in valid if s.unit.kind != "client"}
    assert sorted(lines) == sorted(PROGRAM_UNITS)
    broken = _java_override(tmp_path / "broken", "")

    with pytest.raises(GenerationFailed) as failed:
        Renderer([broken]).render_model(model, select(None))
    reported = {(e.language, e.unit) for e in failed.value.errors}
    assert reported == {("java", unit) for unit in PROGRAM_UNITS}

    out = tmp_path / "site"
    fresh = polysnip("generate", str(SPEC), "--out", str(out), "--templates", str(broken))
    assert fresh.exit_code == EXIT_FAILED
    for unit, line in lines.items():
        assert re.search(rf"java {unit}: (program )?line {line}: ", fresh.output), fresh.output
    assert not out.exists() or [p.name for p in out.iterdir()] == [LOCK_NAME], "a failed generation wrote files"

    assert polysnip("generate", str(SPEC), "--out", str(out)).exit_code == 0
    before = stamps(out / SLUG)
    again = polysnip("generate", str(SPEC), "--out", str(out), "--templates", str(broken))
    assert again.exit_code == EXIT_FAILED
    assert stamps(out / SLUG) == before, "a failed generation changed existing output"


def _swap_interrupted(target: Path) -> dict[str, bytes]:
    """A generated folder, and a run that died between write_tree's two renames."""
    write_tree(target, {"a.txt": b"old a\n", "sub/b.txt": b"old b\n"})
    old = existing_files(target)
    staging, backup = target.parent / f".{target.name}.new", target.parent / f".{target.name}.old"
    staging.mkdir()
    (staging / "a.txt").write_bytes(b"new a\n")
    os.rename(target, backup)
    assert not target.exists() and backup.is_dir()
    return old


def test_recover_rolls_back_a_half_done_swap(tmp_path: Path) -> None:
    target = tmp_path / "out" / SLUG
    old = _swap_interrupted(target)
    recover(target)
    assert existing_files(target) == old
    assert sorted(p.name for p in target.parent.iterdir()) == [SLUG]


def test_recover_finishes_a_swap_whose_clean_up_was_missed(tmp_path: Path) -> None:
    target = tmp_path / "out" / SLUG
    write_tree(target, {"a.txt": b"new\n"})
    backup = target.parent / f".{target.name}.old"
    backup.mkdir()
    (backup / "a.txt").write_bytes(b"old\n")
    recover(target)
    assert existing_files(target) == {"a.txt": b"new\n"}
    assert not backup.exists()


def test_compare_and_write_recover_first(tmp_path: Path) -> None:
    target = tmp_path / "out" / SLUG
    old = _swap_interrupted(target)
    assert compare(target, old).clean  # the old folder is back before comparing
    _swap_interrupted(tmp_path / "other" / SLUG)
    changes = write_tree(tmp_path / "other" / SLUG, {"a.txt": b"old a\n", "c.txt": b"c\n"})
    assert (changes.added, changes.removed, changes.unchanged) == (["c.txt"], ["sub/b.txt"], ["a.txt"])
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == [SLUG]

"""Output paths: every write stays inside --out, and nothing polysnip did not write is replaced.

Each case runs the real command line in a subprocess (so that a traceback would show) and
requires exit 2, a message naming the problem, no traceback, and the output folder exactly
as it was (hand-written pages, other specs' folders and the target of a link untouched; no
staging folder left behind).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.languages import select
from generator.output import LOCK_NAME, UnsafeOutput, checked_folder, existing_files, write_tree
from generator.pages import PageBuilder, visible
from generator.problems import BadInput
from generator.render import Renderer
from generator.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"


def polysnip(*args: str, cwd: Path = REPO, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *args]
    if unprivileged and os.geteuid() == 0:
        # root ignores file modes: drop the capabilities that let it (it stays the owner of its files)
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under folder: file bytes, link targets, and folders (hidden ones included)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site folder with hand-written pages and one generated spec folder."""
    out = tmp_path_factory.mktemp("generated") / "site"
    (out / "stylesheets").mkdir(parents=True)
    (out / "stylesheets" / "polysnip.css").write_text("body {}\n", encoding="utf-8")
    (out / "index.md").write_text("# Home\n", encoding="utf-8")
    (out / "benchmarks.md").write_text("# Benchmarks\n", encoding="utf-8")
    result = polysnip("generate", str(CANONICAL), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def site(generated: Path, tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "site"
    shutil.copytree(generated, out, symlinks=True)
    yield out


def _spec_named(folder: Path, name: str, **changes: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    data.update(changes)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name",
    [".yaml", "..yaml", "...yaml", ".hidden.yaml", "stylesheets.yaml", "verification.yaml", "benchmarks.yaml"],
)
def test_a_spec_stem_never_replaces_the_root_or_a_hand_written_folder(site: Path, tmp_path: Path, name: str) -> None:
    before = snapshot(site)
    spec = _spec_named(tmp_path / "specs", name)
    refused(polysnip("generate", str(spec), "--out", str(site)))
    assert snapshot(site) == before


def test_an_output_folder_that_is_a_symlink_is_refused(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(site / "kms-key-policies", elsewhere)
    shutil.rmtree(site / "kms-key-policies")
    (site / "kms-key-policies").symlink_to(elsewhere, target_is_directory=True)
    spec = _spec_named(tmp_path / "specs", "kms-key-policies.yaml", region="eu-west-1")  # everything changes
    before, outside = snapshot(site), snapshot(elsewhere)
    for command in ("generate", "check"):
        refused(polysnip(command, str(spec), "--out", str(site)), "symbolic link")
    assert snapshot(site) == before
    assert snapshot(elsewhere) == outside


def test_an_output_folder_that_is_a_file_is_refused(site: Path) -> None:
    shutil.rmtree(site / "kms-key-policies")
    (site / "kms-key-policies").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(site)
    refused(polysnip("generate", str(CANONICAL), "--out", str(site)), "is a file")
    assert snapshot(site) == before


def test_a_report_folder_that_links_outside_is_refused(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "verification").symlink_to(outside, target_is_directory=True)
    result = polysnip("verify", str(CANONICAL), "--out", str(site), "--lang", "python")
    refused(result, "outside --out")
    assert list(outside.iterdir()) == []


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file\n", encoding="utf-8")
    for command in ("generate", "verify", "check"):
        refused(polysnip(command, str(CANONICAL), "--out", str(out)), "is a file, expected a folder")
    assert out.read_text(encoding="utf-8") == "a file\n"
    refused(polysnip("generate", str(CANONICAL), "--out", str(out / "below")), "cannot create the output folder")


def test_out_that_cannot_be_written_is_refused() -> None:
    """A read-only --out is an exit-2 message (run without root's power to ignore file modes)."""
    with tempfile.TemporaryDirectory(prefix="polysnip-ro-") as temp:
        folder = Path(temp)
        spec = folder / "kms-key-policies.yaml"
        shutil.copy(CANONICAL, spec)
        out = folder / "out"
        out.mkdir()
        out.chmod(0o555)
        result = polysnip("generate", str(spec), "--out", str(out), cwd=folder, unprivileged=True)
        refused(result, "not writable")
        assert list(out.iterdir()) == []


def test_missing_templates_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = polysnip("generate", str(CANONICAL), "--out", str(out), "--templates", str(tmp_path / "missing"))
    refused(result, "--templates")
    assert not out.exists()


def test_spec_discovery_skips_hidden_files(tmp_path: Path) -> None:
    _spec_named(tmp_path / "specs", "kms.yaml")
    (tmp_path / "specs" / ".yaml").write_text("this: [is not a spec\n", encoding="utf-8")
    (tmp_path / "specs" / ".draft.yaml").write_text("polysnip: 1\n", encoding="utf-8")
    result = polysnip("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "validated 1 spec(s)" in result.stdout


def test_a_300_character_id_is_refused_without_leftovers(site: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    data["operations"][0]["id"] = "list-" + "k" * 295
    spec = tmp_path / "specs" / "kms-key-policies.yaml"
    spec.parent.mkdir()
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    before = snapshot(site)
    refused(polysnip("generate", str(spec), "--out", str(site)))
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [LOCK_NAME]


def test_control_characters_never_reach_a_page() -> None:
    """Validation refuses them in titles; the pages are robust anyway (a NUL in index.md
    breaks mkdocs and every tool that reads the page as text)."""
    model, _ = load_spec(CANONICAL)
    hostile = dataclasses.replace(model, title="KMS\x00 key\x1b[31m policies\x7f", description="a\x00b")
    snippets = Renderer().render_model(model, select("python"))
    builder = PageBuilder(hostile, snippets, None)
    pages = builder.pages()
    for name, text in pages.items():
        assert visible(text) == text, name
    heading = pages["index.md"].splitlines()[0]
    assert heading.startswith("# KMS\ufffd key\ufffd") and heading.endswith("31m policies\ufffd")
    assert all(visible(page.title) == page.title for page in builder.nav())


@pytest.mark.parametrize("name", ["a" * 256, "sub/" + "b" * 300 + ".py", "../escape.txt", "/etc/passwd", "a/./b"])
def test_the_writer_refuses_file_names_that_cannot_be_written_inside_the_folder(tmp_path: Path, name: str) -> None:
    target = tmp_path / "out" / "spec"
    write_tree(target, {"a.txt": b"old\n"})
    with pytest.raises(UnsafeOutput):
        write_tree(target, {"a.txt": b"new\n", name: b"x"})
    assert existing_files(target) == {"a.txt": b"old\n"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["spec"]


@pytest.mark.parametrize("slug", ["", ".", "..", ".hidden", "a/b", "a\x00b", "x" * 201, "verification"])
def test_the_writer_refuses_folder_names_that_are_not_one_plain_component(tmp_path: Path, slug: str) -> None:
    with pytest.raises(BadInput) as refusal:
        checked_folder(tmp_path, slug, "spec.yaml")
    assert refusal.value.problems[0].location.file == "spec.yaml"
    assert list(tmp_path.iterdir()) == []


def test_a_disk_error_while_staging_removes_the_staging_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "spec"
    write_tree(target, {"a.txt": b"old\n"})
    (tmp_path / "out" / ".spec.new").mkdir()
    (tmp_path / "out" / ".spec.new" / "keep").mkdir()  # recover() clears this leftover first
    with pytest.raises(UnsafeOutput, match="cannot write"):
        write_tree(target, {"a.txt": b"new\n", "dir": b"a file", "dir/x.txt": b"below a file\n"})
    assert existing_files(target) == {"a.txt": b"old\n"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["spec"]


def test_a_report_that_cannot_be_replaced_is_an_exit_2_message(site: Path) -> None:
    (site / "verification" / "kms-key-policies.json").mkdir(parents=True)
    before = snapshot(site)
    result = polysnip("verify", str(CANONICAL), "--out", str(site), "--lang", "python")
    refused(result, "cannot write the report")
    assert snapshot(site) == before


def test_a_link_inside_a_generated_folder_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"same\n")
    target = tmp_path / "out" / "spec"
    write_tree(target, {"a.txt": b"a\n"})
    (target / "b.txt").symlink_to(outside)
    write_tree(target, {"a.txt": b"a2\n", "b.txt": b"same\n"})
    assert not (target / "b.txt").is_symlink()
    assert os.stat(target / "b.txt").st_ino != os.stat(outside).st_ino  # not a hard link to the outside file
    assert outside.read_bytes() == b"same\n"

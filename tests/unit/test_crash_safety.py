"""A generate that dies, however it dies, never damages the previous output.

* SIGKILL at a real moment: `polysnip generate` runs on a large spec (the KMS spec plus
  60 more operations, about a thousand files) whose region has changed, so that nearly
  every file is rewritten; it is killed with SIGKILL as soon as its staging folder
  appears, that is while it writes. The previous output must be byte for byte what it
  was, and the next generate must recover and complete.
* SIGKILL at every kind of step: a launcher counts each file-system change generate
  makes under --out (Python audit hooks: every file opened for writing, mkdir, link,
  rename, rmtree, and the lookup of renameat2 right before the swap's atomic exchange)
  and kills the process with SIGKILL just before the N-th one: at the first change, in
  the middle of the staging writes, at the swap and right after it. At every point the
  output folder must be exactly the old one (before the swap) or exactly the new one
  (after it), never missing or mixed; and the next generate must recover and complete.
* An exception while rendering (a template override that raises, one that renders code
  that does not parse, a language module that raises) must leave the previous output
  byte for byte as it was, exit 1 and print no traceback.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.fingerprint import STAMP
from generator.output import LOCK_NAME
from generator.render import template_root

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"

# python -c LAUNCHER ROOT KILL_AT LOG INJECT generate ARGS...: runs the CLI, recording each
# file-system change under ROOT in LOG and SIGKILLing itself just before the KILL_AT-th (0:
# never). INJECT names a language whose json_document raises, or is empty.
LAUNCHER = """\
import os, signal, sys

root, kill_at, log, inject = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
events = []
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def under_root(path):
    try:
        return os.path.abspath(os.fsdecode(path)).startswith(root)
    except TypeError:
        return False


def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if path is None or not ((mode and any(c in mode for c in "wax+")) or (flags or 0) & WRITE_FLAGS):
            return
        paths = [path]
    elif event in ("os.rename", "os.replace", "os.link", "os.symlink"):
        paths = list(args[:2])
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree"):
        paths = list(args[:1])
    elif event == "ctypes.dlsym" and args[1] == "renameat2":  # looked up right before the swap's call
        paths = []
        event = "exchange"
    else:
        return
    if event != "exchange" and not (paths and all(under_root(p) for p in paths)):
        return
    events.append(event + " " + " ".join(os.path.relpath(os.fsdecode(p), root) for p in paths))
    if len(events) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


sys.addaudithook(hook)
if inject:
    import importlib

    language = importlib.import_module("generator.languages." + inject).LANGUAGE

    def broken(self, name, document):
        raise RuntimeError("injected failure while rendering")

    type(language).json_document = broken  # on the class: a language may render through a per-program copy
from generator.cli import main

try:
    main(sys.argv[5:], prog_name="polysnip")
finally:
    if log:
        with open(log, "w", encoding="utf-8") as out:
            out.write("\\n".join(events))
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """relative path -> bytes of every file under folder (hidden ones included). Of the
    fingerprint stamp only the outputs hash is kept: its inputs hash covers the generator's
    own source, which is not this test's to hold still."""
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    if STAMP in found:
        found[STAMP] = json.loads(found[STAMP])["outputs"].encode()
    return found


def polysnip_in_process(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def launch(root: Path, *args: str, kill_at: int = 0, log: Path | None = None, inject: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", LAUNCHER, str(root), str(kill_at), str(log or ""), inject, *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def write_spec(path: Path, extra_operations: int = 0, region: str = "us-west-2") -> Path:
    spec: dict[str, Any] = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    spec["region"] = region
    template = spec["operations"][1]  # get-key-policy
    for i in range(extra_operations):
        spec["operations"].append({**template, "id": f"get-key-policy-{i}", "title": f"Read the key policy, variant {i}"})
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def leftovers(out: Path) -> list[str]:
    """Hidden entries of out other than the lock file (which stays: it is only ever locked, never replaced)."""
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name != LOCK_NAME)


# --- SIGKILL while writing a large output -----------------------------------------------


def test_sigkill_while_writing_leaves_the_previous_output(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "big.yaml", extra_operations=60)
    out = tmp_path / "site"
    polysnip_in_process("generate", str(spec), "--out", str(out))
    target, staging = out / "big", out / ".big.new"
    before = snapshot(target)
    assert len(before) > 900, "the spec should be large enough for a long write"

    write_spec(spec, extra_operations=60, region="eu-west-1")  # nearly every file changes
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and not staging.exists() and time.monotonic() < deadline:
        time.sleep(0.0002)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL, "generate finished before it could be killed mid-write"
    assert staging.is_dir(), "killed while writing the staging folder"

    assert snapshot(target) == before, "the previous output changed"
    polysnip_in_process("generate", str(spec), "--out", str(out))
    after = snapshot(target)
    assert leftovers(out) == []
    assert sorted(after) == sorted(before)
    programs = [name for name in after if name.startswith("snippets/") and "create-client" not in name]
    assert all(after[name] != before[name] for name in programs if "/fragments/" not in name)


# --- SIGKILL before each kind of file-system step ----------------------------------------


@pytest.fixture(scope="module")
def swap(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The old output, the new output, and the steps generate takes from one to the other."""
    folder = tmp_path_factory.mktemp("swap")
    spec = write_spec(folder / "kms.yaml")
    old_root = folder / "old"
    polysnip_in_process("generate", str(spec), "--out", str(old_root))
    write_spec(spec, region="eu-west-1")
    new_root = folder / "new"
    shutil.copytree(old_root, new_root)
    log = folder / "events.log"
    done = launch(new_root, "generate", str(spec), "--out", str(new_root), log=log)
    assert done.returncode == 0, done.stderr
    events = log.read_text(encoding="utf-8").splitlines()
    return {"spec": spec, "old": snapshot(old_root / "kms"), "new": snapshot(new_root / "kms"), "old_root": old_root, "events": events}


def _exchanged(events: list[str]) -> bool:
    """Whether the swap was one atomic exchange (else renameat2 failed and two renames did it)."""
    return any(e.startswith("exchange") for e in events) and not any(e.startswith("os.rename") for e in events)


def _commit(events: list[str]) -> int:
    """The step that puts the new folder in place: the exchange, or the rename of staging."""
    if _exchanged(events):
        return next(i for i, e in enumerate(events, 1) if e.startswith("exchange"))
    return next(i for i, e in enumerate(events, 1) if e == "os.rename .kms.new kms")


def _kill_point(events: list[str], point: str) -> int:
    """The 1-based number of the step to die before."""
    swap_steps = [i for i, e in enumerate(events, 1) if e.split(" ", 1)[0] in ("exchange", "os.rename")]
    return {
        "first-change": 1,
        "mid-staging": swap_steps[0] // 2,
        "at-commit": _commit(events),  # with two renames, the old folder has been moved aside
        "after-swap": _commit(events) + 1,  # the old folder is still to be removed
    }[point]


def test_generate_stages_then_swaps(swap: dict[str, Any]) -> None:
    """The steps the kill points are taken from: staging writes, then the swap, then clean-up."""
    events: list[str] = swap["events"]
    kinds = [event.split(" ", 1)[0] for event in events]
    assert kinds.count("open") >= 40, events
    commit = _commit(events)
    staged = [e for e in events[: commit - 1] if not e.startswith("exchange") and LOCK_NAME not in e]
    assert staged and all(".kms.new" in e for e in staged), events
    assert commit < len(events), "the old folder is removed after the swap"


@pytest.mark.parametrize("point", ["first-change", "mid-staging", "at-commit", "after-swap"])
def test_sigkill_at_any_step_leaves_old_or_new_output(swap: dict[str, Any], point: str, tmp_path: Path) -> None:
    events: list[str] = swap["events"]
    if point == "at-commit" and not _exchanged(events):
        pytest.skip(
            "renameat2(RENAME_EXCHANGE) is not available on this file system: the swap takes two renames, and a"
            " run killed between them leaves no output folder until the next run rolls the old one back"
        )
    kill_at = _kill_point(events, point)
    out = tmp_path / "out"
    shutil.copytree(swap["old_root"], out)
    done = launch(out, "generate", str(swap["spec"]), "--out", str(out), kill_at=kill_at)
    assert done.returncode == -signal.SIGKILL, f"not killed before {events[kill_at - 1]}: {done.stderr}"
    target = out / "kms"
    now = snapshot(target) if target.is_dir() else None
    expected, label = (swap["old"], "old") if kill_at <= _commit(events) else (swap["new"], "new")
    if now != expected:
        state = "missing" if now is None else "the wrong one" if now in (swap["old"], swap["new"]) else "neither the old nor the new output"
        pytest.fail(f"killed before step {kill_at} ({events[kill_at - 1]}): the output folder is {state}; expected the {label} output")

    polysnip_in_process("generate", str(swap["spec"]), "--out", str(out))
    assert snapshot(target) == swap["new"], "the next generate did not complete the output"
    assert leftovers(out) == [], f"the next generate left {leftovers(out)}"


# --- exceptions while rendering ------------------------------------------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A spec and its generated output; the spec has since changed, so a completed run would write."""
    folder = tmp_path_factory.mktemp("baseline")
    spec = write_spec(folder / "kms.yaml")
    polysnip_in_process("generate", str(spec), "--out", str(folder / "site"))
    write_spec(spec, region="eu-west-1")
    return spec, folder / "site"


def _override(tmp_path: Path, language: str, edit: str) -> Path:
    templates = tmp_path / "templates"
    (templates / language).mkdir(parents=True)
    source = (template_root() / language / "program.jinja").read_text(encoding="utf-8")
    (templates / language / "program.jinja").write_text(edit + source, encoding="utf-8")
    return templates


@pytest.mark.parametrize(
    ("case", "language", "edit", "message"),
    [
        ("template-raises", "python", "{{ raise_error }}\n", "'raise_error' is undefined"),
        ("template-renders-unparsable-code", "java", "}}}} class ((\n", "java get-key-policy: line"),
        ("language-module-raises", "go", "", "the Go rules cannot render this (RuntimeError: injected failure while rendering)"),
    ],
)
def test_exception_while_rendering_leaves_the_previous_output(
    baseline: tuple[Path, Path], tmp_path: Path, case: str, language: str, edit: str, message: str
) -> None:
    spec, site = baseline
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = snapshot(out)
    args = ["generate", str(spec), "--out", str(out)]
    if edit:
        args += ["--templates", str(_override(tmp_path, language, edit))]
    done = launch(out, *args, inject="" if edit else language)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert snapshot(out) == before, f"{case}: the previous output changed"

    assert done.returncode == 1, output
    assert "Traceback" not in output, output
    assert message in done.stderr, output
    assert done.stderr.rstrip().endswith("generation error(s); nothing was written"), output

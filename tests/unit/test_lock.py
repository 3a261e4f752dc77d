"""One writer per output folder: generate, verify, check, site and build hold `<out>/.polysnip.lock`.

* Two `polysnip generate` started at the same moment on one output folder, over twelve
  trials (the spec changes between trials, so that both have real work): both exit 0,
  neither prints a traceback, and the folder is exactly what one generate writes, with
  no staging or backup folder left.
* A second command waits, saying so, while the first holds the lock, and completes once
  it is released; locks of one process nest (build runs generate inside its own lock).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from generator.fingerprint import STAMP
from generator.output import LOCK_NAME, output_lock

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"
TRIALS = 12
REGIONS = ("us-west-2", "eu-west-1", "ap-south-1", "sa-east-1")


def write_spec(path: Path, region: str) -> Path:
    spec: dict[str, Any] = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    spec["region"] = region
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every generated file; the fingerprint stamp's inputs hash covers the generator's own source,
    which may be edited while the suite runs, so only its outputs hash is kept."""
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    if STAMP in found:
        found[STAMP] = json.dumps(json.loads(found[STAMP])["outputs"]).encode()
    return found


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_generates_at_once_never_tear_the_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    spec = tmp_path / "kms.yaml"
    expected = {}  # what one generate alone writes, for each region
    for region in REGIONS:
        write_spec(spec, region)
        alone = tmp_path / f"alone-{region}"
        done = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "--out", str(alone)],
                              cwd=REPO, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        expected[region] = snapshot(alone / "kms")
    waited = 0
    for trial in range(TRIALS):
        region = REGIONS[trial % len(REGIONS)]
        write_spec(spec, region)
        first, second = start("generate", str(spec), "--out", str(out)), start("generate", str(spec), "--out", str(out))
        results = [(p, *p.communicate(timeout=180)) for p in (first, second)]
        for process, stdout, stderr in results:
            assert process.returncode == 0, f"trial {trial}: {stderr}"
            assert "Traceback" not in stdout + stderr, f"trial {trial}: {stderr}"
            waited += "waiting for it to finish" in stderr
        assert snapshot(out / "kms") == expected[region], f"trial {trial}: the output folder is torn"
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME, "kms"], f"trial {trial}: leftovers"
    assert waited, "in no trial did one generate wait for the other (the lock was never contended)"


def test_a_second_command_waits_for_the_lock_and_then_completes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    log = tmp_path / "stderr.txt"
    with output_lock(out), log.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "generator", "generate", str(CANONICAL), "--out", str(out)],
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
        deadline = time.monotonic() + 60
        while "waiting" not in log.read_text() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert "another polysnip command is writing" in log.read_text(), log.read_text()
        time.sleep(1.0)
        assert process.poll() is None, "the second command did not wait for the lock"
        assert not (out / "kms-key-policies").exists()
    assert process.wait(timeout=180) == 0, log.read_text()
    assert (out / "kms-key-policies" / "index.md").is_file()


def test_locks_of_one_process_nest(tmp_path: Path) -> None:
    with output_lock(tmp_path), output_lock(tmp_path / "sub" / ".."), output_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).exists()
    with output_lock(tmp_path):  # released: it can be taken again
        pass


def test_a_lock_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    out, outside = tmp_path / "site", tmp_path / "outside.txt"
    out.mkdir()
    (out / LOCK_NAME).symlink_to(outside)
    done = subprocess.run([sys.executable, "-m", "generator", "generate", str(CANONICAL), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert "cannot open the lock file" in done.stderr and "Traceback" not in done.stderr
    assert not outside.exists()
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]

"""The bad-spec corpus: every broken spec must be reported with exact, located messages.

Each tests/unit/bad_specs/NAME.yaml is a small variation of specs/kms-key-policies.yaml
with one defect, which its opening comment describes (empty.yaml has no room for one).
several_errors.yaml and misspelt_key_still_checked.yaml deliberately hold more than one,
and unknown_struct_member.yaml makes the same mistake twice. For every case the test runs

    python -m generator validate tests/unit/bad_specs/NAME.yaml

from the repository root, as a user would, and checks that

- the exit code is 2, or 0 for NAME_warning_only.yaml cases (valid specs that warn);
- nothing looks like a traceback;
- every stderr line is a problem line or the closing summary line;
- the problem lines (``file:line:col: severity: path: message``) equal NAME.expected.

To regenerate the .expected files after an intended change to the messages, run

    POLYSNIP_REGEN=1 python -m pytest tests/unit/test_bad_specs.py

and review ``git diff tests/unit/bad_specs`` before committing: the .expected files are
the specification of what users see.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parent / "bad_specs"
RELATIVE_DIR = CASES_DIR.relative_to(REPO).as_posix()  # tests/unit/bad_specs
CANONICAL = "specs/kms-key-policies.yaml"
REGEN = os.environ.get("POLYSNIP_REGEN") == "1"
CASES = sorted(path.stem for path in CASES_DIR.glob("*.yaml"))

PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): ")
ERROR_SUMMARY = re.compile(r"^polysnip: (?P<errors>\d+) error\(s\) in the input; nothing was written$")
VALID_SUMMARY = re.compile(
    r"^validated 1 spec\(s\): \d+ operation\(s\), \d+ scenario\(s\), 0 errors, (?P<warnings>\d+) warning\(s\)$"
)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def problem_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if PROBLEM.match(line)]


def field(line: str, name: str) -> str:
    """A named part of a problem line: file, line, column or severity."""
    match = PROBLEM.match(line)
    assert match is not None, f"not a problem line: {line}"
    return match[name]


def validate(spec: str) -> Run:
    """Run `python -m generator validate spec` from the repository root."""
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", spec],
        cwd=REPO,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest) -> Iterator[dict[str, Future[Run]]]:
    """Start the selected cases in parallel (each is a separate process) and hand out futures."""
    selected = sorted(
        {
            item.callspec.params["case"]
            for item in request.session.items
            if hasattr(item, "callspec") and getattr(item, "module", None) is request.module and "case" in item.callspec.params
        }
    )
    with ThreadPoolExecutor(max_workers=max(2, min(8, (os.cpu_count() or 2) * 2))) as pool:
        yield {case: pool.submit(validate, f"{RELATIVE_DIR}/{case}.yaml") for case in selected}


def expected_path(case: str) -> Path:
    return CASES_DIR / f"{case}.expected"


def test_corpus_is_complete() -> None:
    assert len(CASES) >= 30, "the corpus should cover at least 30 broken specs"
    orphans = sorted(p.name for p in CASES_DIR.glob("*.expected") if not (CASES_DIR / f"{p.stem}.yaml").exists())
    assert not orphans, f".expected files without a .yaml case: {orphans}"


@pytest.mark.parametrize("case", CASES)
def test_bad_spec(case: str, runs: dict[str, Future[Run]]) -> None:
    run = runs[case].result()
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    warning_only = case.endswith("_warning_only")
    assert run.returncode == (0 if warning_only else 2), output

    display = f"{RELATIVE_DIR}/{case}.yaml"
    text_lines = (CASES_DIR / f"{case}.yaml").read_bytes().count(b"\n") + 1
    problems = run.problem_lines
    assert problems, f"no problem was reported:\n{output}"
    for line in problems:
        assert field(line, "file") == display, line
        assert 1 <= int(field(line, "line")) <= text_lines, f"line outside the file: {line}"
        assert int(field(line, "column")) >= 1, line
    others = [line for line in run.stderr.splitlines() if line not in problems]
    errors = sum(1 for line in problems if field(line, "severity") == "error")
    if warning_only:
        assert errors == 0, output
        assert others == [], output
        summary = VALID_SUMMARY.match(run.stdout.strip())
        assert summary and int(summary["warnings"]) == len(problems), output
    else:
        assert errors >= 1, output
        assert len(others) == 1, f"unexpected stderr lines besides the problems:\n{output}"
        summary = ERROR_SUMMARY.match(others[0])
        assert summary and int(summary["errors"]) == errors, output
        assert run.stdout == "", output

    path = expected_path(case)
    actual = "\n".join(problems) + "\n"
    if REGEN:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} is missing; create it with POLYSNIP_REGEN=1 (see the top of this file)"
    assert actual == path.read_text(encoding="utf-8")


def test_several_errors_are_all_reported_at_once(runs: dict[str, Future[Run]]) -> None:
    run = runs["several_errors"].result() if "several_errors" in runs else validate(f"{RELATIVE_DIR}/several_errors.yaml")
    problems = run.problem_lines
    assert len(problems) >= 4
    assert len({field(line, "line") for line in problems}) == len(problems), "each defect is on its own line"


def test_canonical_spec_validates() -> None:
    run = validate(CANONICAL)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert len(lines) == 1, run.stdout
    assert lines[0] == "validated 1 spec(s): 3 operation(s), 1 scenario(s), 0 errors, 0 warning(s)"



def test_oversized_policy_is_reported_once(tmp_path: Path) -> None:
    """A policy over the model's size limit gives one error, not one per check.

    Generated here rather than kept in bad_specs/, as it takes over 100 KB of YAML.
    """
    from generator.problems import BadInput
    from generator.spec import load_spec

    statement = """\
          - Sid: Allow use of the key by test-user-{0}
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:user/test-user-{0}
            Action: [kms:DescribeKey, kms:PutKeyPolicy]
            Resource: "*"
"""
    spec = tmp_path / "policy_too_long.yaml"
    spec.write_text(
        """\
polysnip: 1
service: kms
operations:
  - id: put-key-policy
    operation: PutKeyPolicy
    title: Replace the key policy of a KMS key
    params:
      KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab
      PolicyName: default
      Policy:
        Version: "2012-10-17"
        Statement:
"""
        + "".join(statement.format(i) for i in range(1000)),
        encoding="utf-8",
    )
    with pytest.raises(BadInput) as caught:
        load_spec(spec)
    [problem] = caught.value.problems
    assert (problem.location.line, problem.path) == (10, "operations[0].params.Policy")
    assert re.fullmatch(r"JSON document is [\d,]+ characters long; Policy allows at most [\d,]+", problem.message)

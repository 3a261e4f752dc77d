"""Hostile specs: bad input must never hurt.

Each case is a spec built to break a naive loader: YAML alias bombs (billion laughs), a
50 MB file, 10,000-deep nesting (flow and block), a recursive alias, duplicate keys,
binary and non-UTF-8 bytes, a BOM, tabs, the wrong top-level type, an operation listed
twice, a placeholder that refers to itself, absurdly long strings and keys, thousands of
operations, raw control characters, and escaped ones outside the key-policy charset.
Small ones come from the bad-spec corpus (tests/unit/bad_specs, by name: their .expected
lines must appear exactly); the others are written into a temporary folder at test time.

The cases made here run `python -m generator generate SPEC --out OUT` (the billion laughs
and the 50 MB file also `validate`); the corpus cases, whose messages test_bad_specs.py
checks too, run `validate`. Each command runs from the repository root in a subprocess
held to

    address space (RLIMIT_AS)  1 GiB
    CPU time (RLIMIT_CPU)      10 s (4 s for the 1,200 misspelt operations; a linear
                               check needs about 1 s for them)
    wall clock                 60 s (subprocess timeout)

set by a small launcher that applies the limits and then execs the command. Within that
bound each must exit 2 with a `file:line:col: error:` line holding the expected message
(at the expected place, where the case says), print no traceback and no raw control
character, and write nothing: OUT never comes into being, and nothing appears beside the
spec (where a !!python/object tag would have run `touch pwned`).

A case marked known_bug is a strict xfail naming the bug, so that fixing it turns the case
into a failure that asks for the mark to be removed (none is marked today).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = "tests/unit/bad_specs"
ADDRESS_SPACE = 1 << 30
CPU_SECONDS = 10
WALL_SECONDS = 60
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)$")
LOCK_FILE = ".polysnip.lock"  # the advisory lock of an output folder, taken before the spec is read
SUMMARY = re.compile(r"^polysnip: \d+ error\(s\) in the input; nothing was written$")

# Applies the limits, then becomes `python -m generator ARGS` (no preexec_fn: the cases run
# from threads, where preexec_fn is not safe).
LAUNCHER = """\
import os, resource, sys
address_space, cpu_seconds = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
os.execv(sys.executable, [sys.executable, "-m", "generator", *sys.argv[3:]])
"""

HEAD = "polysnip: 1\nservice: kms\n"


def _operations(count: int, params: str) -> str:
    return HEAD + "operations:\n" + "".join(
        f"  - id: op-{i}\n    operation: ListKeyPolicies\n    title: Operation {i}\n    params:\n{params}" for i in range(count)
    )


def _policy(statement_extra: str) -> str:
    return HEAD + (
        "operations:\n"
        "  - id: put-key-policy\n"
        "    operation: PutKeyPolicy\n"
        "    title: Replace the key policy\n"
        "    params:\n"
        "      KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab\n"
        "      PolicyName: default\n"
        "      Policy:\n"
        '        Version: "2012-10-17"\n'
        "        Statement:\n"
        "          - Effect: Allow\n"
        '            Principal: {AWS: "arn:aws:iam::111122223333:root"}\n'
        '            Action: "kms:*"\n'
        '            Resource: "*"\n'
        f"{statement_extra}"
    )


def _billion_laughs() -> str:
    levels = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    return HEAD + "l0: &l0 [lol]\n" + levels + "operations: *l9\n"


def _fifty_megabytes() -> bytes:
    body = (HEAD + "operations: []\n").encode()
    padding = b"# padding to make the file absurdly large\n"
    size = 50 * 1024 * 1024
    return body + padding * ((size - len(body)) // len(padding)) + b"#" * ((size - len(body)) % len(padding))


def _nested_placeholders(references: int, top_down: bool = False) -> str:
    """16 placeholders, each using the one before references times: about 1 KB that would
    expand to references ** 15 characters if nothing bounded it."""
    order = range(15, -1, -1) if top_down else range(16)
    entries = "".join(
        f'  l{i}: {{value: "{"lol" if i == 0 else ("${l" + str(i - 1) + "}") * references}"}}\n' for i in order
    )
    return HEAD + "placeholders:\n" + entries + (
        "operations:\n"
        '  - {operation: GetKeyPolicy, title: x, params: {KeyId: "${l15}", PolicyName: default}}\n'
    )


def _deep_edit_path(segments: int) -> str:
    return HEAD + (
        "operations:\n"
        "  - {operation: GetKeyPolicy, title: x, params: {KeyId: k, PolicyName: default}}\n"
        "scenarios:\n"
        "  - id: edit-policy\n"
        "    title: Edit a key policy\n"
        "    steps:\n"
        "      - operation: GetKeyPolicy\n"
        "        params: {KeyId: k, PolicyName: default}\n"
        "        save: {policy: Policy}\n"
        "      - edit: policy\n"
        "        append:\n"
        f"          path: {'.'.join(['Statement'] * segments)}\n"
        "          value: {Sid: x}\n"
    )


def _block_mappings(depth: int) -> str:
    return HEAD + "title:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, depth)) + " " * depth + "x\n"


@dataclass(frozen=True)
class Hostile:
    name: str
    message: str  # a fragment of the expected error message ("" when only the place is checked)
    content: Callable[[], str | bytes] | None = None  # written to NAME.yaml at test time
    corpus: bool = False  # tests/unit/bad_specs/NAME.yaml, checked against NAME.expected
    path: str | None = None  # a spec path used as it is (a device, a missing file)
    where: tuple[int, int | None] | None = None  # (line, column) of the error, when the case fixes it
    errors: int = 1  # how many error lines
    commands: tuple[str, ...] = ("generate",)
    cpu: int = CPU_SECONDS  # the CPU bound
    known_bug: str = ""


CASES: list[Hostile] = [
    # --- from the bad-spec corpus (exact messages in NAME.expected) ---------------------------
    *(
        Hostile(name, "", corpus=True, commands=("validate",))
        for name in (
            "duplicate_key", "non_utf8", "nul_byte", "bom", "tabs_indentation", "control_character",
            "wrong_top_level_type", "operation_listed_twice", "placeholder_self_reference", "placeholder_cycle",
            "length_limit", "policy_bad_charset", "unsupported_tag", "undefined_alias",
        )
    ),
    # --- made here: size and shape ---------------------------------------------------------------
    Hostile("billion_laughs", "document expands to more than 200,000 values", _billion_laughs, commands=("validate", "generate")),
    Hostile("fifty_megabytes", "file is 52,428,800 bytes; a spec may be at most 4,194,304 bytes", _fifty_megabytes, where=(1, 1), commands=("validate", "generate")),
    Hostile("flow_sequences_10000_deep", "nesting is too deep; at most 100 levels", lambda: HEAD + "operations: " + "[" * 10000 + "]" * 10000 + "\n", where=(3, None)),
    Hostile("block_sequences_10000_deep", "nesting is too deep; at most 100 levels", lambda: HEAD + "operations:\n  " + "- " * 10000 + "x\n", where=(4, None)),
    Hostile("block_mappings_2000_deep", "nesting is too deep; at most 100 levels", lambda: _block_mappings(2000), where=(103, None)),
    Hostile("recursive_alias", "nesting is too deep; at most 100 levels", lambda: HEAD + "operations: &a [*a]\n", where=(3, None)),
    Hostile("one_megabyte_string", "value is 1,048,576 characters long; at most 262,144 are allowed", lambda: HEAD + "title: " + "x" * (1 << 20) + "\noperations: []\n", where=(3, 8)),
    Hostile("two_hundred_kilobyte_key", "could not find expected ':'", lambda: HEAD + "k" * 200_000 + ": 1\noperations: []\n"),
    Hostile("operations_2000_out_of_range", "0 is below the minimum 1", lambda: _operations(2000, "      KeyId: k\n      Limit: 0\n"), errors=2000),
    Hostile(
        "operations_1200_misspelt",
        "GetKeyPolicy has no parameter 'KeyID'",
        lambda: _operations(1200, "      KeyID: k\n      PolicyName: default\n").replace("ListKeyPolicies", "GetKeyPolicy"),
        errors=1200,
        cpu=4,  # a linear check takes about 1 s of CPU; the bound would stop a quadratic one early
    ),
    Hostile("two_documents", "expected a single document in the stream", lambda: HEAD + "operations: []\n---\n" + HEAD, where=(4, 1)),
    Hostile("scalar_top_level", "expected a mapping with keys polysnip, service", lambda: "just some text\n", where=(1, 1)),
    Hostile("missing_file", "file not found", path="tests/unit/bad_specs/no_such_spec.yaml", where=(1, 1)),
    Hostile("duplicate_key_in_document", "duplicate key 'Effect'", lambda: _policy("            Effect: Deny\n"), where=(17, 13)),
    # --- made here: bytes and characters -----------------------------------------------------------
    Hostile("binary_png", "NUL byte", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64, where=(3, 1)),
    Hostile("utf16_with_bom", "expected UTF-8 text", lambda: "\ufeffpolysnip: 1\nservice: kms\n".encode("utf-16")),
    Hostile("latin1_text", "byte 0xe9 is not valid UTF-8", lambda: (HEAD + "title: Café\noperations: []\n").encode("latin-1"), where=(3, 11)),
    Hostile("raw_delete_character", "character U+007F is not allowed in YAML", lambda: HEAD + "title: a\x7fb\noperations: []\n", where=(3, 9)),
    Hostile("ansi_escape_in_value", "does not look like an AWS region", lambda: _operations(1, "      KeyId: k\n").replace("operations:", 'region: "\\e[2J\\e[31mus-west-2"\noperations:'), where=(3, 1)),
    Hostile("policy_bell_escape", "character U+0007 is not allowed in a key policy", lambda: _policy('            Sid: "a\\u0007b"\n'), where=(17, 13)),
    Hostile("policy_escape_outside_latin1", "character U+202E is not allowed in a key policy", lambda: _policy('            Sid: "a\\u202Eb"\n'), where=(17, 13)),
    Hostile(
        "lone_surrogate_escape",
        "U+D800",
        lambda: HEAD + 'title: "a\\ud800b"\noperations:\n  - {id: get-key-policy, operation: GetKeyPolicy, title: x, params: {KeyId: k, PolicyName: default}}\n',
        where=(3, 8),
    ),
    Hostile(
        "nested_placeholders_bottom_up",
        "placeholders nest more than 8 levels deep (${l9} uses ${l8}, whose references nest 8 deep); use fewer levels",
        lambda: _nested_placeholders(2),
        where=(13, 8),
    ),
    Hostile(
        "nested_placeholders_top_down",
        "placeholders nest more than 8 levels deep (l15 -> l14 -> l13 -> l12 -> l11 -> l10 -> l9 -> l8 -> l7 -> l6)",
        lambda: _nested_placeholders(2, top_down=True),
        where=(4, 9),
    ),
    Hostile(
        "placeholder_expansion_bomb",
        "with its placeholders filled in, the value is over 262,144 characters long; at most 262,144 are allowed",
        lambda: _nested_placeholders(10),
        where=(9, 8),
    ),
    Hostile(
        "edit_path_3200_deep",
        "path has 3,200 keys; at most 32 are allowed",
        lambda: _deep_edit_path(3200),
        where=(14, 11),
    ),
    Hostile(
        "edit_path_5000_deep",
        "path has 5,000 keys; at most 32 are allowed",
        lambda: _deep_edit_path(5000),
        where=(14, 11),
    ),
    Hostile(
        "endless_device",
        "is not a regular file (a pipe, socket or device); expected a YAML spec file",
        path="/dev/zero",
        where=(1, 1),
    ),
    Hostile(
        "python_tag_on_a_list",
        "unsupported YAML tag",
        lambda: HEAD + "title: !!python/object/apply:os.system ['touch {folder}/pwned']\noperations: []\n",
        where=(3, 8),
    ),
    Hostile(
        "infinity_in_document",
        "is not a number AWS accepts",
        lambda: _policy("            Condition: {NumericLessThan: {'kms:x': .inf}}\n"),
        where=(17, None),
    ),
]


@dataclass(frozen=True)
class Run:
    command: str
    returncode: int
    stdout: str
    stderr: str
    out: Path | None = None  # the --out folder generate was given
    wrote: bool = False  # whether it holds anything afterwards (the output folder's lock file aside)
    beside: list[str] = field(default_factory=list)  # files that appeared beside the spec

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _spec_argument(case: Hostile, folder: Path) -> str:
    if case.corpus:
        return f"{CORPUS}/{case.name}.yaml"
    if case.path is not None:
        return case.path
    assert case.content is not None
    path = folder / f"{case.name}.yaml"
    data = case.content()
    if isinstance(data, str):
        data = data.replace("{folder}", str(folder)).encode("utf-8")
    path.write_bytes(data)
    return str(path)


def _run(command: str, spec: str, folder: Path, cpu: int) -> Run:
    out = folder / f"out-{command}"
    args = [command, spec] + (["--out", str(out)] if command == "generate" else [])
    before = sorted(p.name for p in folder.iterdir())
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(ADDRESS_SPACE), str(cpu), *args], cwd=REPO, env=env, capture_output=True, timeout=WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        return Run(command, -1, "", f"timed out after {WALL_SECONDS}s: {exc}")
    after = sorted(p.name for p in folder.iterdir())
    wrote = out.exists() and any(p.name != LOCK_FILE for p in out.rglob("*"))
    beside = [name for name in after if name not in before and (name != out.name or wrote)]
    return Run(
        command,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        out,
        wrote,
        beside,
    )


def _selected(request: pytest.FixtureRequest) -> list[Hostile]:
    names = {
        item.callspec.params["case"].name
        for item in request.session.items
        if hasattr(item, "callspec") and getattr(item, "module", None) is request.module and "case" in item.callspec.params
    }
    return [case for case in CASES if case.name in names]


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[list[Run]]]]:
    """Every selected case's runs, started in parallel (each run is its own process)."""

    def run_case(case: Hostile) -> list[Run]:
        folder = tmp_path_factory.mktemp(case.name)
        spec = _spec_argument(case, folder)
        return [_run(command, spec, folder, case.cpu) for command in case.commands]

    with ThreadPoolExecutor(max_workers=max(2, min(6, (os.cpu_count() or 2) * 2))) as pool:
        yield {case.name: pool.submit(run_case, case) for case in _selected(request)}


def _param(case: Hostile) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.known_bug)] if case.known_bug else []
    return pytest.param(case, id=case.name, marks=marks)


def test_corpus_size() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_hostile_spec_is_refused_cleanly(case: Hostile, runs: dict[str, Future[list[Run]]]) -> None:
    for run in runs[case.name].result():
        shown = f"{run.command} (exit {run.returncode}):\n{run.output[-3000:]}"
        assert run.returncode == 2, f"expected exit 2 within {case.cpu}s CPU and 1 GiB; {shown}"
        assert "Traceback" not in run.output, shown
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", run.output), f"raw control characters in the output; {shown}"
        assert run.stdout == "", shown
        lines = run.stderr.splitlines()
        problems = [line for line in lines if PROBLEM.match(line)]
        assert len(problems) == case.errors, shown
        assert [line for line in lines if line not in problems] and SUMMARY.match(lines[-1]), shown
        if case.corpus:
            expected = (REPO / CORPUS / f"{case.name}.expected").read_text(encoding="utf-8").splitlines()
            assert problems == expected, shown
        else:
            first = PROBLEM.match(problems[0])
            assert first is not None
            assert case.message in first["message"], shown
            if case.where is not None:
                line, column = case.where
                assert int(first["line"]) == line, shown
                assert column is None or int(first["column"]) == column, shown
        assert not run.wrote, f"{run.command} wrote {run.out}; {shown}"
        assert run.beside == [], f"files appeared beside the spec: {run.beside}; {shown}"


def test_fifo_spec_is_refused_at_once(tmp_path: Path) -> None:
    """A named pipe given as the spec is refused before it is opened: opening it would wait
    for a writer forever."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(fifo)], cwd=REPO, env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[0] == f"{fifo}:1:1: error: is not a regular file (a pipe, socket or device); expected a YAML spec file"
    assert "Traceback" not in done.stderr

"""The type-check cache: its key moves with every input that can change a checker's answer,
an entry reads back as it was written (errors, unavailable ones, the date), a damaged entry
is a miss, and writes are atomic. The cache lives in a temporary folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import typecheck_cache, verify_cache
from generator.runners import RUNNERS
from generator.runners.base import DEFAULT_LIMITS, Checker, CompileError, Limits, ProgramRun


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "verify-cache"
    monkeypatch.setenv("POLYSNIP_VERIFY_CACHE", str(folder))
    return folder


PROGRAM = ProgramRun("get-key-policy", "get_key_policy.py", "import boto3\nprint(1)\n", "KEYA", "kms")
CHECKER = Checker("compiled", "type-checked with mypy 1.0 against boto3-stubs 1.0")


def _key(**changes: Any) -> str:
    arguments: dict[str, Any] = {
        "language": "python",
        "runner": RUNNERS["python"],
        "checker": CHECKER,
        "versions": {"python": "3.11", "boto3": "1.0"},
        "sdk_versions": {},
        "inputs": {"botocore": "1.0", "stubs": {"mypy_boto3_kms": "1.0"}},
        "program": PROGRAM,
        "limits": DEFAULT_LIMITS,
    }
    arguments.update(changes)
    return typecheck_cache.key(**arguments)


def test_the_key_is_stable_while_nothing_changes() -> None:
    assert _key() == _key()


def test_every_input_moves_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    base = _key()
    changed = {
        "program text": _key(program=replace(PROGRAM, text=PROGRAM.text + "# edited\n")),
        "one space": _key(program=replace(PROGRAM, text=PROGRAM.text.replace("print(1)", "print( 1)"))),
        "program name": _key(program=replace(PROGRAM, name="put-key-policy")),
        "file name": _key(program=replace(PROGRAM, filename="get_key_policy.pyi")),
        "service": _key(program=replace(PROGRAM, service="s3")),
        "language": _key(language="cli"),
        "runner": _key(runner=RUNNERS["ruby"]),
        "checker description": _key(checker=Checker("compiled", "type-checked with mypy 1.1 against boto3-stubs 1.0")),
        "checker level": _key(checker=Checker("names checked", CHECKER.description)),
        "toolchain version": _key(versions={"python": "3.12", "boto3": "1.0"}),
        "SDK version": _key(versions={"python": "3.11", "boto3": "1.1"}),
        "service SDK version": _key(sdk_versions={"@aws-sdk/client-kms": "3.1"}),
        "stub version": _key(inputs={"botocore": "1.0", "stubs": {"mypy_boto3_kms": "1.1"}}),
        "botocore version": _key(inputs={"botocore": "1.1", "stubs": {"mypy_boto3_kms": "1.0"}}),
        "limits": _key(limits=Limits(output_bytes=DEFAULT_LIMITS.output_bytes + 1)),
    }
    monkeypatch.setattr(verify_cache, "_code_hash", "another generator")
    changed["generator code"] = _key()
    monkeypatch.setattr(verify_cache, "_code_hash", None)
    monkeypatch.setattr(typecheck_cache, "__version__", "99.0")
    changed["polysnip version"] = _key()
    same = [name for name, key in changed.items() if key == base]
    assert not same, f"the key ignores: {', '.join(same)}"
    assert len(set(changed.values())) == len(changed), "two different inputs gave one key"


def test_the_code_digest_covers_the_runners_check_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check = Path(verify_cache.__file__).parent / "runners" / "toolchains" / "ruby" / "check.rb"
    assert check.is_file()
    before = verify_cache.code_hash()
    from generator import fingerprint

    real = fingerprint._file_hash
    monkeypatch.setattr(verify_cache, "_code_hash", None)
    monkeypatch.setattr(fingerprint, "_file_hash", lambda path: "edited" if Path(path) == check else real(path))
    assert verify_cache.code_hash() != before


def test_checker_inputs_name_the_python_stubs_and_botocore() -> None:
    python = typecheck_cache.checker_inputs(RUNNERS["python"])
    assert python["stubs"] == dict(sorted(RUNNERS["python"].installed_stubs().items()))  # type: ignore[attr-defined]
    assert "botocore" in python
    assert set(typecheck_cache.checker_inputs(RUNNERS["ruby"])) == {"botocore"}


# --- entries -------------------------------------------------------------------------------------

ERRORS = [
    CompileError("whatever-name", 3, 7, 'Argument "KeyId" has incompatible type "int"'),
    CompileError("whatever-name", 1, 1, "the installed gem is older than the service model", unavailable=True),
]


def test_an_answer_reads_back_with_its_date_under_this_run_s_name() -> None:
    key = _key()
    assert typecheck_cache.store(key, "2026-01-02", ERRORS)
    found = typecheck_cache.load(key, "get-key-policy")
    assert found is not None and found.date == "2026-01-02"
    assert [(e.program, e.line, e.column, e.message, e.unavailable) for e in found.errors] == [
        ("get-key-policy", e.line, e.column, e.message, e.unavailable) for e in ERRORS
    ]
    assert typecheck_cache.store(key, "2026-01-03", [])
    clean = typecheck_cache.load(key, "get-key-policy")
    assert clean is not None and clean.errors == () and clean.date == "2026-01-03"
    assert typecheck_cache.load(_key(program=ProgramRun("x", "x.py", "", "K")), "x") is None


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[str], str]:
    def damage(text: str) -> str:
        data = json.loads(text)
        change(data)
        return json.dumps(data)

    return damage


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "not json at all",
        lambda text: "",
        lambda text: "[]",
        _edit(lambda data: data.update(format=0)),
        _edit(lambda data: data.update(key="cd" * 32)),
        _edit(lambda data: data.update(date=7)),
        _edit(lambda data: data.pop("date")),
        _edit(lambda data: data.update(errors="nope")),
        _edit(lambda data: data.update(errors=["nope"])),
        _edit(lambda data: data["errors"][0].update(line="3")),
        _edit(lambda data: data["errors"][0].update(line=True)),
        _edit(lambda data: data["errors"][0].update(column=-1)),
        _edit(lambda data: data["errors"][0].pop("message")),
        _edit(lambda data: data["errors"][0].update(unavailable="yes")),
    ],
    ids=["truncated", "garbage", "empty", "a-list", "format", "other-key", "date-number", "no-date", "errors-text",
         "error-text", "line-text", "line-bool", "column-negative", "no-message", "unavailable-text"],
)
def test_a_damaged_entry_is_a_miss(damage: Callable[[str], str]) -> None:
    key = _key()
    assert typecheck_cache.store(key, "2026-01-02", ERRORS)
    path = verify_cache._path(typecheck_cache.KIND, key)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert typecheck_cache.load(key, "get-key-policy") is None


def test_an_entry_is_written_atomically_and_an_unwritable_cache_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path
) -> None:
    assert typecheck_cache.store(_key(), "2026-01-02", ERRORS)
    written = [p for p in own_cache.rglob("*") if p.is_file()]
    assert [p.parent.parent.name for p in written] == [typecheck_cache.KIND]
    assert all(p.suffix == ".json" for p in written), written  # no temporary file left behind
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("POLYSNIP_VERIFY_CACHE", str(blocked / "cache"))
    assert not typecheck_cache.store(_key(), "2026-01-02", ERRORS)
    assert typecheck_cache.load(_key(), "get-key-policy") is None

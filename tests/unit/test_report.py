"""The verification report: typed, round-trips byte for byte, loads safely, saves atomically, merges."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.problems import Problem, Severity
from generator.report import Outcome, Report, Status, load_report, merge, report_path, save_report

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "site" / "verification" / "kms-key-policies.json"


def _report(*outcomes: Outcome, versions: dict[str, dict[str, str]] | None = None) -> Report:
    return Report("specs/x.yaml", "2026-11-25", "0.1.0", versions or {}, list(outcomes))


def _outcome(language: str, unit_id: str, status: str = "passed", **extra: object) -> Outcome:
    return Outcome(language, unit_id, "operation", Status(status), "executed", **extra)  # type: ignore[arg-type]


def test_the_committed_report_round_trips_byte_for_byte() -> None:
    text = COMMITTED.read_text(encoding="utf-8")
    report = Report.from_json(text)
    assert report.to_json() == text
    assert Report.from_json(report.to_json()) == report
    assert all(isinstance(o.status, Status) for o in report.outcomes)


def test_every_status_and_optional_field_round_trips() -> None:
    report = _report(
        _outcome("python", "a", "passed", duration=1.23456, output="x\n", equivalent=True),
        _outcome("cli", "a", "failed", detail="boom", line=3, requests=2, equivalent=False),
        _outcome("java", "a", "not executed", declared=True),
        versions={"python": {"boto3": "1"}, "moto": {"moto": "5"}},
    )
    again = Report.from_json(report.to_json())
    assert again.outcomes[0].duration == 1.235
    report.outcomes[0].duration = 1.235
    assert again == report
    assert [json.loads(report.to_json())["results"][i]["status"] for i in range(3)] == ["passed", "failed", "not executed"]
    assert not report.passed


def test_a_plain_string_status_becomes_the_enum() -> None:
    outcome = Outcome("python", "a", "operation", "passed", "executed")  # type: ignore[arg-type]
    assert outcome.status is Status.PASSED


def test_report_path_is_named_once(tmp_path: Path) -> None:
    class Named:
        slug = "kms"

    assert report_path(tmp_path, "kms") == tmp_path / "verification" / "kms.json"
    assert report_path(tmp_path, Named()) == report_path(tmp_path, "kms")


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n", b"{", b"[]", b"\xff\xfe", b'{"spec": 1}', b'{"spec": "s", "date": "d", "polysnip": "p", "results": [{"x": 1}]}',
     b'{"spec": "s", "date": "d", "polysnip": "p", "results": [{"language": "python", "id": "a", "kind": "k", '
     b'"status": "great", "level": "executed"}]}'],
    ids=["empty", "blank", "truncated", "list", "binary", "bad-field", "unknown-key", "bad-status"],
)
def test_an_unusable_report_is_a_warning_with_its_path_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "verification" / "x.json"
    path.parent.mkdir()
    path.write_bytes(content)
    problems: list[Problem] = []
    assert load_report(path, problems) is None
    assert len(problems) == 1
    assert problems[0].severity is Severity.WARNING
    # At the JSON syntax error when there is one (a truncated file: line 1, column 2), else at the file's start.
    expected = "1:2" if content == b"{" else "1:1"
    assert problems[0].format().startswith(f"{path}:{expected}: warning:")


def test_a_missing_report_is_simply_absent(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert load_report(tmp_path / "none.json", problems) is None
    assert problems == []


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "verification" / "x.json"
    report = _report(_outcome("python", "a"))
    save_report(path, report)
    assert load_report(path) == report
    save_report(path, _report(_outcome("python", "b")))
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]
    assert load_report(path) == _report(_outcome("python", "b"))


def test_a_failed_save_keeps_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.json"
    save_report(path, _report(_outcome("python", "a")))
    before = path.read_bytes()

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        save_report(path, _report(_outcome("python", "b")))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_merge_keeps_languages_that_were_not_verified() -> None:
    old = _report(
        _outcome("java", "a"), _outcome("python", "a"), _outcome("python", "gone"), _outcome("cli", "a"),
        versions={"java": {"java": "17"}, "python": {"boto3": "1"}, "cli": {"aws": "1"}, "moto": {"moto": "5"}},
    )
    new = _report(_outcome("python", "a", "failed"), versions={"python": {"boto3": "2"}, "moto": {"moto": "6"}})
    merged = merge(old, new)
    assert [(o.language, o.id, o.status) for o in merged.outcomes] == [
        ("java", "a", Status.PASSED), ("python", "a", Status.FAILED), ("cli", "a", Status.PASSED)]
    assert merged.versions == {"java": {"java": "17"}, "python": {"boto3": "2"}, "cli": {"aws": "1"}, "moto": {"moto": "6"}}
    assert merged.date == new.date


def test_merging_a_full_report_gives_exactly_the_new_one() -> None:
    full = Report.from_json(COMMITTED.read_text(encoding="utf-8"))
    older = Report.from_json(COMMITTED.read_text(encoding="utf-8"))
    older.date = "2000-01-01"
    assert merge(older, full).to_json() == full.to_json()
    assert merge(None, full) is full


def test_merge_drops_old_outcomes_of_programs_that_no_longer_exist() -> None:
    old = _report(_outcome("java", "a"), _outcome("java", "removed"), _outcome("python", "a"))
    new = _report(_outcome("python", "a"))
    merged = merge(old, new, current={("java", "a"), ("python", "a")})
    assert [(o.language, o.id) for o in merged.outcomes] == [("java", "a"), ("python", "a")]

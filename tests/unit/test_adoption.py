"""Using polysnip in another docs repository: the report's schema, stable reports, the shard
partition and merge, init's refusal to overwrite, machine-readable output, and that rejected
input writes nothing."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.languages import select
from generator.pipeline import SpecOutput, program_order, shard_snippets
from generator.render import Renderer
from generator.report import (
    SCHEMA,
    Outcome,
    Report,
    ReportError,
    Shard,
    Status,
    merge_shards,
    report_path,
    save_report,
    settle,
)
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
CANONICAL = ROOT / "specs" / "kms-key-policies.yaml"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _report(date: str = "2026-01-01", durations: tuple[float, ...] = (0.5, 1.5), status: Status = Status.PASSED) -> Report:
    outcomes = [
        Outcome("python", "list-key-policies", "operation", status, "executed", duration=durations[0], requests=1),
        Outcome("cli", "list-key-policies", "operation", Status.PASSED, "executed", duration=durations[1], requests=1),
    ]
    return Report("specs/x.yaml", date, "0.1.0", {"moto": {"moto": "5.2.5"}}, outcomes)


# --- the report's JSON Schema ----------------------------------------------------------------


def _schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_every_committed_report_matches_the_schema() -> None:
    reports = sorted(ROOT.glob("site/verification/*.json"))
    assert reports, "no committed verification report found"
    for path in reports:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), _schema())


def test_written_and_shard_reports_match_the_schema_and_a_broken_one_does_not() -> None:
    schema = _schema()
    report = _report()
    jsonschema.validate(json.loads(report.to_json()), schema)
    shard = replace(report, shard=Shard(1, 2, (("python", "list-key-policies"), ("cli", "list-key-policies"))))
    data = json.loads(shard.to_json())
    jsonschema.validate(data, schema)
    assert Report.from_json(shard.to_json()) == shard
    data["results"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    del data["date"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# --- stable reports --------------------------------------------------------------------------


def test_a_verify_that_finds_the_same_leaves_the_report_byte_identical() -> None:
    old = _report("2026-01-01", (0.5, 1.5))
    again = settle(old, _report("2026-03-09", (0.7, 1.2)))
    assert again.to_json() == old.to_json()


def test_a_changed_result_takes_the_new_date_and_its_own_duration() -> None:
    old = _report("2026-01-01", (0.5, 1.5))
    changed = settle(old, _report("2026-03-09", (0.7, 1.2), status=Status.FAILED))
    assert changed.date == "2026-03-09"
    assert [o.duration for o in changed.outcomes] == [0.7, 1.5]  # the unchanged CLI result keeps its duration


# --- sharding --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kms_output() -> SpecOutput:
    model, _ = load_spec(CANONICAL)
    snippets = Renderer().render_model(model, select("python,cli"))
    return SpecOutput(model, snippets, {})


def test_shards_partition_the_programs_deterministically_keeping_each_operation_together(
    kms_output: SpecOutput, tmp_path: Path
) -> None:
    languages = select("python,cli")
    parts = [shard_snippets(tmp_path, kms_output, languages, (k, 3)) for k in (1, 2, 3)]
    again = [shard_snippets(tmp_path, kms_output, languages, (k, 3)) for k in (1, 2, 3)]
    assert [[(s.language, s.unit.id) for s in p] for p in parts] == [[(s.language, s.unit.id) for s in p] for p in again]
    keys = [(s.language, s.unit.id) for part in parts for s in part]
    assert sorted(keys) == sorted((s.language, s.unit.id) for s in kms_output.snippets)  # each program once
    for part in parts:
        assert part, "a shard got nothing although there are more operations than shards"
        units = {s.unit.id for s in part}
        assert all(k[1] not in units for other in parts if other is not part for k in [(s.language, s.unit.id) for s in other])


def test_shards_are_balanced_by_recorded_durations(kms_output: SpecOutput, tmp_path: Path) -> None:
    languages = select("python,cli")
    order = program_order(kms_output, languages)
    slow = order[1][1]  # one operation took far longer than every other
    outcomes = [
        Outcome(lang, unit, "operation", Status.PASSED, "executed", duration=30.0 if unit == slow else 1.0)
        for lang, unit in order
    ]
    save_report(report_path(tmp_path, kms_output.model), Report(kms_output.model.source, "2026-01-01", "0", {}, outcomes))
    first = shard_snippets(tmp_path, kms_output, languages, (1, 2))
    assert {s.unit.id for s in first} == {slow}  # the slow operation alone fills one shard


def test_merging_needs_every_shard_of_one_run() -> None:
    programs = (("python", "a"), ("python", "b"))
    one = Report("s.yaml", "2026-01-01", "0", {"moto": {"moto": "5"}},
                 [Outcome("python", "a", "operation", Status.PASSED, "executed")], Shard(1, 2, programs))
    two = Report("s.yaml", "2026-01-02", "0", {"moto": {"moto": "5"}},
                 [Outcome("python", "b", "operation", Status.FAILED, "executed")], Shard(2, 2, programs))
    merged = merge_shards([two, one])
    assert [o.id for o in merged.outcomes] == ["a", "b"] and merged.shard is None and merged.date == "2026-01-02"
    with pytest.raises(ReportError, match="shard\\(s\\) 2 missing"):
        merge_shards([one])
    with pytest.raises(ReportError, match="given twice"):
        merge_shards([one, one, two])
    with pytest.raises(ReportError, match="different moto versions"):
        merge_shards([one, replace(two, versions={"moto": {"moto": "6"}})])


def test_report_merge_command_writes_the_report_and_refuses_a_missing_shard(tmp_path: Path) -> None:
    programs = (("python", "a"),)
    part = Report("s.yaml", "2026-01-01", "0", {}, [Outcome("python", "a", "operation", Status.PASSED, "executed")],
                  Shard(1, 1, programs))
    save_report(tmp_path / "s.1-of-1.json", part)
    result = CliRunner().invoke(main, ["report", "merge", str(tmp_path / "s.1-of-1.json"), "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    assert Report.from_json((tmp_path / "s.json").read_text(encoding="utf-8")).shard is None
    result = CliRunner().invoke(main, ["report", "merge", str(tmp_path / "nope.json"), "-o", str(tmp_path / "t.json")])
    assert result.exit_code == 2 and "nope.json" in result.output and not (tmp_path / "t.json").exists()


# --- init ------------------------------------------------------------------------------------


def test_init_refuses_to_overwrite_naming_the_files_and_writing_nothing(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'mkdocs.yml'}:1:1: error: exists already" in result.output
    assert f"{tmp_path / 'docs' / 'index.md'}:1:1" in result.output and "Traceback" not in result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["docs", "docs/index.md", "mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"


def test_init_writes_a_valid_project_for_the_chosen_service(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--service", "sqs", "--shards", "4"])
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == [".github/workflows/docs.yml", ".pre-commit-config.yaml", "docs/.gitignore", "docs/index.md",
                     "mkdocs.yml", "specs/sqs.yaml"]
    load_spec(tmp_path / "specs" / "sqs.yaml")  # valid against botocore's model (raises otherwise)
    workflow = (tmp_path / ".github/workflows/docs.yml").read_text(encoding="utf-8")
    for step in ("polysnip doctor --install", "polysnip check", "polysnip verify --shard", "polysnip report merge",
                 "polysnip site", "upload-artifact", "shard: [1, 2, 3, 4]"):
        assert step in workflow, step
    hooks = (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "entry: polysnip validate" in hooks and "entry: polysnip check" in hooks
    mkdocs = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "content.tabs.link" in mkdocs and "specs: [specs/sqs.yaml]" in mkdocs and "name: material" in mkdocs


def test_init_names_an_unknown_service(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--service", "kmz"])
    assert result.exit_code == 2 and "unknown AWS service 'kmz'" in result.output and "kms" in result.output
    assert list(tmp_path.iterdir()) == []


# --- machine-readable output; bad input writes nothing ----------------------------------------


def test_validate_json_gives_located_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("polysnip: 1\nservice: kmz\noperations: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--json", str(bad)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["exit_code"] == 2
    (problem,) = data["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == (str(bad), 2, 1)
    assert problem["severity"] == "error" and problem["suggestion"] == "kms"
    good = json.loads(CliRunner().invoke(main, ["validate", "--json", str(CANONICAL)]).stdout)
    assert good["exit_code"] == 0 and good["operations"] == 3


def test_generate_writes_nothing_for_a_rejected_spec(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("polysnip: 1\nservice: kmz\noperations: []\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(bad), "--out", str(out)])
    assert result.exit_code == 2 and "nothing was written" in result.output
    assert not out.exists()


def test_out_inside_the_site_dir_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_dir: public\n", encoding="utf-8")
    shutil.copy(CANONICAL, tmp_path / "k.yaml")
    result = CliRunner().invoke(main, ["generate", "k.yaml", "--out", "public/generated"])
    assert result.exit_code == 2 and "site_dir" in result.output
    assert not (tmp_path / "public").exists()


def test_check_json_lists_what_a_generate_would_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--json", str(CANONICAL), "--out", str(tmp_path / "none")])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["exit_code"] == 1 and data["stale"]
    assert {entry["action"] for entry in data["stale"]} == {"add"}
    assert all(entry["spec"] == str(CANONICAL) for entry in data["stale"])


def test_the_plugin_refuses_generated_pages_inside_site_dir(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_dir: public\nplugins:\n  - polysnip:\n      specs: [specs/k.yaml]\n      out: public/gen\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
                          check=False)  # fmt: skip
    assert done.returncode != 0 and "inside site_dir" in done.stderr, done.stderr

"""The verification result cache: its key moves with every input that can change a result,
a damaged entry is a miss, a hit is labelled with the date of the run that produced it, and
--no-cache runs the programs again. Real verification (Python against moto) where a result
is needed; the cache lives in a temporary folder (POLYSNIP_VERIFY_CACHE)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from generator import fingerprint, verify, verify_cache
from generator.languages import LANGUAGES, select
from generator.languages.cli import _lone_bash_errors, bash_errors, bash_errors_many
from generator.pipeline import generated_outputs, render_specs
from generator.render import Renderer, Snippet
from generator.report import REPORT_FOLDER, Outcome, Status
from generator.runners import RUNNERS, Availability
from generator.runners.base import DEFAULT_LIMITS, Limits
from generator.spec import load_spec
from generator.verify import Cache, verify_model

from .conftest import ROOT, SPEC, load

TODAY = dt.date.today().isoformat()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "verify-cache"
    monkeypatch.setenv("POLYSNIP_VERIFY_CACHE", str(folder))
    return folder


# --- the key -----------------------------------------------------------------------------------


def _tools(**versions: str) -> verify_cache.Toolchain:
    return verify_cache.Toolchain(Availability(True, versions={"python": "3.11", "boto3": "1.0", **versions}),
                                  Availability(True), [], "")  # fmt: skip


def _key(
    model: object = None,
    snippets: list[Snippet] | None = None,
    tools: verify_cache.Toolchain | None = None,
    values: dict[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    templates: list[Path] | None = None,
    moto: str = "5.2.5",
) -> str:
    base_model, base_snippets = load()
    python = [s for s in base_snippets if s.language == "python"]
    return verify._results_key(model or base_model, LANGUAGES["python"], RUNNERS["python"],  # type: ignore[arg-type]
                               tools or _tools(), snippets if snippets is not None else python,
                               values if values is not None else {"key_id": "1234abcd-real"}, limits,
                               templates or [], moto)  # fmt: skip


def test_the_key_is_stable_while_nothing_changes() -> None:
    assert _key() == _key()


def _edited_spec(tmp_path: Path, edit: Callable[[str], str]) -> object:
    path = tmp_path / SPEC.name
    path.write_text(edit(SPEC.read_text(encoding="utf-8")), encoding="utf-8")
    model, _ = load_spec(path)
    return model


def test_every_input_moves_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = _key()
    _, snippets = load()
    python = [s for s in snippets if s.language == "python"]
    edited = [replace(python[1], program=python[1].program + "# edited\n"), *python[:1], *python[2:]]
    template_dir = tmp_path / "templates"
    (template_dir / "python").mkdir(parents=True)
    (template_dir / "python" / "program.jinja").write_text("{{ body }}\n")
    changed = {
        "published program text": _key(snippets=edited),
        "one program fewer": _key(snippets=python[:-1]),
        "executed text (fixture values)": _key(values={"key_id": "another-real-id"}),
        "spec document": _key(model=_edited_spec(tmp_path, lambda text: text + "\n# a comment\n")),
        "fixture definition": _key(model=_edited_spec(
            tmp_path, lambda text: text.replace("Key for polysnip verification", "Another key"))),
        "SDK version": _key(tools=_tools(boto3="1.1")),
        "toolchain version": _key(tools=_tools(python="3.12")),
        "variant version": _key(tools=replace(_tools(), variants=[Availability(True, versions={"v2": "2.9"})])),
        "service SDK version": _key(tools=replace(_tools(), sdk=Availability(True, versions={"kms": "9"}))),
        "checker": _key(tools=replace(_tools(), checker="compiled with something 1.0")),
        "moto version": _key(moto="5.2.6"),
        "limits": _key(limits=Limits(program_seconds=DEFAULT_LIMITS.program_seconds + 1)),
        "template overrides": _key(templates=[template_dir]),
    }
    monkeypatch.setattr(verify_cache, "_code_hash", "another generator")
    changed["generator code"] = _key()
    monkeypatch.setattr(verify_cache, "_code_hash", None)
    monkeypatch.setattr(verify, "__version__", "99.0")
    changed["polysnip version"] = _key()
    same = [name for name, key in changed.items() if key == base]
    assert not same, f"the key ignores: {', '.join(same)}"
    assert len(set(changed.values())) == len(changed), "two different inputs gave one key"


def test_the_spec_fixtures_are_in_the_fixture_values_key(tmp_path: Path) -> None:
    model, _ = load()
    other = _edited_spec(tmp_path, lambda text: text.replace("Key for polysnip verification", "Another key"))
    first = verify_cache.fixtures_key(verify._spec_data(model), "5.2.5")
    assert first == verify_cache.fixtures_key(verify._spec_data(model), "5.2.5")
    assert first != verify_cache.fixtures_key(verify._spec_data(other), "5.2.5")  # type: ignore[arg-type]
    assert first != verify_cache.fixtures_key(verify._spec_data(model), "5.2.6")


# --- entries -------------------------------------------------------------------------------------


def _results() -> verify_cache.Results:
    outcome = Outcome("python", "get-key-policy", "operation", Status.PASSED, "executed", duration=0.5, requests=1)
    return verify_cache.Results("2026-01-02", [outcome], {"get-key-policy": [["GetKeyPolicy", {"KeyId": "k"}]]},
                                {"python": "3.11"})  # fmt: skip


def test_a_stored_entry_is_read_back_labelled_with_its_date() -> None:
    key = "ab" * 32
    assert verify_cache.store_results(key, _results())
    found = verify_cache.load_results(key)
    assert found is not None
    assert [o.cached for o in found.cached()] == ["2026-01-02"]
    assert found.sent == _results().sent and found.versions == {"python": "3.11"}


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "not json at all",
        lambda text: "",
        lambda text: text.replace('"format": 1', '"format": 0'),  # another format
        lambda text: text.replace("ab" * 32, "cd" * 32),  # the entry of another key
        lambda text: text.replace('"passed"', '"bogus"'),  # a status the report does not know
        lambda text: text.replace('"passed"', '"failed"'),  # a failure is never replayed
        lambda text: json.dumps({**json.loads(text), "outcomes": "nope"}),
    ],
    ids=["truncated", "garbage", "empty", "format", "other-key", "bad-status", "failed", "bad-outcomes"],
)
def test_a_damaged_entry_is_a_miss(damage: Callable[[str], str]) -> None:
    key = "ab" * 32
    assert verify_cache.store_results(key, _results())
    path = verify_cache._path("results", key)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert verify_cache.load_results(key) is None


def test_failures_and_requests_that_do_not_survive_json_are_not_stored() -> None:
    failed = _results()
    failed.outcomes[0].status = Status.FAILED
    assert not verify_cache.store_results("ab" * 32, failed)
    odd = replace(_results(), sent={"get-key-policy": [("GetKeyPolicy", {"Body": b"bytes"})]})
    assert not verify_cache.store_results("ab" * 32, odd)
    assert not list(verify_cache.folder().rglob("*.json"))


def test_an_entry_is_written_atomically_and_an_unwritable_cache_is_no_error(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert verify_cache.store_results("ab" * 32, _results())
    assert not [p for p in verify_cache.folder().rglob("*") if p.is_file() and not p.name.endswith(".json")]
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("POLYSNIP_VERIFY_CACHE", str(blocked / "cache"))
    assert not verify_cache.store_results("ab" * 32, _results())
    assert verify_cache.load_results("ab" * 32) is None


# --- real verification -----------------------------------------------------------------------------


@pytest.mark.execution
def test_a_second_verify_replays_the_first_and_no_cache_runs_again(own_cache: Path) -> None:
    model, snippets = load()
    python = [s for s in snippets if s.language == "python"]
    languages = select("python")
    first = verify_model(model, python, languages, Renderer(), cache=Cache())
    assert first.passed and all(o.cached == "" for o in first.outcomes)
    assert list((own_cache / "results").rglob("*.json")), "nothing was stored"

    second = verify_model(model, python, languages, Renderer(), cache=Cache())
    assert [o.cached for o in second.outcomes] == [TODAY] * len(python)
    assert [(o.id, o.status, o.requests, o.output) for o in second.outcomes] == [
        (o.id, o.status, o.requests, o.output) for o in first.outcomes
    ]
    assert second.versions["python"] == first.versions["python"]
    assert all(o.equivalent for o in second.outcomes if o.kind != "client")  # judged again on replay

    forced = verify_model(model, python, languages, Renderer(), cache=Cache(read=False))
    assert forced.passed and all(o.cached == "" for o in forced.outcomes)

    changed = [replace(s, program=s.program.replace("print(", "print( ", 1)) for s in python]
    rerun = verify_model(model, changed, languages, Renderer(), cache=Cache())
    assert all(o.cached == "" for o in rerun.outcomes), "a changed program was taken from the cache"


@pytest.mark.execution
def test_a_corrupt_entry_makes_verify_run_the_programs(own_cache: Path) -> None:
    model, snippets = load()
    python = [s for s in snippets if s.language == "python"]
    verify_model(model, python, select("python"), Renderer(), cache=Cache())
    for path in (own_cache / "results").rglob("*.json"):
        path.write_bytes(path.read_bytes()[:40])
    again = verify_model(model, python, select("python"), Renderer(), cache=Cache())
    assert again.passed and all(o.cached == "" for o in again.outcomes)


@pytest.mark.execution
def test_a_mutated_run_neither_reads_nor_writes_the_cache(own_cache: Path) -> None:
    model, snippets = load()
    python = [s for s in snippets if s.language == "python"]
    verify_model(model, python, select("python"), Renderer(), cache=Cache())
    mutated = verify_model(model, python, select("python"), Renderer(), cache=Cache(),
                           mutate=lambda lang, unit, text: text)  # fmt: skip
    assert all(o.cached == "" for o in mutated.outcomes)


def _polysnip(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          timeout=900, env={**os.environ}, check=False)  # fmt: skip


@pytest.mark.slow
@pytest.mark.execution
def test_the_command_line_labels_cached_results_and_no_cache_runs(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    shutil.copyfile(SPEC, project / "specs" / SPEC.name)
    assert _polysnip(project, "generate", "--out", "out").returncode == 0
    report = project / "out" / REPORT_FOLDER / f"{SPEC.stem}.json"

    def results() -> list[dict[str, object]]:
        data = json.loads(report.read_text(encoding="utf-8"))
        return [r for r in data["results"] if r["language"] == "python"]

    first = _polysnip(project, "verify", "--lang", "python", "--out", "out")
    assert first.returncode == 0, first.stderr[-2000:]
    assert results() and not any("cached" in r for r in results())
    assert "from the verification cache" not in first.stdout
    stored = report.read_bytes()

    second = _polysnip(project, "verify", "--lang", "python", "--out", "out")
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"({len(results())} from the verification cache: run of {TODAY})" in second.stdout, second.stdout[-800:]
    assert report.read_bytes() == stored, "a replay of what the report holds rewrote it"

    report.unlink()  # a report that does not hold them: the replayed results are stored labelled
    assert _polysnip(project, "generate", "--out", "out").returncode == 0  # the pages show "not verified yet"
    third = _polysnip(project, "verify", "--lang", "python", "--out", "out")
    assert third.returncode == 0, third.stderr[-2000:]
    assert {r.get("cached") for r in results()} == {TODAY}

    forced = _polysnip(project, "verify", "--lang", "python", "--out", "out", "--no-cache")
    assert forced.returncode == 0, forced.stderr[-2000:]
    assert "from the verification cache" not in forced.stdout
    assert not any("cached" in r for r in results())


# --- reading generated output back, and the AWS CLI parse check ----------------------------------


def test_outputs_read_back_are_what_rendering_gives(tmp_path: Path) -> None:
    specs = sorted(p for p in (ROOT / "specs").glob("*.yaml"))
    rendered, _ = render_specs(specs, tmp_path)
    from generator.pipeline import write

    for output in rendered:
        write(tmp_path, output)
    found = generated_outputs(specs, tmp_path)
    assert found is not None
    for again, original in zip(found[0], rendered, strict=True):
        assert again.snippets == original.snippets
    (tmp_path / "kms-key-policies" / "snippets.json").write_text("{}")
    assert generated_outputs(specs, tmp_path) is None  # a touched folder is rendered again


BASH_PROGRAMS = [
    "echo ok\n",
    "aws kms list-keys \\\n  --limit 2\n",
    "cat <<'EOF' > policy.json\n{\"a\": 1}\nEOF\necho done\n",
    "f() {\n  echo in\n}\nf\n",
    "fi\n",
    "}\n",
    "echo 'unterminated\n",
    "if true; then\n  echo x\n",
    "cat <<EOF\nno end\n",
    "echo $(( 1 + \n",
    "case x in\n",
]


def test_the_bash_checks_say_what_a_lone_bash_n_says() -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    from generator.parsecheck import tree_sitter_errors

    lone = [[*_lone_bash_errors(bash, p), *tree_sitter_errors("bash", p)] for p in BASH_PROGRAMS]
    assert [bash_errors(p) for p in BASH_PROGRAMS] == lone
    assert bash_errors_many(BASH_PROGRAMS) == lone
    assert bash_errors_many(BASH_PROGRAMS[:4]) == [[], [], [], []]
    assert any(lone), "no program was refused: the check cannot fail"


def test_the_fingerprint_reads_versions_and_the_report_folder_as_the_project_does() -> None:
    from importlib import metadata

    found = fingerprint.installed_versions()
    for package in ("botocore", "black", "jinja2", "pyyaml", "tree-sitter"):
        assert found[fingerprint._normal(package)] == metadata.version(package)
    assert fingerprint.REPORT_FOLDER == REPORT_FOLDER


def test_the_site_stamp_moves_with_its_sources_and_with_the_built_site(tmp_path: Path) -> None:
    from generator.cli.core import _site_stamp

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n")
    docs, site_dir = tmp_path / "docs", tmp_path / "build" / "html"
    (docs / "spec").mkdir(parents=True)
    site_dir.mkdir(parents=True)
    (docs / "index.md").write_text("# x\n")
    (site_dir / "index.html").write_text("<p>x</p>")
    first = _site_stamp(config, docs, site_dir)
    assert first is not None and first == _site_stamp(config, docs, site_dir)
    (docs / "spec" / "page.md").write_text("new page\n")
    second = _site_stamp(config, docs, site_dir)
    assert second is not None and second[0] != first[0]
    (site_dir / "index.html").write_text("<p>edited by hand</p>")
    third = _site_stamp(config, docs, site_dir)
    assert third is not None and third[0] == second[0] and third[1] != second[1]
    config.write_text("site_name: y\n")
    assert _site_stamp(config, docs, site_dir) != third
    shutil.rmtree(site_dir)
    assert _site_stamp(config, docs, site_dir) is None


@pytest.mark.slow
def test_a_site_built_once_is_not_built_again_until_something_changes(tmp_path: Path) -> None:
    project = tmp_path / "site-project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\nsite_dir: build/html\n")

    def site() -> str:
        done = _polysnip(project, "site", "--when-changed")
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    assert "site built" in site()  # the first build, into a folder that did not exist
    assert "up to date" in site()
    (project / "docs" / "index.md").write_text("# Home, edited\n")
    assert "site built" in site()
    assert "up to date" in site()
    (project / "build" / "html" / "index.html").write_text("edited by hand")
    assert "site built" in site()
    assert "edited by hand" not in (project / "build" / "html" / "index.html").read_text()

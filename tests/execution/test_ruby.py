"""Every Ruby (AWS SDK for Ruby v3) program runs against moto and does what its page claims.

One test id per snippet (test_ruby_snippet[put-key-policy]), a mutation test showing that
a wrong program fails with the SDK's error and the program line, the one rewrite the
runner makes (the endpoint, inside the client region only: Debian's SDK ignores
AWS_ENDPOINT_URL), and the batch machinery: one interpreter for all programs, each with
its own access key and output; exit, exceptions and exit! end only their own program.

Needs ruby and ruby-aws-sdk-kms. Without them the tests skip; with CI=true they fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.model import Call
from generator.render import units
from generator.runners.base import Limits, ProgramRun, isolated_env
from generator.runners.ruby import (
    ENDPOINT_ARGUMENT,
    RUNNER,
    RegionRewriteError,
    add_endpoint,
    check_only_region_changed,
)
from generator.verify import FAILED, PASSED, Report

from .conftest import load, require_tool, run_verify

MODEL, SNIPPETS = load()
UNIT_IDS = [u.id for u in units(MODEL)]
RUBY_SNIPPETS = {s.unit.id: s for s in SNIPPETS if s.language == "ruby"}


def require_ruby() -> None:
    """Skip (fail under CI) unless ruby and the aws-sdk-kms gem are there."""
    require_tool("ruby")
    availability = RUNNER.availability()
    if not availability.ok:
        message = f"Ruby runner unavailable: {availability.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def ruby_report() -> Report:
    """One verification run of every Ruby program, shared by the per-snippet tests."""
    require_ruby()
    return run_verify("ruby")


@pytest.mark.execution
@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_ruby_snippet(ruby_report: Report, unit_id: str) -> None:
    outcome = next(o for o in ruby_report.outcomes if o.language == "ruby" and o.id == unit_id)
    assert outcome.status == PASSED, f"ruby {unit_id}: {outcome.detail} (line {outcome.line})"
    assert outcome.level == "executed"
    calls = [s for s in next(u for u in units(MODEL) if u.id == unit_id).steps if isinstance(s, Call)]
    # the recorder attributes requests by access key: this program's own key signed all its calls
    assert outcome.requests == len(calls)


@pytest.mark.execution
def test_ruby_report_records_versions(ruby_report: Report) -> None:
    versions = json.loads(ruby_report.to_json())["versions"]["ruby"]
    assert versions["ruby"] and versions["aws-sdk-kms"] and versions["aws-sdk-core"]


@pytest.mark.execution
def test_ruby_wrong_policy_name_fails_with_the_sdk_error_and_line() -> None:
    require_ruby()
    old, new = "policy_name: 'default'", "policy_name: 'other'"

    def mutate(language: str, unit_id: str, text: str) -> str:
        if language == "ruby" and unit_id == "get-key-policy":
            assert old in text, f"mutation target {old!r} not in the program"
            return text.replace(old, new, 1)
        return text

    report = run_verify("ruby", mutate=mutate)
    outcome = next(o for o in report.outcomes if o.id == "get-key-policy")
    assert outcome.status == FAILED
    assert "NotFoundException" in outcome.detail, outcome.detail
    program = RUBY_SNIPPETS["get-key-policy"].program.splitlines()
    call_line = next(n for n, line in enumerate(program, 1) if "client.get_key_policy(" in line)
    assert outcome.line == call_line, f"the failure names line {outcome.line}, the call is on line {call_line}"
    assert all(o.status == PASSED for o in report.outcomes if o.id != "get-key-policy"), "a mutation only fails its own program"


# --- prepare(): the endpoint, and nothing outside the client region ----------------------


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_prepare_changes_only_the_client_region(unit_id: str) -> None:
    snippet = RUBY_SNIPPETS[unit_id]
    prepared = RUNNER.prepare(snippet.program, snippet.regions, "http://127.0.0.1:5000")
    if "client" not in snippet.regions:
        # create-client sends no request: it runs exactly as published
        assert prepared == snippet.program
        return
    start, end = snippet.regions["client"]
    before, after = snippet.program.split("\n"), prepared.split("\n")
    assert len(after) == len(before), "line numbers of failures must match the published program"
    changed = [n for n in range(1, len(before) + 1) if before[n - 1] != after[n - 1]]
    assert changed and all(start <= n <= end for n in changed), f"changed lines {changed}, client region {start}-{end}"
    region_after = "\n".join(after[start - 1 : end])
    assert ENDPOINT_ARGUMENT in region_after
    # the region keeps everything it had (the region argument included), plus the endpoint
    assert region_after.replace(", " + ENDPOINT_ARGUMENT, "") == "\n".join(before[start - 1 : end])
    assert "127.0.0.1" not in prepared, "the endpoint comes from the environment, not the text"


def test_prepare_rewrites_multiline_and_bare_constructions() -> None:
    text = "require 'aws-sdk-kms'\nclient = Aws::KMS::Client.new(\n  region: 'us-west-2'\n)\nputs 1\n"
    assert add_endpoint(text, (2, 4)) == text.replace("'us-west-2'\n", f"'us-west-2', {ENDPOINT_ARGUMENT}\n")
    bare = "client = Aws::KMS::Client.new\n"
    assert add_endpoint(bare, (1, 1)) == f"client = Aws::KMS::Client.new({ENDPOINT_ARGUMENT})\n"


def test_prepare_refuses_to_change_anything_outside_the_region() -> None:
    snippet = RUBY_SNIPPETS["get-key-policy"]
    start, _ = snippet.regions["client"]
    # a region that does not hold the construction: the rewrite would have to reach outside it
    with pytest.raises(RegionRewriteError, match=r"no Client\.new"):
        RUNNER.prepare(snippet.program, {**snippet.regions, "client": (start + 2, start + 3)}, "http://127.0.0.1:5000")
    with pytest.raises(RegionRewriteError, match="outside the program"):
        RUNNER.prepare(snippet.program, {**snippet.regions, "client": (start, 10_000)}, "http://127.0.0.1:5000")
    # the final check itself: any change outside the region, or to the line count, is refused
    lines = snippet.program.split("\n")
    outside = "\n".join([*lines[: start - 2], lines[start - 2] + " # changed", *lines[start - 1 :]])
    with pytest.raises(RegionRewriteError, match=f"changed line {start - 1}, outside the client region"):
        check_only_region_changed(snippet.program, outside, snippet.regions["client"])
    with pytest.raises(RegionRewriteError, match="number of lines"):
        check_only_region_changed(snippet.program, snippet.program + "\n", snippet.regions["client"])


# --- the batch: one interpreter, programs judged one by one --------------------------------


@pytest.mark.execution
def test_ruby_batch_isolates_programs(tmp_path: Path) -> None:
    require_ruby()
    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    sources = {
        "first": ("puts \"key=#{ENV['AWS_ACCESS_KEY_ID']}\"\nvalue = 1\n", "KEYONE"),
        "raises": ("$stderr.puts 'oops'\nraise ArgumentError, 'boom'\n", "KEYTWO"),
        "exits": ("puts 'before'\nexit 3\n", "KEYTHREE"),
        "syntax": ("puts(1\n", "KEYFOUR"),
        "hard-exit": ("exit!(4)\n", "KEYFIVE"),
        "last": ("puts \"key=#{ENV['AWS_ACCESS_KEY_ID']}\"\nputs defined?(value).inspect\n", "KEYSIX"),
    }
    programs = [ProgramRun(name, f"{name.replace('-', '_')}.rb", text, key) for name, (text, key) in sources.items()]
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["first"].exit_code == 0 and results["first"].stdout == "key=KEYONE\n"
    assert results["raises"].exit_code == 1 and results["raises"].error_line == 2
    assert results["raises"].stderr.startswith("oops\n")
    assert results["raises"].stderr.strip().splitlines()[-1] == "raises.rb:2: boom (ArgumentError)"
    assert results["exits"].exit_code == 3 and results["exits"].error_line == 2 and results["exits"].stdout == "before\n"
    assert results["syntax"].exit_code == 1 and results["syntax"].error_line == 1
    assert "SyntaxError" in results["syntax"].stderr
    assert results["hard-exit"].exit_code == 4 and "ended the Ruby interpreter" in results["hard-exit"].stderr
    # after a program ended the interpreter, the rest ran in a new one; top-level locals never leak
    assert results["last"].exit_code == 0 and results["last"].stdout == "key=KEYSIX\nnil\n"


def test_ruby_unavailable_without_ruby(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.runners.ruby as ruby

    monkeypatch.setattr(ruby, "which", lambda tool, *a: None)
    availability = RUNNER.availability()
    assert not availability.ok and "apt-get install ruby ruby-aws-sdk-kms" in availability.reason


@pytest.mark.execution
def test_ruby_hanging_program_times_out_alone(tmp_path: Path) -> None:
    require_ruby()
    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    programs = [ProgramRun("hangs", "hangs.rb", "sleep 60\n", "KEYONE"), ProgramRun("after", "after.rb", "puts 'ran'\n", "KEYTWO")]
    results = RUNNER.run(programs, tmp_path / "work", env, Limits(program_seconds=1, startup_seconds=30))
    assert results["hangs"].exit_code == 124 and results["hangs"].stderr.splitlines()[-1] == "timed out after 1 s"
    assert results["after"].exit_code == 0 and results["after"].stdout == "ran\n"

"""Faults verification must survive and report: requests nobody can account for, programs
that hang or print without end, a hostile caller environment, and being killed.

Each test injects the fault through the mutate hook (which changes the published and the
executed program alike, as a generator bug or a hostile spec would) or through the
environment, and checks that the outcome names the cause; none may end in a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.languages import select
from generator.problems import Kind
from generator.render import Renderer
from generator.report import Report
from generator.runners import RUNNERS
from generator.runners.base import TOO_MUCH_OUTPUT, Limits, ProgramRun, isolated_env
from generator.verify import FAILED, PASSED, verification_problems, verify_model

from .conftest import ROOT, SPEC, load, run_verify

Mutate = Callable[[str, str, str], str]


def _append(language: str, unit_id: str, extra: str) -> Mutate:
    def mutate(lang: str, uid: str, text: str) -> str:
        return text.rstrip("\n") + "\n" + extra + "\n" if (lang, uid) == (language, unit_id) else text

    return mutate


def _outcome(report: Report, language: str, unit_id: str) -> tuple[str, str]:
    outcome = next(o for o in report.outcomes if o.language == language and o.id == unit_id)
    return outcome.status, outcome.detail


def _others_passed(report: Report, language: str, unit_id: str) -> bool:
    return all(o.status == PASSED for o in report.outcomes if (o.language, o.id) != (language, unit_id))


# --- requests verification cannot attribute ----------------------------------------------


@pytest.mark.execution
def test_a_request_signed_with_other_credentials_fails_the_program() -> None:
    extra = 'boto3.client("kms", aws_access_key_id="AKIDSOMEONEELSE", aws_secret_access_key="x").list_keys()'
    report = run_verify("python", mutate=_append("python", "get-key-policy", extra))
    status, detail = _outcome(report, "python", "get-key-policy")
    assert status == FAILED
    assert "cannot be attributed to this program" in detail, detail
    assert "ListKeys (signed with access key 'AKIDSOMEONEELSE')" in detail, detail
    assert _others_passed(report, "python", "get-key-policy"), "only the program running at the time is blamed"
    model, _ = load()
    problems = verification_problems(model, report)
    assert [(p.kind, p.path) for p in problems] == [(Kind.VERIFICATION, "operations[1]")]
    assert problems[0].location.file == str(SPEC) and problems[0].location.line > 1
    assert problems[0].message.startswith("python: moto received 1 request(s)")


@pytest.mark.execution
def test_an_unsigned_request_fails_the_program() -> None:
    extra = "aws kms list-keys --no-sign-request > /dev/null"
    report = run_verify("cli", mutate=_append("cli", "list-key-policies", extra))
    status, detail = _outcome(report, "cli", "list-key-policies")
    assert status == FAILED
    assert "ListKeys (unsigned)" in detail, detail
    assert _others_passed(report, "cli", "list-key-policies")


@pytest.mark.execution
def test_a_request_to_motos_own_api_fails_the_program() -> None:
    # Resetting moto would wipe the fixtures of the programs after this one.
    extra = (
        "import os, urllib.request\n"
        'urllib.request.urlopen(urllib.request.Request(os.environ["AWS_ENDPOINT_URL"] + "/moto-api/reset", '
        'method="POST")).read()'
    )
    report = run_verify("python", mutate=_append("python", "create-client", extra))
    status, detail = _outcome(report, "python", "create-client")
    assert status == FAILED
    assert "POST /moto-api/reset (unsigned)" in detail, detail


# --- programs that hang or never stop printing ----------------------------------------------

_SMALL = Limits(program_seconds=4, startup_seconds=30, output_bytes=200_000)
_MARK = "7919417"  # a number no other process on the machine sleeps for


def _leftovers() -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if _MARK in cmdline and "pytest" not in cmdline:
            found.append(f"{entry.name}: {cmdline}")
    return found


@pytest.mark.execution
@pytest.mark.parametrize(
    ("language", "extra"),
    [
        ("python", f"import subprocess, time\nsubprocess.Popen(['sleep', '{_MARK}'])\ntime.sleep({_MARK})"),
        ("cli", f"sleep {_MARK} &\nsleep {_MARK}"),
        ("javascript", "while (true) {}"),  # no timer inside node can interrupt this
        ("ruby", f"spawn('sleep', '{_MARK}')\nsleep"),
    ],
    ids=["python", "cli", "javascript", "ruby"],
)
def test_a_hung_program_is_a_failed_snippet_and_leaves_no_process(language: str, extra: str) -> None:
    started = time.monotonic()
    report = run_verify(language, mutate=_append(language, "get-key-policy", extra), limits=_SMALL)
    status, detail = _outcome(report, language, "get-key-policy")
    assert status == FAILED
    assert "timed out after 4 s" in detail, detail
    assert _others_passed(report, language, "get-key-policy"), "the programs after it still ran"
    assert time.monotonic() - started < 120
    assert not _leftovers(), "processes the hung program started outlived it"


@pytest.mark.execution
def test_a_program_that_prints_without_end_is_stopped() -> None:
    report = run_verify("cli", mutate=_append("cli", "get-key-policy", "yes polysnip"), limits=_SMALL)
    status, detail = _outcome(report, "cli", "get-key-policy")
    assert status == FAILED
    assert "printed more than 200000 bytes" in detail, detail
    outcome = next(o for o in report.outcomes if o.language == "cli" and o.id == "get-key-policy")
    assert len(outcome.output) <= 4000


_LOUD = {  # each prints 5,000,000 characters, then "end"
    "python": ("loud.py", "import sys\nfor _ in range(50):\n    sys.stdout.write('x' * 100_000)\nprint('end')\n"),
    "ruby": ("loud.rb", "50.times { print('x' * 100_000) }\nputs 'end'\n"),
    "javascript": ("loud.mjs", "for (let i = 0; i < 50; i++) process.stdout.write('x'.repeat(100000));\n"
                   "console.log('end');\n"),
    "java": ("Loud.java", "public class Loud {\n    public static void main(String[] args) {\n"
             "        for (int i = 0; i < 50; i++) { System.out.print(\"x\".repeat(100000)); }\n"
             "        System.out.println(\"end\");\n    }\n}\n"),
}  # fmt: skip


@pytest.mark.execution
@pytest.mark.parametrize("language", sorted(_LOUD))
def test_a_batch_keeps_only_the_first_output_bytes(language: str, tmp_path: Path) -> None:
    runner = RUNNERS[language]
    if not runner.availability().ok:
        pytest.fail(f"{language} is not available: {runner.availability().reason}")
    home = tmp_path / "home"
    home.mkdir()
    filename, text = _LOUD[language]
    programs = [ProgramRun("loud", filename, text, "KEYLOUD"), ProgramRun("next", filename, text, "KEYNEXT")]
    if language == "java":  # one class per program name
        programs[1] = ProgramRun("next", "Next.java", text.replace("class Loud", "class Next"), "KEYNEXT")
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    results = runner.run(programs, tmp_path / "work", env, Limits(output_bytes=1000))
    for name in ("loud", "next"):
        assert results[name].exit_code == 0, results[name].stderr[-500:]
        assert results[name].stdout == "x" * 1000, "printing a lot is allowed; only the first output_bytes are kept"


@pytest.mark.execution
def test_a_process_printing_past_the_limit_is_stopped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    program = ProgramRun("loud", "loud.sh", "yes polysnip\n", "KEYLOUD")
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    result = RUNNERS["cli"].run([program], tmp_path / "work", env, Limits(output_bytes=1000))["loud"]
    assert result.exit_code == TOO_MUCH_OUTPUT
    assert result.stderr.splitlines()[-1] == "printed more than 1000 bytes, so it was stopped"


# --- the caller's environment -------------------------------------------------------------


@pytest.mark.execution
def test_the_fixture_client_ignores_proxies_and_profiles_of_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://10.255.255.1:3128")
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("PYTHONPATH", "/nonexistent/shadow")
    report = run_verify("python,cli")
    failed = [(o.language, o.id, o.detail) for o in report.outcomes if o.status != PASSED]
    assert not failed, failed


# --- being killed ------------------------------------------------------------------------------


@pytest.mark.execution
def test_sigterm_during_verify_removes_its_temporary_folders(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "site"
    shutil.copytree(ROOT / "site", out)
    spec = str(ROOT / "specs" / "kms-key-policies.yaml")
    generate = [sys.executable, "-m", "generator", "generate", spec, "--out", str(out)]
    subprocess.run(generate, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)  # output up to date
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        # --no-cache: a result replayed from the cache would end verify before it could be stopped
        [sys.executable, "-m", "generator", "verify", spec, "--out", str(out), "--lang", "python,cli", "--no-cache"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not any(temp.glob("polysnip-verify-*")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert any(temp.glob("polysnip-verify-*")), "verify never created its temporary folder"
        time.sleep(1.0)  # well into running programs
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode != 0
    assert "Traceback" not in stderr, stderr[-3000:]
    assert not list(temp.iterdir()), f"left behind: {sorted(p.name for p in temp.iterdir())}"


@pytest.mark.execution
def test_a_batch_language_blames_only_the_program_running_at_the_time() -> None:
    extra = (
        "Aws::KMS::Client.new(endpoint: ENV.fetch('AWS_ENDPOINT_URL'), access_key_id: 'AKIDRUBYOTHER', "
        "secret_access_key: 'x').list_keys"
    )
    report = run_verify("ruby", mutate=_append("ruby", "list-key-policies", extra))
    status, detail = _outcome(report, "ruby", "list-key-policies")
    assert status == FAILED
    assert "ListKeys (signed with access key 'AKIDRUBYOTHER')" in detail and "this program" in detail, detail
    assert _others_passed(report, "ruby", "list-key-policies"), "the other programs of the one interpreter passed"


# --- the spec is read once ---------------------------------------------------------------------


@pytest.mark.execution
def test_verify_does_not_read_the_spec_file_again(tmp_path: Path) -> None:
    spec = tmp_path / "kms-key-policies.yaml"
    shutil.copyfile(SPEC, spec)
    model, snippets = load(spec)
    spec.unlink()  # every program's fixture model must come from the document in memory
    report = verify_model(model, snippets, select("python"), Renderer())
    failed = [(o.id, o.detail) for o in report.outcomes if o.status != PASSED]
    assert not failed, failed

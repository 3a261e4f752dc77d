"""The JavaScript batch: one Node process runs every program, sharing the SDK's modules, and
no program sees another's credentials, environment, top-level names, arguments, working
directory or output, even through a timer it left behind.

Each test is written so that a harness which let one of those through would fail it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.runners.base import ProgramRun, isolated_env
from generator.runners.javascript import RUNNER

from .conftest import check_each_program_signs_alone


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    availability = RUNNER.availability()
    if not availability.ok:
        message = f"JavaScript runner unavailable: {availability.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    home = tmp_path / "home"
    home.mkdir()
    return isolated_env("http://127.0.0.1:9", "us-west-2", home)


# Prints the access key its client resolved, then lists the KMS keys with it.
_SIGNS = """import { KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });
console.log((await client.config.credentials()).accessKeyId);
const listed = await client.send(new ListKeysCommand({}));
console.log(Array.isArray(listed.Keys));
"""


@pytest.mark.execution
def test_each_program_signs_with_its_own_access_key(tmp_path: Path, env: dict[str, str]) -> None:
    keys = ["AKIDNODEFIRST", "AKIDNODESECOND", "AKIDNODETHIRD"]
    check_each_program_signs_alone(RUNNER, "signs.mjs", _SIGNS, keys, tmp_path / "work",
                                   lambda url: {**env, "AWS_ENDPOINT_URL": url}, "true")  # fmt: skip


@pytest.mark.execution
def test_what_a_program_sets_does_not_reach_the_next(tmp_path: Path, env: dict[str, str]) -> None:
    sets = (
        'import { writeFileSync } from "node:fs";\n'
        'process.env.POLYSNIP_LEFT_BEHIND = "yes";\n'
        "delete process.env.AWS_REGION;\n"
        'process.env.AWS_SECRET_ACCESS_KEY = "left-behind-secret";\n'
        "const leftBehind = 1;\n"
        'writeFileSync("here.txt", "sets");\n'
        'process.chdir("..");\n'
        "process.exitCode = 0;\n"
        "console.log(process.argv.length);\n"
    )
    reads = (
        'import { existsSync } from "node:fs";\n'
        "console.log(process.env.POLYSNIP_LEFT_BEHIND, process.env.AWS_REGION, process.env.AWS_SECRET_ACCESS_KEY);\n"
        "console.log(process.env.AWS_ACCESS_KEY_ID, typeof leftBehind);\n"
        'console.log(existsSync("here.txt"), process.argv.slice(1).join(" ").endsWith("reads.mjs"));\n'
    )
    programs = [ProgramRun("sets", "sets.mjs", sets, "AKIDSETS"), ProgramRun("reads", "reads.mjs", reads, "AKIDREADS")]
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["sets"].exit_code == 0, results["sets"].stderr[-2000:]
    assert results["sets"].stdout == "2\n", "a program sees process.argv as if node had been started on its file"
    assert results["reads"].exit_code == 0, results["reads"].stderr[-2000:]
    assert results["reads"].stdout == (
        f"undefined us-west-2 {env['AWS_SECRET_ACCESS_KEY']}\nAKIDREADS undefined\nfalse true\n"
    )


@pytest.mark.execution
def test_a_timer_left_behind_belongs_to_the_program_that_set_it(tmp_path: Path, env: dict[str, str]) -> None:
    prints = 'console.log("early");\nsetTimeout(() => console.log("late"), 200);\n'
    throws = 'setTimeout(() => { throw new Error("late failure"); }, 200);\nconsole.log("thrower");\n'
    waits = 'await new Promise((resolve) => setTimeout(resolve, 1500));\nconsole.log("waited");\n'
    programs = [
        ProgramRun("prints", "prints.mjs", prints, "AKIDPRINTS"),
        ProgramRun("throws", "throws.mjs", throws, "AKIDTHROWS"),
        ProgramRun("waits", "waits.mjs", waits, "AKIDWAITS"),
    ]
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["waits"].exit_code == 0, results["waits"].stderr[-2000:]
    assert results["waits"].stdout == "waited\n" and results["waits"].stderr == "", "nothing of the others"
    assert results["prints"].exit_code == 0 and results["prints"].stdout == "early\nlate\n"
    assert results["throws"].exit_code == 1 and results["throws"].stdout == "thrower\n"
    assert results["throws"].stderr.splitlines()[-1] == "Error: late failure"
    assert results["throws"].error_line == 1


@pytest.mark.execution
def test_a_program_that_ends_node_fails_alone(tmp_path: Path, env: dict[str, str]) -> None:
    programs = [
        ProgramRun("before", "before.mjs", 'console.log("before");\n', "AKIDBEFORE"),
        ProgramRun("kills", "kills.mjs", 'console.log("dying");\nprocess.kill(process.pid, "SIGKILL");\n', "AKIDKILLS"),
        ProgramRun("after", "after.mjs", 'console.log("after", process.env.AWS_ACCESS_KEY_ID);\n', "AKIDAFTER"),
    ]
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["before"].exit_code == 0 and results["before"].stdout == "before\n"
    assert results["kills"].exit_code != 0
    assert results["after"].exit_code == 0 and results["after"].stdout == "after AKIDAFTER\n", "ran in a new process"


@pytest.mark.execution
def test_a_large_batch_keeps_every_result_apart(tmp_path: Path, env: dict[str, str]) -> None:
    count = 150
    text = 'console.log(process.env.AWS_ACCESS_KEY_ID + " " + "x".repeat(2000));\n'
    programs = [ProgramRun(f"p{n:03d}", "p.mjs", text, f"AKIDLARGE{n:03d}") for n in range(count)]
    results = RUNNER.run(programs, tmp_path / "work", env)
    for program in programs:
        result = results[program.name]
        assert result.exit_code == 0, result.stderr[-2000:]
        assert result.stdout == f"{program.access_key} {'x' * 2000}\n"

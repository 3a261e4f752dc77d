"""AWS CLI programs run with both v1 (PyPI) and v2 (Debian's awscli, which ignores
AWS_ENDPOINT_URL, so the harness passes --endpoint-url outside the published text)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.moto_server import RecordingMotoServer
from generator.runners.base import ProgramRun, Runner, isolated_env
from generator.runners.cli import CLI_V2, RUNNER, V2
from generator.verify import FAILED, PASSED

from .conftest import run_verify


def _require_v2() -> None:
    if V2.is_file():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"AWS CLI v2 is not installed at {V2}; scripts/setup must install it (apt-get install awscli)")
    pytest.skip(f"AWS CLI v2 is not installed at {V2}")


@pytest.mark.execution
def test_every_cli_program_passes_with_v1_and_v2() -> None:
    _require_v2()
    report = run_verify("cli")
    assert report.versions["cli"]["awscli"].startswith("1.")
    assert report.versions["cli"]["awscli-v2"].startswith("2.")
    assert all(o.status == PASSED for o in report.outcomes), [(o.id, o.detail) for o in report.outcomes]
    assert all(o.requests > 0 for o in report.outcomes if o.id != "create-client")


@pytest.mark.execution
def test_a_program_that_fails_only_with_v2_fails_and_says_so() -> None:
    _require_v2()

    def v2_only_failure(language: str, unit_id: str, text: str) -> str:
        if unit_id != "list-key-policies":
            return text
        check = 'case "$(aws --version 2>&1)" in aws-cli/2*) exit 7;; esac\n'
        assert "set -euo pipefail\n" in text
        return text.replace("set -euo pipefail\n", "set -euo pipefail\n" + check, 1)

    report = run_verify("cli", mutate=v2_only_failure)
    outcome = next(o for o in report.outcomes if o.id == "list-key-policies")
    assert outcome.status == FAILED and "with AWS CLI v2" in outcome.detail, outcome.detail
    others = [o for o in report.outcomes if o.id != "list-key-policies"]
    assert all(o.status == PASSED for o in others), [(o.id, o.detail) for o in others]


def test_v2_availability_reads_the_version() -> None:
    _require_v2()
    found = CLI_V2.availability()
    assert found.ok and found.versions["awscli-v2"].startswith("2."), found


@pytest.mark.execution
@pytest.mark.parametrize("runner", [RUNNER, CLI_V2], ids=["v1", "v2"])
def test_a_command_whose_cli_customisation_picks_its_own_endpoint_still_reaches_moto(
    runner: Runner, tmp_path: Path
) -> None:
    """AWS CLI v1 sends RDS calls in us-east-1 to rds.amazonaws.com whatever AWS_ENDPOINT_URL
    says; the harness's --endpoint-url keeps them on the loopback moto server."""
    if runner is CLI_V2:
        _require_v2()
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\nexport AWS_DEFAULT_REGION=us-east-1\naws rds describe-db-snapshots\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    with RecordingMotoServer() as server:
        env = isolated_env(server.url, "us-east-1", home)
        results = runner.run([ProgramRun("rds", "rds.sh", script, "POLYSNIPRDS", "rds")], tmp_path / "work", env)
        sent = server.exchanges("POLYSNIPRDS")
    assert results["rds"].exit_code == 0, results["rds"].stderr
    assert len(sent) == 1 and b"DescribeDBSnapshots" in sent[0].request_body

"""Every program runs against a world of its own: moto reset, seeded, and holding only
that program's fixtures, so names that must be unique never collide between programs or
languages, and fixture ids come out the same on every run."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from generator.moto_server import RecordingMotoServer
from generator.verify import FAILED, PASSED, verification_problems

from .conftest import load, run_verify

ALL = "python,cli,java,javascript,go,ruby,csharp"

# CreateAlias needs a name no other alias has: two programs in one world would collide.
UNIQUE_ALIAS = """\
polysnip: 1
service: kms
region: us-west-2
title: Aliases
placeholders:
  key_id:
    value: 1234abcd-12ab-34cd-56ef-1234567890ab
    description: the ID of your KMS key
    fixture: new_key
fixtures:
  new_key:
    description: a key
    operation: CreateKey
    params:
      Description: Key for polysnip verification
    output: KeyMetadata.KeyId
operations:
  - id: create-alias
    operation: CreateAlias
    title: Give a key a name
    params:
      AliasName: alias/polysnip-docs
      TargetKeyId: ${key_id}
    then:
      - operation: DescribeKey
        params:
          KeyId: alias/polysnip-docs
        expect:
          KeyMetadata.Description: Key for polysnip verification
scenarios:
  - id: alias-then-describe
    title: Name a key, then read it by its name
    steps:
      - operation: CreateAlias
        params:
          AliasName: alias/polysnip-docs
          TargetKeyId: ${key_id}
      - operation: DescribeKey
        params:
          KeyId: alias/polysnip-docs
        expect:
          KeyMetadata.Description: Key for polysnip verification
"""


def _write(tmp_path: Path, text: str, name: str = "kms-aliases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.execution
def test_a_unique_name_is_created_once_per_program_in_every_language(tmp_path: Path) -> None:
    report = run_verify(ALL, path=_write(tmp_path, UNIQUE_ALIAS))
    by_status = {(o.language, o.id): (o.status, o.detail) for o in report.outcomes}
    executed = [o for o in report.outcomes if o.level == "executed"]
    assert {o.language for o in executed} == {"java", "python", "ruby", "cli", "javascript", "go"}, by_status
    assert all(o.status == PASSED for o in executed), by_status
    assert all(o.status != FAILED for o in report.outcomes), by_status


def test_a_seeded_fresh_world_gives_the_same_ids_every_time() -> None:
    with RecordingMotoServer() as server:
        kms = boto3.client("kms", region_name="us-west-2", endpoint_url=server.url,
                           aws_access_key_id="POLYSNIPTEST", aws_secret_access_key="x")  # fmt: skip
        ids = []
        for _ in range(3):
            server.fresh_world()
            kms.create_alias(AliasName="alias/once", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
            ids.append(kms.list_aliases()["Aliases"][-1]["TargetKeyId"])
        assert len(set(ids)) == 1
        server.fresh_world(seed=7)
        assert kms.create_key()["KeyMetadata"]["KeyId"] != ids[0]


@pytest.mark.execution
def test_a_fixture_that_fails_is_a_problem_at_the_fixture(tmp_path: Path) -> None:
    text = UNIQUE_ALIAS.replace("operation: CreateKey\n    params:\n      Description: Key for polysnip verification",
                                "operation: DescribeKey\n    params:\n      KeyId: alias/missing")
    assert "alias/missing" in text
    path = _write(tmp_path, text)
    report = run_verify("python,cli", path=path)
    assert {o.status for o in report.outcomes} == {FAILED}
    assert all(o.detail.startswith("fixture new_key: DescribeKey failed") for o in report.outcomes)
    model, _ = load(path)
    problems = verification_problems(model, report)
    assert len(problems) == 1
    assert problems[0].path == "fixtures.new_key"
    assert problems[0].location.line == text.splitlines().index("  new_key:") + 1

"""Validation warns about example values no placeholder covers (account ids, ARNs, IAM names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import Severity
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]

HEAD = """\
polysnip: 1
service: kms
region: us-west-2
placeholders:
  key_id:
    value: 1234abcd-12ab-34cd-56ef-1234567890ab
    description: the ID of your KMS key
  account_id:
    value: "111122223333"
    description: your AWS account ID
operations:
  - operation: PutKeyPolicy
    title: Replace the key policy
    params:
      KeyId: ${key_id}
      PolicyName: default
      Policy:
        Version: "2012-10-17"
        Statement:
          - Sid: Example
            Effect: Allow
            Principal:
              AWS: PRINCIPAL
            Action: kms:DescribeKey
            Resource: "*"
"""


def _warnings(tmp_path: Path, principal: str) -> list[str]:
    spec = tmp_path / "example-values.yaml"
    spec.write_text(HEAD.replace("PRINCIPAL", principal), encoding="utf-8")
    _, problems = load_spec(spec)
    assert all(p.severity is Severity.WARNING for p in problems)
    return [p.format() for p in problems if "no placeholder covers it" in p.message]


def test_an_unflagged_arn_is_warned_about_at_its_location(tmp_path: Path) -> None:
    [warning] = _warnings(tmp_path, "arn:aws:iam::444455556666:user/Alice")
    assert "example-values.yaml:23:15: warning: operations[0].params.Policy.Statement[0].Principal.AWS:" in warning
    assert "444455556666" in warning and "placeholder" in warning


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("arn:aws:iam::${account_id}:user/test-user", "user name 'test-user'"),
        ("arn:aws:iam::${account_id}:role/service-role/Admin", "role name 'Admin'"),
        ('"444455556666"', "account ID 444455556666"),
    ],
)
def test_a_name_or_account_id_outside_a_placeholder_is_warned_about(tmp_path: Path, principal: str, expected: str) -> None:
    [warning] = _warnings(tmp_path, principal)
    assert expected in warning


@pytest.mark.parametrize("principal", ["arn:aws:iam::${account_id}:root", '"*"', "arn:aws:iam::aws:policy/ReadOnly"])
def test_values_a_placeholder_covers_or_that_need_no_replacing_are_not(tmp_path: Path, principal: str) -> None:
    assert _warnings(tmp_path, principal) == []


def test_the_kms_spec_shows_no_unflagged_example_value() -> None:
    _, problems = load_spec(ROOT / "specs" / "kms-key-policies.yaml")
    assert problems == []

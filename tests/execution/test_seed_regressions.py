"""The defects in the AWS documentation seeds do not survive polysnip.

- Seed 000 (Developer Guide, Ruby PutKeyPolicy) puts the ExampleUser policy in a
  double-quoted Ruby string with unescaped quotes: it is not valid Ruby. The same
  policy rendered by polysnip parses and runs against moto.
- Seed 002 (AWS CLI put-key-policy example) grants `"kms:"`, which names no operation;
  the key-policy lint rejects it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.parsecheck import tree_sitter_errors

from .conftest import ROOT, require_tool, run_verify

SEED_RUBY_PUT = (
    'policy = "{\\n \\n "Version": "2012-10-17", \\n "Statement": [{ \\n "Sid": "Allow access for ExampleUser", \\n }] \\n}\\n"'
)

EXAMPLE_USER_SPEC = """\
polysnip: 1
service: kms
region: us-west-2
placeholders:
  key_id: {value: 1234abcd-12ab-34cd-56ef-1234567890ab, description: the ID of your KMS key, fixture: new_key}
fixtures:
  new_key: {operation: CreateKey, output: KeyMetadata.KeyId}
operations:
  - operation: PutKeyPolicy
    title: Set the ExampleUser key policy from the Developer Guide
    params:
      KeyId: ${key_id}
      PolicyName: default
      BypassPolicyLockoutSafetyCheck: true
      Policy:
        Version: "2012-10-17"
        Statement:
          - Sid: Allow access for ExampleUser
            Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:user/ExampleUser"}
            Action: [kms:Encrypt, kms:GenerateDataKey*, kms:Decrypt, kms:DescribeKey, kms:ReEncrypt*]
            Resource: "*"
"""


def test_seed_ruby_string_is_invalid_ruby() -> None:
    """The seed's own snippet fails to parse, so the comparison below means something."""
    assert tree_sitter_errors("ruby", SEED_RUBY_PUT)


@pytest.mark.execution
def test_seed_example_user_policy_parses_and_runs_in_ruby(tmp_path: Path) -> None:
    require_tool("ruby")
    spec = tmp_path / "seed-example-user.yaml"
    spec.write_text(EXAMPLE_USER_SPEC)
    report = run_verify("python,ruby", path=spec)
    ruby = next(o for o in report.outcomes if o.language == "ruby" and o.id == "put-key-policy")
    assert ruby.status == "passed" and ruby.level == "executed", ruby.detail
    assert ruby.equivalent is True


def test_seed_cli_kms_colon_action_is_rejected(tmp_path: Path) -> None:
    seed = (Path(ROOT).parent / "shared" / "seeds" / "002_3c6ae475de9384b2.txt")
    spec = (ROOT / "specs" / "kms-key-policies.yaml").read_text()
    # The seed's first statement, as written in the AWS CLI example.
    if seed.exists():
        assert '"Action" : "kms:",' in seed.read_text()
    bad = tmp_path / "seed-cli.yaml"
    bad.write_text(spec.replace("Action: kms:*\n", 'Action: "kms:"\n', 1))
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(bad)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "action 'kms:' names no operation" in result.stderr
    assert "Traceback" not in result.stderr

"""Ruby programs are syntax-checked by ruby and name-checked against the installed gem's API model.

typecheck() runs on the published KMS programs (clean) and on programs broken on purpose,
each of which must fail on its own line: a parameter the operation does not have, at the
top and nested; an operation the client does not have; a literal of the wrong kind; a
response member the output does not have; a require of a file that is not there; a
syntax error. A service without a gem gets
the syntax check only, and the checker says so. Verification fails a program that does
not pass. The naming rule and missing_in_sdk's decision are tested without ruby.

Needs ruby and ruby-aws-sdk-kms; without them the ruby tests skip, with CI=true they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.languages import ruby as ruby_language
from generator.languages.ruby import LANGUAGE, GemApi, installed_gems, ruby_name
from generator.runners.base import ProgramRun
from generator.runners.ruby import RUNNER
from generator.verify import FAILED, PASSED

from .conftest import load, require_tool, run_verify

MODEL, SNIPPETS = load()
RB = {s.unit.id: s for s in SNIPPETS if s.language == "ruby"}


def require_ruby() -> None:
    require_tool("ruby")
    availability = RUNNER.availability()
    if not availability.ok or RUNNER.checker() is None:
        message = f"Ruby runner unavailable: {availability.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def mutated(unit_id: str, old: str, new: str) -> str:
    text = RB[unit_id].program
    assert old in text, f"{old!r} not in {unit_id}"
    return text.replace(old, new, 1)


@pytest.mark.execution
def test_published_programs_pass_and_broken_ones_fail_on_their_line(tmp_path: Path) -> None:
    require_ruby()
    checker = RUNNER.checker()
    assert checker is not None and checker.level == "names checked"
    assert "aws-sdk-kms" in checker.description and "syntax only for services without a gem" in checker.description
    broken = {
        "wrong-parameter": mutated("get-key-policy", "policy_name: 'default'", "policy_nam: 'default'"),
        "unknown-operation": mutated("get-key-policy", "client.get_key_policy(", "client.get_key_policies("),
        "wrong-kind": mutated("get-key-policy", "policy_name: 'default'", "policy_name: 7"),
        "wrong-member": mutated("get-key-policy", "puts response.policy", "puts response.policies"),
        "syntax": mutated("get-key-policy", "rescue Aws::KMS", "rescue => => Aws::KMS"),
        "wrong-require": mutated("get-key-policy", "require 'aws-sdk-kms'", "require 'aws-sdk-kmz'"),
    }
    runs = [ProgramRun(unit_id, s.program_path.rsplit("/", 1)[-1], s.program, "", "kms") for unit_id, s in RB.items()]
    runs += [ProgramRun(name, "get_key_policy.rb", text, "", "kms") for name, text in broken.items()]
    found = RUNNER.typecheck(runs, tmp_path)
    assert set(found) == {run.name for run in runs}
    for unit_id in RB:
        assert found[unit_id] == [], f"{unit_id}: {[str(e) for e in found[unit_id]]}"

    (error,) = found["wrong-parameter"]
    text = broken["wrong-parameter"]
    assert error.line == line_of(text, "policy_nam:")
    assert error.column == text.splitlines()[error.line - 1].index("policy_nam:") + 1
    assert "get_key_policy has no parameter policy_nam" in error.message and "aws-sdk-kms" in error.message
    assert "key_id, policy_name" in error.message, "the message names what the gem has"

    (error,) = found["unknown-operation"]
    assert error.line == line_of(broken["unknown-operation"], "get_key_policies")
    assert "has no operation get_key_policies" in error.message

    (error,) = found["wrong-kind"]
    assert error.line == line_of(broken["wrong-kind"], "policy_name: 7")
    assert "takes a string" in error.message and "not an integer" in error.message

    (error,) = found["wrong-member"]
    assert error.line == line_of(broken["wrong-member"], "response.policies")
    assert "response has no member policies" in error.message

    (error,) = found["wrong-require"]
    assert error.line == line_of(broken["wrong-require"], "aws-sdk-kmz")
    assert "cannot load such file -- aws-sdk-kmz (the gem is aws-sdk-kms)" in error.message

    errors = found["syntax"]
    assert errors and errors[0].line == line_of(broken["syntax"], "rescue => =>"), [str(e) for e in errors]


@pytest.mark.execution
def test_nested_parameters_and_services_without_a_gem(tmp_path: Path) -> None:
    require_ruby()
    nested = (
        "require 'aws-sdk-kms'\n"
        "client = Aws::KMS::Client.new(region: 'us-west-2')\n"
        "client.create_key(\n"
        "  description: 'x',\n"
        "  tags: [{ tag_key: 'a', tag_valu: 'b' }]\n"
        ")\n"
    )
    without_gem = "glacier"
    assert ruby_language.installed_gems().get("aws-sdk-glacier") is None, "the test needs a service without a gem"
    unchecked = (
        "require 'aws-sdk-glacier'\n"
        "client = Aws::Glacier::Client.new(region: 'us-west-2')\n"
        "client.list_vaultz(account_id: '-', no_such_parameter: 1)\n"
    )
    runs = [
        ProgramRun("nested", "create_key.rb", nested, "", "kms"),
        ProgramRun("no-gem", "list_vaults.rb", unchecked, "", without_gem),
        ProgramRun("no-gem-syntax", "list_vaults.rb", unchecked + "end\n", "", without_gem),
    ]
    found = RUNNER.typecheck(runs, tmp_path)
    (error,) = found["nested"]
    assert error.line == 5 and "create_key.tags[] has no parameter tag_valu" in error.message
    assert found["no-gem"] == [], "without a gem only the syntax is checked"
    (error,) = found["no-gem-syntax"]
    assert error.line == 4


@pytest.mark.execution
def test_verification_fails_a_program_whose_names_are_wrong() -> None:
    require_ruby()

    def mutate(language: str, unit_id: str, text: str) -> str:
        if language == "ruby" and unit_id == "put-key-policy":
            assert "policy_name:" in text
            return text.replace("policy_name:", "policy_names:", 1)
        return text

    report = run_verify("ruby", mutate=mutate)
    outcome = next(o for o in report.outcomes if o.id == "put-key-policy")
    assert outcome.status == FAILED
    assert "does not compile" in outcome.detail and "policy_names" in outcome.detail, outcome.detail
    assert outcome.line == line_of(mutate("ruby", "put-key-policy", RB["put-key-policy"].program), "policy_names:")
    others = [o for o in report.outcomes if o.id != "put-key-policy"]
    assert others and all(o.status == PASSED and "ruby" in o.checked for o in others)


# --- pure parts (no ruby) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "ruby"),
    [
        ("GetKeyPolicy", "get_key_policy"),
        ("ETag", "etag"),
        ("ChecksumCRC32C", "checksum_crc32c"),
        ("Ipv6CidrBlock", "ipv_6_cidr_block"),
        ("AuthenticationCode1", "authentication_code_1"),
        ("Street1", "street_1"),
        ("DescribeCachediSCSIVolumes", "describe_cached_iscsi_volumes"),
        ("TargetGroupARNs", "target_group_arns"),
        ("DBInstanceIdentifier", "db_instance_identifier"),
        ("SSEKMSKeyId", "ssekms_key_id"),
        ("ContentMD5", "content_md5"),
        ("CacheClusterId", "cache_cluster_id"),
    ],
)
def test_names_follow_the_ruby_sdk(model: str, ruby: str) -> None:
    assert ruby_name(model) == ruby
    assert LANGUAGE.member(model) == ruby and LANGUAGE.method(model) == ruby


def test_missing_in_sdk_only_for_deprecated_operations_a_gem_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3_api, kms_api = tmp_path / "s3_client_api.rb", tmp_path / "kms_client_api.rb"
    s3_api.write_text("api.add_operation(:get_object, x)\napi.add_operation(:put_object, x)\n", encoding="utf-8")
    kms_api.write_text("api.add_operation(:get_key_policy, x)\n", encoding="utf-8")
    gems = {"aws-sdk-s3": GemApi("aws-sdk-s3", "1.0.0", s3_api), "aws-sdk-kms": GemApi("aws-sdk-kms", "1.0.0", kms_api)}
    monkeypatch.setattr(ruby_language, "installed_gems", lambda: gems)
    assert LANGUAGE.missing_in_sdk("s3", "GetObject") == ""
    why = LANGUAGE.missing_in_sdk("s3", "GetBucketLifecycle")
    assert why == "aws-sdk-s3 1.0.0 has no get_bucket_lifecycle (deprecated in the service model)"
    assert LANGUAGE.missing_in_sdk("kms", "Sign") == "", "a gem older than the model is not the SDK lacking it"
    assert LANGUAGE.missing_in_sdk("glacier", "ListVaults") == "", "no gem: cannot tell"


def test_installed_gems_lists_versions_and_operations() -> None:
    require_tool("ruby")
    found = installed_gems().get("aws-sdk-kms")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ruby-aws-sdk-kms is not installed")
        pytest.skip("ruby-aws-sdk-kms is not installed")
    assert found.version[:1].isdigit() and {"get_key_policy", "put_key_policy"} <= found.operations

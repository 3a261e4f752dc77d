"""The Model that generator.spec.load_spec builds from the canonical spec.

Every later stage (languages, verification, the site) reads only this model, so these
tests pin what it promises: spec order, botocore shapes on every parameter, placeholders
resolved to their display values, documents kept as JSON, scenario variables kept as
references, typed expectations, and immutability.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.model import (
    Call,
    Edit,
    Expectation,
    JsonData,
    JsonDocValue,
    Model,
    PlaceholderRef,
    StrValue,
    VariableRef,
)
from generator.problems import BadInput
from generator.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
CANONICAL = REPO / "specs" / "kms-key-policies.yaml"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
ACCOUNT = "111122223333"
ROOT_AND_TEST_USER_POLICY = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "kms:*",
            "Resource": "*",
        },
        {
            "Sid": "Allow Use of Key",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/ExampleUser"},
            "Action": "kms:DescribeKey",
            "Resource": "*",
        },
    ],
}
EXAMPLE_USER_STATEMENT = {
    "Sid": "Allow access for key user",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/ExampleUser"},
    "Action": ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
    "Resource": "*",
}


@pytest.fixture(scope="module")
def loaded() -> tuple[Model, list[object]]:
    model, warnings = load_spec(CANONICAL)
    return model, list(warnings)


@pytest.fixture(scope="module")
def model(loaded: tuple[Model, list[object]]) -> Model:
    return loaded[0]


def operation(model: Model, op_id: str) -> Call:
    return next(o.call for o in model.operations if o.id == op_id)


def param_value(call: Call, name: str) -> object:
    param = call.param(name)
    assert param is not None, f"{call.operation} has no {name} parameter"
    return param.value


# --- the spec as a whole ---------------------------------------------------------------


def test_canonical_spec_has_no_warnings(loaded: tuple[Model, list[object]]) -> None:
    assert loaded[1] == []


def test_top_level_fields(model: Model) -> None:
    assert model.service == "kms"
    assert model.region == "us-west-2"
    assert model.title == "KMS key policies"
    assert model.description.startswith("View and change the key policy of an AWS KMS key")
    assert "\n" not in model.description  # folded scalar, stripped
    assert model.service_model.service_name == "kms"
    assert model.slug == "kms-key-policies"
    assert model.source == str(CANONICAL)


def test_operations_in_spec_order(model: Model) -> None:
    assert [o.id for o in model.operations] == ["list-key-policies", "get-key-policy", "put-key-policy"]
    assert [o.call.operation for o in model.operations] == ["ListKeyPolicies", "GetKeyPolicy", "PutKeyPolicy"]
    assert [o.title for o in model.operations] == [
        "List the key policies of a KMS key",
        "Read the key policy of a KMS key",
        "Replace the key policy of a KMS key",
    ]
    assert all(o.description for o in model.operations)


def test_parameters_in_spec_order(model: Model) -> None:
    assert [p.name for p in operation(model, "list-key-policies").params] == ["KeyId"]
    assert [p.name for p in operation(model, "get-key-policy").params] == ["KeyId", "PolicyName"]
    assert [p.name for p in operation(model, "put-key-policy").params] == ["KeyId", "PolicyName", "Policy"]


def test_call_locations_point_at_the_spec(model: Model) -> None:
    lines = CANONICAL.read_text(encoding="utf-8").splitlines()
    for op in model.operations:
        location = op.call.location
        assert location is not None
        assert location.file == str(CANONICAL)
        assert lines[location.line - 1].strip() == f"- id: {op.id}"


# --- shapes --------------------------------------------------------------------------------


def test_parameter_shapes_are_attached(model: Model) -> None:
    for op in model.operations:
        input_shape = op.call.op_model.input_shape
        assert input_shape is not None
        for param in op.call.params:
            assert param.shape is input_shape.members[param.name]
            assert param.shape.type_name == "string"
            assert param.required == (param.name in input_shape.required_members)
            assert param.shape.documentation.strip(), f"{op.id}.{param.name} has no documentation"
            assert param.value.shape is param.shape  # type: ignore[union-attr]


def test_required_flags(model: Model) -> None:
    put = operation(model, "put-key-policy")
    assert put.param("KeyId").required is True  # type: ignore[union-attr]
    assert put.param("Policy").required is True  # type: ignore[union-attr]
    get = operation(model, "get-key-policy")
    assert get.param("KeyId").required is True  # type: ignore[union-attr]


def test_operation_models_match_botocore(model: Model) -> None:
    for op in model.operations:
        assert op.call.op_model is model.service_model.operation_model(op.call.operation)


# --- values --------------------------------------------------------------------------------


def test_placeholders_in_spec_order_with_display_values(model: Model) -> None:
    assert [p.name for p in model.placeholders] == ["key_id", "account_id", "user_arn"]
    assert model.placeholder("key_id").display == KEY_ID
    assert model.placeholder("key_id").description == "the ID or ARN of your KMS key"
    assert model.placeholder("key_id").fixture == "new_key"
    assert model.placeholder("account_id").display == ACCOUNT
    assert model.placeholder("account_id").fixture is None


def test_whole_value_placeholder_is_a_placeholder_ref(model: Model) -> None:
    for op in model.operations:
        assert param_value(op.call, "KeyId") == PlaceholderRef("key_id", KEY_ID, op.call.param("KeyId").shape)  # type: ignore[union-attr]


def test_plain_string_value(model: Model) -> None:
    value = param_value(operation(model, "get-key-policy"), "PolicyName")
    assert isinstance(value, StrValue)
    assert value.text == "default"


def test_policy_is_a_json_document_with_placeholders_resolved(model: Model) -> None:
    value = param_value(operation(model, "put-key-policy"), "Policy")
    assert isinstance(value, JsonDocValue)
    assert isinstance(value.document, JsonData)
    document = value.document.value
    assert document == ROOT_AND_TEST_USER_POLICY
    assert document["Statement"][0]["Principal"]["AWS"] == "arn:aws:iam::111122223333:root"
    assert "${" not in value.document.text
    assert list(document) == ["Version", "Id", "Statement"]  # key order kept


def test_json_data_hands_out_copies(model: Model) -> None:
    value = param_value(operation(model, "put-key-policy"), "Policy")
    assert isinstance(value, JsonDocValue)
    first = value.document.value
    first["Version"] = "changed"
    assert value.document.value["Version"] == "2012-10-17"


def test_fixture(model: Model) -> None:
    assert [f.name for f in model.fixtures] == ["new_key"]
    fixture = model.fixture("new_key")
    assert fixture.call.operation == "CreateKey"
    assert fixture.output == "KeyMetadata.KeyId"
    assert fixture.description == "a symmetric encryption key created with CreateKey"
    assert param_value(fixture.call, "Description") == StrValue("Key for polysnip verification", None)  # type: ignore[arg-type]


# --- expectations ----------------------------------------------------------------------------


def test_expectation_kinds(model: Model) -> None:
    assert operation(model, "list-key-policies").expect == (Expectation("PolicyNames", "equals", JsonData.of(["default"])),)
    assert operation(model, "get-key-policy").expect == (
        Expectation("Policy", "json_at_equals", JsonData.of("2012-10-17"), ("Version",)),
    )
    assert operation(model, "put-key-policy").expect == ()
    then = next(o for o in model.operations if o.id == "put-key-policy").then
    assert [c.operation for c in then] == ["GetKeyPolicy"]
    assert then[0].expect == (Expectation("Policy", "json_equals", JsonData.of(ROOT_AND_TEST_USER_POLICY)),)


def test_output_fields_are_the_expected_members(model: Model) -> None:
    assert operation(model, "list-key-policies").output_fields == ("PolicyNames",)
    assert operation(model, "get-key-policy").output_fields == ("Policy",)
    assert operation(model, "put-key-policy").output_fields == ()


# --- scenario --------------------------------------------------------------------------------


def test_scenario_steps(model: Model) -> None:
    assert [s.id for s in model.scenarios] == ["modify-key-policy"]
    scenario = model.scenarios[0]
    assert scenario.title == "Modify a key policy"
    assert [type(step) for step in scenario.steps] == [Call, Edit, Call, Call]
    assert [c.operation for c in scenario.calls] == ["GetKeyPolicy", "PutKeyPolicy", "GetKeyPolicy"]
    assert [step.comment for step in scenario.steps] == [
        "Read the current key policy.",
        "Add a statement for the user to the policy's statement list.",
        "Write the whole edited policy back.",
        "Read the policy again to confirm the new statement is there.",
    ]


def test_scenario_save_edit_and_variable_ref(model: Model) -> None:
    read, edit, put, check = model.scenarios[0].steps
    assert isinstance(read, Call) and isinstance(edit, Edit) and isinstance(put, Call) and isinstance(check, Call)
    assert read.save == (("policy", "Policy"),)
    assert edit.variable == "policy"
    assert edit.path == ("Statement",)
    assert edit.item.value == EXAMPLE_USER_STATEMENT
    policy = param_value(put, "Policy")
    assert isinstance(policy, VariableRef)
    assert policy.name == "policy"
    assert policy.shape is put.op_model.input_shape.members["Policy"]
    assert check.expect == (
        Expectation("Policy", "json_at_contains", JsonData.of(EXAMPLE_USER_STATEMENT), ("Statement",)),
    )


# --- immutability and determinism --------------------------------------------------------


def test_model_is_immutable(model: Model) -> None:
    op = model.operations[0]
    targets = [
        (model, "title"),
        (model, "operations"),
        (op, "id"),
        (op.call, "operation"),
        (op.call.params[0], "value"),
        (op.call.expect[0], "kind"),
        (model.placeholders[0], "display"),
        (model.fixtures[0], "output"),
        (model.scenarios[0], "steps"),
        (model.scenarios[0].steps[1], "item"),
        (param_value(model.operations[2].call, "Policy"), "document"),
    ]
    for target, name in targets:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(target, name, "changed")


def test_collections_are_tuples(model: Model) -> None:
    assert isinstance(model.operations, tuple)
    assert isinstance(model.placeholders, tuple)
    assert isinstance(model.fixtures, tuple)
    assert isinstance(model.scenarios, tuple)
    for op in model.operations:
        assert isinstance(op.call.params, tuple)
        assert isinstance(op.call.expect, tuple)
        assert isinstance(op.then, tuple)
    assert isinstance(model.scenarios[0].steps, tuple)


def test_loading_is_deterministic(model: Model) -> None:
    again, _ = load_spec(str(CANONICAL))
    assert again == model


# --- overrides -------------------------------------------------------------------------------


def test_override_changes_placeholder_display() -> None:
    model, warnings = load_spec(CANONICAL, overrides={"key_id": "x"})
    assert warnings == []
    assert model.placeholder("key_id").display == "x"
    assert model.placeholder("account_id").display == ACCOUNT
    for op in model.operations:
        value = param_value(op.call, "KeyId")
        assert isinstance(value, PlaceholderRef)
        assert (value.name, value.display) == ("key_id", "x")
    for call in model.scenarios[0].calls:
        assert param_value(call, "KeyId") == PlaceholderRef("key_id", "x", None)  # type: ignore[arg-type]


def test_override_reaches_documents_and_expectations() -> None:
    model, _ = load_spec(CANONICAL, overrides={"account_id": "444455556666"})
    put = next(o for o in model.operations if o.id == "put-key-policy")
    policy = param_value(put.call, "Policy")
    assert isinstance(policy, JsonDocValue)
    assert policy.document.value["Statement"][0]["Principal"]["AWS"] == "arn:aws:iam::444455556666:root"
    assert "111122223333" not in put.then[0].expect[0].value.text
    edit = model.scenarios[0].steps[1]
    assert isinstance(edit, Edit)
    assert edit.item.value["Principal"]["AWS"] == "arn:aws:iam::444455556666:user/ExampleUser"


def test_override_does_not_change_the_default_load(model: Model) -> None:
    load_spec(CANONICAL, overrides={"key_id": "x"})
    assert load_spec(CANONICAL)[0].placeholder("key_id").display == KEY_ID
    assert model.placeholder("key_id").display == KEY_ID


def test_override_is_validated_like_the_spec() -> None:
    with pytest.raises(BadInput) as caught:
        load_spec(CANONICAL, overrides={"key_id": ""})
    messages = [p.format() for p in caught.value.problems]
    assert messages and all("KeyId needs at least 1" in m for m in messages), messages


def test_override_of_unknown_placeholder_is_an_error() -> None:
    with pytest.raises(BadInput) as caught:
        load_spec(CANONICAL, overrides={"key": "x"})
    [problem] = caught.value.problems
    assert problem.path == "placeholders"
    assert "override for unknown placeholder 'key'" in problem.message
    assert "key_id, account_id, user_arn" in problem.message


# --- the in-memory front end ---------------------------------------------------------------


def test_check_works_in_memory_and_rechecks_with_overrides(tmp_path: Path) -> None:
    """check(model.document, overrides) gives the model with other placeholder values,
    without reading the file again (it is gone) and without changing the document."""
    from generator.source import load_yaml
    from generator.spec import check

    copy = tmp_path / "kms-key-policies.yaml"
    copy.write_bytes(CANONICAL.read_bytes())
    model, warnings = load_spec(copy)
    assert warnings == [] and model.document is not None
    copy.unlink()
    again, problems = check(model.document, {"key_id": "real-key"})
    assert problems == [] and again is not None
    assert again.placeholder("key_id").display == "real-key"
    assert model.placeholder("key_id").display == KEY_ID
    assert check(model.document)[0] == model
    fresh = load_yaml(CANONICAL, display=str(copy))
    assert fresh.locations == model.document.locations


def test_problems_carry_kind_suggestion_and_path_as_data() -> None:
    from generator.problems import Kind, Severity
    from generator.source import parse_yaml
    from generator.spec import check

    text = CANONICAL.read_text(encoding="utf-8").replace("    operation: GetKeyPolicy\n", "    operation: GetKeyPolicyy\n", 1)
    model, problems = check(parse_yaml(text, "typo.yaml"))
    assert model is None
    [problem] = [p for p in problems if p.severity is Severity.ERROR]
    assert problem.kind is Kind.SPEC
    assert problem.suggestion == "GetKeyPolicy"
    assert problem.spec_path == ("operations", 1, "operation")
    assert problem.path == "operations[1].operation"
    assert problem.message == "kms has no operation 'GetKeyPolicyy' (did you mean 'GetKeyPolicy'?)"


def test_yaml_1_1_scalars_stay_text() -> None:
    """Specs are read with YAML 1.2 core rules: yes, 1:30 and dates are the text written."""
    from generator.source import parse_yaml
    from generator.spec import check

    text = CANONICAL.read_text(encoding="utf-8").replace(
        "      Description: Key for polysnip verification\n", "      Description: yes\n      Tags: [{TagKey: on, TagValue: 1:30}, {TagKey: d, TagValue: 2012-10-17}]\n"
    )
    model, problems = check(parse_yaml(text, "yaml11.yaml"))
    assert model is not None, [p.format() for p in problems]
    params = {p.name: p.value for p in model.fixture("new_key").call.params}
    assert params["Description"] == StrValue("yes", params["Description"].shape)
    tags = params["Tags"]
    shown = [[(name, value.text) for name, value in tag.members] for tag in tags.items]  # type: ignore[attr-defined]
    assert shown == [[("TagKey", "on"), ("TagValue", "1:30")], [("TagKey", "d"), ("TagValue", "2012-10-17")]]


def test_total_expansion_is_bounded() -> None:
    """Each value stays under the per-value limit, but together they pass the spec's limit:
    one error, where the limit is passed, and no more expansion after it."""
    from generator.source import parse_yaml
    from generator.spec import MAX_EXPANDED_CHARS, check

    big = "k" * 200_000
    operations = "".join(
        f"  - {{id: op-{i}, operation: GetKeyPolicy, title: t, params: {{KeyId: '${{big}}', PolicyName: default}}}}\n"
        for i in range(25)
    )
    text = f"polysnip: 1\nservice: kms\nplaceholders:\n  big: {{value: {big}}}\noperations:\n{operations}"
    model, problems = check(parse_yaml(text, "wide.yaml"))
    assert model is None
    total = [p for p in problems if "in all" in p.message]
    assert [(p.location.line, p.message) for p in total] == [
        (
            26,
            f"with placeholders filled in, the spec's values are over {MAX_EXPANDED_CHARS:,} characters long in all; "
            f"at most {MAX_EXPANDED_CHARS:,} are allowed",
        )
    ]

"""The AWS SDK for Go v2's names and value shapes, as the Go renderer takes them from the SDK.

The facts come from toolchains/go/names.json (committed, written from the pinned modules'
source by go_sdk_index + go_sdk_names); these tests render values the corpus got wrong
before: plain-valued fields written with aws.Bool/aws.Int32, DynamoDB attribute values
written as structs (nested in maps and lists too), lower-cased enum constants and an
unexported field. The index reader itself is tested on Go source in the module's layout.
"""

from __future__ import annotations

from pathlib import Path

import botocore.session
import pytest

from generator.go_sdk_index import IndexError_, index_module, module_folder
from generator.go_sdk_names import committed, facts, facts_from_json, facts_to_json, pins
from generator.languages.base import UnsupportedValue
from generator.languages.go import LANGUAGE, GoProgram, _Program
from generator.model import BoolValue, ListValue, MapValue, NumValue, StructValue, StrValue

_SESSION = botocore.session.get_session()


def _go(service: str, package: str) -> GoProgram:
    return GoProgram(_Program(service=service, package=package))


def _member(service: str, shape: str, member: str):  # type: ignore[no-untyped-def]
    return _SESSION.get_service_model(service).shape_for(shape).members[member]  # type: ignore[attr-defined]


# --- values versus pointers ---------------------------------------------------------------


def test_plain_valued_fields_take_no_pointer() -> None:
    go = _go("elb", "elasticloadbalancing")
    shape = _SESSION.get_service_model("elb").shape_for("Listener")
    listener = StructValue(
        (
            ("Protocol", StrValue("HTTP", _member("elb", "Listener", "Protocol"))),
            ("LoadBalancerPort", NumValue(80, _member("elb", "Listener", "LoadBalancerPort"))),
        ),
        shape,
    )
    # LoadBalancerPort is an int32 in the SDK; Protocol a *string.
    assert go.literal(listener) == '&types.Listener{Protocol: aws.String("HTTP"), LoadBalancerPort: 80}'


def test_pointer_fields_keep_their_pointer() -> None:
    go = _go("elb", "elasticloadbalancing")
    shape = _SESSION.get_service_model("elb").shape_for("Listener")
    value = StructValue((("InstancePort", NumValue(80, _member("elb", "Listener", "InstancePort"))),), shape)
    assert go.literal(value) == "&types.Listener{InstancePort: aws.Int32(80)}"


def test_plain_bool_in_a_nested_structure() -> None:
    go = _go("elb", "elasticloadbalancing")
    shape = _SESSION.get_service_model("elb").shape_for("CrossZoneLoadBalancing")
    value = StructValue((("Enabled", BoolValue(True, _member("elb", "CrossZoneLoadBalancing", "Enabled"))),), shape)
    assert go.literal(value) == "&types.CrossZoneLoadBalancing{Enabled: true}"


def test_a_botocore_string_the_sdk_types_as_a_number() -> None:
    # botocore's glacier model calls ListVaults' limit a string; the SDK for Go, an *int32.
    member = _SESSION.get_service_model("glacier").operation_model("ListVaults").input_shape.members["limit"]  # type: ignore[attr-defined]
    go = _go("glacier", "glacier")
    assert go._member_value("ListVaultsInput", "limit", StrValue("10", member), True) == "aws.Int32(10)"
    with pytest.raises(UnsupportedValue, match="int32"):
        go._member_value("ListVaultsInput", "limit", StrValue("", member), True)


# --- DynamoDB attribute values --------------------------------------------------------------


def test_attribute_values_nested_in_maps_and_lists_are_union_members() -> None:
    model = _SESSION.get_service_model("dynamodb")
    shape = model.shape_for("AttributeValue")
    members = shape.members  # type: ignore[attr-defined]

    def s(text: str) -> StructValue:
        return StructValue((("S", StrValue(text, members["S"])),), shape)

    inner_map = MapValue((("Name", s("x")),), members["M"])
    nested = StructValue(
        (("L", ListValue((StructValue((("M", inner_map),), shape), s("y")), members["L"])),), shape
    )
    item = MapValue((("Tags", nested),), model.operation_model("PutItem").input_shape.members["Item"])  # type: ignore[attr-defined]
    assert _go("dynamodb", "dynamodb").literal(item) == (
        'map[string]types.AttributeValue{"Tags": &types.AttributeValueMemberL{Value: []types.AttributeValue{'
        '&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"Name": &types.AttributeValueMemberS{Value: "x"}}}, '
        '&types.AttributeValueMemberS{Value: "y"}}}}'
    )


def test_a_printed_item_is_json_not_pointer_addresses() -> None:
    model = _SESSION.get_service_model("dynamodb")
    go = _go("dynamodb", "dynamodb")
    item = model.operation_model("GetItem").output_shape.members["Item"]  # type: ignore[attr-defined]
    text = go.print_output("output", "Item", item)
    assert "json.Marshal(output.Item)" in text and "fmt.Println(string(itemJSON))" in text
    table = model.operation_model("ListTables").output_shape.members["TableNames"]  # type: ignore[attr-defined]
    assert go.print_output("output", "TableNames", table) == "fmt.Println(output.TableNames)"


# --- enums, fields, operations --------------------------------------------------------------


def test_enum_constants_are_the_sdks() -> None:
    iam = _go("iam", "iam")
    status = _member("iam", "UpdateAccessKeyRequest", "Status")  # botocore calls the shape statusType
    assert str(status.name) == "statusType"
    assert iam.literal(StrValue("Inactive", status)) == "types.StatusTypeInactive"
    ec2 = _go("ec2", "ec2")
    instance_type = _member("ec2", "RunInstancesRequest", "InstanceType")
    assert ec2.literal(StrValue("t2.micro", instance_type)) == "types.InstanceTypeT2Micro"
    # A value the SDK has no constant for is converted.
    assert ec2.literal(StrValue("zz9.plural", instance_type)) == 'types.InstanceType("zz9.plural")'


def test_unexported_field_is_left_out_and_missing_field_refused() -> None:
    go = _go("ec2", "ec2")
    found = facts_from_json(committed()["ec2"])
    assert ("CopySnapshotInput", "DestinationRegion") in found.unexported
    with pytest.raises(UnsupportedValue, match="unexported"):
        go._field("CopySnapshotInput", "DestinationRegion")
    assert go._field("CopySnapshotInput", "SourceRegion") == "SourceRegion"
    # A member newer than the pinned module: botocore has it, the SDK has no field for it.
    assert ("AcceptVpcEndpointConnectionsInput", "TransitGatewayAttachmentIds") in found.hidden
    with pytest.raises(UnsupportedValue, match="has no such field"):
        go._field("AcceptVpcEndpointConnectionsInput", "TransitGatewayAttachmentIds")


def test_operations_the_client_lacks() -> None:
    assert "GetBucketLifecycle" in LANGUAGE.missing_in_sdk("s3", "GetBucketLifecycle")
    assert LANGUAGE.missing_in_sdk("s3", "GetBucketLifecycleConfiguration") == ""
    assert LANGUAGE.missing_in_sdk("kms", "PutKeyPolicy") == ""


# --- reading the SDK's source ---------------------------------------------------------------

_TYPES = """package types

type AttributeValue interface {
	isAttributeValue()
}

type AttributeValueMemberS struct {
	Value string

	noSmithyDocumentSerde
}

func (*AttributeValueMemberS) isAttributeValue() {}

type Endpoint struct {
	Address *string

	CachePeriodInMinutes int64

	destinationRegion *string
}
"""
_ENUMS = """package types

type StatusType string

// Enum values for StatusType
const (
	StatusTypeActive   StatusType = "Active"
	StatusTypeT2Micro  StatusType = "t2.micro"
)
"""
_OP = """package dynamodb

func (c *Client) DescribeEndpoints(ctx context.Context, params *DescribeEndpointsInput, optFns ...func(*Options)) (*DescribeEndpointsOutput, error) {
	return nil, nil
}

type DescribeEndpointsInput struct {
	noSmithyDocumentSerde
}

type DescribeEndpointsOutput struct {
	Endpoints []types.Endpoint

	ResultMetadata middleware.Metadata
}

type DescribeEndpointsPaginator struct {
	firstPage bool
}
"""


def _module(root: Path, op: str = _OP) -> Path:
    folder = module_folder(root, "github.com/aws/aws-sdk-go-v2/service/dynamodb", "v1.0.0")
    (folder / "types").mkdir(parents=True)
    (folder / "types" / "types.go").write_text(_TYPES, encoding="utf-8")
    (folder / "types" / "enums.go").write_text(_ENUMS, encoding="utf-8")
    (folder / "api_op_DescribeEndpoints.go").write_text(op, encoding="utf-8")
    return folder


def test_index_reads_fields_enums_unions_and_methods(tmp_path: Path) -> None:
    index = index_module(_module(tmp_path))
    assert index.structs["Endpoint"] == {
        "Address": "*string", "CachePeriodInMinutes": "int64", "destinationRegion": "*string"
    }
    assert index.unions == {"AttributeValue": {"S": "AttributeValueMemberS"}}
    assert index.enums == {"StatusType": {"Active": "StatusTypeActive", "t2.micro": "StatusTypeT2Micro"}}
    assert index.operations == {"DescribeEndpoints": "DescribeEndpointsInput"}
    assert "DescribeEndpointsPaginator" not in index.structs  # only inputs, outputs and types


def test_facts_say_where_the_sdk_differs_from_the_rules(tmp_path: Path) -> None:
    found = facts(index_module(_module(tmp_path)), _SESSION.get_service_model("dynamodb"))
    assert found.values[("Endpoint", "CachePeriodInMinutes")] == "int64"
    assert ("Endpoint", "Address") not in found.values
    assert "DescribeEndpoints" not in found.missing and "PutItem" in found.missing
    assert found.unions["AttributeValue"] == {"S": "AttributeValueMemberS"}
    assert facts_from_json(facts_to_json(found)) == found


def test_index_refuses_source_of_another_form(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="no method"):
        index_module(_module(tmp_path, _OP.replace("func (c *Client)", "func (client *Client)")))


def test_committed_facts_cover_every_pinned_service() -> None:
    assert set(committed()) == set(pins())
    assert all(data["version"] == pins()[package] for package, data in committed().items())


@pytest.mark.parametrize("service", ["elb", "iam", "dynamodb", "glacier", "ec2"])
def test_committed_facts_match_the_installed_pinned_module(service: str) -> None:
    """The committed table is what `polysnip sdk-names go` writes from the pinned
    module's source: stale or hand-edited facts fail here (where the module is downloaded)."""
    from generator.go_sdk_names import cached_index, module_cache
    from generator.sdks import sdk_names

    names = sdk_names(service)
    version = pins()[names.go_package]
    modules = module_cache()
    if modules is None or not module_folder(modules, names.go_module, version).is_dir():
        pytest.skip(f"{names.go_module}@{version} is not in the Go module cache (polysnip doctor --install --corpus)")
    found = facts(cached_index(names.go_module, version), _SESSION.get_service_model(service))
    assert facts_to_json(found) == committed()[names.go_package]

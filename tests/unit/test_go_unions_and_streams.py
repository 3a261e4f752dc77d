"""Go values the SDK types differently from botocore's JSON models: unions (an interface
with one struct per member), streaming blobs (an io.Reader) and plain-valued members.
The SDK facts are read from Go source laid out as the module cache holds it."""

from __future__ import annotations

from pathlib import Path

import botocore.session

from generator.go_sdk_index import index_module
from generator.go_sdk_names import facts
from generator.languages.go import GoProgram, _Program, go_bytes
from generator.model import BlobValue, BoolValue, ListValue, MapValue, StructValue, StrValue

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
}
"""
_OP = """package dynamodb

func (c *Client) PutItem(ctx context.Context, params *PutItemInput, optFns ...func(*Options)) (*PutItemOutput, error) {
	return nil, nil
}

type PutItemInput struct {
	TableName *string
	Item map[string]types.AttributeValue
}

type PutItemOutput struct {
	ResultMetadata middleware.Metadata
}

type ListTablesAPIClient interface {
	ListTables() error
}
"""


def _dynamodb_sdk(tmp_path: Path) -> Path:
    folder = tmp_path / "github.com" / "aws" / "aws-sdk-go-v2" / "service" / "dynamodb@v1.74.0"
    (folder / "types").mkdir(parents=True)
    (folder / "types" / "types.go").write_text(_TYPES, encoding="utf-8")
    (folder / "api_op_PutItem.go").write_text(_OP, encoding="utf-8")
    return folder


def _model(service: str):  # type: ignore[no-untyped-def]
    return botocore.session.get_session().get_service_model(service)


def test_sdk_source_gives_unions_and_plain_members(tmp_path: Path) -> None:
    found = facts(index_module(_dynamodb_sdk(tmp_path)), _model("dynamodb"))
    assert set(found.unions) == {"AttributeValue"}  # an API client interface in api_op_*.go is no union
    assert found.values[("Endpoint", "CachePeriodInMinutes")] == "int64"
    assert ("Endpoint", "Address") not in found.values
    assert ("AttributeValueMemberS", "Value") not in found.values  # a union member's Value is no botocore member


def test_attribute_values_are_union_members() -> None:
    shape = _model("dynamodb").shape_for("AttributeValue")
    members = shape.members  # type: ignore[attr-defined]
    nested = StructValue(
        (("L", ListValue((StructValue((("BOOL", BoolValue(True, members["BOOL"])),), shape),), members["L"])),),
        shape,
    )
    item = MapValue(
        (
            ("Title", StructValue((("S", StrValue("Hi", members["S"])),), shape)),
            ("Raw", StructValue((("B", BlobValue("\xff", members["B"], data=b"\xff")),), shape)),
            ("Tags", nested),
        ),
        _model("dynamodb").operation_model("PutItem").input_shape.members["Item"],  # type: ignore[attr-defined]
    )
    go = GoProgram(_Program(service="dynamodb", package="dynamodb"))
    assert go.literal(item) == (
        'map[string]types.AttributeValue{"Title": &types.AttributeValueMemberS{Value: "Hi"}, '
        '"Raw": &types.AttributeValueMemberB{Value: []byte("\\xff")}, '
        '"Tags": &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberBOOL{Value: true}}}}'
    )


def test_streaming_body_is_a_reader() -> None:
    body = _model("s3").operation_model("PutObject").input_shape.members["Body"]  # type: ignore[attr-defined]
    go = GoProgram(_Program(service="s3", package="s3"))
    assert go.literal(BlobValue("a\nb", body, data=b"a\nb")) == 'strings.NewReader("a\\nb")'
    assert go.literal(BlobValue("\x00\xe9", body, data=b"\x00\xe9")) == 'bytes.NewReader([]byte("\\x00\\xe9"))'
    assert {"strings", "bytes"} <= go._program.uses


def test_go_bytes_escapes_every_byte_outside_printable_ascii() -> None:
    assert go_bytes(b'a"\\\x7f\xc3\xa9') == '"a\\"\\\\\\x7f\\xc3\\xa9"'

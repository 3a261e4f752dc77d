"""Go values the SDK types differently from botocore's JSON models: unions (an interface
with one struct per member), streaming blobs (an io.Reader) and plain-valued members.
The SDK facts are parsed from Go source laid out as the module cache holds it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import botocore.session
import pytest

from generator.languages.go import GoProgram, _Program, go_bytes, sdk_shapes
from generator.model import BlobValue, BoolValue, ListValue, MapValue, StructValue, StrValue

_TYPES = """package types

type AttributeValue interface {
	isAttributeValue()
}

type AttributeValueMemberS struct {
	Value string

	noSmithyDocumentSerde
}

type Endpoint struct {
	Address *string
	CachePeriodInMinutes int64
}
"""
_OP = """package dynamodb

type PutItemInput struct {
	TableName *string
	Item map[string]types.AttributeValue
}

type ListTablesAPIClient interface {
	ListTables() error
}
"""


@pytest.fixture
def dynamodb_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path / "github.com" / "aws" / "aws-sdk-go-v2" / "service" / "dynamodb@v1.74.0"
    (folder / "types").mkdir(parents=True)
    (folder / "types" / "types.go").write_text(_TYPES, encoding="utf-8")
    (folder / "api_op_PutItem.go").write_text(_OP, encoding="utf-8")
    monkeypatch.setenv("GOMODCACHE", str(tmp_path))
    sdk_shapes.cache_clear()
    yield
    sdk_shapes.cache_clear()


def _model(service: str):  # type: ignore[no-untyped-def]
    return botocore.session.get_session().get_service_model(service)


def test_sdk_source_gives_unions_and_plain_members(dynamodb_sdk: None) -> None:
    found = sdk_shapes("dynamodb")
    assert found.unions == {"AttributeValue"}  # an API client interface in api_op_*.go is no union
    assert ("Endpoint", "CachePeriodInMinutes") in found.plain
    assert ("Endpoint", "Address") not in found.plain
    assert ("AttributeValueMemberS", "Value") not in found.plain  # string is not a plain scalar kind


def test_attribute_values_are_union_members(dynamodb_sdk: None) -> None:
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

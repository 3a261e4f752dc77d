"""S3 PutObject's Body is a streaming payload: the AWS SDK for Java 2.x has no builder
setter for it (PutObjectRequest.builder().body(...) does not compile), it takes the bytes
as a second argument, a RequestBody. Text goes through RequestBody.fromString, other
bytes through RequestBody.fromBytes with a byte array literal."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.languages import LANGUAGES
from generator.languages.java import java_bytes
from generator.render import Renderer, Snippet
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]


def _java(spec: dict[str, object], tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "s3-objects.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    model, _ = load_spec(path)
    snippets: list[Snippet] = Renderer().render_model(model, [LANGUAGES["java"]])
    return {s.program_path.rsplit("/", 1)[-1]: s.program for s in snippets}


@pytest.fixture
def spec() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((ROOT / "specs" / "s3-objects.yaml").read_text(encoding="utf-8"))
    return loaded


def test_text_body_is_a_request_body_argument(spec: dict[str, object], tmp_path: Path) -> None:
    program = _java(spec, tmp_path)["PutObjectExample.java"]
    assert '.build(), RequestBody.fromString("Hello from polysnip"));' in program
    assert ".body(" not in program
    assert "import software.amazon.awssdk.core.sync.RequestBody;" in program
    assert "SdkBytes" not in program


def test_binary_body_is_a_byte_array(spec: dict[str, object], tmp_path: Path) -> None:
    operations = spec["operations"]
    assert isinstance(operations, list)
    operations[1]["params"]["Body"] = {"base64": "/wB/gA=="}  # bytes ff 00 7f 80: not UTF-8
    program = _java(spec, tmp_path)["PutObjectExample.java"]
    assert ".build(), RequestBody.fromBytes(new byte[]{-1, 0, 127, -128}));" in program
    assert ".body(" not in program


def test_java_bytes_are_signed() -> None:
    assert java_bytes(b"") == "new byte[]{}"
    assert java_bytes(bytes([0, 1, 127, 128, 255])) == "new byte[]{0, 1, 127, -128, -1}"


def test_streamed_output_is_read_as_bytes(spec: dict[str, object], tmp_path: Path) -> None:
    """GetObject returns a stream; getObjectAsBytes reads it whole, its other members are
    under response()."""
    scenarios = spec["scenarios"]
    assert isinstance(scenarios, list)
    scenarios.append({
        "id": "write-then-read", "title": "Store an object, then read it", "description": "Reads it back.",
        "steps": [
            {"operation": "PutObject",
             "params": {"Bucket": "${bucket}", "Key": "a.txt", "Body": {"text": "hi"}, "ContentType": "text/plain"}},
            {"operation": "GetObject", "params": {"Bucket": "${bucket}", "Key": "a.txt"},
             "expect": {"ContentType": "text/plain", "Body": "hi"}},
        ],
    })
    program = _java(spec, tmp_path)["WriteThenReadExample.java"]
    assert "ResponseBytes<GetObjectResponse> response = client.getObjectAsBytes(GetObjectRequest.builder()" in program
    assert "System.out.println(response.response().contentType());" in program
    assert "System.out.println(response.asUtf8String());" in program
    assert "import software.amazon.awssdk.core.ResponseBytes;" in program

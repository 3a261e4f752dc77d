"""REST and query requests read back as operations and members, from real SDK requests
recorded by the moto server (boto3 sends them; nothing is hand-built)."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.moto_server import RecordingMotoServer
from generator.wire import decode, sdk_transport_members


@pytest.fixture(scope="module")
def server() -> RecordingMotoServer:
    with RecordingMotoServer() as running:
        yield running


def _client(server: RecordingMotoServer, service: str):  # type: ignore[no-untyped-def]
    return boto3.client(service, region_name="us-west-2", endpoint_url=server.url,
                        aws_access_key_id="POLYSNIPWIRE", aws_secret_access_key="x")  # fmt: skip


def test_s3_put_object_reads_back_with_bytes_headers_and_path(server: RecordingMotoServer) -> None:
    server.fresh_world()
    s3 = _client(server, "s3")
    s3.create_bucket(Bucket="demo-bucket", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    s3.put_object(
        Bucket="demo-bucket", Key="a/b c.txt", Body=b"\x00\xffhi", ContentType="text/plain", Metadata={"k": "v"}
    )
    s3.list_objects_v2(Bucket="demo-bucket", MaxKeys=5)
    create, put, listing = (decode("s3", e) for e in server.all_exchanges()[-3:])
    assert create.operation == "CreateBucket"
    assert create.request == {"Bucket": "demo-bucket", "CreateBucketConfiguration": {"LocationConstraint": "us-west-2"}}
    assert put.operation == "PutObject"
    request = put.request
    assert request["Bucket"] == "demo-bucket" and request["Key"] == "a/b c.txt"
    assert (
        request["Body"] == "AP9oaQ==" and request["ContentType"] == "text/plain" and request["Metadata"] == {"k": "v"}
    )
    assert "ETag" in put.response
    assert listing.operation == "ListObjectsV2" and listing.request["MaxKeys"] == 5
    assert listing.response["KeyCount"] == 1 and listing.response["Contents"][0]["Key"] == "a/b c.txt"
    assert {"ContentLength", "ContentMD5", "ChecksumAlgorithm"} <= sdk_transport_members(
        boto3.client("s3", region_name="us-west-2").meta.service_model.operation_model("PutObject")
    )


def test_a_query_protocol_request_reads_back_as_members(server: RecordingMotoServer) -> None:
    server.fresh_world()
    iam = _client(server, "iam")
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "docs"}])
    decoded = decode("iam", server.all_exchanges()[-1])
    assert decoded.operation == "CreateUser"
    assert decoded.request == {"UserName": "alice", "Tags": [{"Key": "team", "Value": "docs"}]}
    assert decoded.response["User"]["UserName"] == "alice"


def test_an_s3_error_reads_as_type_and_message(server: RecordingMotoServer) -> None:
    server.fresh_world()
    s3 = _client(server, "s3")
    with pytest.raises(ClientError):
        s3.get_object(Bucket="missing-bucket", Key="x")
    decoded = decode("s3", server.all_exchanges()[-1])
    assert decoded.operation == "GetObject" and decoded.response["__type"] == "NoSuchBucket"


def test_json_protocols_are_left_as_they_are(server: RecordingMotoServer) -> None:
    kms = _client(server, "kms")
    kms.list_keys()
    exchange = server.all_exchanges()[-1]
    assert decode("kms", exchange) is exchange


def test_ec2_names_and_timestamps_read_back(server: RecordingMotoServer) -> None:
    server.fresh_world()
    ec2 = _client(server, "ec2")
    ec2.create_tags(Resources=["i-1234567890abcdef0"], Tags=[{"Key": "team", "Value": "docs"}])
    decoded = decode("ec2", server.all_exchanges()[-1])
    assert decoded.operation == "CreateTags"
    assert decoded.request == {"Resources": ["i-1234567890abcdef0"], "Tags": [{"Key": "team", "Value": "docs"}]}
    autoscaling = _client(server, "autoscaling")
    autoscaling.put_scheduled_update_group_action(
        AutoScalingGroupName="group", ScheduledActionName="a", EndTime="2014-05-12T08:00:00Z"
    )
    sent = decode("autoscaling", server.all_exchanges()[-1]).request
    assert sent["EndTime"] == 1399881600.0  # epoch seconds, as the JSON protocols carry times

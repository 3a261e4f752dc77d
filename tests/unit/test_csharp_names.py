"""C# programs name what the AWS SDK for .NET has: namespaces and clients from the committed
table (not from serviceFullName), S3's own request shapes, EC2's booleans, no clash with
System types; and the name check fails a program that names anything else."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.importer.check import import_service
from generator.languages import LANGUAGES
from generator.languages.csharp_sdk import TABLE, sdk_for_service, sdk_version
from generator.render import Renderer
from generator.runners.base import ProgramRun
from generator.runners.csharp import RUNNER, check_names

CSHARP = LANGUAGES["csharp"]


def _programs(service: str, *operations: str, client: bool = False) -> dict[str, str]:
    """The C# programs of a service's imported examples (unit id -> text), as import
    renders them; with client, the program that only creates the client too."""
    renderer = Renderer()
    _, model, errors = import_service(service, operations, [CSHARP], renderer, False)
    assert model is not None, errors
    found = {s.unit.id: s.program for s in renderer.render_model(model, [CSHARP])}
    return found if client else {unit: text for unit, text in found.items() if unit != "create-client"}


def _errors(service: str, text: str) -> list[str]:
    return [e.message for e in check_names(ProgramRun("probe", "Probe.cs", text, "", service))]


@pytest.mark.parametrize(
    ("service", "operation", "namespace", "client"),
    [
        ("dynamodb", "ListTables", "Amazon.DynamoDBv2", "AmazonDynamoDBClient"),
        ("rds", "DescribeDBInstances", "Amazon.RDS", "AmazonRDSClient"),
        ("ec2", "DescribeVpcs", "Amazon.EC2", "AmazonEC2Client"),
        ("iam", "ListUsers", "Amazon.IdentityManagement", "AmazonIdentityManagementServiceClient"),
        ("s3", "ListObjects", "Amazon.S3", "AmazonS3Client"),
    ],
)
def test_namespace_and_client_are_the_sdks(service: str, operation: str, namespace: str, client: str) -> None:
    programs = _programs(service, operation, client=True)
    assert len(programs) >= 2
    for text in programs.values():
        assert f"using {namespace};\n" in text and f"using {namespace}.Model;\n" in text
        assert f"new {client}(RegionEndpoint." in text
        assert _errors(service, text) == []
    model = import_service(service, (operation,), [CSHARP], Renderer(), False)[1]
    assert model is not None
    install = CSHARP.install(model, ())
    assert install.lines == (f"dotnet add package {json.loads(TABLE.read_text())['services'][service]['package']}",)


def test_a_namespace_derived_from_the_full_name_fails_the_check() -> None:
    text = next(iter(_programs("rds", "DescribeDBInstances").values()))
    wrong = text.replace("Amazon.RDS", "Amazon.RelationalDatabaseService").replace(
        "AmazonRDSClient", "AmazonRelationalDatabaseServiceClient")
    found = _errors("rds", wrong)
    assert any("namespace Amazon.RelationalDatabaseService is not in AWS SDK for .NET" in m for m in found)
    assert any("the client of rds in AWS SDK for .NET" in m and "is AmazonRDSClient" in m for m in found)


def test_s3_requests_have_the_sdks_shape() -> None:
    programs = _programs("s3", "CreateBucket", "CreateMultipartUpload", "HeadObject", "DeleteObjects",
                         "PutBucketLogging", "CopyObject", "PutBucketVersioning")
    text = "\n".join(programs.values())
    assert "client.PutBucketAsync(new PutBucketRequest" in text and "CreateBucketRequest" not in text
    assert "client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest" in text
    assert "client.GetObjectMetadataAsync(new GetObjectMetadataRequest" in text
    assert not re.search(r"\s Bucket = ", text) and "BucketName = " in text
    # Delete's members sit on the request; ObjectIdentifier is KeyVersion
    assert re.search(r"Objects = new List<KeyVersion> \{ new KeyVersion \{ Key = ", text)
    assert "Delete = new Delete" not in text
    # logging: LoggingEnabled is S3BucketLoggingConfig, its grantees are S3Grantee without the read-only Type
    assert "LoggingConfig = new S3BucketLoggingConfig { TargetBucketName = " in text
    assert "new S3Grant { Grantee = new S3Grantee { URI = " in text and "Type = " not in text
    # CopySource is taken apart into SourceBucket and SourceKey, Bucket/Key are the destination
    assert 'SourceBucket = "sourcebucket",' in text and "DestinationKey = " in text and "CopySource" not in text
    assert "VersioningConfig = new S3BucketVersioningConfig { EnableMfaDelete = false" in text
    for unit, program in programs.items():
        assert _errors("s3", program) == [], unit


def test_s3_operations_the_sdk_lacks_are_left_out() -> None:
    assert "GetBucketLifecycle" in CSHARP.missing_in_sdk("s3", "GetBucketLifecycle")
    assert CSHARP.missing_in_sdk("s3", "GetBucketLifecycleConfiguration") == ""
    assert CSHARP.missing_in_sdk("s3", "HeadBucket") == ""
    sdk = sdk_for_service("s3")
    assert "GetBucketLifecycleAsync" not in sdk.methods and "GetLifecycleConfigurationAsync" in sdk.methods
    assert "HeadObjectAsync" not in sdk.methods and "GetObjectMetadataAsync" in sdk.methods
    assert "HeadBucketAsync" in sdk.methods


def test_ec2_boolean_attributes_are_bools() -> None:
    text = next(iter(_programs("ec2", "ModifyVpcAttribute").values()))
    assert re.search(r"EnableDns\w+ = (true|false),", text)
    assert "AttributeBooleanValue" not in text
    wrong = re.sub(r"(EnableDns\w+) = (true|false)", r"\1 = new AttributeBooleanValue { Value = \2 }", text)
    assert any("is bool in AWS SDK for .NET" in m for m in _errors("ec2", wrong))


def test_lambda_environment_is_not_ambiguous_with_system_environment() -> None:
    text = next(t for t in _programs("lambda", "CreateFunction").values() if "Environment" in t)
    assert "Environment = new Amazon.Lambda.Model.Environment {" in text
    assert _errors("lambda", text) == []
    clash = text.replace("new Amazon.Lambda.Model.Environment {", "new Environment {")
    assert any("Environment is ambiguous between Amazon.Lambda.Model.Environment and System.Environment" in m
               for m in _errors("lambda", clash))


def test_ecs_task_class_does_not_hide_the_task_of_main() -> None:
    text = next(iter(_programs("ecs", "ListClusters").values()))
    assert "static async System.Threading.Tasks.Task Main()" in text
    assert _errors("ecs", text) == []
    assert any("Task is ambiguous" in m for m in _errors("ecs", text.replace("System.Threading.Tasks.Task", "Task")))


def test_lambda_payload_is_text_and_waf_target_is_a_stream() -> None:
    invoke = next(iter(_programs("lambda", "Invoke").values()))
    assert 'Payload = "{}",' in invoke and _errors("lambda", invoke) == []
    waf = next(iter(_programs("waf", "UpdateByteMatchSet").values()))
    assert "TargetStream = new MemoryStream(" in waf and "TargetString" not in waf
    assert _errors("waf", waf) == []
    assert any("has no property TargetString" in m for m in _errors("waf", waf.replace("TargetStream", "TargetString")))


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        ("GetKeyPolicyAsync", "has no method GetKeyPolicyyAsync"),
        ("new GetKeyPolicyRequest", "no type GetKeyPolicyRequestt in the imported namespaces"),
        ("PolicyName = ", "GetKeyPolicyRequest has no property PolicyNamee"),
        ("using Amazon.KeyManagementService.Model;", "namespace Amazon.KeyManagementServicee.Model is not in"),
    ],
)
def test_a_made_up_name_fails_the_check(replace: str, expected: str) -> None:
    text = next(iter(_programs("kms", "GetKeyPolicy").values()))
    assert _errors("kms", text) == []
    made_up = {
        "GetKeyPolicyAsync": "GetKeyPolicyyAsync", "new GetKeyPolicyRequest": "new GetKeyPolicyRequestt",
        "PolicyName = ": "PolicyNamee = ",
        "using Amazon.KeyManagementService.Model;": "using Amazon.KeyManagementServicee.Model;",
    }[replace]
    assert replace in text
    found = _errors("kms", text.replace(replace, made_up))
    assert any(expected in m for m in found), found


def test_a_value_of_the_wrong_type_fails_the_check() -> None:
    text = next(iter(_programs("kms", "GetKeyPolicy").values()))
    wrong = text.replace('PolicyName = "default"', "PolicyName = 7")
    assert any("GetKeyPolicyRequest.PolicyName is string" in m for m in _errors("kms", wrong))


def test_checker_names_the_sdk_version_and_typecheck_covers_every_program(tmp_path: Path) -> None:
    checker = RUNNER.checker()
    assert checker is not None and checker.level == "names checked"
    assert checker.description == f"names checked against AWS SDK for .NET {sdk_version()} metadata; not compiled"
    good = next(iter(_programs("sts", "GetCallerIdentity").values()))
    found = RUNNER.typecheck([ProgramRun("good", "A.cs", good, "", "sts"),
                              ProgramRun("bad", "B.cs", good.replace("Amazon.SecurityToken", "Amazon.STS"), "", "sts")],
                             tmp_path)
    assert found["good"] == [] and found["bad"] and found["bad"][0].line >= 1


def test_every_corpus_service_is_in_the_table_with_a_cited_source() -> None:
    from generator.importer import services_with_examples

    table = json.loads(TABLE.read_text())
    assert table["version"].startswith(sdk_version()) and table["repository"] == "aws/aws-sdk-net"
    for service in services_with_examples():
        entry = table["services"][service]
        assert entry["source"].startswith("sdk/src/Services/") and entry["client"] in entry["source"]
        assert entry["interface"] == "I" + entry["client"][: -len("Client")]


def test_published_specs_use_only_sdk_names_and_s3_bodies_are_the_sdks() -> None:
    from generator.spec import load_spec

    root = Path(__file__).resolve().parents[2] / "specs"
    seen = 0
    for spec in sorted(root.glob("*.yaml")):
        model, _ = load_spec(spec)
        for snippet in Renderer().render_model(model, [CSHARP]):
            seen += 1
            assert _errors(model.service, snippet.program) == [], (spec.name, snippet.unit.id)
            if model.service == "s3" and snippet.unit.id == "put-object":
                assert 'ContentBody = "Hello from polysnip",' in snippet.program and "Body = new" not in snippet.program
    assert seen > 10
    body = next(t for t in _programs("s3", "CreateBucket").values())
    assert any("has no property Body" in m for m in _errors("s3", body.replace(
        "BucketName = ", 'Body = new MemoryStream(Encoding.UTF8.GetBytes("x")),\n            BucketName = ', 1)))


def test_a_service_the_table_does_not_list_is_named_after_its_service_id() -> None:
    from generator.languages.csharp_sdk import fallback_name
    from generator.service import service_model

    table = json.loads(TABLE.read_text())
    assert "sqs" not in table["services"] and "apigatewayv2" not in table["services"]
    sqs = sdk_for_service("sqs")
    assert (sqs.namespace, sqs.client, sqs.listed) == ("Amazon.SQS", "AmazonSQSClient", False)
    assert fallback_name(service_model("apigatewayv2")) == "ApiGatewayV2"
    assert fallback_name(service_model("elbv2")) == "ElasticLoadBalancingV2"
    iam = sdk_for_service("iam")  # an older service: the table, not the rule
    assert (iam.namespace, iam.listed) == ("Amazon.IdentityManagement", True)

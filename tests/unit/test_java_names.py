"""The AWS SDK for Java 2.x's own names, as polysnip writes them.

The SDK's generator rewrites acronyms in CLASS names (CreateDBInstance -> CreateDbInstanceRequest,
IPSet -> IpSet) but keeps them in member and method names after the first word (gatewayARN,
contentMD5, rebootDBInstance, targetGroupARNs); some services live under other module,
package and client names (dms, waf-regional, dynamodbstreams, cur, lex-models); a member named
like one of Object's methods gets another name (Snowball's NotifyAll is notifyAllJobStates).
Each case is checked on the rules alone, on the committed name table read from the SDK's jars,
and in a rendered program.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import java_sdk
from generator.java_sdk import (
    ServiceNames,
    committed,
    names_for,
    read_class,
    rule_class,
    rule_enum_constant,
    rule_exception,
    rule_member,
    rule_method,
    rule_service,
)
from generator.languages import LANGUAGES
from generator.render import Renderer
from generator.runners import java as java_runner
from generator.spec import load_spec

JAVA = LANGUAGES["java"]


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "expected"),
    [("CreateDBInstance", "CreateDbInstance"), ("CreateIPSet", "CreateIpSet"), ("UpdateWebACL", "UpdateWebAcl"),
     ("GetBucketCORS", "GetBucketCors"), ("DynamoDB", "DynamoDb"), ("KMSKey", "KmsKey")],
)
def test_class_names_turn_acronyms_into_words(shape: str, expected: str) -> None:
    assert rule_class(shape) == expected


@pytest.mark.parametrize(
    ("member", "expected"),
    [("GatewayARN", "gatewayARN"), ("ContentMD5", "contentMD5"), ("TargetGroupARNs", "targetGroupARNs"),
     ("DBInstanceIdentifier", "dbInstanceIdentifier"), ("ARN", "arn"), ("SSEKMSKeyId", "ssekmsKeyId"),
     ("KeyId", "keyId"), ("IPSetId", "ipSetId")],
)
def test_member_names_keep_acronyms_after_the_first_word(member: str, expected: str) -> None:
    assert rule_member(member) == expected


def test_client_methods_keep_acronyms_after_the_first_word() -> None:
    assert rule_method("RebootDBInstance") == "rebootDBInstance"
    assert rule_method("CreateIPSet") == "createIPSet"
    assert rule_method("ListKeys") == "listKeys"


def test_members_named_like_keywords_or_object_methods_get_a_suffix() -> None:
    assert rule_member("NotifyAll") == "notifyAllValue"  # never Object.notifyAll
    assert rule_member("Default") == "defaultValue"
    assert rule_member("Notify") == "notifyValue"


def test_error_classes_end_in_exception() -> None:
    assert rule_exception("DBInstanceNotFoundFault") == "DbInstanceNotFoundException"
    assert rule_exception("NotFoundException") == "NotFoundException"
    assert rule_exception("InvalidParameterValue") == "InvalidParameterValueException"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("t2.micro", "T2_MICRO"), ("nodejs4.3-edge", "NODEJS4_3_EDGE"), ("ECC_SECG_P256K1", "ECC_SECG_P256_K1"),
     ("SM2PKE", "SM2_PKE"), ("RSAES_PKCS1_V1_5", "RSAES_PKCS1_V1_5"), ("s3:ObjectCreated:*", "S3_OBJECT_CREATED"),
     ("x86_64", "X86_64"), ("CRC32C", "CRC32_C"), ("EC2RequestLimitExceeded", "EC2_REQUEST_LIMIT_EXCEEDED")],
)
def test_enum_constants_follow_the_sdk_word_splitting(value: str, expected: str) -> None:
    assert rule_enum_constant(value) == expected


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("dms", ServiceNames("databasemigration", "databasemigration", "databasemigration.model",
                             "DatabaseMigrationClient")),
        ("waf-regional", ServiceNames("waf", "waf.regional", "waf.model", "WafRegionalClient")),
        ("dynamodbstreams", ServiceNames("dynamodb", "dynamodb.streams", "dynamodb.model", "DynamoDbStreamsClient")),
        ("cur", ServiceNames("costandusagereport", "costandusagereport", "costandusagereport.model",
                             "CostAndUsageReportClient")),
        ("lex-models", ServiceNames("lexmodelbuilding", "lexmodelbuilding", "lexmodelbuilding.model",
                                    "LexModelBuildingClient")),
        ("kms", ServiceNames("kms", "kms", "kms.model", "KmsClient")),
    ],
)
def test_service_modules_packages_and_clients(service: str, expected: ServiceNames) -> None:
    assert rule_service(service) == expected
    assert names_for(service).names == expected  # the committed table agrees with the jars


# --- the committed table, read from the SDK's jars -------------------------------------------


def test_the_table_holds_what_the_rules_get_wrong() -> None:
    assert names_for("snowball").member("Notification", "NotifyAll") == "notifyAllJobStates"
    assert names_for("ec2").member("Image", "Public") == "publicLaunchPermissions"
    assert names_for("rds").class_name("DBInstance") == "DBInstance"  # RDS keeps its legacy model names
    assert names_for("rds").request("CreateDBInstance") == "CreateDbInstanceRequest"
    assert names_for("rds").method("RebootDBInstance") == "rebootDBInstance"
    assert names_for("s3").class_name("Object") == "S3Object"  # no clash with java.lang.Object
    assert names_for("s3").class_name("CORSConfiguration") == "CORSConfiguration"
    assert names_for("waf").class_name("IPSetDescriptor") == "IPSetDescriptor"
    assert names_for("waf").request("UpdateIPSet") == "UpdateIpSetRequest"
    assert names_for("storagegateway").member("ActivateGatewayOutput", "GatewayARN") == "gatewayARN"
    assert names_for("cur").enum_constant("ReportFormat", "textORcsv") == "TEXT_OR_CSV"
    assert names_for("kms").enum_constant("KeySpec", "ECC_SECG_P256K1") == "ECC_SECG_P256_K1"


def test_the_table_matches_the_pinned_sdk() -> None:
    """The table was read from the jars the runner fetches: the BOM's version, and the
    pinned version of each service module that the BOM's cannot be fetched at."""
    pom = java_runner.POM.read_text(encoding="utf-8")
    bom = re.search(r"<awssdk.version>([^<]+)</awssdk.version>", pom)
    assert bom is not None and committed().version == bom.group(1)
    pins = java_runner.module_versions()
    for service, entry in committed().services.items():
        artifact = entry["service"]["artifact"]
        assert entry["version"] == pins.get(artifact, bom.group(1)), service
        assert java_runner.artifact_of(service) == artifact


def test_the_table_covers_every_corpus_and_spec_service() -> None:
    """Rendering the corpus and the shipped specs depends on the pinned SDK only, never on
    what this machine has fetched: every service they use is in the committed table."""
    from generator.importer import services_with_examples
    from generator.sdks import services_in_specs

    root = Path(__file__).resolve().parents[2]
    wanted = set(services_with_examples()) | set(services_in_specs([root / "specs"]))
    assert wanted - set(committed().services) == set()
    assert all(names_for(service).source == "table" for service in wanted)


def test_operations_the_sdk_lacks() -> None:
    why = JAVA.missing_in_sdk("s3", "GetBucketLifecycle")
    assert "S3Client.getBucketLifecycle" in why and "2.57.8" in why
    assert JAVA.missing_in_sdk("s3", "GetBucketNotification")
    assert JAVA.missing_in_sdk("s3", "GetBucketLifecycleConfiguration") == ""
    assert JAVA.missing_in_sdk("kms", "ListKeys") == ""


# --- rendered programs -----------------------------------------------------------------------


def _render(tmp_path: Path, service: str, operations: list[dict[str, Any]]) -> dict[str, str]:
    spec = {"polysnip": 1, "service": service, "region": "us-west-2", "title": f"{service} names",
            "description": "Names of the SDK.", "operations": operations}
    path = tmp_path / f"{service}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    model, _ = load_spec(path)
    assert model is not None
    snippets = Renderer().render_model(model, [JAVA])
    return {s.unit.id: s.program for s in snippets}


def test_rds_program_uses_sdk_classes_and_methods(tmp_path: Path) -> None:
    program = _render(tmp_path, "rds", [
        {"id": "reboot", "operation": "RebootDBInstance", "title": "Reboot", "description": "Reboots.",
         "params": {"DBInstanceIdentifier": "database-1"}, "expect": {"DBInstance.DBInstanceStatus": "rebooting"}},
    ])["reboot"]
    assert "import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;" in program
    assert "RebootDbInstanceResponse response = client.rebootDBInstance(RebootDbInstanceRequest.builder()" in program
    assert ".dbInstanceIdentifier(\"database-1\")" in program
    assert "response.dbInstance().dbInstanceStatus()" in program


def test_dms_and_waf_regional_programs_use_the_sdk_packages(tmp_path: Path) -> None:
    dms = _render(tmp_path, "dms", [
        {"id": "certs", "operation": "DescribeCertificates", "title": "Certificates", "description": "Lists.",
         "params": {}},
    ])["certs"]
    assert "import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;" in dms
    assert "import software.amazon.awssdk.services.databasemigration.model.DescribeCertificatesRequest;" in dms
    waf = _render(tmp_path, "waf-regional", [
        {"id": "ipset", "operation": "UpdateIPSet", "title": "IP set", "description": "Updates.",
         "params": {"IPSetId": "example", "ChangeToken": "token",
                    "Updates": [{"Action": "INSERT", "IPSetDescriptor": {"Type": "IPV4", "Value": "192.0.2.44/32"}}]}},
    ])["ipset"]
    assert "import software.amazon.awssdk.services.waf.regional.WafRegionalClient;" in waf
    assert "import software.amazon.awssdk.services.waf.model.UpdateIpSetRequest;" in waf
    assert "import software.amazon.awssdk.services.waf.model.IPSetDescriptor;" in waf
    assert "client.updateIPSet(UpdateIpSetRequest.builder()" in waf
    assert ".ipSetId(\"example\")" in waf
    assert "IPSetDescriptor.builder().type(IPSetDescriptorType.IPV4)" in waf
    assert ".action(ChangeAction.INSERT)" in waf
    assert "import software.amazon.awssdk.services.waf.model.IPSetDescriptorType;" in waf


def test_notify_all_is_the_sdk_setter(tmp_path: Path) -> None:
    program = _render(tmp_path, "snowball", [
        {"id": "job", "operation": "UpdateJob", "title": "Job", "description": "Updates.",
         "params": {"JobId": "JID123e4567-e89b-12d3-a456-426655440000",
                    "Notification": {"NotifyAll": False, "SnsTopicARN": "arn:aws:sns:us-west-2:111122223333:t"}}},
    ])["job"]
    assert ".notifyAllJobStates(false)" in program
    assert ".snsTopicARN(" in program
    assert "notifyAll(" not in program


def test_storage_gateway_members_keep_arn(tmp_path: Path) -> None:
    program = _render(tmp_path, "storagegateway", [
        {"id": "info", "operation": "DescribeGatewayInformation", "title": "Gateway", "description": "Reads.",
         "params": {"GatewayARN": "arn:aws:storagegateway:us-west-2:111122223333:gateway/sgw-12A3456B"},
         "expect": {"GatewayARN": "arn:aws:storagegateway:us-west-2:111122223333:gateway/sgw-12A3456B"}},
    ])["info"]
    assert ".gatewayARN(" in program and "response.gatewayARN()" in program
    assert "gatewayArn" not in program


# --- reading class files ---------------------------------------------------------------------


def _class_file(name: str, methods: list[tuple[int, str]], enum_fields: list[str], flags: int) -> bytes:
    """A minimal class file: a constant pool of UTF-8 names, fields and methods without attributes."""
    pool: list[bytes] = []

    def utf8(text: str) -> int:
        data = text.encode()
        pool.append(b"\x01" + struct.pack(">H", len(data)) + data)
        return len(pool)

    this_name = utf8(name.replace(".", "/"))
    pool.append(b"\x07" + struct.pack(">H", this_name))
    this = len(pool)
    descriptor = utf8("()V")
    fields = [struct.pack(">HHHH", 0x4019, utf8(f), descriptor, 0) for f in enum_fields]
    members = [struct.pack(">HHHH", access, utf8(m), descriptor, 0) for access, m in methods]
    return (b"\xca\xfe\xba\xbe" + struct.pack(">HHH", 0, 61, len(pool) + 1) + b"".join(pool)
            + struct.pack(">HHHH", flags, this, 0, 0)
            + struct.pack(">H", len(fields)) + b"".join(fields)
            + struct.pack(">H", len(members)) + b"".join(members) + struct.pack(">H", 0))


def test_read_class_lists_public_methods_and_enum_constants() -> None:
    data = _class_file("a.b.Builder", [(0x0401, "gatewayARN"), (0x0002, "secret"), (0x0001, "<init>")], [], 0x0601)
    info = read_class(data)
    assert info.name == "a.b.Builder" and info.interface
    assert info.methods == ["gatewayARN"]
    enum = read_class(_class_file("a.b.KeySpec", [(0x0009, "fromValue")], ["RSA_2048", "SM2"], 0x4031))
    assert enum.enum and enum.enum_constants == ["RSA_2048", "SM2"]
    with pytest.raises(ValueError):
        read_class(b"not a class")


def test_table_file_is_sorted_json_with_its_source() -> None:
    text = java_sdk.NAMES.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=1, sort_keys=True) + "\n"
    assert "polysnip sdk-names java" in data["about"]


def test_enum_values_are_the_sdk_constants(tmp_path: Path) -> None:
    programs = _render(tmp_path, "kms", [
        {"id": "key", "operation": "CreateKey", "title": "Key", "description": "Creates.",
         "params": {"KeySpec": "ECC_SECG_P256K1", "KeyUsage": "SIGN_VERIFY"}},
    ])
    program = programs["key"]
    assert ".keySpec(KeySpec.ECC_SECG_P256_K1)" in program
    assert ".keyUsage(KeyUsageType.SIGN_VERIFY)" in program
    assert "import software.amazon.awssdk.services.kms.model.KeySpec;" in program
    assert "import software.amazon.awssdk.services.kms.model.KeyUsageType;" in program


def test_enum_values_in_lists_and_values_the_sdk_lacks_stay_strings(tmp_path: Path) -> None:
    programs = _render(tmp_path, "lambda", [
        {"id": "layers", "operation": "ListLayers", "title": "Layers", "description": "Lists.",
         "params": {"CompatibleRuntime": "custom", "CompatibleArchitecture": "arm64"}},
        {"id": "publish", "operation": "PublishLayerVersion", "title": "Publish", "description": "Publishes.",
         "params": {"LayerName": "my-layer", "Content": {"S3Bucket": "amzn-s3-demo-bucket", "S3Key": "layer.zip"},
                    "CompatibleRuntimes": ["python3.12", "nodejs20.x"]}},
    ])
    assert '.compatibleRuntime("custom")' in programs["layers"]  # no Runtime constant for it in the pinned SDK
    assert ".compatibleArchitecture(Architecture.ARM64)" in programs["layers"]
    assert '.compatibleRuntimesWithStrings(List.of("python3.12", "nodejs20.x"))' in programs["publish"]
    assert "import software.amazon.awssdk.services.lambda.model.Runtime;" not in programs["publish"]

"""The AWS SDK for Java 2.x's own names: read from its jars, with rules where no jar is here.

The SDK's code generator names things its own way, and two of its rules run in opposite
directions: CLASS names rewrite acronyms (CreateDBInstance -> CreateDbInstanceRequest,
IPSet -> IpSet) while member and method names keep them after the first word
(GatewayARN -> gatewayARN, ContentMD5 -> contentMD5, RebootDBInstance -> rebootDBInstance).
Modules, packages and clients come from the model's serviceId without "Amazon"/"AWS" and a
trailing "Service" (dms -> databasemigration.DatabaseMigrationClient); two services live
inside another's module (DynamoDB Streams in dynamodb, WAF Regional in waf with waf's model
package).

The rules are only the fallback. install() reads every installed service module's classes
(the class files themselves: class names, the methods of each model class's Builder, its
getters, enum constants, the client's methods) into an index cached per SDK version; and a
committed name table (toolchains/java/names.json, written from that index by
`polysnip sdk-names java`) holds, for the services it covers, every name where the SDK
differs from the rules. Rendering reads the committed table first, so output depends only
on the pinned SDK version, not on what this machine has fetched.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import botocore.session

from .languages.base import pascal_words

TOOLCHAIN = Path(__file__).parent / "runners" / "toolchains" / "java"
NAMES = TOOLCHAIN / "names.json"  # the committed table: where the SDK differs from the rules
INDEX_FORMAT = 1

# Services whose classes live in another service's module (and package).
_HOSTED = {
    "dynamodbstreams": ("dynamodb", "dynamodb.streams", "dynamodb.model", "DynamoDbStreamsClient"),
    "waf-regional": ("waf", "waf.regional", "waf.model", "WafRegionalClient"),
}
# Methods every Java object has: a member named like one gets another name.
OBJECT_METHODS = frozenset({"getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait",
                            "clone", "finalize"})  # fmt: skip
_KEYWORDS = frozenset({
    "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
    "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
    "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
    "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
    "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null",
})  # fmt: skip


@cache
def _service_model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def _base_name(service: str) -> str:
    """The SDK's service name: serviceId without Amazon/AWS and a trailing Service."""
    parts = str(_service_model(service).service_id).split()
    while parts and parts[0] in ("Amazon", "AWS"):
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] == "Service":
        parts = parts[:-1]
    return " ".join(parts)


@dataclass(frozen=True)
class ServiceNames:
    artifact: str  # software.amazon.awssdk:<artifact>
    package: str  # software.amazon.awssdk.services.<package>
    model_package: str  # software.amazon.awssdk.services.<model_package>
    client: str  # the synchronous client interface


def rule_service(service: str) -> ServiceNames:
    """Module, packages and client by the SDK's rules (no jar needed)."""
    if service in _HOSTED:
        artifact, package, model, client = _HOSTED[service]
        return ServiceNames(artifact, package, model, client)
    base = _base_name(service)
    package = "".join(base.split()).lower()
    package = re.sub(r"[^a-z0-9]", "", package)
    return ServiceNames(package, package, package + ".model", pascal_words(base) + "Client")


def service_names(service: str) -> ServiceNames:
    """Module, packages and client: the committed table's where it has the service, else the rules."""
    found = committed().services.get(service, {}).get("service")
    return ServiceNames(**found) if found else rule_service(service)


def rule_class(shape_name: str) -> str:
    """A model class name by the SDK's rule: acronyms become words (DBInstance -> DbInstance)."""
    return pascal_words(shape_name)


def rule_exception(shape_name: str) -> str:
    """An error shape's class: ...Fault and names without Exception end in Exception."""
    if shape_name.endswith("Fault"):
        return pascal_words(shape_name[: -len("Fault")]) + "Exception"
    name = pascal_words(shape_name)
    return name if name.endswith("Exception") else name + "Exception"


def uncapitalize(name: str) -> str:
    """The SDK's member and method names: the leading run of capitals is lowered, the rest
    is kept (GatewayARN -> gatewayARN, DBInstanceId -> dbInstanceId, ARN -> arn)."""
    name = re.sub(r"[^A-Za-z0-9]", "", name)
    if not name:
        return name
    index = 1
    while index < len(name) and name[index].isupper() and not (
        index + 1 < len(name) and name[index + 1].islower()
    ):
        index += 1
    return name[:index].lower() + name[index:]


def rule_member(name: str) -> str:
    """A member's getter and builder method by the rules (keywords and Object's methods
    take a Value suffix)."""
    method = uncapitalize(name)
    return method + "Value" if method in _KEYWORDS or method in OBJECT_METHODS else method


def rule_method(operation: str) -> str:
    """A client method: the operation with its first capitals lowered (rebootDBInstance)."""
    return uncapitalize(operation)


def enum_words(value: str) -> list[str]:
    """An enum value split into words as the SDK's generator splits it: at every character
    that is not a letter or digit, between a lower-case letter and a capital, after an
    acronym, after digits inside a word (nodejs4.3-edge -> nodejs4 3 edge, SM2PKE -> SM2 PKE)."""
    text = re.sub(r"[^A-Za-z0-9]+", " ", value)
    text = re.sub(r"([^a-z]{2,})v([0-9]+)", r"\1 v\2 ", text)
    text = re.sub(r"([^A-Z]{2,})V([0-9]+)", r"\1 V\2 ", text)
    text = " ".join(re.split(r"(?<=[a-z])(?=[A-Z][a-zA-Z0-9])", text))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    text = re.sub(r"([0-9])([a-zA-Z])", r"\1 \2", text)
    return text.split()


def rule_enum_constant(value: str) -> str:
    """An enum value's constant by the rules: its words upper-cased and joined by _
    (t2.micro -> T2_MICRO, ECC_SECG_P256K1 -> ECC_SECG_P256_K1)."""
    constant = "_".join(word.upper() for word in enum_words(value))
    return constant if constant and not constant[0].isdigit() else "VALUE_" + constant


# --- class files -----------------------------------------------------------------------------

_ACC_PUBLIC, _ACC_STATIC, _ACC_ENUM, _ACC_INTERFACE = 0x0001, 0x0008, 0x4000, 0x0200


@dataclass
class ClassInfo:
    name: str  # binary name with dots and $ (software.amazon.awssdk.services.kms.model.KeyState)
    interface: bool
    enum: bool
    methods: list[str] = field(default_factory=list)  # public method names, in declaration order
    enum_constants: list[str] = field(default_factory=list)


def read_class(data: bytes) -> ClassInfo:
    """The public methods (and enum constants) of one class file."""
    if data[:4] != b"\xca\xfe\xba\xbe":
        raise ValueError("not a class file")
    count = struct.unpack_from(">H", data, 8)[0]
    pool: list[Any] = [None] * count
    offset, index = 10, 1
    while index < count:
        tag = data[offset]
        if tag == 1:
            size = struct.unpack_from(">H", data, offset + 1)[0]
            pool[index] = data[offset + 3 : offset + 3 + size].decode("utf-8", "replace")
            offset += 3 + size
        elif tag == 7:
            pool[index] = ("class", struct.unpack_from(">H", data, offset + 1)[0])
            offset += 3
        elif tag in (8, 16, 19, 20):
            offset += 3
        elif tag == 15:
            offset += 4
        elif tag in (3, 4, 9, 10, 11, 12, 17, 18):
            offset += 5
        elif tag in (5, 6):
            offset += 9
            index += 1
        else:
            raise ValueError(f"unknown constant tag {tag}")
        index += 1
    access, this = struct.unpack_from(">HH", data, offset)
    name = pool[pool[this][1]].replace("/", ".")
    offset += 6
    interfaces = struct.unpack_from(">H", data, offset)[0]
    offset += 2 + 2 * interfaces
    info = ClassInfo(name, bool(access & _ACC_INTERFACE), bool(access & _ACC_ENUM))
    for kind in ("fields", "methods"):
        members = struct.unpack_from(">H", data, offset)[0]
        offset += 2
        for _ in range(members):
            flags, name_index, _descriptor, attributes = struct.unpack_from(">HHHH", data, offset)
            offset += 8
            for _ in range(attributes):
                length = struct.unpack_from(">I", data, offset + 2)[0]
                offset += 6 + length
            member = pool[name_index]
            if kind == "fields" and flags & _ACC_ENUM:
                info.enum_constants.append(member)
            elif kind == "methods" and flags & _ACC_PUBLIC and not member.startswith("<"):
                if member not in info.methods:
                    info.methods.append(member)
    return info


def index_jar(jar: Path) -> dict[str, Any]:
    """What one service module holds: per package under services/, its client interfaces
    with their methods, and its model classes with builder methods, getters and enum
    constants."""
    prefix = "software/amazon/awssdk/services/"
    packages: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(jar) as archive:
        for entry in sorted(archive.namelist()):
            if not entry.startswith(prefix) or not entry.endswith(".class"):
                continue
            path = entry[len(prefix) : -len(".class")]
            package, _, simple = path.rpartition("/")
            dotted = package.replace("/", ".")
            outer, _, inner = simple.partition("$")
            is_model = dotted.endswith(".model") or dotted == "model"
            is_client = not is_model and "/" not in package.split("/", 1)[-1] and outer.endswith("Client")
            if not (is_model and (not inner or inner == "Builder")) and not (is_client and not inner):
                continue
            if is_client and (outer.startswith("Default") or outer.endswith("AsyncClient")):
                continue
            info = read_class(archive.read(entry))
            if is_client:
                if info.interface:
                    packages.setdefault(dotted, {"clients": {}, "classes": {}})["clients"][outer] = info.methods
                continue
            classes = packages.setdefault(dotted, {"clients": {}, "classes": {}})["classes"]
            item = classes.setdefault(outer, {})
            if inner == "Builder":
                item["builder"] = info.methods
            elif info.enum:
                item["enum"] = info.enum_constants
            else:
                item["getters"] = [m for m in info.methods if m not in _PLUMBING]
    return {"format": INDEX_FORMAT, "packages": packages}


# Methods every model class has that are no member's getter.
_PLUMBING = frozenset({"builder", "toBuilder", "serializableBuilderClass", "hashCode", "equals",
                       "equalsBySdkFields", "toString", "getValueForField", "sdkFields", "sdkFieldNameToField",
                       "responseMetadata", "sdkHttpResponse", "overrideConfiguration", "awsErrorDetails",
                       "retryable", "isThrottlingException", "isClockSkewException", "statusCode",
                       "requestId", "extendedRequestId", "numAttempts", "isRetryableException"})  # fmt: skip


# --- resolving a service's names -------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class SdkIndex:
    """One service's names as its module holds them."""

    service: str
    names: ServiceNames
    client_methods: list[str]
    classes: dict[str, dict[str, list[str]]]  # simple name -> builder/getters/enum

    def class_name(self, shape_name: str, error: bool = False) -> str | None:
        candidates = [rule_exception(shape_name)] if error else [rule_class(shape_name)]
        if error and shape_name.endswith("Fault"):
            candidates.append(pascal_words(shape_name))
        candidates.append(shape_name)
        by_norm = {_norm(c): c for c in self.classes}
        for candidate in candidates:
            if candidate in self.classes:
                return candidate
            if _norm(candidate) in by_norm:
                return by_norm[_norm(candidate)]
        # S3's Object -> S3Object, Error -> S3Error: the service's short name before it
        service = _norm(self.names.client[: -len("Client")])
        return by_norm.get(service + _norm(candidates[0]))

    def method(self, operation: str) -> str | None:
        return _match(operation, self.client_methods)

    def member(self, class_name: str, member: str, members: list[str]) -> str | None:
        """The builder method of member (one of the shape's members, given in model order)."""
        item = self.classes.get(class_name, {})
        methods = [m for m in item.get("builder", []) or item.get("getters", [])
                   if not m.endswith("WithStrings") and m not in _BUILDER_PLUMBING]
        exact = _match(member, methods)
        if exact is not None:
            return exact
        claimed = {_match(other, methods) for other in members if other != member}
        left = [m for m in methods if m not in claimed]
        starts = [m for m in left if _norm(m).startswith(_norm(member))]
        return starts[0] if len(starts) == 1 else None

    def enum_constant(self, class_name: str, value: str) -> str | None:
        constants = self.classes.get(class_name, {}).get("enum", [])
        rule = rule_enum_constant(value)
        if rule in constants:
            return rule
        matches = [c for c in constants if _norm(c) == _norm(value)]
        return matches[0] if len(matches) == 1 else None


_BUILDER_PLUMBING = frozenset({"build", "overrideConfiguration", "copy", "applyMutation", "sdkFields",
                               "sdkHttpResponse", "responseMetadata", "awsErrorDetails", "message", "cause",
                               "statusCode", "requestId", "extendedRequestId", "numAttempts",
                               "writableStackTrace"})  # fmt: skip


def _match(name: str, methods: Iterable[str]) -> str | None:
    wanted = rule_member(name) if name else name
    found = list(methods)
    if wanted in found:
        return wanted
    plain = uncapitalize(name)
    if plain in found:
        return plain
    same = [m for m in found if _norm(m) == _norm(name)]
    return same[0] if len(same) == 1 else None


def index_service(service: str, index: dict[str, Any]) -> SdkIndex | None:
    """A service's names from its module's index (None when the module has no such client)."""
    names = rule_service(service)
    packages = index.get("packages", {})
    base = packages.get(names.package)
    if base is None or not base.get("clients"):
        return None
    clients = base["clients"]
    client = names.client if names.client in clients else next(iter(sorted(clients)))
    model = packages.get(names.model_package, {}).get("classes", {})
    resolved = ServiceNames(names.artifact, names.package, names.model_package, client)
    return SdkIndex(service, resolved, list(clients[client]), model)


# --- the committed table ------------------------------------------------------------------


@dataclass(frozen=True)
class NameTable:
    """Where the SDK differs from the rules, per service (from names.json)."""

    version: str
    services: dict[str, dict[str, Any]]


@cache
def committed() -> NameTable:
    try:
        data = json.loads(NAMES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return NameTable("", {})
    return NameTable(str(data.get("sdk_version", "")), dict(data.get("services", {})))


def differences(service: str, sdk: SdkIndex, version: str = "") -> dict[str, Any]:
    """Every name of the service's model (and its client) where the SDK's name is not the
    rule's, keyed by botocore's names: operations, shapes (input and output shapes too) and
    their members, enum values."""
    model = _service_model(service)
    out: dict[str, Any] = {"service": dataclasses.asdict(sdk.names)}
    if version:
        out["version"] = version
    methods: dict[str, str] = {}
    missing: list[str] = []
    requests: dict[str, str] = {}
    responses: dict[str, str] = {}
    own_class: dict[str, str] = {}  # input/output shape -> the operation's request/response class
    for operation in model.operation_names:
        found = sdk.method(operation)
        if found is None:
            missing.append(operation)
            continue
        if found != rule_method(operation):
            methods[operation] = found
        op = model.operation_model(operation)
        for shape, suffix, table in ((op.input_shape, "Request", requests), (op.output_shape, "Response", responses)):
            wanted = rule_class(operation) + suffix
            got = wanted if wanted in sdk.classes else sdk.class_name(operation + suffix)
            if got is None:
                continue
            if got != wanted:
                table[operation] = got
            if shape is not None:
                own_class.setdefault(shape.name, got)
    classes: dict[str, str] = {}
    members: dict[str, dict[str, str]] = {}
    enums: dict[str, dict[str, str]] = {}
    enum_missing: dict[str, list[str]] = {}  # values the SDK's enum class has no constant for
    no_enum: list[str] = []  # enum shapes without an enum class in the SDK
    errors = {shape.name for op in model.operation_names for shape in model.operation_model(op).error_shapes}
    for shape_name in model.shape_names:
        shape = model.shape_for(shape_name)
        error = shape_name in errors or bool(shape.metadata.get("exception"))
        rule = rule_exception(shape_name) if error else rule_class(shape_name)
        if shape.type_name == "structure" and not shape.serialization.get("eventstream"):
            found = own_class.get(shape_name) or sdk.class_name(shape_name, error)
            if found is None:
                continue  # not a class of its own
            if found != rule and shape_name not in own_class:
                classes[shape_name] = found
            names = list(shape.members)
            if error:
                continue
            renamed = {m: got for m in names if (got := sdk.member(found, m, names)) and got != rule_member(m)}
            if renamed:
                members[shape_name] = renamed
        elif shape.type_name == "string" and getattr(shape, "enum", None):
            found = sdk.class_name(shape_name)
            if found is None or "enum" not in sdk.classes.get(found, {}):
                no_enum.append(shape_name)
                continue
            if found != rule:
                classes[shape_name] = found
            each = {v: sdk.enum_constant(found, v) for v in shape.enum}
            constants = {v: c for v, c in each.items() if c is not None and c != rule_enum_constant(v)}
            if constants:
                enums[shape_name] = constants
            lacking = sorted(v for v, c in each.items() if c is None)
            if lacking:
                enum_missing[shape_name] = lacking
    for key, value in (("methods", methods), ("missing", sorted(missing)), ("requests", requests),
                       ("responses", responses), ("classes", classes), ("members", members),
                       ("enum_constants", enums), ("enum_missing", enum_missing), ("no_enum", sorted(no_enum))):
        if value:
            out[key] = value
    return out


class JavaNames:
    """The SDK's names for one service: the committed table's where it covers the service,
    else the installed module's index, else the rules."""

    def __init__(self, service: str, data: dict[str, Any], source: str) -> None:
        self.service = service
        self.data = data
        self.source = source  # "table", "index" or "rules"
        self.names = ServiceNames(**data["service"]) if "service" in data else rule_service(service)

    def method(self, operation: str) -> str:
        return str(self.data.get("methods", {}).get(operation) or rule_method(operation))

    def request(self, operation: str) -> str:
        return str(self.data.get("requests", {}).get(operation) or rule_class(operation) + "Request")

    def response(self, operation: str) -> str:
        return str(self.data.get("responses", {}).get(operation) or rule_class(operation) + "Response")

    def class_name(self, shape_name: str, error: bool = False) -> str:
        found = self.data.get("classes", {}).get(shape_name)
        return str(found) if found else rule_exception(shape_name) if error else rule_class(shape_name)

    def member(self, shape_name: str | None, member: str) -> str:
        """The getter and builder method of a member of the shape (botocore names)."""
        found = self.data.get("members", {}).get(shape_name or "", {}).get(member)
        return str(found) if found else rule_member(member)

    def enum_constant(self, shape_name: str, value: str) -> str | None:
        """The constant of value in the shape's enum class; None where the SDK has none
        (or, on the rules alone, where that cannot be known): write the string instead."""
        if self.source == "rules" or shape_name in self.data.get("no_enum", ()):
            return None
        if value in self.data.get("enum_missing", {}).get(shape_name, ()):
            return None
        found = self.data.get("enum_constants", {}).get(shape_name, {}).get(value)
        return str(found) if found else rule_enum_constant(value)

    def missing(self, operation: str) -> bool:
        return operation in self.data.get("missing", ())


@cache
def names_for(service: str) -> JavaNames:
    """The names of a service (see JavaNames)."""
    table = committed().services.get(service)
    if table is not None:
        return JavaNames(service, table, "table")
    try:
        from .runners.java import RUNNER

        sdk = RUNNER.installed_index(service)
    except Exception:  # no toolchain cache here: the rules
        sdk = None
    if sdk is not None:
        return JavaNames(service, differences(service, sdk), "index")
    return JavaNames(service, {}, "rules")


def write_table(
    indexes: dict[str, SdkIndex], version: str, versions: dict[str, str], target: Path = NAMES
) -> None:
    """Write the committed table for the services given, atomically."""
    data = {
        "sdk_version": version,
        "about": "Names of the AWS SDK for Java 2.x that differ from polysnip's rules (generator/java_sdk.py), "
                 "read from the SDK's jars; regenerate with polysnip sdk-names java.",
        "services": {service: differences(service, indexes[service], versions.get(service, ""))
                     for service in sorted(indexes)},
    }
    staging = target.with_name(f".{target.name}.{os.getpid()}")
    staging.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(staging, target)
    committed.cache_clear()
    names_for.cache_clear()


def regenerate(services: list[str]) -> str:
    """Rewrite names.json from the installed index (run the Java install first) for these
    services (none: the corpus's and the table's); returns what was written. Raises
    ValueError naming a service that is unknown or not installed."""
    from .importer import services_with_examples
    from .runners.java import RUNNER

    wanted = services or sorted(set(services_with_examples()) | set(committed().services))
    indexes = {}
    for service in wanted:
        try:
            found = RUNNER.sdk_index(service)
        except Exception:  # botocore knows no such service
            raise ValueError(f"{service}: no such service in botocore's models") from None
        if found is None:
            raise ValueError(f"{service}: the SDK module is not installed; run polysnip doctor --install first")
        indexes[service] = found
    write_table(indexes, RUNNER.sdk_version(), {s: RUNNER.module_version(s) for s in indexes})
    return f"wrote {NAMES} for {len(indexes)} services"

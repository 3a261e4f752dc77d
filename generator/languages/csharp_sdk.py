"""The AWS SDK for .NET's names for a botocore service, from the committed table csharp_names.json.

No .NET SDK can be installed here, so the names C# programs use come from a table of facts
read from the SDK's public sources (per-service namespace and client, and the renames of
its customization files), cited by version in the table itself. Everything the table does
not override follows the SDK generator's rules (see "rules" in the table): properties and
classes are botocore's names with the first letter upper-cased, requests and responses
are <Operation>Request / <Operation>Response, methods <Operation>Async.

ServiceSdk is that surface for one service: the C# language module renders through it
and the C# runner's name check checks programs against it. A helper module: it defines
no language.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.model import ServiceModel, Shape, StructureShape

from ..service import service_model

TABLE = Path(__file__).with_name("csharp_names.json")

_SCALARS = {
    "string": "string", "integer": "int", "long": "long", "boolean": "bool", "double": "double", "float": "float",
    "timestamp": "DateTime", "blob": "MemoryStream",
}  # fmt: skip
NUMBERS = {"int", "long", "double", "float"}
SCALAR_TYPES = {"string", "bool", "DateTime", "MemoryStream", "Stream", *NUMBERS}
# A property of one of these types takes a value of any of the listed classes.
ASSIGNABLE = {"Stream": {"Stream", "MemoryStream"}}


@functools.cache
def table() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))
    return loaded


def sdk_version() -> str:
    return str(table()["version"]).split(" ", 1)[0]


@functools.cache
def system_types() -> dict[str, frozenset[str]]:
    """Public type names per namespace a program may import (System…, Amazon)."""
    return {name: frozenset(types) for name, types in table()["system_types"].items()}


def upper_first(name: str) -> str:
    return name[:1].upper() + name[1:]


def fallback_name(model: ServiceModel) -> str:
    """The namespace suffix for a service the table does not list: its serviceId with
    each word capitalised and the spaces dropped (Elastic Load Balancing v2 ->
    ElasticLoadBalancingV2), as the SDK names services added since serviceIds exist."""
    words = re.split(r"[^A-Za-z0-9]+", str(model.service_id))
    return "".join(upper_first(word) for word in words)


def generic_args(text: str) -> tuple[str, list[str]]:
    """("List", ["Tag"]) for "List<Tag>"; (text, []) for a name without type arguments."""
    if not text.endswith(">") or "<" not in text:
        return text, []
    head, inner = text[: text.index("<")], text[text.index("<") + 1 : -1]
    parts, depth, start = [], 0, 0
    for index, ch in enumerate(inner):
        depth += ch == "<"
        depth -= ch == ">"
        if ch == "," and depth == 0:
            parts.append(inner[start:index].strip())
            start = index + 1
    parts.append(inner[start:].strip())
    return head, parts


@dataclass(frozen=True)
class Rule:
    """How the SDK shows one botocore member (see the "members" entries of the table)."""

    name: str | None  # the property; None when the SDK leaves the member out
    type: str | None = None  # an explicit .NET type; None: the member shape's type
    flatten: bool = False  # the member's structure is dissolved: its members sit on the parent
    split: str = ""  # the value becomes the properties of `into` (a transform csharp.py implements)
    into: tuple[tuple[str, str], ...] = ()
    collapse: str = ""  # the member's structure is replaced by the value of this member of it
    stream: str = ""  # a second property holding the same bytes as a stream
    stream_type: str = "MemoryStream"


@dataclass
class ServiceSdk:
    """The .NET names of one service: the table's facts over the generator's rules."""

    service: str
    model: ServiceModel
    namespace: str
    client: str
    interface: str
    package: str
    listed: bool  # False when the table has no entry (names from the fallback rule)
    entry: dict[str, Any] = field(default_factory=dict)
    classes: dict[str, dict[str, str]] = field(default_factory=dict)  # class -> property -> .NET type
    enums: set[str] = field(default_factory=set)
    exceptions: set[str] = field(default_factory=set)
    methods: dict[str, str] = field(default_factory=dict)  # method (XAsync) -> botocore operation

    @property
    def model_namespace(self) -> str:
        return self.namespace + ".Model"

    # --- names -------------------------------------------------------------------------

    def operation(self, operation: str) -> str:
        return str(self.entry.get("operations", {}).get(operation, operation))

    def missing(self, operation: str) -> str:
        return str(self.entry.get("missing", {}).get(operation, ""))

    def class_name(self, shape: Shape) -> str:
        substitute = self.entry.get("substitute", {}).get(shape.name, {})
        return str(substitute.get("class") or upper_first(shape.name))

    def exception(self, error: str) -> str:
        return error if error.endswith("Exception") else error + "Exception"

    def rule(self, parent: str, member: str, shape: Shape) -> Rule:
        """The rule for member of the botocore structure named parent."""
        members = self.entry.get("members", {})
        found: Any = ...
        renamed = self.entry.get("substitute", {}).get(parent, {}).get("class", parent)
        for key in (parent, renamed, "*"):  # the customization files use either name of a shape
            if member in members.get(key, {}):
                found = members[key][member]
                break
        if found is None:
            return Rule(None)
        if isinstance(found, str):
            return Rule(found)
        if isinstance(found, dict):
            into = tuple((str(k), str(v)) for k, v in found.get("into", {}).items())
            return Rule(
                found.get("name", self._default_property(member, shape)), found.get("type"),
                bool(found.get("flatten")), str(found.get("split", "")), into, str(found.get("collapse", "")),
                str(found.get("stream", "")),
                str(found.get("stream_type", "MemoryStream")),
            )
        return Rule(self._default_property(member, shape))

    def _default_property(self, member: str, shape: Shape) -> str:
        name = upper_first(member)
        if shape.type_name == "blob" and name.endswith("String") and self.type_of(shape) == "MemoryStream":
            name = name[: -len("String")] + "Stream"  # the generator's rule (WAF ByteMatchTuple.TargetStream)
        return name

    def substitute(self, shape: Shape) -> dict[str, Any]:
        found: dict[str, Any] = self.entry.get("substitute", {}).get(shape.name, {})
        return found

    def type_of(self, shape: Shape, scalar: bool = True) -> str:
        """The .NET type of a member of this shape; scalar False inside a list or map
        (where the SDK types an enum as string)."""
        substitute = self.substitute(shape)
        if "type" in substitute:
            return str(substitute["type"])
        kind = shape.type_name
        if kind == "structure":
            return self.class_name(shape)
        if kind == "list":
            return f"List<{self.type_of(shape.member, False)}>"  # type: ignore[attr-defined]
        if kind == "map":
            key, value = shape.key, shape.value  # type: ignore[attr-defined]
            return f"Dictionary<{self.type_of(key, False)}, {self.type_of(value, False)}>"
        if kind == "string" and shape.enum and scalar:
            return str(substitute.get("class") or upper_first(shape.name))
        return _SCALARS.get(str(kind), "string")

    def members(self, shape: StructureShape) -> Iterator[tuple[str, Shape, Rule]]:
        for name, member in shape.members.items():
            yield name, member, self.rule(shape.name, name, member)

    def properties(self, shape: StructureShape | None) -> dict[str, str]:
        """The properties (name -> .NET type) of the class the SDK makes of a structure."""
        found: dict[str, str] = {}
        if shape is None:
            return found
        for _, member, rule in self.members(shape):
            if rule.name is None:
                continue
            if rule.flatten and isinstance(member, StructureShape):
                found.update(self.properties(member))
            elif rule.split:
                found.update(dict(rule.into))
            elif rule.collapse and isinstance(member, StructureShape):
                found[rule.name] = rule.type or self.type_of(member.members[rule.collapse])
            else:
                found[rule.name] = rule.type or self.type_of(member)
                if rule.stream:
                    found[rule.stream] = rule.stream_type
        return found

    def member_type(self, parent: StructureShape, member: str) -> str:
        """The .NET type of a (renamed) property, as properties() gives it."""
        return self.properties(parent).get(member, "")

    # --- building the index ------------------------------------------------------------

    def build(self) -> ServiceSdk:
        seen: set[str] = set()
        for operation in self.model.operation_names:
            if self.missing(operation):
                continue
            op = self.model.operation_model(operation)
            base = self.operation(operation)
            self.methods[base + "Async"] = operation
            self.classes[base + "Request"] = self.properties(op.input_shape)
            self.classes[base + "Response"] = self.properties(op.output_shape)
            for shape in (op.input_shape, op.output_shape):
                if shape is not None:
                    for _, member, rule in self.members(shape):
                        if rule.name is not None:
                            self._visit(member, seen)
            for error in op.error_shapes:
                self.exceptions.add(self.exception(error.name))
        for rule_set in self.entry.get("members", {}).values():
            for found in rule_set.values():
                if not isinstance(found, dict):
                    continue
                if str(found.get("type", "")).startswith("List<"):
                    self.enums.update(generic_args(found["type"])[1])
                for kind in found.get("into", {}).values():
                    if kind not in SCALAR_TYPES and "<" not in kind:
                        self.classes.setdefault(kind, {})  # a class of the SDK's own (ByteRange)
        return self

    def _visit(self, shape: Shape, seen: set[str]) -> None:
        if shape.name in seen:
            return
        seen.add(shape.name)
        if "type" in self.substitute(shape):
            return
        kind = shape.type_name
        if kind == "structure":
            assert isinstance(shape, StructureShape)
            self.classes.setdefault(self.class_name(shape), {}).update(self.properties(shape))
            for _, member, rule in self.members(shape):
                if rule.name is not None:
                    self._visit(member, seen)
        elif kind == "list":
            self._visit(shape.member, seen)  # type: ignore[attr-defined]
        elif kind == "map":
            self._visit(shape.key, seen)  # type: ignore[attr-defined]
            self._visit(shape.value, seen)  # type: ignore[attr-defined]
        elif kind == "string" and shape.enum:
            self.enums.add(self.type_of(shape))

    @functools.cached_property
    def _defined(self) -> dict[str, frozenset[str]]:
        config = self.client[: -len("Client")] + "Config" if self.client.endswith("Client") else ""
        return {
            self.namespace: frozenset({self.client, self.interface, config, *self.enums} - {""}),
            self.model_namespace: frozenset(self.classes) | frozenset(self.exceptions),
        }

    def defined(self) -> dict[str, frozenset[str]]:
        """The type names this service's namespaces define: its namespace (client,
        interface, config, enumerations) and its model namespace (classes, exceptions).
        Read once the index is built."""
        return self._defined


@functools.lru_cache(maxsize=64)
def _for_model(service: str, version: str, model: ServiceModel) -> ServiceSdk:
    entry = table()["services"].get(service)
    if entry is None:
        name = fallback_name(model)
        return ServiceSdk(service, model, f"Amazon.{name}", f"Amazon{name}Client", f"IAmazon{name}",
                          f"AWSSDK.{name}", False).build()
    return ServiceSdk(service, model, entry["namespace"], entry["client"], entry["interface"], entry["package"],
                      True, entry).build()


_BUILT: dict[tuple[str, str, int], ServiceSdk] = {}


def service_sdk(model: ServiceModel) -> ServiceSdk:
    """The .NET names of the service of a botocore model (built once per service, API
    version and operation count: botocore hands out a new model object on every load)."""
    key = (str(model.service_name), str(model.api_version), len(model.operation_names))
    if key not in _BUILT:
        _BUILT[key] = _for_model(key[0], key[1], model)
    return _BUILT[key]


def sdk_for_service(service: str) -> ServiceSdk:
    """The .NET names of an installed botocore service, by its name (s3)."""
    return service_sdk(service_model(service))

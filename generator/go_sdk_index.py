"""The API surface of an AWS SDK for Go v2 service module, read from its source.

The SDK's Go packages are generated and gofmt-formatted, so the few declarations the
snippets need have one fixed form each:

    type PutItemInput struct {          exported (and unexported) fields with their Go types
        TableName *string
    type StatusType string              an enum type, with its constants
        StatusTypeInactive StatusType = "Inactive"
    type AttributeValue interface {     a union; each member is a struct type that implements it:
    func (*AttributeValueMemberS) isAttributeValue() {}
    func (c *Client) PutItem(ctx context.Context, …   a client method (one per operation)

index_module() reads them from a module folder (types/types.go, types/enums.go,
types/errors.go, api_op_*.go) into a GoIndex: the names and the value shapes (pointer or
plain value) as the SDK declares them. A declaration in another form is not silently
skipped: every api_op_ file must yield its method, input and output, or the read fails.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["GoIndex", "IndexError_", "index_module", "module_folder"]

_STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.M | re.S)
_FIELD = re.compile(r"^\t(\w+) +(\S+)$", re.M)
_ENUM_TYPE = re.compile(r"^type (\w+) string$", re.M)
_ENUM_CONST = re.compile(r"^\t(\w+) +(\w+) = (\"(?:[^\"\\]|\\.)*\")$", re.M)
_INTERFACE = re.compile(r"^type (\w+) interface \{\n\tis(\w+)\(\)\n\}", re.M)
_IMPLEMENTS = re.compile(r"^func \(\*(\w+)\) is(\w+)\(\) \{\}$", re.M)
_METHOD = re.compile(r"^func \(c \*Client\) (\w+)\(ctx context\.Context, params \*(\w+), ", re.M)
_STRING_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\t": "\t"}


class IndexError_(ValueError):
    """The module's source does not have the form this reader knows."""


@dataclass
class GoIndex:
    """What one service module declares (all names as the Go package spells them)."""

    module: str = ""
    version: str = ""
    structs: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> field -> Go type ("" order kept)
    enums: dict[str, dict[str, str]] = field(default_factory=dict)  # enum type -> value -> constant
    unions: dict[str, dict[str, str]] = field(default_factory=dict)  # interface -> member -> struct type
    operations: dict[str, str] = field(default_factory=dict)  # client method -> input type

    def as_json(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "version": self.version,
            "structs": self.structs,
            "enums": self.enums,
            "unions": self.unions,
            "operations": self.operations,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GoIndex:
        return cls(
            str(data.get("module", "")),
            str(data.get("version", "")),
            {k: dict(v) for k, v in data.get("structs", {}).items()},
            {k: dict(v) for k, v in data.get("enums", {}).items()},
            {k: dict(v) for k, v in data.get("unions", {}).items()},
            dict(data.get("operations", {})),
        )

    def dumps(self) -> str:
        return json.dumps(self.as_json(), indent=1, sort_keys=True) + "\n"


def _go_string(literal: str) -> str:
    """The value of a Go interpreted string literal as the SDK writes enum values."""
    body = literal[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\.", lambda m: _STRING_ESCAPES.get(m.group(0), m.group(0)), body)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _structs(text: str, into: dict[str, dict[str, str]]) -> None:
    for name, body in _STRUCT.findall(text):
        fields = into.setdefault(name, {})
        for member, go_type in _FIELD.findall(body):
            fields[member] = go_type


def index_module(folder: Path, module: str = "", version: str = "") -> GoIndex:
    """Read a service module's declarations from its source folder (as the module cache
    holds it: <package>@<version>/)."""
    if not folder.is_dir():
        raise IndexError_(f"{folder}: no such module folder")
    index = GoIndex(module, version)
    types_text = _read(folder / "types" / "types.go")
    for text in (types_text, _read(folder / "types" / "errors.go")):
        _structs(text, index.structs)
    enums_text = _read(folder / "types" / "enums.go")
    for name in _ENUM_TYPE.findall(enums_text):
        index.enums[name] = {}
    for constant, type_name, literal in _ENUM_CONST.findall(enums_text):
        if type_name in index.enums:
            index.enums[type_name][_go_string(literal)] = constant
    interfaces = {name: tag for name, tag in _INTERFACE.findall(types_text) if name == tag}
    for struct, interface in _IMPLEMENTS.findall(types_text):
        if interface in interfaces and struct.startswith(f"{interface}Member"):
            index.unions.setdefault(interface, {})[struct.removeprefix(f"{interface}Member")] = struct
    for name in interfaces:
        index.unions.setdefault(name, {})
    for source in sorted(folder.glob("api_op_*.go")):
        if source.name.endswith("_test.go"):
            continue
        operation = source.name.removeprefix("api_op_").removesuffix(".go")
        text = _read(source)
        methods = dict(_METHOD.findall(text))
        if operation not in methods:
            raise IndexError_(f"{source}: no method `func (c *Client) {operation}(ctx context.Context, params *…`")
        index.operations[operation] = methods[operation]
        declared: dict[str, dict[str, str]] = {}
        _structs(text, declared)
        for suffix in ("Input", "Output"):  # the paginators' and waiters' structs are left out
            if f"{operation}{suffix}" not in declared:
                raise IndexError_(f"{source}: no `type {operation}{suffix} struct {{`")
            index.structs[f"{operation}{suffix}"] = declared[f"{operation}{suffix}"]
    if not index.operations:
        raise IndexError_(f"{folder}: no api_op_*.go files: not an AWS SDK for Go v2 service module")
    return index


def module_folder(module_cache: Path, module: str, version: str) -> Path:
    """Where the module cache keeps module@version (upper-case letters escaped as !x)."""
    escaped = re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), f"{module}@{version}")
    return module_cache.joinpath(*escaped.split("/"))

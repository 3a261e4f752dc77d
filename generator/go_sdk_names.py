"""The AWS SDK for Go v2's own names and value shapes, per service: what the Go renderer asks.

Botocore's JSON models do not say how the Go SDK spells or types a member: whether a
scalar field is a pointer (*int32) or a plain value (int32, for members the Smithy model
gives a default), which structures are unions (an interface with one struct per member),
the exact enum constant for a value (InstanceTypeT2Micro for "t2.micro"), which members
the SDK keeps unexported (rds/ec2 DestinationRegion, filled in by the SDK), and which
operations a client no longer has (S3 GetBucketLifecycle). go_sdk_index reads all of it
from a module's source; facts() reduces that index, with botocore's model of the service,
to where the SDK differs from the rules (member name capitalised, scalar behind a pointer,
enum constant = type + value in words).

Rendering must not depend on what this machine has downloaded, so the facts of the pinned
service modules are committed (toolchains/go/names.json, written by
`polysnip sdk-names go` from the installed pinned modules). For a service not
in that file, the index of the installed module (cached per module version under the Go
toolchain cache) is used, and without one the rules alone.

Measured: the full index of the 43 pinned modules is 2.6 MB of JSON and takes 1.5 s to
read from source; the facts are 0.38 MB (a seventh of it), so they are what is committed, and
rendering then gives the same output on a machine without Go.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore.session

from .go_sdk_index import GoIndex, IndexError_, index_module, module_folder

TOOLCHAIN = Path(__file__).parent / "runners" / "toolchains" / "go"
NAMES = TOOLCHAIN / "names.json"
SERVICES = TOOLCHAIN / "services.txt"
FORMAT = 1
PLAIN_TYPES = frozenset({"bool", "int32", "int64", "float32", "float64", "string"})
# The Go type the rules give a scalar member of each botocore type: a pointer.
_RULE_TYPES = {"string": "*string", "integer": "*int32", "long": "*int64", "boolean": "*bool", "float": "*float32",
               "double": "*float64"}  # fmt: skip


@dataclass(frozen=True)
class GoFacts:
    """Where one service's Go package differs from the naming and pointer rules."""

    version: str = ""  # the module version these facts are from ("" when none)
    # (structure, member) -> Go type of a scalar field that is a plain value, not a pointer,
    # or a pointer to another type than botocore's (glacier ListVaults limit: a botocore
    # string, a *int32 in Go). The structure is the Go type name: <Operation>Input/Output
    # or a types name.
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    hidden: frozenset[tuple[str, str]] = frozenset()  # (structure, member) with no exported field
    # ...of which those the SDK declares unexported (it fills them itself: DestinationRegion)
    unexported: frozenset[tuple[str, str]] = frozenset()
    renamed: dict[tuple[str, str], str] = field(default_factory=dict)  # (structure, member) -> Go field
    types: dict[str, str] = field(default_factory=dict)  # botocore shape name -> Go type name
    enums: dict[tuple[str, str], str] = field(default_factory=dict)  # (Go enum type, value) -> constant
    unions: dict[str, dict[str, str]] = field(default_factory=dict)  # Go interface -> member -> struct
    missing: frozenset[str] = frozenset()  # botocore operations the client has no method for


def rule_type(shape_name: str) -> str:
    return shape_name[:1].upper() + shape_name[1:]


def rule_field(member: str) -> str:
    return member[:1].upper() + member[1:]


def rule_enum_constant(type_name: str, value: str) -> str | None:
    """The constant the rules give an enum value (None: no name is certain)."""
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", value):
        return type_name + "".join(p[:1].upper() + p[1:].lower() for p in value.split("_") if p)
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", value):
        return type_name + value
    return None


def _struct_names(service_model: Any) -> dict[str, str]:
    """botocore structure name -> the Go struct declaring its members: an operation's input
    and output shapes become <Operation>Input/Output, every other structure a types name."""
    names: dict[str, str] = {}
    for operation in service_model.operation_names:
        model = service_model.operation_model(operation)
        for shape, suffix in ((model.input_shape, "Input"), (model.output_shape, "Output")):
            if shape is not None:
                names.setdefault(f"{operation}{suffix}", str(shape.name))
    return names


def facts(index: GoIndex, service_model: Any) -> GoFacts:
    """Reduce a module's index to where it differs from the rules, for botocore's model."""
    values: dict[tuple[str, str], str] = {}
    hidden: set[tuple[str, str]] = set()
    unexported: set[tuple[str, str]] = set()
    renamed: dict[tuple[str, str], str] = {}
    types: dict[str, str] = {}
    enums: dict[tuple[str, str], str] = {}
    go_structs: dict[str, str] = {}  # Go struct -> botocore structure
    for go_name, shape_name in _struct_names(service_model).items():
        go_structs[go_name] = shape_name
    io_shapes = set(go_structs.values())
    lower = {name.lower(): name for name in list(index.structs) + list(index.enums) + list(index.unions)}
    for shape_name in service_model.shape_names:
        shape = service_model.shape_for(shape_name)
        kind = shape.type_name
        if kind == "structure" and shape_name in io_shapes and rule_type(shape_name) not in index.structs:
            continue
        if kind == "structure" or (kind == "string" and shape.enum):
            go_type = rule_type(shape_name)
            if go_type not in index.structs and go_type not in index.enums and go_type not in index.unions:
                found = lower.get(shape_name.lower())
                if found:
                    types[shape_name] = found
                    go_type = found
            if kind == "structure" and go_type in index.structs:
                go_structs[go_type] = shape_name
            if kind == "string" and go_type in index.enums:
                for value in shape.enum:
                    constant = index.enums[go_type].get(value)
                    rule = rule_enum_constant(go_type, value)
                    if constant != rule and (constant is not None or rule is not None):
                        enums[(go_type, value)] = constant or ""  # "": no constant, a conversion
    for go_name, shape_name in go_structs.items():
        fields = index.structs.get(go_name)
        if fields is None:
            continue
        shape = service_model.shape_for(shape_name)
        by_lower = {name.lower(): name for name in fields}
        for member in shape.members:
            go_field = rule_field(member)
            if go_field not in fields:
                other = by_lower.get(member.lower())
                if other is None or not other[:1].isupper():
                    hidden.add((go_name, member))
                    if other is not None:
                        unexported.add((go_name, member))
                    continue
                renamed[(go_name, member)] = other
                go_field = other
            go_type = fields[go_field]
            expected = _RULE_TYPES.get(str(shape.members[member].type_name))
            if go_type in PLAIN_TYPES or (go_type.removeprefix("*") in PLAIN_TYPES and expected
                                          and go_type != expected):  # fmt: skip
                values[(go_name, member)] = go_type
    unions = {name: dict(members) for name, members in index.unions.items()}
    missing = frozenset(op for op in service_model.operation_names if op not in index.operations)
    return GoFacts(index.version, values, frozenset(hidden), frozenset(unexported), renamed, types, enums, unions,
                   missing)  # fmt: skip


# --- the committed table and the cached index ---------------------------------------------


def _pair(key: str) -> tuple[str, str]:
    first, _, second = key.partition(".")
    return first, second


def facts_to_json(found: GoFacts) -> dict[str, Any]:
    return {
        "version": found.version,
        "values": {f"{s}.{m}": t for (s, m), t in sorted(found.values.items())},
        "hidden": sorted(f"{s}.{m}" for s, m in found.hidden),
        "unexported": sorted(f"{s}.{m}" for s, m in found.unexported),
        "renamed": {f"{s}.{m}": g for (s, m), g in sorted(found.renamed.items())},
        "types": dict(sorted(found.types.items())),
        "enums": {f"{t}.{v}": c for (t, v), c in sorted(found.enums.items())},
        "unions": {k: dict(sorted(v.items())) for k, v in sorted(found.unions.items())},
        "missing": sorted(found.missing),
    }


def facts_from_json(data: dict[str, Any]) -> GoFacts:
    return GoFacts(
        str(data.get("version", "")),
        {_pair(k): str(v) for k, v in data.get("values", {}).items()},
        frozenset(_pair(k) for k in data.get("hidden", [])),
        frozenset(_pair(k) for k in data.get("unexported", [])),
        {_pair(k): str(v) for k, v in data.get("renamed", {}).items()},
        {str(k): str(v) for k, v in data.get("types", {}).items()},
        {_pair(k): str(v) for k, v in data.get("enums", {}).items()},
        {str(k): dict(v) for k, v in data.get("unions", {}).items()},
        frozenset(data.get("missing", [])),
    )


@functools.cache
def committed() -> dict[str, dict[str, Any]]:
    """The committed facts: Go package -> facts (as JSON)."""
    try:
        data = json.loads(NAMES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(data.get("services", {})) if data.get("format") == FORMAT else {}


def pins() -> dict[str, str]:
    """Go package -> the module version services.txt pins."""
    found = {}
    for line in SERVICES.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2:
            found[parts[0].rsplit("/", 1)[-1]] = parts[1]
    return found


def module_cache() -> Path | None:
    folder = os.environ.get("GOMODCACHE", "")
    if not folder:
        try:
            folder = subprocess.run(
                ["go", "env", "GOMODCACHE"], capture_output=True, text=True, timeout=30, check=False
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            folder = ""
    if not folder:
        gopath = os.environ.get("GOPATH", "").split(os.pathsep)[0] or str(Path.home() / "go")
        folder = str(Path(gopath) / "pkg" / "mod")
    path = Path(folder)
    return path if path.is_dir() else None


def _index_cache() -> Path:
    root = Path(os.environ.get("POLYSNIP_CACHE") or Path.home() / ".cache" / "polysnip")
    return root / "go" / "names"


def cached_index(module: str, version: str) -> GoIndex:
    """The index of module@version: from the cache of indexes, else read from the module's
    source in Go's module cache (and cached). Raises IndexError_ when neither is here."""
    cache_file = _index_cache() / f"{module.replace('/', '!')}@{version}.json"
    try:
        return GoIndex.from_json(json.loads(cache_file.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    modules = module_cache()
    if modules is None:
        raise IndexError_(f"no Go module cache here to read {module}@{version} from")
    index = index_module(module_folder(modules, module, version), module, version)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    staging = cache_file.with_name(f".{cache_file.name}.{os.getpid()}")
    staging.write_text(index.dumps(), encoding="utf-8")
    os.replace(staging, cache_file)
    return index


def _installed_version(package: str) -> str | None:
    """The newest version of service/<package> in the module cache, if any."""
    modules = module_cache()
    parent = modules / "github.com" / "aws" / "aws-sdk-go-v2" / "service" if modules else None
    if parent is None or not parent.is_dir():
        return None
    versions = [p.name.rsplit("@", 1)[1] for p in parent.glob(f"{package}@v*")]
    key = lambda v: tuple(int(n) for n in re.findall(r"\d+", v)[:3])  # noqa: E731
    return max(versions, key=key) if versions else None


@functools.cache
def facts_for(package: str, service: str) -> GoFacts:
    """The facts of service/<package>: committed ones for a pinned module; else those of the
    installed module's index; else none (the rules alone)."""
    data = committed().get(package)
    if data is not None:
        return facts_from_json(data)
    version = _installed_version(package)
    if version is None:
        return GoFacts()
    try:
        index = cached_index(f"github.com/aws/aws-sdk-go-v2/service/{package}", version)
    except (IndexError_, OSError):
        return GoFacts()
    return facts(index, botocore.session.get_session().get_service_model(service))


def write_committed(services: list[str]) -> dict[str, Any]:
    """Build the committed table from the installed pinned modules of these services."""
    from .sdks import sdk_names

    pinned = pins()
    session = botocore.session.get_session()
    table: dict[str, Any] = {}
    for service in services:
        names = sdk_names(service)
        version = pinned.get(names.go_package)
        if version is None:
            continue
        index = cached_index(names.go_module, version)
        table[names.go_package] = facts_to_json(facts(index, session.get_service_model(service)))
    data = {"format": FORMAT, "services": dict(sorted(table.items()))}
    staging = NAMES.with_name(f".{NAMES.name}.{os.getpid()}")
    staging.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(staging, NAMES)
    committed.cache_clear()
    facts_for.cache_clear()
    return data


def regenerate(services: list[str]) -> str:
    """Rewrite names.json from the installed pinned modules (run the Go install first) for
    these services (none: every service with shared examples); returns what was written."""
    from .importer import services_with_examples

    data = write_committed(services or services_with_examples())
    return f"wrote {NAMES} ({len(data['services'])} services)"

"""polysnip import: botocore's shared examples (examples-1.json) as polysnip specs.

Each shared example becomes one operation of the service's spec: its input becomes
params (converted along the service model's shapes), its title and description become
the page's, and its comments (what each input and output member means) are kept in the
description. The documented response is kept as a comment in the spec: responses from
moto differ from AWS's, so it cannot become a claim that verification checks.

Values are kept as the examples show them. A few values that every example reuses and
that verification can create become placeholders with fixtures (for KMS, the example
key's ID and ARN become ${key_id} and ${key_arn}, backed by a key made with CreateKey).

An example that cannot become a valid spec entry is left out and reported with its
reason ("skipped: ..."): streaming payloads and Smithy documents (no language's rules
render them yet), values the model rejects (the examples are sometimes older than the
model), and, as a last resort, whatever spec validation or rendering refuses. Nothing
that fails to validate or to render is ever written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
import re
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import click
import yaml
from botocore import xform_name
from botocore.exceptions import DataNotFoundError
from botocore.model import OperationModel, Shape

from . import service as services
from .languages import LANGUAGES, Language
from .languages import select as select_languages
from .model import (
    BoolValue,
    Call,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    NumValue,
    PlaceholderRef,
    StructValue,
    StrValue,
    Value,
)
from .problems import EXIT_BAD_INPUT, EXIT_FAILED, BadInput, Problem, Severity
from .render import CLIENT_ID, GenerationError, GenerationFailed, Renderer, units
from .spec import load_spec, operation_slug

EXAMPLES = "examples-1"
DEFAULT_OUT = "specs/imported"
# Page names a spec's output folder already uses (render.CLIENT_ID, pages.py's index).
_RESERVED_IDS = {CLIENT_ID, "index"}
_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_ARN_REGION = re.compile(r"\barn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):")
# Messages of the real parsers (parsecheck) and of a formatter that could not parse the program.
_PARSE_CHECKERS = re.compile(r"\((tree-sitter-[a-z_]+|python ast|bash -n)\)$")
_FORMATTER = "formatter rejected the program"
_STAND_IN = re.compile(r"<[^<>]+>")  # how shared examples write binary data: <binary data>, <HMAC_TAG>


# --- where the examples come from ------------------------------------------------------


@functools.cache
def _loader() -> Any:
    return botocore.session.get_session().get_component("data_loader")


def services_with_examples() -> list[str]:
    """Every service whose botocore data ships at least one shared example, sorted.

    Most services ship an examples-1.json that lists none; they are left out."""
    return sorted(name for name in _loader().list_available_services(EXAMPLES) if shared_examples(name))


def shared_examples(service: str) -> dict[str, list[dict[str, Any]]]:
    """Operation name -> its shared examples, as examples-1.json lists them ({} when none)."""
    try:
        data = _loader().load_service_model(service, EXAMPLES)
    except DataNotFoundError:
        return {}
    examples = data.get("examples") or {}
    return {name: list(items or []) for name, items in examples.items()}


# --- placeholders verification can fill in ---------------------------------------------


@dataclass(frozen=True)
class PlaceholderRule:
    """A value the examples reuse, shown as-is but replaced by a fixture when verified.

    It is recognised in every string value, as the whole value or inside longer text:
    verification swaps the shown value for the real one throughout the program, so
    every occurrence must be the placeholder."""

    name: str
    value: str  # the example value it stands for
    description: str
    fixture: str


@dataclass(frozen=True)
class ServiceRules:
    region: str  # the Region of the rules' ARNs; the spec uses it so that fixtures match
    placeholders: tuple[PlaceholderRule, ...]
    fixtures: dict[str, dict[str, Any]]


_KMS_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"

RULES: dict[str, ServiceRules] = {
    "kms": ServiceRules(
        region="us-west-2",
        # key_arn comes first: its value contains key_id's, so it is recognised first, and
        # verification swaps placeholder values into the published program in this order.
        placeholders=(
            PlaceholderRule("key_arn", f"arn:aws:kms:us-west-2:111122223333:key/{_KMS_KEY}", "the ARN of your KMS key", "new_key_arn"),
            PlaceholderRule("key_id", _KMS_KEY, "the ID or ARN of your KMS key", "new_key"),
        ),
        fixtures={
            "new_key_arn": {
                "description": "a symmetric encryption key created with CreateKey (its ARN)",
                "operation": "CreateKey",
                "params": {"Description": "Key for polysnip verification"},
                "output": "KeyMetadata.Arn",
            },
            "new_key": {
                "description": "a symmetric encryption key created with CreateKey",
                "operation": "CreateKey",
                "params": {"Description": "Key for polysnip verification"},
                "output": "KeyMetadata.KeyId",
            },
        },
    ),
}


# --- the result of converting one service ------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    operation: str
    example: str  # the example's id in examples-1.json
    reason: str

    def format(self) -> str:
        return f"{self.operation} ({self.example}): skipped: {self.reason}"


@dataclass(frozen=True)
class Entry:
    """One imported example: its operation entry in the spec and where it came from."""

    operation: str
    example: str
    data: dict[str, Any]  # the operation entry, as written to the spec
    output: dict[str, Any]  # the documented response, kept as a comment
    fixes: tuple[str, ...] = ()  # what was changed to fit the current model


@dataclass
class ServiceImport:
    service: str
    region: str
    title: str
    examples: int  # how many examples were considered
    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rules: ServiceRules | None = None
    # operation id -> "" when its call ran against moto at import time, else why it cannot
    probes: dict[str, str] = field(default_factory=dict)
    moto: str = ""  # the moto version probes ran against
    operations: tuple[str, ...] = ()  # the operations asked for (all when empty)
    positions: dict[tuple[str, str], int] = field(default_factory=dict)  # (operation, example id) -> place in the file

    def skip(self, skipped: Skipped) -> None:
        """Record an example left out; the list stays in the examples' order."""
        self.skipped.append(skipped)
        self.skipped.sort(key=lambda s: self.positions.get((s.operation, s.example), len(self.positions)))

    def used_placeholders(self) -> list[PlaceholderRule]:
        rules = self.rules.placeholders if self.rules else ()
        text = json.dumps([e.data for e in self.entries])
        return [rule for rule in rules if "${" + rule.name + "}" in text]

    def document(self) -> dict[str, Any]:
        """The spec as plain data (what text() writes)."""
        data: dict[str, Any] = {
            "polysnip": 1,
            "service": self.service,
            "region": self.region,
            "title": self.title,
            "description": (
                f"The shared examples of botocore {botocore.__version__} ({self.service}/{EXAMPLES}.json), "
                "imported by polysnip import."
            ),
        }
        used = self.used_placeholders()
        if used:
            data["placeholders"] = {
                rule.name: {"value": rule.value, "description": rule.description, "fixture": rule.fixture} for rule in used
            }
            assert self.rules is not None
            data["fixtures"] = {rule.fixture: self.rules.fixtures[rule.fixture] for rule in used}
        data["operations"] = [self.operation_data(entry) for entry in self.entries]
        return data

    def operation_data(self, entry: Any) -> dict[str, Any]:
        """An example as a spec operation; one moto cannot run is declared not executable,
        so verification reports it as rendered and parsed, with the reason."""
        reason = self.probes.get(entry.data["id"])
        if reason:
            return {**entry.data, "verify": {"execute": False, "reason": reason}}
        return dict(entry.data)

    def text(self) -> str:
        """The spec as YAML: a stable, readable layout, checked to read back as document()."""
        data = self.document()
        lines = [
            f"# Shared examples of {self.service}, imported from botocore {botocore.__version__} by:",
            f"#   polysnip import {' '.join([self.service, *self.operations])}",
            "# Regenerate rather than edit: every run writes this file again.",
        ]
        for key, value in data.items():
            if key == "operations":
                continue
            lines += _yaml_entry(key, value, 0)
        lines.append("")
        lines.append("operations:")
        for entry in self.entries:
            lines.append(f"  # {entry.operation}: shared example {_comment_text(entry.example)}")
            probed = self.probes.get(entry.data["id"])
            if probed is not None:
                lines.append(f"  # {_comment_text('not executable against moto: ' + probed if probed else 'executable against moto ' + self.moto)}")
            lines += [f"  # {_comment_text(fix)}" for fix in entry.fixes]
            body = _yaml_entry("", self.operation_data(entry), 4)
            lines.append("  - " + body[0].lstrip())
            lines += body[1:]
            if entry.output:
                lines.append("    # Response documented for this example (not checked: moto's values differ):")
                lines += [f"    #   {_comment_text(line)}" for line in _output_lines(entry.output)]
            lines.append("")
        text = "\n".join(lines).rstrip("\n") + "\n"
        if yaml.safe_load(text) != data:  # a bug here must never become a wrong spec
            raise RuntimeError(f"the YAML written for {self.service} does not read back as the spec")
        return text


# --- converting examples -----------------------------------------------------------------


class _Skip(Exception):
    """The example cannot be imported; the message says why."""


def convert(service: str, operations: Iterable[str] = ()) -> ServiceImport:
    """The shared examples of service (only those of operations, when given) as a spec.

    Raises ValueError when the service has no shared examples or an operation has none.
    """
    model = services.service_model(service)
    examples = shared_examples(service)
    if not examples:
        raise ValueError(f"{service} ships no shared examples ({EXAMPLES}.json)")
    wanted = list(dict.fromkeys(operations))
    missing = [name for name in wanted if name not in examples]
    if missing:
        raise ValueError(
            f"{service} has no shared examples for {', '.join(missing)}; operations with examples: {', '.join(sorted(examples))}"
        )
    rules = RULES.get(service)
    chosen = {name: items for name, items in examples.items() if not wanted or name in wanted}  # in the file's order
    result = ServiceImport(
        service=service,
        region=rules.region if rules else _region(chosen),
        title=f"{model.metadata.get('serviceFullName', service)}: shared examples",
        examples=sum(len(items) for items in chosen.values()),
        rules=rules,
        operations=tuple(name for name in examples if name in wanted),
    )
    seen_ids: set[str] = set()
    for name, items in chosen.items():
        for index, example in enumerate(items):
            example_id = str(example.get("id") or f"{name}-{index + 1}") if isinstance(example, dict) else f"{name}-{index + 1}"
            result.positions.setdefault((name, example_id), len(result.positions))
            if name not in model.operation_names:
                result.skip(Skipped(name, example_id, f"botocore {botocore.__version__}'s {service} model has no operation {name}"))
                continue
            op_id = _unique(_example_id(name, index, len(items)), seen_ids)
            try:
                result.entries.append(_Converter(rules).entry(model.operation_model(name), example, op_id, example_id))
            except _Skip as exc:
                result.skip(Skipped(name, example_id, str(exc)))
    return result


def _example_id(operation: str, index: int, count: int) -> str:
    """get-key-policy for an operation's only example; create-key-1, create-key-2… otherwise.

    Numbers follow the examples' order in examples-1.json, so an id stays the same when
    another example of the operation is skipped."""
    slug = operation_slug(operation)
    return f"{slug}-{index + 1}" if count > 1 else slug


def _unique(wanted: str, seen: set[str]) -> str:
    candidate = wanted + "-example" if wanted in _RESERVED_IDS else wanted
    number = 2
    while candidate in seen:
        candidate = f"{wanted}-{number}"
        number += 1
    seen.add(candidate)
    return candidate


def _region(examples: dict[str, list[dict[str, Any]]]) -> str:
    """The Region most ARNs in the examples' inputs name (us-east-1 when none does)."""
    found: Counter[str] = Counter()
    for items in examples.values():
        for example in items:
            if isinstance(example, dict):
                found.update(_ARN_REGION.findall(json.dumps(example.get("input") or {})))
    if not found:
        return "us-east-1"
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))[0][0]


class _Converter:
    """Turns one example's input into spec params along the operation's input shape."""

    def __init__(self, rules: ServiceRules | None):
        self.rules = rules
        self.fixes: list[str] = []

    def entry(self, op: OperationModel, example: Any, op_id: str, example_id: str) -> Entry:
        if not isinstance(example, dict):
            raise _Skip(f"the example is {type(example).__name__}, not an object")
        raw = example.get("input") or {}
        if not isinstance(raw, dict):
            raise _Skip(f"its input is {type(raw).__name__}, not an object")
        shape = op.input_shape
        if raw and shape is None:
            raise _Skip(f"it gives input members ({', '.join(raw)}) but {op.name} takes no input")
        params = self.value(raw, shape, "") if shape is not None and raw else {}
        data: dict[str, Any] = {"id": op_id, "operation": op.name, "title": _title(example, op.name)}
        description = _description(example)
        if description:
            data["description"] = description
        if params:
            data["params"] = params
        output = example.get("output")
        return Entry(op.name, example_id, data, output if isinstance(output, dict) else {}, tuple(self.fixes))

    def value(self, raw: Any, shape: Shape, path: str) -> Any:
        """raw as the spec writes a value of shape; raises _Skip for what cannot be imported."""
        kind = shape.type_name
        where = path or "the input"
        if shape.metadata.get("document"):
            raise _Skip(f"{where} is a Smithy document (type document), which polysnip cannot render yet")
        if kind == "structure":
            if not isinstance(raw, dict):
                raise _Skip(f"{where}: expected an object ({shape.name}); the example gives {_kind(raw)}")
            members: dict[str, Shape] = shape.members  # type: ignore[attr-defined]
            out: dict[str, Any] = {}
            for key, item in raw.items():
                name = self._member_name(key, members, shape, path)
                child = f"{path}.{name}" if path else name
                if item is None:
                    self.fixes.append(f"left out {child}: the example gives null")
                    continue
                out[name] = self.value(item, members[name], child)
            return out
        if kind == "list":
            if not isinstance(raw, list):
                raise _Skip(f"{where}: expected a list ({service_type(shape)}); the example gives {_kind(raw)}")
            return [self.value(item, shape.member, f"{path}[{i}]") for i, item in enumerate(raw)]  # type: ignore[attr-defined]
        if kind == "map":
            if not isinstance(raw, dict):
                raise _Skip(f"{where}: expected a map ({service_type(shape)}); the example gives {_kind(raw)}")
            return {str(key): self.value(item, shape.value, f"{path}.{key}") for key, item in raw.items()}  # type: ignore[attr-defined]
        if kind == "string":
            return self._string(raw, shape, path)
        if kind in ("integer", "long"):
            return self._integer(raw, path)
        if kind in ("float", "double"):
            return self._number(raw, path)
        if kind == "boolean":
            return self._boolean(raw, path)
        if kind == "timestamp":
            return self._timestamp(raw, path)
        if kind == "blob":
            if shape.serialization.get("streaming"):
                raise _Skip(
                    f"{where} is a streaming payload, which the Java, C# and Go rules cannot render yet "
                    "(their SDKs take it apart from the request)"
                )
            if not isinstance(raw, str):
                raise _Skip(f"{where}: expected binary data written as text; the example gives {_kind(raw)}")
            return self._placeholders(_escape(raw))
        raise _Skip(f"{where} has type {kind}, which polysnip cannot render yet")

    def _member_name(self, key: str, members: dict[str, Shape], shape: Shape, path: str) -> str:
        if key in members:
            return key
        same = [name for name in members if name.lower() == str(key).lower()]
        if len(same) == 1:
            self.fixes.append(f"wrote {path + '.' if path else ''}{key} as {same[0]}, the member's name in the model")
            return same[0]
        raise _Skip(
            f"{shape.name} has no member {key!r} in botocore {botocore.__version__} "
            f"(the example is older than the model){services.suggest(str(key), members)}"
        )

    def _string(self, raw: Any, shape: Shape, path: str) -> Any:
        if isinstance(raw, bool) or isinstance(raw, (int, float)):
            text = json.dumps(raw)
            self.fixes.append(f"wrote {path} {text} as the text {text!r}: the model says string")
            raw = text
        if not isinstance(raw, str):
            raise _Skip(f"{path}: expected text; the example gives {_kind(raw)}")
        enum = list(getattr(shape, "enum", None) or [])
        if enum and raw not in enum:
            same = [value for value in enum if value.lower() == raw.strip().lower()]
            if len(same) == 1:
                self.fixes.append(f"wrote {path} {raw!r} as {same[0]!r}, the enum value's spelling in the model")
                return same[0]
        document = _json_document(raw)
        if document is not None:
            return self._placeholders(document)
        return self._placeholders(_escape(raw))

    def _placeholders(self, value: Any) -> Any:
        """value with every occurrence of a rule's value written as its placeholder."""
        if isinstance(value, str):
            for rule in self.rules.placeholders if self.rules else ():
                if "$" + rule.value not in value:  # "$" before "${" would make it a literal "$${"
                    value = value.replace(rule.value, "${" + rule.name + "}")
            return value
        if isinstance(value, dict):
            return {key: self._placeholders(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._placeholders(item) for item in value]
        return value

    def _integer(self, raw: Any, path: str) -> int:
        if isinstance(raw, bool):
            raise _Skip(f"{path}: expected an integer; the example gives {_kind(raw)}")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            self.fixes.append(f"wrote {path} {raw!r} as {int(raw)}: the model says integer")
            return int(raw)
        if isinstance(raw, str) and re.fullmatch(r"-?\d+", raw.strip()):
            self.fixes.append(f"wrote {path} {raw!r} as the number {int(raw)}: the model says integer")
            return int(raw)
        raise _Skip(f"{path}: expected an integer; the example gives {_kind(raw)}")

    def _number(self, raw: Any, path: str) -> int | float:
        if isinstance(raw, bool):
            raise _Skip(f"{path}: expected a number; the example gives {_kind(raw)}")
        if isinstance(raw, (int, float)) and math.isfinite(raw):
            return raw
        if isinstance(raw, str):
            try:
                number = float(raw)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                self.fixes.append(f"wrote {path} {raw!r} as the number {number!r}: the model says number")
                return number
        raise _Skip(f"{path}: expected a number; the example gives {_kind(raw)}")

    def _boolean(self, raw: Any, path: str) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            self.fixes.append(f"wrote {path} {raw!r} as a boolean: the model says boolean")
            return raw.strip().lower() == "true"
        raise _Skip(f"{path}: expected true or false; the example gives {_kind(raw)}")

    def _timestamp(self, raw: Any, path: str) -> str:
        """An ISO 8601 UTC timestamp (2014-05-12T08:00:00Z) that every SDK's rules can read."""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            moment = dt.datetime.fromtimestamp(raw, dt.UTC)
        elif isinstance(raw, str):
            try:
                moment = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            except ValueError:
                raise _Skip(f"{path}: {raw!r} is not an ISO 8601 timestamp") from None
        else:
            raise _Skip(f"{path}: expected a timestamp; the example gives {_kind(raw)}")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)  # botocore reads a timestamp without offset as UTC
        text = moment.astimezone(dt.UTC).isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
        text = text.replace("+00:00", "Z")
        if text != raw:
            self.fixes.append(f"wrote {path} {raw!r} as {text!r} (the same instant, in the form every SDK reads)")
        return text


def _json_document(text: str) -> Any:
    """The document in text when it is a JSON object or array (the spec then writes it as
    YAML and each language builds it idiomatically), else None."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, (dict, list)) or not document:
        return None
    if not _finite(document):
        return None
    return _escape_document(document)


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _escape(text: str) -> str:
    """Text as a spec value: "${" would start a placeholder reference, "$${" is a literal one."""
    return text.replace("${", "$${")


def _escape_document(value: Any) -> Any:
    """Escape every string value in a document (keys are not interpolated)."""
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, dict):
        return {key: _escape_document(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escape_document(item) for item in value]
    return value


def _title(example: dict[str, Any], operation: str) -> str:
    title = example.get("title")
    text = " ".join(title.split()) if isinstance(title, str) else ""
    return text or f"Call {operation}"


def _description(example: dict[str, Any]) -> str:
    """The example's description, then what its comments say about input and output members."""
    parts: list[str] = []
    text = example.get("description")
    if isinstance(text, str) and text.strip():
        parts.append(_clean(text))
    comments = example.get("comments")
    if isinstance(comments, dict):
        for side, heading in (("input", "In this example:"), ("output", "In the response:")):
            notes = comments.get(side)
            if not isinstance(notes, dict):
                continue
            items = [f"- `{path}`: {_clean(note)}" for path, note in notes.items() if isinstance(note, str) and note.strip()]
            if items:
                parts.append(heading + "\n\n" + "\n".join(items))
    return "\n\n".join(parts)


def _clean(text: str) -> str:
    """Text on lines of its own, without trailing spaces or unusual line breaks."""
    for ch in _LINE_BREAKS[1:]:
        text = text.replace(ch, "\n")
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "a boolean", int: "a number", float: "a number"}
    shown = json.dumps(value)
    return f"{names.get(type(value), type(value).__name__)} {shown if len(shown) <= 40 else shown[:37] + '...'}"


def service_type(shape: Shape) -> str:
    return services.describe_type(shape)


# --- writing YAML ----------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted whenever plain text would read differently."""
    style = '"' if isinstance(value, str) and (any(ch in value for ch in _LINE_BREAKS) or not value.isprintable()) else None
    text: str = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_style=style)
    text = text.removesuffix("\n").removesuffix("\n...")
    if "\n" in text:
        raise RuntimeError(f"a YAML scalar took more than one line: {text!r}")
    return text


def _block_text(text: str) -> bool:
    """True when text can be a literal block scalar (|-) that reads back exactly."""
    if not text or text[0] in " \n" or text.endswith("\n") or "\t" in text:
        return False
    return all(ch == "\n" or ch.isprintable() for ch in text) and not any(ch in text for ch in _LINE_BREAKS[1:]) and not any(
        line != line.rstrip() for line in text.split("\n")
    )


def _yaml_entry(key: str, value: Any, indent: int) -> list[str]:
    """Block-style YAML lines for key: value at indent (key "" for the bare value)."""
    pad = " " * indent
    head = f"{pad}{_scalar(key)}:" if key else pad
    if isinstance(value, dict) and value:
        lines = [head] if key else []
        inner = indent + 2 if key else indent
        for name, item in value.items():
            lines += _yaml_entry(str(name), item, inner)
        return lines
    if isinstance(value, list) and value:
        lines = [head] if key else []
        for item in value:
            lines += _yaml_item(item, indent + 2 if key else indent)
        return lines
    if isinstance(value, str) and "\n" in value and _block_text(value):
        body = [f"{pad}  {line}" if line else "" for line in value.split("\n")]
        return [f"{head} |-" if key else f"{pad}|-", *body]
    scalar = "{}" if value == {} else "[]" if value == [] else _scalar(value)
    return [f"{head} {scalar}" if key else f"{pad}{scalar}"]


def _yaml_item(value: Any, indent: int) -> list[str]:
    """A list item: '- ' then the value, its further lines two columns deeper."""
    pad = " " * indent
    if isinstance(value, (dict, list)) and value:
        body = _yaml_entry("", value, indent + 2)
        return [f"{pad}- {body[0].lstrip()}", *body[1:]]
    scalar = "{}" if value == {} else "[]" if value == [] else _scalar(value)
    return [f"{pad}- {scalar}"]


def _comment_text(text: str) -> str:
    """Text that stays within one YAML comment line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _output_lines(output: dict[str, Any], width: int = 110) -> list[str]:
    lines = []
    for name, value in output.items():
        shown = json.dumps(value)
        if len(shown) > width:
            shown = shown[: width - 3] + "..."
        lines.append(f"{name}: {shown}")
    return lines


# --- validating and rendering ------------------------------------------------------------


def validate(imported: ServiceImport, folder: Path) -> tuple[Model | None, list[Problem]]:
    """Load the spec with spec.py (from a file in folder), leaving out every example it
    rejects (reported as skipped). Returns the model (None when nothing is left) and warnings."""
    path = folder / f"{imported.service}.yaml"
    while imported.entries:
        path.write_text(imported.text(), encoding="utf-8")
        try:
            return load_spec(path)
        except BadInput as exc:
            rejected = _rejected_entries(exc.problems)
        for index in sorted(rejected):
            entry = imported.entries[index]
            imported.skip(Skipped(entry.operation, entry.example, "; ".join(rejected[index])))
        imported.entries = [entry for index, entry in enumerate(imported.entries) if index not in rejected]
    return None, []


def _rejected_entries(problems: list[Problem]) -> dict[int, list[str]]:
    rejected: dict[int, list[str]] = {}
    for problem in problems:
        if problem.severity is not Severity.ERROR:
            continue
        match = re.match(r"operations\[(\d+)\]\.?(.*)", problem.path)
        if match is None:  # only the importer writes the rest of the spec: a bug here
            raise RuntimeError(f"the imported spec is invalid outside its operations: {problem.format()}")
        where = match.group(2)
        rejected.setdefault(int(match.group(1)), []).append(f"{where}: {problem.message}" if where else problem.message)
    return rejected


def error_kind(error: GenerationError) -> str:
    """"parse" for a program a real parser (or the formatter, which parses first) refused;
    "refused" for a value the language's rules refuse to write (UnsupportedValue, a
    deliberate, explained refusal); "other" for any other failure of the rules."""
    if _PARSE_CHECKERS.search(error.message) or error.message.startswith(_FORMATTER):
        return "parse"
    label = LANGUAGES[error.language].label if error.language in LANGUAGES else error.language
    if error.line == 0 and not error.message.startswith((f"the {label} rules cannot render this", "template has no")):
        return "refused"
    return "other"


def is_parse_error(error: GenerationError) -> bool:
    return error_kind(error) == "parse"


def render_errors(model: Model, languages: list[Language], renderer: Renderer) -> list[GenerationError]:
    try:
        renderer.render_model(model, languages)
    except GenerationFailed as exc:
        return exc.errors
    return []


def import_service(
    service: str,
    operations: Iterable[str],
    folder: Path,
    languages: list[Language],
    renderer: Renderer,
    try_moto: bool = True,
    timings: dict[str, float] | None = None,
) -> tuple[ServiceImport, Model | None, list[GenerationError]]:
    """Convert, validate and render; examples that fail to render are left out too. With
    try_moto, each remaining example's call is then made against moto (see probe).

    Returns the import, its model (None when no example is left) and the generation
    errors that made examples be left out (see error_kind). timings, when given,
    accumulates the seconds spent converting, validating and rendering."""
    spent: dict[str, float] = timings if timings is not None else {}
    started = time.perf_counter()
    imported = convert(service, operations)
    failures: list[GenerationError] = []

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        spent[stage] = spent.get(stage, 0.0) + now - started
        started = now

    lap("convert")
    while True:
        model, _ = validate(imported, folder)
        lap("validate")
        if model is None:
            return imported, None, failures
        errors = render_errors(model, languages, renderer)
        lap("render")
        if not errors:
            if try_moto and moto_implements(service):
                import moto

                imported.probes, imported.moto = probe(model), moto.__version__
            return imported, model, failures
        failures += errors
        failed = {error.unit for error in errors}
        if CLIENT_ID in failed:
            raise RuntimeError(f"{service}: the client program does not render: {errors[0].format(service)}")
        kept = []
        for entry in imported.entries:
            if entry.data["id"] in failed:
                mine = [e for e in errors if e.unit == entry.data["id"]]
                imported.skip(Skipped(entry.operation, entry.example, _render_reason(mine)))
            else:
                kept.append(entry)
        imported.entries = kept


def _render_reason(errors: list[GenerationError]) -> str:
    bugs = [e for e in errors if error_kind(e) != "refused"]
    if bugs:
        return "does not render (a generator bug): " + "; ".join(f"{LANGUAGES[e.language].label} line {e.line}: {e.message}" for e in bugs)
    return "; ".join(f"{LANGUAGES[e.language].label} cannot express it: {e.message}" for e in errors)


# --- trying examples against moto ---------------------------------------------------------


def moto_implements(service: str) -> bool:
    """True when moto has a backend for the service (only then is an example tried)."""
    from moto.backends import ALT_SERVICE_NAMES, list_of_moto_modules

    return ALT_SERVICE_NAMES.get(service, service).replace("-", "") in set(list_of_moto_modules())


def probe(model: Model) -> dict[str, str]:
    """Make each operation's call once against moto: operation id -> "" when it succeeded,
    else why it cannot run there ("moto 5.2.5 does not implement X", the error moto answered).

    moto runs in-process with one state for the whole spec, in spec order, as verification
    shares one server between programs. Fixtures are created before each call and their
    values replace the placeholders' shown values in every string, as verification does;
    messages show the placeholders' values again, so that the result is the same every run."""
    import boto3
    import moto
    from botocore.config import Config
    from botocore.exceptions import ClientError
    from moto import mock_aws

    version = f"moto {moto.__version__}"
    results: dict[str, str] = {}
    with warnings.catch_warnings(), mock_aws():
        warnings.simplefilter("ignore")  # moto warns about its own error shapes; the answer is what counts
        client = boto3.client(
            model.service,
            region_name=model.region,
            aws_access_key_id="POLYSNIPPROBE",
            aws_secret_access_key="polysnip-probe-secret",
            config=Config(retries={"max_attempts": 1}),
        )
        for operation in model.operations:
            call = operation.call
            values: dict[str, str] = {}
            try:
                values = _probe_fixtures(model, client)
                params = {param.name: _boto_value(param.value, model, values) for param in call.params}
                getattr(client, xform_name(call.operation))(**params)
            except NotImplementedError:
                results[operation.id] = f"{version} does not implement {call.operation}"
            except ClientError as exc:
                error = exc.response.get("Error", {})
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
                answer = f"{error.get('Code') or 'HTTP ' + str(status)}: {error.get('Message') or ''}".rstrip(": ")
                results[operation.id] = f"{version} answered {_shown(answer, model, values)}{_stand_ins(call)}"
            except Exception as exc:  # whatever else the SDK or moto raised is a reason, not a crash
                results[operation.id] = f"{version} raised {type(exc).__name__}: {_shown(str(exc), model, values)}"
            else:
                results[operation.id] = ""
    return results


def _stand_ins(call: Call) -> str:
    """A note naming the binary members whose example value is only a stand-in such as <binary data>."""
    names = [p.name for p in call.params if isinstance(p.value, StrValue) and p.value.shape.type_name == "blob" and _STAND_IN.fullmatch(p.value.text)]
    return f" (the example's {', '.join(names)} {'is a stand-in' if len(names) == 1 else 'are stand-ins'} for real data)" if names else ""


def _probe_fixtures(model: Model, client: Any) -> dict[str, str]:
    """Real values for every placeholder with a fixture, made with the fixture's call."""
    values: dict[str, str] = {}
    for placeholder in model.placeholders:
        if placeholder.fixture is None:
            continue
        fixture = model.fixture(placeholder.fixture)
        params = {param.name: _boto_value(param.value, model, {}) for param in fixture.call.params}
        found: Any = getattr(client, xform_name(fixture.call.operation))(**params)
        for part in fixture.output.split("."):
            found = found[part]
        values[placeholder.name] = str(found)
    return values


def _boto_value(value: Value, model: Model, values: dict[str, str]) -> Any:
    """A model value as boto3 takes it, with fixture values in place of placeholders' shown ones."""
    if isinstance(value, (StrValue, PlaceholderRef)):
        text = value.text if isinstance(value, StrValue) else value.display
        for placeholder in model.placeholders:  # in spec order, as verification swaps them
            if placeholder.name in values:
                text = text.replace(placeholder.display, values[placeholder.name])
        return text.encode() if value.shape.type_name == "blob" else text
    if isinstance(value, (NumValue, BoolValue)):
        return value.number if isinstance(value, NumValue) else value.flag
    if isinstance(value, ListValue):
        return [_boto_value(item, model, values) for item in value.items]
    if isinstance(value, (MapValue, StructValue)):
        pairs = value.entries if isinstance(value, MapValue) else value.members
        return {key: _boto_value(item, model, values) for key, item in pairs}
    if isinstance(value, JsonDocValue):
        return _boto_value(StrValue(value.document.text, value.shape), model, values)
    raise TypeError(f"an imported example cannot hold {type(value).__name__}")


def _shown(text: str, model: Model, values: dict[str, str]) -> str:
    for placeholder in model.placeholders:
        if placeholder.name in values:
            text = text.replace(values[placeholder.name], placeholder.display)
    return " ".join(text.split())


# --- the whole corpus --------------------------------------------------------------------


@dataclass
class LanguageCount:
    programs: int = 0  # programs rendered and parse-checked
    parse_errors: int = 0  # programs the language's parser (or its formatter) refused: generator bugs
    refused: int = 0  # values the language's rules refuse to write: reported, the example is left out
    other_errors: int = 0  # anything else that failed in the language's rules: generator bugs


@dataclass
class CorpusReport:
    services: int = 0
    examples: int = 0
    imported: int = 0  # examples rendered in every language
    skipped: list[tuple[str, Skipped]] = field(default_factory=list)  # (service, what was left out)
    languages: dict[str, LanguageCount] = field(default_factory=dict)
    errors: list[tuple[str, GenerationError]] = field(default_factory=list)  # (service, error)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (convert, validate, render)

    @property
    def parse_errors(self) -> int:
        return sum(count.parse_errors for count in self.languages.values())

    @property
    def other_errors(self) -> int:
        return sum(count.other_errors for count in self.languages.values())


def check_corpus(
    service_names: Iterable[str] | None = None,
    languages: list[Language] | None = None,
    renderer: Renderer | None = None,
    progress: Any = None,
) -> CorpusReport:
    """Import every service's shared examples in memory, as polysnip import --all would
    (without writing, without moto), and count per language the programs rendered and
    the programs its parser refused.

    Specs pass through a temporary folder only because spec.py loads from a file."""
    languages = languages or select_languages(None)
    renderer = renderer or Renderer()
    names = list(service_names) if service_names is not None else services_with_examples()
    report = CorpusReport(languages={language.key: LanguageCount() for language in languages})
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="polysnip-corpus-") as temp:
        for name in names:
            imported, model, failures = import_service(name, (), Path(temp), languages, renderer, False, report.timings)
            report.services += 1
            report.examples += imported.examples
            report.imported += len(imported.entries)
            report.skipped += [(name, skip) for skip in imported.skipped]
            programs = len(units(model)) if model is not None else 0
            for language in languages:
                report.languages[language.key].programs += programs
            for error in failures:
                count = report.languages[error.language]
                kind = error_kind(error)
                if kind == "parse":
                    count.parse_errors += 1
                elif kind == "refused":
                    count.refused += 1
                else:
                    count.other_errors += 1
                report.errors.append((name, error))
            if progress is not None:
                progress(name)
    report.seconds = time.perf_counter() - started
    return report


def skip_category(reason: str) -> str:
    """A short name for why an example was skipped, for summaries."""
    if "streaming payload" in reason:
        return "streaming payload"
    if "Smithy document" in reason:
        return "Smithy document"
    if "does not render (a generator bug)" in reason:
        return "does not render (a generator bug)"
    if "cannot express it" in reason:
        return "a language cannot express a value"
    if "older than the model" in reason or "has no operation" in reason:
        return "older than the model"
    if "pattern" in reason:
        return "value does not match the model's pattern"
    if "is not allowed" in reason:
        return "value is not one of the model's enum values"
    if "characters long" in reason or "needs at least" in reason or "at most" in reason:
        return "value outside the model's length limits"
    if "requires" in reason:
        return "required member missing"
    return "other"


# --- the command -------------------------------------------------------------------------


def _write(path: Path, text: str) -> bool:
    """Write text atomically; False when the file already held it."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
    return True


def _print_corpus(report: CorpusReport) -> None:
    click.echo(
        f"corpus: {report.services} service(s), {report.examples} shared example(s): "
        f"{report.imported} imported, {len(report.skipped)} skipped"
    )
    for category, number in sorted(Counter(skip_category(s.reason) for _, s in report.skipped).items()):
        click.echo(f"  skipped, {category}: {number}")
    stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in report.timings.items())
    click.echo(f"took {report.seconds:.1f}s ({stages})")
    click.echo(f"{'language':<11} {'programs':>8} {'parse errors':>13} {'refused':>8} {'other errors':>13}")
    for key, count in report.languages.items():
        click.echo(
            f"{LANGUAGES[key].label:<11} {count.programs:>8} {count.parse_errors:>13} {count.refused:>8} {count.other_errors:>13}"
        )
    for service, error in report.errors[:50]:
        colour = "yellow" if error_kind(error) == "refused" else "red"
        click.secho(error.format(service), fg=colour, err=True)
    if len(report.errors) > 50:
        click.secho(f"... and {len(report.errors) - 50} more generation error(s)", fg="red", err=True)


@click.command("import")
@click.argument("service", required=False)
@click.argument("operations", nargs=-1)
@click.option("--all", "all_services", is_flag=True, help="every service that ships shared examples")
@click.option("--out", default=DEFAULT_OUT, show_default=True, help="folder that receives one spec per service")
@click.option(
    "--check-corpus",
    is_flag=True,
    help="write nothing: render every imported example in every language in memory and print the parse errors per language",
)
@click.option("--lang", "langs", default=None, metavar="LIST", help="languages to render (default: all)")
@click.option(
    "--probe/--no-probe",
    default=True,
    show_default=True,
    help="make each example's call against moto (services moto implements) and note in the spec whether it can run there",
)
def import_examples(
    service: str | None,
    operations: tuple[str, ...],
    all_services: bool,
    out: str,
    check_corpus: bool,
    langs: str | None,
    probe: bool,
) -> None:
    """Convert botocore's shared examples (examples-1.json) of SERVICE into a spec.

    Only OPERATIONS' examples when given; --all for every service. Examples that cannot be
    imported are listed with the reason and left out; the spec holds only examples that
    validate and render in every language.
    """
    if all_services and (service or operations):
        raise click.UsageError("give either SERVICE [OPERATION...] or --all, not both")
    if not all_services and not service and not check_corpus:
        raise click.UsageError("name a service (e.g. polysnip import kms) or pass --all")
    if check_corpus and operations:
        raise click.UsageError("--check-corpus takes whole services; leave out OPERATION")
    try:
        languages = select_languages(langs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    available = services_with_examples()
    if service and service not in available:
        hint = services.suggest(service, available)
        click.secho(f"polysnip: no shared examples for {service!r}{hint}; {len(available)} services ship them", fg="red", err=True)
        sys.exit(EXIT_BAD_INPUT)
    names = [service] if service else available
    if check_corpus:
        report = _run_corpus(names, languages)
        sys.exit(EXIT_FAILED if report.parse_errors or report.other_errors else 0)
    renderer = Renderer()
    failed = False
    with tempfile.TemporaryDirectory(prefix="polysnip-import-") as temp:
        for name in names:
            started = time.perf_counter()
            try:
                imported, model, failures = import_service(name, operations, Path(temp), languages, renderer, probe)
            except ValueError as exc:
                click.secho(f"polysnip: {exc}", fg="red", err=True)
                sys.exit(EXIT_BAD_INPUT)
            target = Path(out) / f"{name}.yaml"
            for skip in imported.skipped:
                click.secho(f"{target}: {skip.format()}", fg="yellow", err=True)
            summary = f"{name}: {imported.examples} example(s), {len(imported.entries)} imported, {len(imported.skipped)} skipped"
            if model is None:
                click.echo(f"{summary}; nothing to write")
                continue
            changed = _write(target, imported.text())
            click.echo(f"{summary} -> {target} ({'written' if changed else 'unchanged'}, {time.perf_counter() - started:.1f}s)")
            if imported.probes:
                blocked = {key: reason for key, reason in imported.probes.items() if reason}
                for key, reason in blocked.items():
                    click.echo(f"  {key}: not executable against moto: {reason}")
                click.echo(
                    f"  moto {imported.moto} ran {len(imported.probes) - len(blocked)} of {len(imported.probes)} example(s); "
                    f"{len(blocked)} cannot run there (noted in the spec)"
                )
            bugs = [e for e in failures if error_kind(e) != "refused"]
            if bugs:  # values a language refuses are reported above like other skips; these are generator bugs
                failed = True
                parse = Counter(LANGUAGES[e.language].label for e in bugs if is_parse_error(e))
                click.secho(
                    f"{name}: {len(bugs)} generation error(s) left examples out"
                    + (f"; parse errors: {', '.join(f'{k} {v}' for k, v in sorted(parse.items()))}" if parse else ""),
                    fg="red",
                    err=True,
                )
    sys.exit(EXIT_FAILED if failed else 0)


def _run_corpus(names: list[str], languages: list[Language]) -> CorpusReport:
    done = 0

    def progress(name: str) -> None:
        nonlocal done
        done += 1
        if sys.stderr.isatty():
            click.echo(f"\r{done}/{len(names)} {name:<40}", nl=False, err=True)

    report = check_corpus(names, languages, progress=progress)
    if sys.stderr.isatty():
        click.echo("", err=True)
    _print_corpus(report)
    return report

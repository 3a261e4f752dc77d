"""Shared examples converted into a spec's operations along the service model's shapes.

Each shared example becomes one operation: its input becomes params, its title and
description the page's, its comments (what each member means) part of the description.
A value the service's import rules name (service_rules, e.g. the KMS example key) becomes a
placeholder with a fixture. An example that cannot be converted is Skipped, with its reason
and a category.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import botocore
from botocore.model import OperationModel, Shape

from .. import service as services
from ..problems import Kind, Location, Problem, Severity
from ..service_rules import ImportRules, PlaceholderRule, rules_for
from ..spec import RESERVED_IDS, operation_slug
from .examples import EXAMPLES, shared_examples

__all__ = [
    "BY_RULE",
    "CANNOT_EXPRESS",
    "RENDER_BUG",
    "Converter",
    "Entry",
    "ServiceImport",
    "Skip",
    "Skipped",
    "convert",
    "escape",
]

_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_ARN_REGION = re.compile(r"\barn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):")

# Why an example was left out, for summaries (Skipped.category).
DOCUMENT = "Smithy document"
OLDER = "older than the model"
RENDER_BUG = "does not render (a generator bug)"
CANNOT_EXPRESS = "a language cannot express a value"
SDK_LACKS = "a language's SDK lacks the operation"
OTHER = "other"
# A value the spec check refuses, by the rule that failed (Problem.code).
BY_RULE = {
    "pattern": "value does not match the model's pattern",
    "enum": "value is not one of the model's enum values",
    "length": "value outside the model's length limits",
    "required": "required member missing",
}


@dataclass(frozen=True)
class Skipped:
    operation: str
    example: str  # the example's id in examples-1.json
    reason: str
    category: str = OTHER  # one of the names above, for summaries

    def format(self) -> str:
        return f"{self.operation} ({self.example}): skipped: {self.reason}"

    def problem(self, spec_file: str) -> Problem:
        """The skip as a Problem of kind IMPORT_SKIP (a warning: the rest of the spec is written)."""
        return Problem(
            Location(spec_file, 1, 1), "", self.format(), Severity.WARNING, Kind.IMPORT_SKIP, code=self.category
        )


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
    rules: ImportRules | None = None
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
        """The spec as plain data (what emit.spec_text writes)."""
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
                rule.name: {"value": rule.value, "description": rule.description, "fixture": rule.fixture}
                for rule in used
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


class Skip(Exception):
    """The example cannot be imported; the message says why, category (see above) what kind of reason it is."""

    def __init__(self, message: str, category: str = OTHER):
        super().__init__(message)
        self.category = category


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
            f"{service} has no shared examples for {', '.join(missing)}; operations with examples: "
            f"{', '.join(sorted(examples))}"
        )
    rules = rules_for(service).imports
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
            example_id = (
                str(example.get("id") or f"{name}-{index + 1}") if isinstance(example, dict) else f"{name}-{index + 1}"
            )
            result.positions.setdefault((name, example_id), len(result.positions))
            if name not in model.operation_names:
                why = f"botocore {botocore.__version__}'s {service} model has no operation {name}"
                result.skip(Skipped(name, example_id, why, OLDER))
                continue
            op_id = _unique(_example_id(name, index, len(items)), seen_ids)
            try:
                result.entries.append(Converter(rules).entry(model.operation_model(name), example, op_id, example_id))
            except Skip as exc:
                result.skip(Skipped(name, example_id, str(exc), exc.category))
    return result


def _unset_when_empty(shape: Shape) -> bool:
    """Whether an example's "" for an optional member of this shape means "not given": a
    number or flag cannot be empty, and an empty query-string or header value is no value
    (Glacier ListVaults gives limit "", a string in botocore's model but an integer in the
    SDKs', which refuse to compile it)."""
    return shape.type_name != "string" or shape.serialization.get("location") in ("querystring", "header")


def _example_id(operation: str, index: int, count: int) -> str:
    """get-key-policy for an operation's only example; create-key-1, create-key-2… otherwise.

    Numbers follow the examples' order in examples-1.json, so an id stays the same when
    another example of the operation is skipped."""
    slug = operation_slug(operation)
    return f"{slug}-{index + 1}" if count > 1 else slug


def _unique(wanted: str, seen: set[str]) -> str:
    candidate = wanted + "-example" if wanted in RESERVED_IDS else wanted
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


class Converter:
    """Turns one example's input into spec params along the operation's input shape."""

    def __init__(self, rules: ImportRules | None):
        self.rules = rules
        self.fixes: list[str] = []

    def entry(self, op: OperationModel, example: Any, op_id: str, example_id: str) -> Entry:
        if not isinstance(example, dict):
            raise Skip(f"the example is {type(example).__name__}, not an object")
        raw = example.get("input") or {}
        if not isinstance(raw, dict):
            raise Skip(f"its input is {type(raw).__name__}, not an object")
        shape = op.input_shape
        if raw and shape is None:
            raise Skip(f"it gives input members ({', '.join(raw)}) but {op.name} takes no input")
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
            raise Skip(f"{where} is a Smithy document (type document), which polysnip cannot render yet", DOCUMENT)
        if kind == "structure":
            if not isinstance(raw, dict):
                raise Skip(f"{where}: expected an object ({shape.name}); the example gives {_kind(raw)}")
            members: dict[str, Shape] = shape.members  # type: ignore[attr-defined]
            out: dict[str, Any] = {}
            for key, item in raw.items():
                name = self._member_name(key, members, shape, path)
                child = f"{path}.{name}" if path else name
                if item is None:
                    self.fixes.append(f"left out {child}: the example gives null")
                    continue
                if item == "" and name not in shape.required_members and _unset_when_empty(members[name]):
                    self.fixes.append(f"left out {child}: the example gives an empty string, meaning unset")
                    continue
                out[name] = self.value(item, members[name], child)
            return out
        if kind == "list":
            if not isinstance(raw, list):
                raise Skip(f"{where}: expected a list ({service_type(shape)}); the example gives {_kind(raw)}")
            return [self.value(item, shape.member, f"{path}[{i}]") for i, item in enumerate(raw)]  # type: ignore[attr-defined]
        if kind == "map":
            if not isinstance(raw, dict):
                raise Skip(f"{where}: expected a map ({service_type(shape)}); the example gives {_kind(raw)}")
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
            if not isinstance(raw, str):
                raise Skip(f"{where}: expected binary data written as text; the example gives {_kind(raw)}")
            return self._placeholders(escape(raw))
        raise Skip(f"{where} has type {kind}, which polysnip cannot render yet")

    def _member_name(self, key: str, members: dict[str, Shape], shape: Shape, path: str) -> str:
        if key in members:
            return key
        same = [name for name in members if name.lower() == str(key).lower()]
        if len(same) == 1:
            self.fixes.append(f"wrote {path + '.' if path else ''}{key} as {same[0]}, the member's name in the model")
            return same[0]
        raise Skip(
            f"{shape.name} has no member {key!r} in botocore {botocore.__version__} "
            f"(the example is older than the model){services.suggest(str(key), members)}",
            OLDER,
        )

    def _string(self, raw: Any, shape: Shape, path: str) -> Any:
        if isinstance(raw, bool) or isinstance(raw, (int, float)):
            text = json.dumps(raw)
            self.fixes.append(f"wrote {path} {text} as the text {text!r}: the model says string")
            raw = text
        if not isinstance(raw, str):
            raise Skip(f"{path}: expected text; the example gives {_kind(raw)}")
        enum = list(getattr(shape, "enum", None) or [])
        if enum and raw not in enum:
            same = [value for value in enum if value.lower() == raw.strip().lower()]
            if len(same) == 1:
                self.fixes.append(f"wrote {path} {raw!r} as {same[0]!r}, the enum value's spelling in the model")
                return same[0]
        document = _json_document(raw)
        if document is not None:
            return self._placeholders(document)
        return self._placeholders(escape(raw))

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
            raise Skip(f"{path}: expected an integer; the example gives {_kind(raw)}")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            self.fixes.append(f"wrote {path} {raw!r} as {int(raw)}: the model says integer")
            return int(raw)
        if isinstance(raw, str) and re.fullmatch(r"-?\d+", raw.strip()):
            self.fixes.append(f"wrote {path} {raw!r} as the number {int(raw)}: the model says integer")
            return int(raw)
        raise Skip(f"{path}: expected an integer; the example gives {_kind(raw)}")

    def _number(self, raw: Any, path: str) -> int | float:
        if isinstance(raw, bool):
            raise Skip(f"{path}: expected a number; the example gives {_kind(raw)}")
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
        raise Skip(f"{path}: expected a number; the example gives {_kind(raw)}")

    def _boolean(self, raw: Any, path: str) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            self.fixes.append(f"wrote {path} {raw!r} as a boolean: the model says boolean")
            return raw.strip().lower() == "true"
        raise Skip(f"{path}: expected true or false; the example gives {_kind(raw)}")

    def _timestamp(self, raw: Any, path: str) -> str:
        """An ISO 8601 UTC timestamp (2014-05-12T08:00:00Z) that every SDK's rules can read."""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            moment = dt.datetime.fromtimestamp(raw, dt.UTC)
        elif isinstance(raw, str):
            try:
                moment = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            except ValueError:
                raise Skip(f"{path}: {raw!r} is not an ISO 8601 timestamp") from None
        else:
            raise Skip(f"{path}: expected a timestamp; the example gives {_kind(raw)}")
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


def escape(text: str) -> str:
    """Text as a spec value: "${" would start a placeholder reference, "$${" is a literal one."""
    return text.replace("${", "$${")


def _escape_document(value: Any) -> Any:
    """Escape every string value in a document (keys are not interpolated)."""
    if isinstance(value, str):
        return escape(value)
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
            items = [
                f"- `{path}`: {_clean(note)}" for path, note in notes.items() if isinstance(note, str) and note.strip()
            ]
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

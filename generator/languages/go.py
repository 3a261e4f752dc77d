"""Go with the AWS SDK for Go v2: typed inputs, aws.String pointers, raw strings for documents.

Go refuses to compile a program with an unused import or variable, or with a variable
declared twice in one scope, so this module tracks, per program, which packages the
rendered code uses (the imports are exactly those) and which variables it has declared
(a second assignment uses = instead of :=). That state lives in a _Program, held by a
per-program copy of the language (GoProgram) that program_context creates: the
LANGUAGE singleton itself holds no state. The output is laid out as gofmt would
(tabs, key-value columns of composite literals aligned), so that gofmt leaves it alone.

Names and value shapes are the SDK's own (go_sdk_names, from the pinned modules' source):
a scalar field the SDK declares as a plain value takes no aws.Int32(…) pointer, unions are
written as their member structs (&types.AttributeValueMemberS{Value: …}), enum constants
are the SDK's (types.StatusTypeInactive for botocore's statusType), a member the SDK keeps
unexported is left out with a comment, and an operation its client lacks is reported by
missing_in_sdk(). Structures, and lists and maps of them, are printed as JSON: fmt would
print the pointers and interfaces inside them as addresses.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from botocore.model import Shape

from ..go_sdk_names import GoFacts, facts_for, rule_enum_constant, rule_field, rule_type
from ..model import (
    BlobValue,
    BoolValue,
    Call,
    Edit,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    NumValue,
    PlaceholderRef,
    Step,
    StructValue,
    StrValue,
    Value,
    VariableRef,
)
from ..parsecheck import SyntaxProblem, tree_sitter_errors
from ..sdks import sdk_names
from .base import (
    Arg,
    Holes,
    Language,
    LanguageContext,
    Pages,
    ProgramContext,
    StepContext,
    UnsupportedValue,
    document_pieces,
    error_summary,
    fitting,
    operations,
    singular,
    snake,
)
from .install import Install, Reference, go_directive, go_module_version, pinned
from .parse_memo import ParseMemo

SDK = "github.com/aws/aws-sdk-go-v2"

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
# Initialisms Go keeps in one case (golint's list plus AWS's own): keyID, policyJSON, keyARN.
_INITIALISMS = {
    "acl", "api", "arn", "ascii", "aws", "cpu", "css", "dns", "eof", "guid", "html", "http", "https", "id",
    "ip", "json", "lhs", "qps", "ram", "rhs", "rpc", "sla", "smtp", "sql", "ssh", "tcp", "tls", "ttl", "udp",
    "ui", "uid", "uuid", "uri", "url", "utf8", "vm", "xml", "xmpp", "xsrf", "xss",
}  # fmt: skip
_RESERVED = {
    # keywords
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func",
    "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct",
    "switch", "type", "var",
    # predeclared identifiers
    "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int",
    "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
    "uintptr", "true", "false", "iota", "nil", "append", "cap", "clear", "close", "complex", "copy", "delete",
    "imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
    # names every program uses: its variables and the packages it imports
    "main", "ctx", "cfg", "err", "client", "output", "context", "fmt", "log", "json", "base64", "time", "aws",
    "config", "types",
}  # fmt: skip
_GO_TYPES = {"integer": "int32", "long": "int64", "boolean": "bool", "float": "float32", "double": "float64"}
_POINTER = {
    "string": "String",
    "integer": "Int32",
    "long": "Int64",
    "boolean": "Bool",
    "float": "Float32",
    "double": "Float64",
}
_DEREF = {**_POINTER, "timestamp": "Time"}

# --- per-service data ---------------------------------------------------------------
# The SDK's own names and value shapes come from go_sdk_names: the facts committed for the
# pinned modules (else the installed module's index, else the rules). These older tables
# stay as the fallback when a service has no facts at all.
GO_NON_POINTER_SHAPES_BY_SERVICE: dict[str, frozenset[str]] = {"kms": frozenset({"BooleanType"})}
VALUE_SHAPES = GO_NON_POINTER_SHAPES_BY_SERVICE  # the former name
_KNOWN_UNIONS: dict[str, frozenset[str]] = {"dynamodb": frozenset({"AttributeValue"})}


def sdk_facts(package: str, service: str) -> GoFacts:
    """The SDK facts of service/<package> (see go_sdk_names.facts_for)."""
    return facts_for(package, service)


# Standard library imports first, then the SDK's, each group sorted (as goimports does).
_IMPORTS = {
    "context": "context",
    "base64": "encoding/base64",
    "bytes": "bytes",
    "errors": "errors",
    "slices": "slices",
    "strings": "strings",
    "json": "encoding/json",
    "fmt": "fmt",
    "log": "log",
    "time": "time",
    "aws": f"{SDK}/aws",
    "config": f"{SDK}/config",
}


def go_string(text: str) -> str:
    """An interpreted string literal; characters that are not printable become escapes.

    \\x escapes only for ASCII (Go's \\x is a byte, not a code point); U+FEFF and NUL,
    which the compiler rejects anywhere in a source file, are always escaped."""
    if text.isprintable() and '"' not in text and "\\" not in text:  # most text: nothing to escape
        return '"' + text + '"'
    out = []
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise UnsupportedValue(f"Go strings cannot hold the lone surrogate U+{code:04X}")
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable() and ch != " ":
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def go_bytes(data: bytes) -> str:
    """An interpreted string literal holding exactly these bytes (\\x escapes for every byte
    that is not printable ASCII)."""
    out = []
    for byte in data:
        ch = chr(byte)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\x{byte:02x}")
    return '"' + "".join(out) + '"'


def go_raw_string(text: str) -> str | None:
    """A raw string literal holding text exactly, or None when none can: a raw string
    cannot hold a backtick, and the compiler drops carriage returns from it and refuses
    NUL and U+FEFF."""
    if any(ch in text for ch in "`\r\x00\ufeff") or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return None
    return "`" + text + "`"


def go_document(text: str) -> str:
    """A JSON document as a raw string when it can be one, else an interpreted string."""
    return go_raw_string(text) or go_string(text)


def go_document_pieces(pieces: list[tuple[str, bool]]) -> str:
    """A JSON document's text (see base.document_pieces) with its placeholder variables
    joined in: `…` + accountID + `…`."""
    if not any(variable for _, variable in pieces):
        return go_document("".join(piece for piece, _ in pieces))
    return " + ".join(piece if variable else go_raw_string(piece) or go_string(piece) for piece, variable in pieces)


def go_identifier(snake_name: str) -> str:
    """A camelCase Go name from a snake_case one, initialisms kept whole: key_id -> keyID."""
    parts = [p for p in snake_name.split("_") if p]
    if not parts:
        return "value"
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if part.lower() in _INITIALISMS else part[:1].upper() + part[1:].lower())
    return "".join(out)


def service_package(model: Model) -> str:
    """The SDK's package for a service: service/kms, service/secretsmanager…"""
    return _package_name(str(model.service_model.service_id))


@functools.lru_cache(maxsize=256)
def _package_name(service_id: str) -> str:
    return re.sub(r"[^a-z0-9]", "", service_id.lower())


def enum_constant(type_name: str, value: str, facts: GoFacts | None = None) -> str | None:
    """The SDK's constant for an enum value (types.KeySpecSymmetricDefault): the SDK's own
    where its facts name one that differs from the rules; None when there is none or the
    naming is not certain (a conversion is used instead)."""
    if facts is not None and (type_name, value) in facts.enums:
        return facts.enums[(type_name, value)] or None
    return rule_enum_constant(type_name, value)


def align_keys(keys: list[str]) -> list[str]:
    """'Key:' cells padded as gofmt aligns the key-value lines of a composite literal.

    Ported from go/printer exprList: consecutive single-line pairs share a column unless
    a key is long (over 40 characters) and far from the geometric mean of the keys
    before it in its section, which starts a new section."""
    sections: list[list[int]] = []
    previous, lnsum, count = 0, 0.0, 0
    for index, key in enumerate(keys):
        size = len(key)
        new_section = True
        if previous > 0 and size > 0:
            if count == 0 or (previous <= 40 and size <= 40):
                new_section = False
            else:
                ratio = size / math.exp(lnsum / count)
                new_section = 2.5 * ratio <= 1 or 2.5 <= ratio
        if index == 0 or new_section:
            sections.append([])
            lnsum, count = 0.0, 0  # a section break also restarts the mean
        sections[-1].append(index)
        lnsum += math.log(size)
        count += 1
        previous = size
    out = [""] * len(keys)
    for section in sections:
        width = max(len(keys[i]) for i in section) + 1 if len(keys) > 1 else 0
        for i in section:
            out[i] = (keys[i] + ":").ljust(width)
    return out


@dataclass
class _Program:
    """What one program's rendering has used and declared so far."""

    service: str = ""
    package: str = "service"
    uses: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)
    taken: set[str] = field(default_factory=set)  # names a new helper variable must avoid
    # Saved documents edited only by appending to their top-level Statement list: they are
    # read into policyDocument, which keeps the members' order and each statement as written.
    policies: set[str] = field(default_factory=set)
    call: Call | None = None  # the call being rendered: its output's members are printed
    plain_params: dict[int, bool] = field(default_factory=dict)  # id(param value) -> a plain-valued field
    param_names: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(param value) -> (struct, member)
    facts: GoFacts | None = None  # sdk_facts(package, service), once asked for

    def use(self, name: str) -> str:
        self.uses.add(name)
        return name


@dataclass(frozen=True)
class GoContext(LanguageContext):
    package: str  # the service's package, kms
    region: str  # the Region as a string literal




class Go(Language):
    key = "go"
    tab_order = 70
    label = "Go"
    extension = "go"
    lexer = "go"
    grammar = "go"
    comment_prefix = "//"
    sdk = "AWS SDK for Go v2"

    # --- per-program state ---------------------------------------------------------------

    # Outside program_context (a literal rendered on its own), a fresh state each time.
    _state: _Program | None = None

    @property
    def _program(self) -> _Program:
        if self._state is None:
            return _Program()
        return self._state

    def program_context(self, model: Model, slug: str, title: str, steps: tuple[Step, ...]) -> ProgramContext:
        program = _Program(service=model.service, package=service_package(model), policies=_policies(steps))
        rendering = GoProgram(program)
        program.taken = {rendering.variable(p.name) for p in model.placeholders}
        context = Language.program_context(rendering, model, slug, title, steps)
        return replace(context, imports=self._import_lines(program))

    def _import_lines(self, program: _Program) -> tuple[str, ...]:
        used = {"context", "log", "config"} | program.uses
        standard = sorted(path for name, path in _IMPORTS.items() if name in used and not path.startswith(SDK))
        sdk = sorted(
            [path for name, path in _IMPORTS.items() if name in used and path.startswith(SDK)]
            + [f"{SDK}/service/{program.package}"]
            + ([f"{SDK}/service/{program.package}/types"] if "types" in used else [])
        )
        return (*(f'\t"{p}"' for p in standard), "", *(f'\t"{p}"' for p in sdk))

    def _declare(self, name: str) -> bool:
        """Record name as declared; True the first time (use :=), False after (use =)."""
        program = self._program
        first = name not in program.declared
        program.declared.add(name)
        return first

    def _fresh(self, base: str) -> str:
        """A variable name not declared yet in this program: statement, statement2…"""
        program = self._program
        name, number = base, 1
        while name in program.declared or name in program.taken:
            number += 1
            name = f"{base}{number}"
        program.declared.add(name)
        return name

    # --- files and naming ----------------------------------------------------------------

    def program_filename(self, unit_id: str) -> str:
        stem = unit_id.replace("-", "_")
        # go build gives meaning to some file name suffixes (_test, _linux, _amd64…).
        if "_" in stem and stem.rsplit("_", 1)[-1] in _SPECIAL_SUFFIXES:
            stem += "_example"
        return f"{stem}.go"

    def variable(self, snake_name: str) -> str:
        # The SDK calls a response an output (GetKeyPolicyOutput), and so do Go programs.
        if snake_name == "response":
            return "output"
        if snake_name.endswith("_response"):
            return go_identifier(snake_name.removesuffix("_response") + "_output")
        name = go_identifier(snake_name)
        if name in _RESERVED or name == self._program.package:
            return name + "Value"
        return name

    def method(self, operation: str) -> str:
        return operation

    def member(self, name: str) -> str:
        return name[:1].upper() + name[1:]

    def class_name(self, slug: str) -> str:
        return slug.replace("-", "_")

    def request_type(self, operation: str) -> str:
        return f"{self._program.package}.{operation}Input"

    # --- literals ------------------------------------------------------------------------

    def string(self, text: str) -> str:
        return go_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return self._scalar(NumValue(value, shape), pointer=True)

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return f"{self._type(shape)}{{{', '.join(items)}}}"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        return f"{self._type(shape)}{{{', '.join(f'{k}: {v}' for k, v in entries)}}}"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        return f"&{self._type(shape)}{{{', '.join(f'{self.member(k)}: {v}' for k, v in members)}}}"

    def literal(self, value: Value) -> str:
        # A request member the SDK declares as a plain value (int32, bool…) takes no pointer.
        pointer = not self._program.plain_params.get(id(value), False)
        if id(value) in self._program.param_names:
            return self._member_value(*self._program.param_names[id(value)], value, pointer)
        return self._literal(value, pointer)

    def _literal(self, value: Value, pointer: bool, elided: bool = False) -> str:
        """value as a request member (pointer=True: *string, *int32, *types.X) or as an
        element of a list or map (plain values; composite types elided as gofmt -s does)."""
        if isinstance(value, ListValue):
            items = ", ".join(self._literal(v, pointer=False, elided=True) for v in value.items)
            return ("" if elided else self._type(value.shape)) + "{" + items + "}"
        if isinstance(value, MapValue):
            key_shape: Shape = value.shape.key  # type: ignore[attr-defined]
            entries = ", ".join(
                f"{self._enum_or_string(k, key_shape)}: {self._literal(v, pointer=False, elided=True)}"
                for k, v in value.entries
            )
            return ("" if elided else self._type(value.shape)) + "{" + entries + "}"
        if isinstance(value, StructValue) and self._is_union(value.shape):
            return self._union_member(value)
        if isinstance(value, StructValue):
            struct = self._go_type_name(value.shape)
            members = ", ".join(
                f"{self._field(struct, k)}: {self._member_value(struct, k, v, not self._is_plain(struct, k))}"
                for k, v in value.members
            )
            if elided:
                return "{" + members + "}"
            return ("&" if pointer else "") + self._type(value.shape) + "{" + members + "}"
        if isinstance(value, PlaceholderRef):
            if _is_enum(value.shape):  # a conversion: only the value may differ when run
                return f"{self._type(value.shape)}({go_string(value.display)})"
            return self._wrap(go_string(value.display), value.shape, pointer)
        if isinstance(value, JsonDocValue):
            return self._wrap(go_document(value.document.text), value.shape, pointer)
        if isinstance(value, (StrValue, NumValue, BoolValue)):
            return self._scalar(value, pointer)
        raise UnsupportedValue(f"Go cannot express {type(value).__name__} inline")

    def _is_union(self, shape: Shape) -> bool:
        return shape.type_name == "structure" and (
            bool(getattr(shape, "is_tagged_union", False))
            or self._go_type_name(shape) in self._sdk.unions
            or str(shape.name) in _KNOWN_UNIONS.get(self._program.service, frozenset())
        )

    def _is_plain(self, struct: str, member: str) -> bool:
        """A scalar member the SDK declares as a plain value (bool, int32…), not a pointer."""
        go_type = self._sdk.values.get((struct, member), "*")
        return not go_type.startswith("*")

    def _member_value(self, struct: str, member: str, value: Value, pointer: bool) -> str:
        """A member's value as its field's Go type wants it: a member botocore calls a
        string but the SDK a number (glacier ListVaults limit) takes the number."""
        go_type = self._sdk.values.get((struct, member), "").removeprefix("*")
        if isinstance(value, StrValue) and go_type in ("int32", "int64"):
            if not re.fullmatch(r"-?[0-9]+", value.text):
                raise UnsupportedValue(f"{struct}.{rule_field(member)} is an {go_type} in the AWS SDK for Go v2; "
                                       f"got the string {value.text!r}")
            text = str(int(value.text))
            return f"{self._program.use('aws')}.{go_type.capitalize()}({text})" if pointer else text
        return self._literal(value, pointer)

    def _field(self, struct: str, member: str) -> str:
        """The Go field of a member of a structure (its Go type name), as the SDK names it;
        a member the SDK has no exported field for cannot be written."""
        facts = self._sdk
        if (struct, member) in facts.hidden:
            why = "keeps it unexported (the SDK sets it itself)" if (struct, member) in facts.unexported \
                else "has no such field"
            raise UnsupportedValue(f"the AWS SDK for Go v2 ({self._program.package} {facts.version}) {why}: "
                                   f"{struct}.{rule_field(member)}")
        return facts.renamed.get((struct, member), rule_field(member))

    def _go_type_name(self, shape: Shape) -> str:
        """The SDK's name for a structure or enum shape's Go type (botocore statusType: StatusType)."""
        name = str(shape.name)
        return self._sdk.types.get(name, rule_type(name))

    def _plain_output(self, member: str) -> bool:
        """The printed output member (a dotted path) is a plain value in the SDK."""
        call = self._program.call
        if call is None:
            return False
        struct, shape = f"{call.operation}Output", call.op_model.output_shape
        parts = member.split(".")
        for part in parts[:-1]:
            members = getattr(shape, "members", None) or {}
            if part not in members:
                return False
            shape = members[part]
            struct = str(shape.name)
        return self._is_plain(struct, parts[-1])

    @property
    def _sdk(self) -> GoFacts:
        program = self._program
        if program.facts is None:
            program.facts = sdk_facts(program.package, program.service)
        return program.facts

    def _union_member(self, value: StructValue) -> str:
        """A union's value: the SDK's struct type for the member set, behind the interface
        (&types.AttributeValueMemberS{Value: "x"}); its Value is never a pointer."""
        if len(value.members) != 1:
            raise UnsupportedValue(f"a {value.shape.name} sets exactly one member; got {len(value.members)}")
        name, member = value.members[0]
        inner = self._literal(member, pointer=False)
        interface = self._go_type_name(value.shape)
        struct = self._sdk.unions.get(interface, {}).get(name, f"{interface}Member{name}")
        return f"&{self._program.use('types')}.{struct}{{Value: {inner}}}"

    def _blob(self, value: StrValue, shape: Shape) -> str:
        """A blob: []byte("…"), or for a streaming member (an io.Reader, such as S3's Body)
        strings.NewReader("…") for text and bytes.NewReader([]byte("…")) for other bytes."""
        data = value.data if isinstance(value, BlobValue) else value.text.encode("utf-8")
        text = value.is_text if isinstance(value, BlobValue) else True
        literal = go_string(value.text) if text else go_bytes(data)
        if not shape.serialization.get("streaming"):
            return f"[]byte({literal})"
        if text:
            return f"{self._program.use('strings')}.NewReader({literal})"
        return f"{self._program.use('bytes')}.NewReader([]byte({literal}))"

    def _scalar(self, value: StrValue | NumValue | BoolValue, pointer: bool) -> str:
        shape = value.shape
        kind = str(shape.type_name)
        if isinstance(value, StrValue):
            if kind in _GO_TYPES:
                raise UnsupportedValue(f"a {kind} member needs a {kind} value; got the string {value.text!r}")
            if kind == "blob":
                return self._blob(value, shape)
            if kind == "timestamp":
                return self._wrap(self._time(value.text), shape, pointer)
            return self._enum_or_string(value.text, shape, pointer)
        if isinstance(value, BoolValue):
            text = "true" if value.flag else "false"
        elif isinstance(value.number, float) or kind in ("float", "double"):
            number = float(value.number)
            if not math.isfinite(number):
                raise UnsupportedValue(f"{number!r} is not a Go constant")
            fitting(value.number, shape)
            text = repr(number) if isinstance(value.number, float) else str(value.number)
        else:
            text = str(fitting(value.number, shape))
        return self._wrap(text, shape, pointer)

    def _enum_or_string(self, text: str, shape: Shape, pointer: bool = False) -> str:
        if _is_enum(shape):
            type_name = self._type(shape)
            constant = enum_constant(self._go_type_name(shape), text, self._sdk)
            if constant is not None:
                return f"{self._program.use('types')}.{constant}"
            return f"{type_name}({go_string(text)})"
        return self._wrap(go_string(text), shape, pointer)

    def _wrap(self, text: str, shape: Shape, pointer: bool) -> str:
        """A scalar literal as the SDK's field wants it: aws.String("x") for a pointer."""
        kind = str(shape.type_name)
        if not pointer or (kind not in _POINTER and kind != "timestamp") or self._is_value(shape):
            return text
        if kind == "timestamp":
            return f"{self._program.use('aws')}.Time({text})"
        return f"{self._program.use('aws')}.{_POINTER[kind]}({text})"

    def _is_value(self, shape: Shape) -> bool:
        return str(shape.name) in GO_NON_POINTER_SHAPES_BY_SERVICE.get(self._program.service, frozenset())

    def _time(self, text: str) -> str:
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise UnsupportedValue(f"Go snippets need timestamps in ISO 8601; got {text!r}") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC)
        self._program.use("time")
        return (
            f"time.Date({moment.year}, time.{_MONTHS[moment.month - 1]}, {moment.day}, {moment.hour}, "
            f"{moment.minute}, {moment.second}, {moment.microsecond * 1000}, time.UTC)"
        )

    def _type(self, shape: Shape) -> str:
        """The Go type of a shape's values: []types.Tag, map[string]string, types.KeySpec…"""
        kind = str(shape.type_name)
        if kind == "list":
            return "[]" + self._type(shape.member)  # type: ignore[attr-defined]
        if kind == "map":
            return f"map[{self._type(shape.key)}]{self._type(shape.value)}"  # type: ignore[attr-defined]
        if kind == "structure" or _is_enum(shape):
            return f"{self._program.use('types')}.{self._go_type_name(shape)}"
        if kind == "blob":
            return "[]byte"
        if kind == "timestamp":
            self._program.use("time")
            return "time.Time"
        if kind in _GO_TYPES:
            return _GO_TYPES[kind]
        if kind == "string":
            return "string"
        raise UnsupportedValue(f"Go snippets cannot express {kind} values yet")

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        operator = ":=" if self._declare(name) else "="
        text = go_document_pieces(document_pieces(document, holes))
        return f"{name} {operator} {text}", f"{self._program.use('aws')}.String({name})"

    # --- idioms around a call ------------------------------------------------------------

    def declare(self, name: str, literal: str, comment: str) -> str:
        operator = ":=" if self._declare(name) else "="
        return (comment + "\n" if comment else "") + f"{name} {operator} {literal}"

    def assignment(self, result: str, operation: str, first: bool) -> str:
        return f"{result}, err {':=' if self._declare(result) else '='} "

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        self._program.call = call
        struct = f"{call.operation}Input"
        facts = self._sdk
        # A member the SDK keeps unexported (it fills it in itself, as EC2 CopySnapshot's
        # DestinationRegion) is left out, saying so; one it lacks altogether cannot be written.
        dropped = [p for p in call.params if (struct, p.name) in facts.unexported]
        for param in call.params:
            if param not in dropped:
                self._field(struct, param.name)
        if dropped:
            call = replace(call, params=tuple(p for p in call.params if p not in dropped))
        self._program.plain_params = {id(p.value): self._is_plain(struct, p.name) for p in call.params}
        self._program.param_names = {id(p.value): (struct, p.name) for p in call.params}
        context = super().call_context(model, call, results)
        self._program.plain_params, self._program.param_names = {}, {}
        declarations: list[str] = [
            f"// {rule_field(p.name)} is not set here: the AWS SDK for Go v2 fills it in itself." for p in dropped
        ]
        for param in call.params:  # a document variable is encoded before the call
            if isinstance(param.value, VariableRef):
                variable = self.variable(param.value.name)
                encoded = variable + "JSON"
                encoder = self._fresh("encoder")
                reset = f"var {encoded} {self._program.use('bytes')}.Buffer" if self._declare(encoded) \
                    else f"{encoded}.Reset()"
                # An Encoder that does not escape <, > and & as \u003c…: the document goes back as written.
                declarations.append(
                    f"{reset}\n{encoder} := {self._program.use('json')}.NewEncoder(&{encoded})\n"
                    f"{encoder}.SetEscapeHTML(false)\n"
                    f"if err := {encoder}.Encode({variable}); err != nil {{\n\tlog.Fatal(err)\n}}"
                )
        values = []
        for param, arg in zip(call.params, context.args, strict=True):
            value = param.value
            plain = self._is_plain(struct, param.name)
            if isinstance(value, PlaceholderRef) and not self.inline_placeholders():  # a string variable
                if _is_enum(value.shape):
                    values.append(f"{self._type(value.shape)}({arg.value})")
                else:
                    values.append(self._wrap(arg.value, value.shape, pointer=not plain))
            elif plain and isinstance(value, (StrValue, NumValue, BoolValue, PlaceholderRef)):
                values.append(self._literal(value, pointer=False))
            else:
                values.append(arg.value)
        keys = align_keys([arg.name for arg in context.args])
        context = replace(
            context,
            declarations=(*declarations, *context.declarations),
            args=tuple(Arg(key, value) for key, value in zip(keys, values, strict=True)),
            assign=context.assign or "_, err = ",
        )
        return Language.idioms(self, model, call, context)

    def idioms(self, model: Model, call: Call, context: StepContext) -> StepContext:
        return context  # applied at the end of call_context, once the arguments are Go's

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        path = f"{result}." + ".".join(self.member(part) for part in member.split("."))
        fmt = self._program.use("fmt")
        if shape is None:
            return f"{fmt}.Println({path})"
        kind = str(shape.type_name)
        if kind == "blob":
            return f"{fmt}.Println({self._program.use('base64')}.StdEncoding.EncodeToString({path}))"
        if _holds_references(shape):
            # fmt prints the pointers and interfaces inside (map[AlbumTitle:0xc000…]): print JSON.
            text = self._fresh(self.variable(snake(member.rsplit(".", 1)[-1])) + "JSON")
            return (
                f"{text}, err := {self._program.use('json')}.Marshal({path})\n"
                f"if err != nil {{\n\tlog.Fatal(err)\n}}\n{fmt}.Println(string({text}))"
            )
        if kind in _DEREF and not _is_enum(shape) and not self._is_value(shape) and not self._plain_output(member):
            return f"{fmt}.Println({self._program.use('aws')}.To{_DEREF[kind]}({path}))"
        return f"{fmt}.Println({path})"

    def save_document(self, variable: str, result: str, member: str) -> str:
        if variable in {self.variable(name) for name in self._program.policies}:
            return self._save_policy(variable, result, member)
        reset = f"var {variable} map[string]any" if self._declare(variable) else f"{variable} = nil"
        text = f"{self._program.use('aws')}.ToString({result}.{self.member(member)})"
        unmarshal = f"{self._program.use('json')}.Unmarshal([]byte({text}), &{variable})"
        return f"{reset}\nif err := {unmarshal}; err != nil {{\n\tlog.Fatal(err)\n}}"

    def _save_policy(self, variable: str, result: str, member: str) -> str:
        json = self._program.use("json")
        text = f"{self._program.use('aws')}.ToString({result}.{self.member(member)})"
        lines = []
        if "policyDocument" not in self._program.declared:
            self._program.declared.add("policyDocument")
            lines += [
                "// A policy's members in their usual order; each statement is kept exactly as written.",
                "type policyDocument struct {",
                '\tVersion   string            `json:"Version,omitempty"`',
                '\tID        string            `json:"Id,omitempty"`',
                '\tStatement []json.RawMessage `json:"Statement"`',
                "}",
            ]
        first = self._declare(variable)
        lines.append(f"var {variable} policyDocument" if first else f"{variable} = policyDocument{{}}")
        lines.append(f"if err := {json}.Unmarshal([]byte({text}), &{variable}); err != nil {{\n\tlog.Fatal(err)\n}}")
        return "\n".join(lines)

    def _append_statement(self, edit: Edit, holes: Holes) -> tuple[str, ...]:
        """Append to policyDocument.Statement: the new statement as raw JSON text."""
        document = self.variable(edit.variable)
        json = self._program.use("json")
        name = self._fresh(self.variable(singular(edit.path[-1])))
        statements = [f"{name} := {json}.RawMessage({go_document_pieces(document_pieces(edit.item.value, holes))})"]
        append = f"{document}.Statement = append({document}.Statement, {name})"
        if not edit.unique_by or not isinstance(edit.item.value, dict):
            return (*statements, append)
        key = go_string(edit.unique_by).strip('"')
        keyed = self._fresh("keyed")
        added = self._fresh("added")
        slices = self._program.use("slices")
        return (
            *statements,
            f"// Only the {edit.unique_by} of a statement is read, to compare it.\n"
            f"type {keyed} struct {{\n\tValue any `json:\"{key}\"`\n}}\n"
            f"var {added} {keyed}\n"
            f"if err := {json}.Unmarshal({name}, &{added}); err != nil {{\n\tlog.Fatal(err)\n}}",
            f"if !{slices}.ContainsFunc({document}.Statement, func(existing {json}.RawMessage) bool {{\n"
            f"\tvar other {keyed}\n"
            f"\treturn {json}.Unmarshal(existing, &other) == nil && other.Value == {added}.Value\n"
            f"}}) {{\n\t{append}\n}}",
        )

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        if edit.variable in self._program.policies:
            return self._append_statement(edit, holes)
        document = self.variable(edit.variable)
        target = document
        for key in edit.path[:-1]:
            target += f"[{go_string(key)}].(map[string]any)"
        target += f"[{go_string(edit.path[-1])}]" if edit.path else ""
        item = edit.item.value
        if isinstance(item, (dict, list)):
            name = self._fresh(self.variable(singular(edit.path[-1]) if edit.path else "item"))
            text = self._fresh(name + "JSON")
            kind = "map[string]any" if isinstance(item, dict) else "[]any"
            json = self._program.use("json")
            statements: tuple[str, ...] = (
                f"{text} := {go_document_pieces(document_pieces(item, holes))}",
                f"var {name} {kind}\n"
                f"if err := {json}.Unmarshal([]byte({text}), &{name}); err != nil {{\n\tlog.Fatal(err)\n}}",
            )
            value = name
        else:
            statements = ()
            value = _json_scalar(item)
        if edit.unique_by and isinstance(item, dict):
            key = go_string(edit.unique_by)
            items = self._fresh(self.variable(singular(edit.path[-1]) + "s" if edit.path else "items"))
            slices = self._program.use("slices")
            return (
                *statements,
                f"{items} := {target}.([]any)\n"
                f"if !{slices}.ContainsFunc({items}, func(existing any) bool {{\n"
                f"\tother, ok := existing.(map[string]any)\n"
                f"\treturn ok && other[{key}] == {value}[{key}]\n"
                f"}}) {{\n"
                f"\t{target} = append({items}, {value})\n"
                f"}}",
            )
        return (*statements, f"{target} = append({target}.([]any), {value})")

    def document_text(self, variable: str) -> str:
        return f"{self._program.use('aws')}.String({variable}JSON.String())"

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        package = self._program.package
        paginator = self._fresh("paginator")
        if context.args:
            request = "{\n" + "".join(f"\t{a.name} {a.value},\n" for a in context.args) + "}"
        else:
            request = "{}"
        lines = [
            f"{paginator} := {package}.New{call.operation}Paginator(client, &{context.request_type}{request})",
            f"for {paginator}.HasMorePages() {{",
            f"\tpage, err := {paginator}.NextPage(ctx)",
            "\t" + self._error_check(call).replace("\n", "\n\t"),
        ]
        fmt = self._program.use("fmt")
        for member in found.items:
            item = self.variable(singular(member))
            lines += [f"\tfor _, {item} := range page.{self.member(member)} {{", f"\t\t{fmt}.Println({item})", "\t}"]
        return "\n".join(lines + ["}"])

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        # Go checks err after the call: guard_close replaces the template's plain check.
        return replace(context, guard_close=self._error_check(call))

    def _error_check(self, call: Call) -> str:
        """if err != nil { … }: each modelled error the call handles found with errors.As."""
        if not call.errors:
            return _CHECK
        lines = ["if err != nil {"]
        for name in call.errors:
            variable = self.variable(snake(name.removesuffix("Exception") or name))
            lines += [
                f"\tvar {variable} *{self._program.use('types')}.{name}",
                f"\tif {self._program.use('errors')}.As(err, &{variable}) {{",
                f"\t\tlog.Fatal({go_string(error_summary(call, name) + ' ')}, {variable}.ErrorMessage())",
                "\t}",
            ]
        return "\n".join([*lines, "\tlog.Fatal(err)", "}"])

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        return ()  # computed from what the rendered code uses: see program_context

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> GoContext:
        return GoContext(package=service_package(model), region=go_string(model.region))

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        root = "github.com/aws/aws-sdk-go-v2"
        modules = [root, f"{root}/config", f"{root}/service/{service_package(model)}"]
        go = go_directive()
        return Install(
            tool="go",
            lines=tuple(f"go get {pinned(m, go_module_version(m), '@')}" for m in modules),
            runtime=f"Go {go} or later" if go else "Go",
            references=tuple(
                Reference(op, f"https://pkg.go.dev/{root}/service/{service_package(model)}#Client.{op}")
                for op in operations(steps)
            ),
        )

    def missing_in_sdk(self, service: str, operation: str) -> str:
        package = sdk_names(service).go_package
        facts = sdk_facts(package, service)
        if operation not in facts.missing:
            return ""
        return f"the AWS SDK for Go v2 (service/{package} {facts.version}) has no method Client.{operation}"

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        return _CHECKED(source)

    def comment_line(self, line: str) -> str:
        # "// +build" lines above the package clause are build constraints.
        line = super().comment_line(line)
        return "+ " + line[1:] if line.startswith("+") else line


def go_syntax_errors(source: str) -> list[SyntaxProblem]:
    """Build constraint lines, then the grammar (tree-sitter-go)."""
    return go_build_constraints(source) + tree_sitter_errors("go", source)


# go_syntax_errors of the programs checked in this process (see parse_memo).
_CHECKED = ParseMemo(go_syntax_errors)


def go_build_constraints(source: str) -> list[SyntaxProblem]:
    """Build constraint lines ("//go:build", "// +build") above the package clause: the go
    command would leave the file out of the build, or build it only somewhere. A
    generated program has none, so any found came from spec text."""
    found = []
    for number, line in enumerate(_lines(source), start=1):
        stripped = line.strip()
        if stripped.startswith("package "):
            break
        text = stripped.removeprefix("//").strip()
        if stripped.startswith("//go:build") or (stripped.startswith("//") and text.startswith("+build")):
            message = f"Go reads {stripped!r} as a build constraint"
            found.append(SyntaxProblem(number, 1, message, "go build constraints"))
    return found


def _lines(text: str) -> Iterator[str]:
    """text's lines (broken at "\n" only) one by one, as text.split("\n") has them, without
    splitting what is not read."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _policies(steps: tuple[Step, ...]) -> set[str]:
    """Saved documents every edit of which appends a JSON object to the top-level Statement
    list, with a key (if any) that can be a Go struct tag."""
    saved = {variable for step in steps if isinstance(step, Call) for variable, _ in step.save}
    edits = [step for step in steps if isinstance(step, Edit)]
    fit = {
        variable for variable in saved
        if any(e.variable == variable for e in edits)
        and all(e.path == ("Statement",) and isinstance(e.item.value, dict)
                and re.fullmatch(r"[A-Za-z0-9_]*", e.unique_by) for e in edits if e.variable == variable)
    }
    return fit


class GoProgram(Go):
    """The Go rules while one program is rendered: a copy of the language holding that
    program's state (packages used, variables declared)."""

    def __init__(self, program: _Program):
        self._state = program


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_CHECK = "if err != nil {\n\tlog.Fatal(err)\n}"
_SPECIAL_SUFFIXES = {
    "test", "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
    "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos", "386", "amd64", "arm", "arm64",
    "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm",
}  # fmt: skip


def _holds_references(shape: Shape) -> bool:
    """A structure, or a list or map with structures (or unions) inside: Go values whose
    members are pointers or interfaces, which fmt prints as addresses."""
    kind = str(shape.type_name)
    if kind == "structure":
        return True
    if kind == "list":
        return _holds_references(shape.member)  # type: ignore[attr-defined]
    if kind == "map":
        return _holds_references(shape.value)  # type: ignore[attr-defined]
    return False


def _is_enum(shape: Shape) -> bool:
    """A string shape with enum values: the SDK gives it a named string type in types."""
    return shape.type_name == "string" and bool(getattr(shape, "enum", None))


def _json_scalar(value: Any) -> str:
    """A Go value equal to a JSON scalar as encoding/json decodes it into any."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"float64({value!r})"
    return go_string(str(value))


LANGUAGE = Go()

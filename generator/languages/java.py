"""Java with the AWS SDK for Java 2.x: builders, typed requests, text blocks for documents."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape

from .. import java_sdk
from ..model import (
    BlobValue,
    Call,
    Edit,
    ListValue,
    MapValue,
    Model,
    Param,
    PlaceholderRef,
    Step,
    StructValue,
    StrValue,
    Value,
)
from ..parsecheck import SyntaxProblem, tree_sitter_errors
from .base import (
    Holes,
    Language,
    LanguageContext,
    Pages,
    StepContext,
    UnsupportedValue,
    camel_words,
    document_pieces,
    error_summary,
    iso_utc,
    operations,
    pages,
    pascal_words,
    singular,
    uses_documents,
    uses_text_documents,
    utc_timestamp,
)
from .c_family import c_family_number
from .install import Install, Reference, maven_property, maven_version
from .parse_memo import ParseMemo

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Text java_string writes as it is: no character it escapes (_ESCAPES, other controls, DEL).
_PLAIN_STRING = re.compile(r'[^\\"\x00-\x1f\x7f]*')
_RESERVED = {
    "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
    "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
    "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
    "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
    "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record", "yield", "true",
    "false", "null", "client", "mapper", "args",
}  # fmt: skip


# A class file holds each string constant in at most 65,535 bytes of modified UTF-8; javac
# rejects a longer literal ("constant string too long"), and folds "a" + "b" into one.
_MAX_CONSTANT = 65535


def _constant_bytes(ch: str) -> int:
    """Bytes of one character in a class-file constant (modified UTF-8: NUL takes 2, a
    character beyond U+FFFF is two 3-byte surrogates)."""
    code = ord(ch)
    return 1 if 0 < code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 6


def _too_long(text: str) -> bool:
    return len(text) * 6 > _MAX_CONSTANT and sum(map(_constant_bytes, text)) > _MAX_CONSTANT


def _joined(separator: str, parts: list[str]) -> str:
    """A call joining literals at run time, so that no single constant is too long."""
    return f"String.join({java_string(separator)}, {', '.join(parts)})"


def java_formatted(pieces: list[tuple[str, bool]]) -> str:
    """A text block holding a document's text (see base.document_pieces), its placeholder
    variables filled in by String.formatted (% doubled in the rest); without variables,
    the text block alone."""
    variables = [piece for piece, variable in pieces if variable]
    if not variables:
        return java_text_block("".join(piece for piece, _ in pieces))
    template = "".join("%s" if variable else piece.replace("%", "%%") for piece, variable in pieces)
    return f"{java_text_block(template)}.formatted({', '.join(variables)})"


def java_string(text: str) -> str:
    """A Java string literal. Control characters use octal escapes: a \\u escape would be
    decoded before lexing and could end the literal. Text too long for one class-file
    constant is joined from pieces."""
    if _too_long(text):
        pieces, start, size = [], 0, 0
        for index, ch in enumerate(text):
            size += _constant_bytes(ch)
            if size > _MAX_CONSTANT:
                pieces.append(text[start:index])
                start, size = index, _constant_bytes(ch)
        pieces.append(text[start:])
        return _joined("", [java_string(piece) for piece in pieces])
    if _PLAIN_STRING.fullmatch(text):  # most text: nothing to escape
        return '"' + text + '"'
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def java_text_block(text: str) -> str:
    """A text block holding text exactly (text must not end with a line break); text too
    long for one class-file constant is joined at run time from several text blocks.

    javac strips white space (Character.isWhitespace) from the end of every line and the
    common indentation from their starts. Trailing spaces and tabs are escaped; when
    every line starts with white space the first one's is escaped, so that it is not taken
    for indentation. Other white space there (U+3000, U+2028…) has no escape that
    survives the stripping: such text becomes an ordinary string literal instead.
    """
    if _too_long(text):
        lines = text.split("\n")
        if len(lines) == 1:
            return java_string(text)
        groups: list[list[str]] = [[]]
        size = 0
        for line in lines:
            line_size = sum(map(_constant_bytes, line)) + 1
            if groups[-1] and size + line_size > _MAX_CONSTANT:
                groups.append([])
                size = 0
            groups[-1].append(line)
            size += line_size
        return _joined("\n", [java_text_block("\n".join(group)) for group in groups])
    body = text.replace("\\", "\\\\").replace('"""', '""\\"')
    lines = [_escape_line(line) for line in body.split("\n")]
    if any(_java_space(line[-1:]) for line in lines):
        return java_string(text)
    significant = [line for line in lines[:-1] if line] + [lines[-1] + '"""']
    if all(_java_space(line[:1]) for line in significant):
        first = next(i for i, line in enumerate(lines) if line)
        escape = {" ": "\\s", "\t": "\\t"}.get(lines[first][0])
        if escape is None:
            return java_string(text)
        lines[first] = escape + lines[first][1:]
    body = "\n".join(lines)
    trailing_backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    if body.endswith('"') and trailing_backslashes % 2 == 0:
        body = body[:-1] + '\\"'  # a bare quote right before the closing delimiter would merge with it
    return '"""\n' + body + '"""'


def _java_space(ch: str) -> bool:
    """Character.isWhitespace for one character ("" is not white space)."""
    if ch in ("", "\xa0", "\u2007", "\u202f"):
        return False
    return ch in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _escape_line(line: str) -> str:
    # Text blocks strip trailing spaces and tabs from every line; \s and \t keep them.
    stripped = line.rstrip(" \t")
    tail = line[len(stripped):].replace(" ", "\\s").replace("\t", "\\t")
    body = "".join(f"\\{ord(ch):03o}" if (ord(ch) < 0x20 and ch != "\t") or ord(ch) == 0x7F else ch for ch in stripped)
    return body + tail


# --- unicode escapes -----------------------------------------------------------------
#
# javac translates unicode escapes before it reads a single token (JLS 3.3): a backslash
# that is preceded by an even number of backslashes, followed by one or more u and four
# hex digits, becomes that character anywhere in the file, comments and strings included.
# So "\u000a" in a // comment ends the comment, and what follows is code; "C:\users" is
# an "illegal unicode escape" that stops compilation. Generated programs hold no unicode
# escape at all: literals escape every backslash (doubling it keeps every backslash run
# even), comments double a backslash run before a u (java_comment_text), and the parse
# check (java_syntax_errors) refuses any eligible escape it still finds.

def java_comment_text(text: str) -> str:
    """text for a // comment: a backslash run before a u gets one more backslash when it
    is odd, so no unicode escape starts there (C:\\users -> C:\\\\users)."""
    return re.sub(r"(\\+)(?=u)", lambda m: m.group(1) + ("\\" if len(m.group(1)) % 2 else ""), text)


@dataclass(frozen=True)
class UnicodeEscape:
    """One eligible unicode escape: where it starts (1-based) and what it translates to
    (None when it is illegal: no four hex digits after the u's)."""

    line: int
    column: int
    text: str
    char: str | None


_HEX = frozenset("0123456789abcdefABCDEF")


def unicode_prepass(source: str) -> tuple[str, list[UnicodeEscape]]:
    """source as javac reads it after translating unicode escapes, and every eligible
    escape found (an illegal one is kept as written)."""
    if "\\u" not in source:  # no backslash before a u: nothing to translate (most programs)
        return source, []
    out: list[str] = []
    escapes: list[UnicodeEscape] = []
    index, size, line, line_start, run = 0, len(source), 1, 0, 0
    while index < size:
        ch = source[index]
        if ch == "\\" and run % 2 == 0 and source.startswith("u", index + 1):
            end = index + 1
            while end < size and source[end] == "u":
                end += 1
            digits = source[end:end + 4]
            legal = len(digits) == 4 and all(d in _HEX for d in digits)
            text = source[index:end + 4] if legal else source[index:end + len(digits)]
            char = chr(int(digits, 16)) if legal else None
            escapes.append(UnicodeEscape(line, index - line_start + 1, text, char))
            if char is not None:
                out.append(char)
                index, run = end + 4, 0  # a translated backslash starts no further escape
                continue
        run = run + 1 if ch == "\\" else 0
        if ch == "\n":
            line, line_start = line + 1, index + 1
        out.append(ch)
        index += 1
    return "".join(out), escapes


def java_syntax_errors(source: str) -> list[SyntaxProblem]:
    """Java's own first step, then the grammar: every unicode escape is refused (javac
    would translate it before reading the program, so the tokens a reader sees would not
    be the ones compiled), and the translated text is parsed by tree-sitter-java."""
    translated, escapes = unicode_prepass(source)
    problems = []
    for escape in escapes:
        if escape.char is None:
            message = f"illegal unicode escape {escape.text!r}: javac refuses the program"
        else:
            message = (f"unicode escape {escape.text!r} (U+{ord(escape.char):04X}): javac reads it as that character "
                       "before reading the program, so the program would not be what it shows")
        problems.append(SyntaxProblem(escape.line, escape.column, message, "java unicode escapes"))
    return problems + tree_sitter_errors("java", translated)


# java_syntax_errors of the programs checked in this process (see parse_memo).
_CHECKED = ParseMemo(java_syntax_errors)


@dataclass(frozen=True)
class _Scope:
    """What names resolve against while a program renders: the service's SDK names and the
    call whose members are being written."""

    names: java_sdk.JavaNames
    call: Call | None = None


# The SDK names of the program being rendered (Language methods such as member() are called
# without the service); outside a program the rules apply.
_SCOPE: ContextVar[_Scope | None] = ContextVar("java_sdk_names", default=None)


def _scope_names() -> java_sdk.JavaNames | None:
    scope = _SCOPE.get()
    return scope.names if scope is not None else None


def _enum_value(value: StrValue) -> bool:
    """The value is one of its string shape's enum values."""
    enum = getattr(value.shape, "enum", None) or ()
    return value.shape.type_name == "string" and value.text in enum


def _shape_at(shape: Shape | None, part: str) -> Shape | None:
    members = getattr(shape, "members", None)
    return members.get(part) if shape is not None and shape.type_name == "structure" and members else None


@dataclass(frozen=True)
class JavaContext(LanguageContext):
    client_class: str  # KmsClient
    region: str  # the Region constant, US_WEST_2
    throws: str  # " throws Exception" when the program handles JSON documents, else ""




class Java(Language):
    key = "java"
    tab_order = 10
    label = "Java"
    extension = "java"
    lexer = "java"
    grammar = "java"
    comment_prefix = "//"
    sdk = "AWS SDK for Java 2.x"

    def variable(self, snake_name: str) -> str:
        name = camel_words(snake_name)
        return name + "Value" if name in _RESERVED else name

    # --- the SDK's names: its committed name table, else its installed index, else the rules ---

    def names(self, model: Model) -> java_sdk.JavaNames:
        return java_sdk.names_for(model.service)

    def method(self, operation: str) -> str:
        names = _scope_names()
        return names.method(operation) if names is not None else java_sdk.rule_method(operation)

    def member(self, name: str) -> str:
        """A member's getter and builder method where its structure is not known."""
        return java_sdk.rule_member(name)

    def member_of(self, shape: Shape | None, name: str) -> str:
        """The getter and builder method of a member of shape (the SDK's name for it)."""
        names = _scope_names()
        if names is None:
            return java_sdk.rule_member(name)
        return names.member(shape.name if shape is not None else None, name)

    def exception_name(self, model: Model, error: str) -> str:
        """The SDK's class for a modelled error, fully qualified (dms: databasemigration.model)."""
        package = java_sdk.service_names(model.service).model_package
        return f"software.amazon.awssdk.services.{package}.{java_sdk.names_for(model.service).class_name(error, True)}"

    def model_class(self, shape_name: str, error: bool = False) -> str:
        names = _scope_names()
        if names is not None:
            return names.class_name(shape_name, error)
        return java_sdk.rule_exception(shape_name) if error else java_sdk.rule_class(shape_name)

    def response_type(self, operation: str) -> str:
        names = _scope_names()
        return names.response(operation) if names is not None else java_sdk.rule_class(operation) + "Response"

    def class_name(self, slug: str) -> str:
        return pascal_words(slug) + "Example"

    def request_type(self, operation: str) -> str:
        names = _scope_names()
        return names.request(operation) if names is not None else java_sdk.rule_class(operation) + "Request"

    def missing_in_sdk(self, service: str, operation: str) -> str:
        names = java_sdk.names_for(service)
        if not names.missing(operation):
            return ""
        version = names.data.get("version") or java_sdk.committed().version
        return (f"the AWS SDK for Java ({names.names.artifact} {version}) has no method "
                f"{names.names.client}.{java_sdk.rule_method(operation)}")

    def program_context(self, model: Model, slug: str, title: str, steps: tuple[Step, ...]) -> Any:
        token = _SCOPE.set(_Scope(self.names(model)))
        try:
            return super().program_context(model, slug, title, steps)
        finally:
            _SCOPE.reset(token)

    def string(self, text: str) -> str:
        return java_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return c_family_number(value, shape)

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return "List.of(" + ", ".join(items) + ")"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        return "Map.ofEntries(" + ", ".join(f"Map.entry({k}, {v})" for k, v in entries) + ")"

    def argument(self, name: str, shape: Shape, parent: Shape | None = None) -> str:
        """The builder method setting member name (of shape) of parent (the current call's
        input when not given). Builders take a list of enum values as strings only through
        the ...WithStrings setter."""
        if parent is None:
            scope = _SCOPE.get()
            call = scope.call if scope is not None else None
            parent = call.op_model.input_shape if call is not None and call.op_model is not None else None
        method = self.member_of(parent, name)
        member = getattr(shape, "member", None)
        if shape.type_name == "list" and member is not None and getattr(member, "enum", None):
            return method + "WithStrings"
        return method

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        calls = "".join(f".{self.argument(k, shape.members[k], shape)}({v})"  # type: ignore[attr-defined]
                        for k, v in members)
        return f"{self.model_class(shape.name)}.builder(){calls}.build()"

    def getters(self, member: str) -> str:
        """.getter() calls for an output member or dotted path of the current call's response."""
        scope = _SCOPE.get()
        call = scope.call if scope is not None else None
        shape = call.op_model.output_shape if call is not None and call.op_model is not None else None
        out = []
        for part in member.split("."):
            out.append(f".{self.member_of(shape, part)}()")
            shape = _shape_at(shape, part)
        return "".join(out)

    def literal(self, value: Value) -> str:
        if isinstance(value, BlobValue) and not value.is_text:
            return f"SdkBytes.fromByteArray({java_bytes(value.data)})"
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            return f"SdkBytes.fromUtf8String({java_string(value.text)})"
        if isinstance(value, StrValue) and value.shape.type_name == "timestamp":
            return f"Instant.parse({java_string(iso_utc(utc_timestamp(value.text)))})"
        constant = self.enum_constant(value)
        if constant is not None:
            return constant
        # A collection of enum values is set as strings (the ...WithStrings setters).
        if isinstance(value, ListValue):
            return self.list_literal([self._item(v) for v in value.items], value.shape)
        if isinstance(value, MapValue):
            return self.map_literal([(self.string(k), self._item(v)) for k, v in value.entries], value.shape)
        return super().literal(value)

    def _item(self, value: Value) -> str:
        return self.string(value.text) if isinstance(value, StrValue) and _enum_value(value) else self.literal(value)

    def enum_constant(self, value: Value) -> str | None:
        """EnumClass.CONSTANT for a value of an enum member the SDK has a constant for
        (KeySpec.RSA_2048); None for anything else, which is written as a string."""
        names = _scope_names()
        if names is None or not isinstance(value, StrValue) or not _enum_value(value):
            return None
        constant = names.enum_constant(value.shape.name, value.text)
        return f"{names.class_name(value.shape.name)}.{constant}" if constant is not None else None

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        return f"String {name} = {java_formatted(document_pieces(document, holes))};", name

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"String {name} = {literal};"

    def assignment(self, result: str, operation: str, first: bool) -> str:
        return f"{self.response_type(operation)} {result} = " if first else f"{result} = "

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        return f"System.out.println({result}{self.getters(member)});"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"ObjectNode {variable} = (ObjectNode) mapper.readTree({result}{self.getters(member)});"

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        pointer = "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in edit.path)
        item = java_formatted(document_pieces(edit.item.value, holes))
        if not edit.unique_by:
            target = f"((ArrayNode) {self.variable(edit.variable)}.at({java_string(pointer)}))"
            return (f"{target}.add(mapper.readTree({item}));",)
        name = self.variable(singular(edit.path[-1]) if edit.path else "item")
        items = self.variable(name + "s")
        key = java_string(edit.unique_by)
        return (
            f"ArrayNode {items} = (ArrayNode) {self.variable(edit.variable)}.at({java_string(pointer)});",
            f"JsonNode {name} = mapper.readTree({item});",
            f"if (!{items}.findValues({key}).contains({name}.get({key}))) {{\n    {items}.add({name});\n}}",
        )

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        """A streaming payload (S3 PutObject's Body) is no member of the request builder: the
        SDK takes it as a second argument, a RequestBody."""
        scope = _SCOPE.get()
        token = _SCOPE.set(_Scope(scope.names if scope is not None else self.names(model), call))
        try:
            return self._call_context(model, call, results)
        finally:
            _SCOPE.reset(token)

    def _call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        stream = streaming_param(call)
        rest = call if stream is None else dataclasses.replace(call, params=tuple(p for p in call.params
                                                                                  if p is not stream))
        context = self.streamed_output(call, super().call_context(model, rest, results))
        if stream is None:
            return context
        if context.statement:
            raise UnsupportedValue(f"{call.operation} sends a streaming {stream.name} through a paginator")
        request = "".join(f"\n        .{a.name}({a.value})" for a in context.args)
        statement = (f"{context.assign}client.{context.method}({context.request_type}.builder(){request}"
                     f"\n        .build(), {self.request_body(stream)});")
        return dataclasses.replace(context, statement="\n".join([statement, *context.after]))

    def streamed_output(self, call: Call, context: StepContext) -> StepContext:
        """A streaming response (S3 GetObject) read whole: get<Op>AsBytes returns the payload
        with the response's other members under response()."""
        payload = streaming_output(call)
        if payload is None or not context.result or context.statement:
            return context
        if call.save:
            raise UnsupportedValue(f"{call.operation} streams its output: a document cannot be saved from it")
        result = context.result
        after = tuple(
            f"System.out.println({result}.asUtf8String());" if member == payload
            else self.print_output(f"{result}.response()", member, None)
            for member in call.output_fields
        )
        response = self.response_type(call.operation)
        assign = context.assign.replace(f"{response} ", f"ResponseBytes<{response}> ", 1)
        return dataclasses.replace(context, method=context.method + "AsBytes", assign=assign, after=after)

    def request_body(self, param: Param) -> str:
        """The RequestBody for a streaming payload's value."""
        value = param.value
        if isinstance(value, PlaceholderRef) and not self.inline_placeholders():
            return f"RequestBody.fromString({self.variable(value.name)})"
        if isinstance(value, BlobValue) and not value.is_text:
            return f"RequestBody.fromBytes({java_bytes(value.data)})"
        if isinstance(value, StrValue):
            return f"RequestBody.fromString({java_string(value.text)})"
        raise UnsupportedValue(f"{param.name} is a streaming payload: give it as text or bytes")

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        request = "".join(f"\n        .{a.name}({a.value})" for a in context.args)
        lines = [f"client.{self.method(call.operation)}Paginator({context.request_type}.builder(){request}"
                 "\n        .build())"]
        output = call.op_model.output_shape if call.op_model is not None else None
        for member in found.items:
            lines.append(f"        .{self.member_of(output, member)}()\n        .forEach(System.out::println);")
        return "".join(lines[:1]) + "\n" + "\n".join(lines[1:])

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        lines = []
        for name in call.errors:
            message = java_string(error_summary(call, name) + " ")
            lines += [f"}} catch ({self.model_class(name, error=True)} e) {{",
                      f"    System.err.println({message}\n            + e.awsErrorDetails().errorMessage());",
                      "    throw e;"]
        return dataclasses.replace(context, guard_open="try {", guard_close="\n".join([*lines, "}"]),
                                   guard_indent="    ")

    def _value_imports(self, value: Value, package: str, item: bool = False) -> set[str]:
        found: set[str] = set()
        if isinstance(value, ListValue):
            found.add("java.util.List")
            for member in value.items:
                found |= self._value_imports(member, package, True)
        elif isinstance(value, MapValue):
            found.add("java.util.Map")
            for _, member in value.entries:
                found |= self._value_imports(member, package, True)
        elif not item and (constant := self.enum_constant(value)) is not None:
            found.add(f"{package}.{constant.rsplit('.', 1)[0]}")
        elif isinstance(value, StructValue):
            found.add(f"{package}.{self.model_class(value.shape.name)}")
            for _, member in value.members:
                found |= self._value_imports(member, package)
        elif isinstance(value, StrValue) and value.shape.type_name in _VALUE_TYPES:
            found.add(_VALUE_TYPES[value.shape.type_name])
        return found

    def document_text(self, variable: str) -> str:
        return f"mapper.writeValueAsString({variable})"

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        token = _SCOPE.set(_Scope(self.names(model)))
        try:
            return self._imports(model, steps)
        finally:
            _SCOPE.reset(token)

    def _imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        names = self.names(model).names
        package = "software.amazon.awssdk.services." + names.model_package
        client = f"software.amazon.awssdk.services.{names.package}.{names.client}"
        found = {"software.amazon.awssdk.regions.Region", client}
        for step in steps:
            if isinstance(step, Edit):
                found.update({"com.fasterxml.jackson.databind.node.ArrayNode"})
                if step.unique_by:
                    found.add("com.fasterxml.jackson.databind.JsonNode")
                continue
            found.add(f"{package}.{self.request_type(step.operation)}")
            found.update(f"{package}.{self.model_class(name, error=True)}" for name in step.errors)
            if (step.output_fields or step.save) and not pages(step):
                found.add(f"{package}.{self.response_type(step.operation)}")
                if streaming_output(step) is not None:
                    found.add("software.amazon.awssdk.core.ResponseBytes")
            if step.save:
                found.add("com.fasterxml.jackson.databind.node.ObjectNode")
            stream = streaming_param(step)
            for param in step.params:
                if param is stream:
                    found.add("software.amazon.awssdk.core.sync.RequestBody")
                    continue
                found.update(self._value_imports(param.value, package))
        if uses_documents(steps) and any(isinstance(s, Edit) or s.save for s in steps):
            found.add("com.fasterxml.jackson.databind.ObjectMapper")
        return tuple(f"import {name};" for name in sorted(found))

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> JavaContext:
        return JavaContext(
            client_class=self.names(model).names.client,
            region=_region_constant(model.region),
            throws=" throws Exception" if self.preamble(steps) else "",
        )

    def comment_line(self, line: str) -> str:
        return java_comment_text(super().comment_line(line))

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        return _CHECKED(source)

    def preamble(self, steps: tuple[Step, ...]) -> tuple[str, ...]:
        if any(isinstance(s, Edit) or s.save for s in steps):
            return ("ObjectMapper mapper = new ObjectMapper();",)
        return ()

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        service = self.names(model).names
        artifact = service.artifact
        lines = [
            "<dependencyManagement>",
            "  <dependencies>",
            "    <dependency>",
            "      <groupId>software.amazon.awssdk</groupId>",
            "      <artifactId>bom</artifactId>",
            f"      <version>{maven_property('awssdk.version') or 'LATEST'}</version>",
            "      <type>pom</type>",
            "      <scope>import</scope>",
            "    </dependency>",
            "  </dependencies>",
            "</dependencyManagement>",
            "<dependencies>",
            "  <dependency>",
            "    <groupId>software.amazon.awssdk</groupId>",
            f"    <artifactId>{artifact}</artifactId>",
            "  </dependency>",
        ]
        if any(isinstance(s, Edit) or s.save for s in steps):
            version = maven_version("com.fasterxml.jackson.core", "jackson-databind")
            lines += [
                "  <dependency>",
                "    <groupId>com.fasterxml.jackson.core</groupId>",
                "    <artifactId>jackson-databind</artifactId>",
                *([f"    <version>{version}</version>"] if version else []),
                "  </dependency>",
            ]
        lines.append("</dependencies>")
        base = ("https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/services/"
                + service.package.replace(".", "/"))
        client = service.client
        model_package = f"software.amazon.awssdk.services.{service.model_package}"
        token = _SCOPE.set(_Scope(self.names(model)))
        try:
            anchors = {op: f"{self.method(op)}({model_package}.{self.request_type(op)})" for op in operations(steps)}
        finally:
            _SCOPE.reset(token)
        return Install(
            tool="Maven",
            lines=tuple(lines),
            lexer="xml",
            runtime="Java 15 or later (text blocks)" if uses_text_documents(steps) else "Java 8 or later",
            references=tuple(
                Reference(op, f"{base}/{client}.html#{anchors[op]}") for op in operations(steps)
            ),
        )


def streaming_param(call: Call) -> Param | None:
    """The call's streaming blob payload, when the spec gives it."""
    return next((p for p in call.params
                 if p.shape.type_name == "blob" and p.shape.serialization.get("streaming")), None)


def streaming_output(call: Call) -> str | None:
    """The output member that streams (S3 GetObject's Body), if the operation has one."""
    shape = call.op_model.output_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if payload and call.op_model.has_streaming_output:
        return str(payload)
    return None


def java_bytes(data: bytes) -> str:
    """A byte array literal (Java bytes are signed)."""
    return "new byte[]{" + ", ".join(str(b - 256 if b > 127 else b) for b in data) + "}"


def _region_constant(region: str) -> str:
    """The SDK's Region constant for a Region name: us-west-2 -> US_WEST_2."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", region):
        raise UnsupportedValue(f"{region!r} is not a Region name such as us-west-2")
    return region.upper().replace("-", "_")


_VALUE_TYPES = {"blob": "software.amazon.awssdk.core.SdkBytes", "timestamp": "java.time.Instant"}


LANGUAGE = Java()

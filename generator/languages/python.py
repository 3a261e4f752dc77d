"""Python with boto3: snake_case methods, PascalCase request members, dicts for documents."""

from __future__ import annotations

import ast
import codecs
import dataclasses
import io
import math
import re
import tokenize
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore
import botocore.session
from botocore.exceptions import UnknownServiceError
from botocore.model import Shape

from ..model import Call, Edit, Model, Step, StrValue, Value
from ..parsecheck import SyntaxProblem
from ..python_format import format_program
from .base import (
    Holes,
    Language,
    LanguageContext,
    Pages,
    StepContext,
    UnsupportedValue,
    error_summary,
    operations,
    singular,
    snake,
    split_holes,
    uses_documents,
)
from .install import Install, Reference, installed_version, pinned, requires_python

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_RESERVED = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    "boto3", "json", "client", "print",
}  # fmt: skip


# Python reads an encoding declaration from a comment on the first two lines (PEP 263):
# "# coding: utf-7" would make the rest of the file be decoded as UTF-7, where "+AAo-" is a
# line break. Comment text never holds "coding" right before ":" or "=".
_ENCODING_DECLARATION = re.compile(r"(coding)(?=[:=])")


def python_comment_text(text: str) -> str:
    """text for a # comment, with anything PEP 263 would read as an encoding declaration
    broken up (coding: -> coding -:)."""
    return _ENCODING_DECLARATION.sub(r"\1 -", text)


@dataclass(frozen=True)
class PythonContext(LanguageContext):
    service: str  # the service name as a string literal, "kms"
    region: str  # the Region as a string literal


def python_string(text: str) -> str:
    """A double-quoted literal; unprintable characters become escapes, the rest stays readable."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def python_bytes(text: str) -> str:
    """A bytes literal holding text's UTF-8 encoding (boto3 takes blobs as bytes):
    b"..." for ASCII text, else the text literal encoded."""
    if text.isascii():
        return "b" + python_string(text)  # ASCII text only needs escapes a bytes literal also has
    return python_string(text) + ".encode()"


def python_fstring(pieces: list[tuple[str, bool]]) -> str:
    """An f-string of literal text and variables (see base.split_holes)."""
    out = []
    for text, variable in pieces:
        out.append("{" + text + "}" if variable else python_string(text)[1:-1].replace("{", "{{").replace("}", "}}"))
    return 'f"' + "".join(out) + '"'


def python_value(value: Any, holes: Holes = ()) -> str:
    """A Python literal for a JSON value (dict, list, str, number, bool, None); a string
    holding a placeholder value (holes) becomes an f-string of its variable."""
    if isinstance(value, str) and holes:
        pieces = split_holes(value, holes)
        if len(pieces) == 1 and pieces[0][1]:
            return pieces[0][0]
        if any(variable for _, variable in pieces):
            return python_fstring(pieces)
    if isinstance(value, list):
        return "[" + ", ".join(python_value(v, holes) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_string(k)}: {python_value(v, holes)}" for k, v in value.items()) + "}"
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnsupportedValue(f"{value!r} is not a JSON number")
        return repr(value)
    if isinstance(value, str):
        return python_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_string(k)}: {python_value(v)}" for k, v in value.items()) + "}"
    raise UnsupportedValue(f"cannot express {type(value).__name__} in Python")


def python_errors(source: str) -> list[SyntaxProblem]:
    """Python's parser, after its own first step: a program whose first two lines declare
    an encoding other than UTF-8 (PEP 263) would be decoded differently from how it is
    written and shown, and is refused."""
    data = source.encode("utf-8", "surrogatepass")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return [SyntaxProblem(exc.lineno or 1, 1, str(exc.msg), "python encoding declaration")]
    if codecs.lookup(encoding).name != "utf-8":
        return [SyntaxProblem(1, 1, f"declares the encoding {encoding}: Python would not read the program as written",
                              "python encoding declaration")]
    try:
        ast.parse(data)
    except SyntaxError as exc:
        return [SyntaxProblem(exc.lineno or 1, exc.offset or 1, exc.msg, "python ast")]
    return []


@cache
def _operations(service: str) -> frozenset[str] | None:
    """The operations botocore (what boto3 makes its client methods from) has for a service."""
    try:
        return frozenset(botocore.session.get_session().get_service_model(service).operation_names)
    except UnknownServiceError:
        return None


class Python(Language):
    key = "python"
    reference = True
    tab_order = 30
    label = "Python"
    extension = "py"
    lexer = "python"
    grammar = "python"
    comment_prefix = "#"
    sdk = "AWS SDK for Python (Boto3)"

    def format(self, source: str) -> str:
        return format_program(source)  # black's output, with black run only where it has work to do

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        return python_errors(source)

    def variable(self, snake_name: str) -> str:
        return snake_name + "_" if snake_name in _RESERVED else snake_name

    def method(self, operation: str) -> str:
        return snake(operation)

    def member(self, name: str) -> str:
        return name  # boto3 keeps botocore's member names

    def class_name(self, slug: str) -> str:
        return slug.replace("-", "_")

    def string(self, text: str) -> str:
        return python_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return python_value(value)

    def boolean(self, flag: bool) -> str:
        return "True" if flag else "False"

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return "[" + ", ".join(items) + "]"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in entries) + "}"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        return "{" + ", ".join(f"{python_string(k)}: {v}" for k, v in members) + "}"

    def literal(self, value: Value) -> str:
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            return python_bytes(value.text)
        return super().literal(value)  # timestamps stay ISO 8601 text, which boto3 parses

    def builds_documents(self) -> bool:
        return True  # json_document and edit_append take holes (said here, not found by inspecting them per step)

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        return f"{name} = {python_value(document, holes)}", f"json.dumps({name})"

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"{name} = {literal}"

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        return f"print({result}{''.join(f'[{python_string(part)}]' for part in member.split('.'))})"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"{variable} = json.loads({result}[{python_string(member)}])"

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        target = self.variable(edit.variable) + "".join(f"[{python_string(k)}]" for k in edit.path)
        if not edit.unique_by:
            return (f"{target}.append({python_value(edit.item.value, holes)})",)
        item = self.variable(singular(edit.path[-1]) if edit.path else "item")
        key = python_string(edit.unique_by)
        return (
            f"{item} = {python_value(edit.item.value, holes)}",
            f"if all(existing.get({key}) != {item}[{key}] for existing in {target}):\n"
            f"    {target}.append({item})",
        )

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        args = ", ".join(f"{a.name}={a.value}" for a in context.args)
        lines = [
            f"paginator = client.get_paginator({python_string(snake(call.operation))})",
            f"for page in paginator.paginate({args}):",
        ]
        for member in found.items:
            item = self.variable(singular(member))
            lines += [f"    for {item} in page[{python_string(member)}]:", f"        print({item})"]
        return "\n".join(lines)

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        handlers = []
        for name in call.errors:
            message = python_string(error_summary(call, name) + " ")[1:-1].replace("{", "{{").replace("}", "}}")
            handlers += [f"except client.exceptions.{name} as error:",
                         f'    raise SystemExit(f"{message}{{error}}") from error']
        return dataclasses.replace(context, guard_open="try:", guard_close="\n".join(handlers), guard_indent="    ")

    def document_text(self, variable: str) -> str:
        return f"json.dumps({variable})"

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        if uses_documents(steps):
            return ("import json", "", "import boto3")
        return ("import boto3",)

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> PythonContext:
        return PythonContext(service=python_string(model.service), region=python_string(model.region))

    def comment_line(self, line: str) -> str:
        return python_comment_text(super().comment_line(line))

    def missing_in_sdk(self, service: str, operation: str) -> str:
        """boto3 makes a client method of every operation in botocore's model, so only an
        operation botocore lacks is missing."""
        known = _operations(service)
        if known is None:
            return f"botocore {botocore.__version__} has no service {service}"
        return "" if operation in known else f"botocore {botocore.__version__} has no {service} operation {operation}"

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        needs = requires_python("boto3").removeprefix(">=")
        base = f"https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/{model.service}/client"
        return Install(
            tool="pip",
            lines=(f"pip install {pinned('boto3', installed_version('boto3'), '==')}",),
            runtime=f"Python {needs} or later" if needs else "Python 3",
            references=tuple(Reference(op, f"{base}/{snake(op)}.html") for op in operations(steps)),
        )


LANGUAGE = Python()

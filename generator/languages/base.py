"""What every language module provides, and the step contexts templates print.

A language module turns the model into precomputed strings: identifiers in the
language's casing, literals for every value type, and the idioms around a call
(declaring placeholders, encoding JSON documents, printing results). Templates only
lay those strings out; they never escape, case-convert or inspect types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import json
import math
import re
import struct
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import botocore.session
from botocore import xform_name
from botocore.model import Shape

from ..model import (
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
from ..service import output_member
from .install import Install

# A placeholder value a document is built around: text that JSON writes as it is and that
# no language's string syntax treats specially (ARNs, account ids, names).
HOLE_TEXT = re.compile(r"[A-Za-z0-9_.:/@+=,*-]+")
Holes = tuple[tuple[str, str], ...]  # (placeholder value, variable), longest value first


def split_holes(text: str, holes: Holes) -> list[tuple[str, bool]]:
    """text cut where it holds a placeholder value: (literal text, False) and
    (variable, True) pieces, in order; empty literal pieces are left out."""
    if not holes:
        return [(text, False)] if text else []
    pattern = re.compile("|".join(re.escape(display) for display, _ in holes))
    variables = dict(holes)
    out: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            out.append((text[position : match.start()], False))
        out.append((variables[match.group()], True))
        position = match.end()
    if position < len(text):
        out.append((text[position:], False))
    return out


def document_pieces(document: Any, holes: Holes) -> list[tuple[str, bool]]:
    """The document's JSON text (pretty_json) cut where a string value holds a placeholder
    value: (literal JSON text, False) and (variable, True) pieces. Keys, numbers and the
    rest of the text are never taken for a placeholder value."""
    if not holes:
        return [(pretty_json(document), False)]
    marks: dict[str, str] = {}  # mark -> variable
    taken = set(json.dumps(document, ensure_ascii=False))
    # Plane-15 private-use characters (JSON keeps them as they are) the document does not hold.
    free = (chr(code) for code in range(0xF0000, 0xFFFFE) if chr(code) not in taken)

    def mark(item: Any) -> Any:
        if isinstance(item, str):
            out = []
            for piece, variable in split_holes(item, holes):
                if variable:
                    sign = next(free)
                    marks[sign] = piece
                    out.append(sign)
                else:
                    out.append(piece)
            return "".join(out)
        if isinstance(item, list):
            return [mark(child) for child in item]
        if isinstance(item, dict):
            return {key: mark(child) for key, child in item.items()}
        return item

    text = pretty_json(mark(document))
    if not marks:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    position = 0
    for found in re.finditer("|".join(map(re.escape, marks)), text):
        if found.start() > position:
            pieces.append((text[position : found.start()], False))
        pieces.append((marks[found.group()], True))
        position = found.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces




SNIPPET_START = "snippet-start"
SNIPPET_END = "snippet-end"


class UnsupportedValue(Exception):
    """A value this language cannot express in a snippet; reported, never emitted.

    step (index in the unit's steps), member (request member) and placeholder say where
    the value is, as far as the code that raised it knew; at() fills them in on the way up.
    """

    def __init__(self, message: str, *, step: int | None = None, member: str | None = None,
                 placeholder: str | None = None):
        super().__init__(message)
        self.message = message
        self.step = step
        self.member = member
        self.placeholder = placeholder

    def at(
        self, *, step: int | None = None, member: str | None = None, placeholder: str | None = None
    ) -> UnsupportedValue:
        """self, with the places not known yet filled in."""
        self.step = self.step if self.step is not None else step
        self.member = self.member or member
        self.placeholder = self.placeholder or placeholder
        return self


class StepFailed(Exception):
    """A language's rules failed on one step (a gap in the rules, not a refusal): which
    step and member, and the exception they raised."""

    def __init__(self, cause: Exception, *, step: int, member: str | None = None):
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause
        self.step = step
        self.member = member


@dataclass(frozen=True)
class Arg:
    """One request member as the template prints it."""

    name: str
    value: str  # an already-rendered literal or variable reference


@dataclass(frozen=True)
class StepContext:
    """Precomputed strings for one scenario step, in the order the template prints them."""

    kind: str  # "call" or "edit"
    comment: str = ""
    declarations: tuple[str, ...] = ()  # statements before the call (variables, documents)
    method: str = ""  # the SDK method, in the language's casing
    request_type: str = ""  # typed request class where the language has one
    args: tuple[Arg, ...] = ()
    result: str = ""  # variable the response goes to, or "" when unused
    assign: str = ""  # text before the call that stores the response, e.g. "var response = "
    after: tuple[str, ...] = ()  # statements after the call (saving, printing)
    operation: str = ""  # botocore operation name, for templates that need the CLI command
    # The whole call with its printing, as the language writes it (a paginator loop); when
    # set, templates print it in place of their own call layout and after.
    statement: str = ""
    # Handling of the call's modelled errors: templates print guard_open, then the call
    # (with after) indented by guard_indent, then guard_close.
    guard_open: str = ""
    guard_close: str = ""
    guard_indent: str = ""


@dataclass(frozen=True)
class LanguageContext:
    """Names a language's own templates print (client class, Region constant…).

    Each language declares a subclass with typed fields and returns it from
    Language.extra_context; templates read them as extra.<field>.
    """


@dataclass(frozen=True)
class ProgramContext:
    header: str  # the title as a comment block
    class_name: str
    imports: tuple[str, ...]
    steps: tuple[StepContext, ...]
    snippet_start: str  # marker comments around the copy-paste fragment
    snippet_end: str
    preamble: tuple[str, ...] = ()  # statements the fragment starts with (e.g. a JSON mapper)
    extra: LanguageContext = LanguageContext()


@contextmanager
def member_of(name: str) -> Iterator[None]:
    """Within it, a refusal is placed at request member name (see UnsupportedValue.at)."""
    try:
        yield
    except UnsupportedValue as exc:
        raise exc.at(member=name) from None


def words(name: str) -> list[str]:
    """Split an AWS name into words: 'DynamoDB' -> ['Dynamo', 'DB'], 'KeyId' -> ['Key', 'Id']."""
    parts: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        parts.extend(re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+", chunk))
    return [p for p in parts if p]


def pascal_words(name: str) -> str:
    """'DynamoDB' -> 'DynamoDb', 'KMS' -> 'Kms' (the AWS SDK for Java 2.x convention)."""
    return "".join(w[:1].upper() + w[1:].lower() for w in words(name))


def camel_words(name: str) -> str:
    pascal = pascal_words(name)
    return pascal[:1].lower() + pascal[1:]


def snake(name: str) -> str:
    return str(xform_name(name))


def document_name(call: Call, member: str) -> str:
    """A readable snake_case name for a JSON document passed as member of call.

    The operation's noun is preferred when it ends with the member name
    (PutKeyPolicy + Policy -> key_policy); otherwise the member name itself.
    """
    noun = words(call.operation)[1:]
    member_words = words(member)
    if noun and [w.lower() for w in noun[-len(member_words):]] == [w.lower() for w in member_words]:
        return "_".join(w.lower() for w in noun)
    return "_".join(w.lower() for w in member_words)


def finite(value: int | float) -> int | float:
    """value, refused when it is infinity or NaN: no request or JSON document can hold them
    (YAML's .inf and .nan can still reach a language)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise UnsupportedValue(f"{value!r} is not a JSON number")
    return value


_INTEGER_BITS = {"integer": 32, "long": 64}


def fitting(value: int | float, shape: Shape) -> int | float:
    """value, refused where a typed language (Java, C#, Go) could not compile it as the
    shape's type: infinity and NaN, an integer beyond the member's 32 or 64 bits, a float
    that overflows 32 bits or would round to 0 (javac rejects both). Validation checks
    only the model's own min and max, which many members do not set."""
    finite(value)
    kind = shape.type_name
    bits = _INTEGER_BITS.get(kind)
    if bits is not None and isinstance(value, int) and not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        raise UnsupportedValue(f"{value} does not fit in {shape.name}, a {bits}-bit {kind}")
    if kind == "float":
        try:
            single = struct.unpack("<f", struct.pack("<f", float(value)))[0]
        except OverflowError:
            raise UnsupportedValue(f"{value!r} is too large for {shape.name}, a 32-bit float") from None
        if single == 0 and value != 0:
            raise UnsupportedValue(f"{value!r} is too small for {shape.name}, a 32-bit float: it would be 0")
    return value


def uses_documents(steps: tuple[Step, ...]) -> bool:
    """True when a program encodes or decodes JSON documents (so it needs a JSON library)."""
    for step in steps:
        if isinstance(step, Edit) or step.save:
            return True
        if any(isinstance(p.value, (JsonDocValue, VariableRef)) for p in step.params):
            return True
    return False


@dataclass(frozen=True)
class Pages:
    """A call the language makes through its SDK's paginator: the request members that
    carry the page token (input_token) and the list members printed item by item."""

    input_token: str
    items: tuple[str, ...]  # output list members of strings (result keys) the program prints


@functools.cache
def _paginators(service: str) -> dict[str, Any]:
    try:
        config = botocore.session.get_session().get_paginator_model(service)._paginator_config
    except Exception:  # no paginators-1.json for the service
        return {}
    return dict(config)


def pages(call: Call) -> Pages | None:
    """How the call is paginated, when it is and the program prints only its result keys
    (lists of strings) and saves nothing; None for a plain call."""
    if call.op_model is None or call.save or not call.output_fields:  # a call built without its model
        return None
    config = _paginators(call.op_model.service_model.service_name).get(call.operation)
    if not config:
        return None
    keys = config.get("result_key")
    keys = [keys] if isinstance(keys, str) else list(keys or [])
    token = config.get("input_token")
    if not isinstance(token, str) or not set(call.output_fields) <= set(keys):
        return None
    for member in call.output_fields:
        shape = output_member(call.op_model, member)
        if shape is None or shape.type_name != "list" or shape.member.type_name != "string":  # type: ignore[attr-defined]
            return None
    return Pages(token, call.output_fields)


def error_summary(call: Call, name: str) -> str:
    """The error's name and the first sentence of the model's documentation of it:
    "NotFoundException: The request was rejected because …"."""
    shape = next((s for s in call.op_model.error_shapes if s.name == name), None)
    text = re.sub(r"<[^>]+>", "", str(getattr(shape, "documentation", "") or "")).strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0] if text else ""
    return f"{name}: {' '.join(sentence.split())}".rstrip(": ")


def operations(steps: tuple[Step, ...]) -> list[str]:
    """The operations the steps call, in the order first called, each once."""
    return list(dict.fromkeys(step.operation for step in steps if isinstance(step, Call)))


def uses_text_documents(steps: tuple[Step, ...]) -> bool:
    """True when a program writes a JSON document out as text (a document value or an edit)."""
    return any(isinstance(step, Edit) or any(isinstance(p.value, JsonDocValue) for p in step.params)
               for step in steps)


def pretty_json(value: Any) -> str:
    """The JSON text every language embeds: two-space indent, non-ASCII kept readable."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:  # json.dumps would write Infinity or NaN, which is not JSON
        raise UnsupportedValue("a JSON document cannot hold infinity or NaN") from None


def utc_timestamp(text: str) -> dt.datetime:
    """A timestamp value (ISO 8601) as a UTC datetime; without an offset it is UTC, as botocore reads it."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UnsupportedValue(f"timestamps must be ISO 8601, e.g. 2014-05-12T08:00:00Z; got {text!r}") from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def iso_utc(moment: dt.datetime) -> str:
    """2014-05-12T08:00:00Z: the form every SDK parses (Java's Instant.parse needs the seconds and the Z)."""
    timespec = "microseconds" if moment.microsecond else "seconds"
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


_BUILDS_DOCUMENTS: dict[type, bool] = {}  # Language class -> builds_documents()


class Language(ABC):
    """The rules of one language. Subclasses fill in naming, literals and idioms."""

    key: str  # identifier used in paths and options, e.g. "python"
    tab_order: int  # position of the language's tab (Java 10, C# 20, Python 30, Ruby 40, CLI 50…)
    label: str  # tab label, e.g. "Python"
    extension: str  # file extension of programs, e.g. "py"
    lexer: str  # code-fence language for syntax highlighting
    comment_prefix: str  # line comment, used for snippet markers
    sdk: str  # the SDK the snippets use
    # The tree-sitter grammar that parse-checks every program: the Python package
    # tree_sitter_<grammar> (override grammar_module when it is named otherwise), whose
    # grammar_function returns the language. A language with its own checker overrides
    # syntax_errors instead.
    grammar: str
    grammar_module: str = ""
    grammar_function: str = "language"
    # The language whose requests every other language's requests are compared with.
    reference: bool = False
    # Regions besides the fragment ("snippet") that templates mark with
    # '<comment> <name>-start' / '<comment> <name>-end' lines, e.g. ("client",) where a
    # runner needs the lines that create the client.
    regions: ClassVar[tuple[str, ...]] = ()
    # The folder holding this language's templates/<key>/ (None: the built-in templates).
    templates: Path | None = None

    # --- files, formatting and parsing -------------------------------------------

    def program_filename(self, unit_id: str) -> str:
        """The file name of a program, following the language's conventions."""
        return f"{self.class_name(unit_id)}.{self.extension}"

    def format(self, source: str) -> str:
        """Format a whole program (identity where no pinned formatter exists)."""
        return source

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        """Every parse error of a whole program (an empty list: it parses)."""
        return tree_sitter_errors(self.grammar, source, self.grammar_module or None, self.grammar_function)

    # --- naming ----------------------------------------------------------------------

    @abstractmethod
    def variable(self, snake_name: str) -> str:
        """A local variable name from a snake_case name."""

    @abstractmethod
    def method(self, operation: str) -> str:
        """The client method for a botocore operation name."""

    @abstractmethod
    def member(self, name: str) -> str:
        """A request member name from a botocore member name."""

    def argument(self, name: str, shape: Shape) -> str:
        """The name a request member is set by; SDKs may vary it by the member's shape."""
        return self.member(name)

    def class_name(self, slug: str) -> str:
        """A program's class or file stem from an id such as put-key-policy."""
        return "".join(part.capitalize() for part in slug.split("-"))

    # --- literals --------------------------------------------------------------------

    @abstractmethod
    def string(self, text: str) -> str:
        """A string literal that evaluates to exactly text."""

    @abstractmethod
    def number(self, value: int | float, shape: Shape) -> str: ...

    def boolean(self, flag: bool) -> str:
        return "true" if flag else "false"  # most languages spell it this way

    @abstractmethod
    def list_literal(self, items: list[str], shape: Shape) -> str: ...

    @abstractmethod
    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str: ...

    @abstractmethod
    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str: ...

    @abstractmethod
    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        """(declaration statement, expression that yields the JSON text) for a document.

        holes: (value, variable) pairs, longest value first; where a string of the
        document holds a value, the language puts the variable in its place (see
        split_holes)."""

    def literal(self, value: Value) -> str:
        """The literal for any model value (documents and placeholders are handled by the caller)."""
        if isinstance(value, StrValue):
            return self.string(value.text)
        if isinstance(value, NumValue):
            return self.number(value.number, value.shape)
        if isinstance(value, BoolValue):
            return self.boolean(value.flag)
        if isinstance(value, ListValue):
            return self.list_literal([self.literal(v) for v in value.items], value.shape)
        if isinstance(value, MapValue):
            return self.map_literal([(self.string(k), self.literal(v)) for k, v in value.entries], value.shape)
        if isinstance(value, StructValue):
            return self.struct_literal([(k, self.literal(v)) for k, v in value.members], value.shape)
        if isinstance(value, PlaceholderRef):
            return self.string(value.display)
        if isinstance(value, JsonDocValue):
            return self.string(value.document.text)
        raise UnsupportedValue(f"{self.label} cannot express {type(value).__name__} inline")

    # --- idioms around a call ------------------------------------------------------

    @abstractmethod
    def declare(self, name: str, literal: str, comment: str) -> str:
        """A statement declaring variable name = literal, with an optional comment line."""

    @abstractmethod
    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        """A statement that prints one output member (or dotted path, KeyMetadata.KeyId) of the response."""

    @abstractmethod
    def save_document(self, variable: str, result: str, member: str) -> str:
        """A statement parsing the JSON text in an output member into a document variable."""

    @abstractmethod
    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        """Statements appending the JSON item to the list at edit.path in edit.variable
        (holes as for json_document)."""

    @abstractmethod
    def document_text(self, variable: str) -> str:
        """An expression serialising a document variable back to JSON text."""

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        """Import lines a program needs (already formatted)."""
        return ()

    def inline_placeholders(self) -> bool:
        """True where snippets write placeholder values in place (the AWS CLI)."""
        return False

    # --- building step contexts ------------------------------------------------------

    def placeholder_declarations(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        """Declarations of every placeholder the steps use (as a whole value or inside a
        document), first use first."""
        seen: dict[str, None] = {}
        inside = self.builds_documents() or self.inline_placeholders()  # placeholders inside documents
        for step in steps:
            if isinstance(step, Edit):
                if inside:
                    seen.update(dict.fromkeys(document_placeholders(model, step.placeholders)))
                continue
            for param in step.params:
                if isinstance(param.value, PlaceholderRef):
                    seen.setdefault(param.value.name, None)
                elif isinstance(param.value, JsonDocValue) and inside:
                    seen.update(dict.fromkeys(document_placeholders(model, param.value.placeholders)))
        out = []
        for name in seen:
            placeholder = model.placeholder(name)
            try:
                out.append(self.declare_placeholder(placeholder.name, placeholder.display, placeholder.description))
            except UnsupportedValue as exc:
                raise exc.at(placeholder=name) from None
        return tuple(out)

    def builds_documents(self) -> bool:
        """True when json_document and edit_append take holes (a language written before
        they did writes documents as they are, and declares no variables for them). Read
        from the signatures once per class: reading them costs more than the rest of a
        call's rendering."""
        known = _BUILDS_DOCUMENTS.get(type(self))
        if known is None:
            known = _BUILDS_DOCUMENTS[type(self)] = all(
                "holes" in inspect.signature(method).parameters for method in (self.json_document, self.edit_append)
            )
        return known

    def document_holes(self, model: Model, names: tuple[str, ...]) -> Holes:
        """(value, variable) of the placeholders (of names) a document is built around,
        longest value first (an ARN placeholder before the account id inside it). None
        where placeholders are written in place (inline_placeholders)."""
        if self.inline_placeholders() or not self.builds_documents():
            return ()
        found = [(model.placeholder(n).display, self.variable(n)) for n in document_placeholders(model, names)]
        return tuple(sorted(found, key=lambda h: -len(h[0])))

    def declare_placeholder(self, name: str, display: str, description: str) -> str:
        comment = self.comment(f"Replace with {description}.") if description else ""
        return self.declare(self.variable(name), self.string(display), comment)

    def step_contexts(self, model: Model, steps: tuple[Step, ...]) -> tuple[StepContext, ...]:
        results: dict[str, str] = {}  # result variable -> operation it was declared for
        out: list[StepContext] = []
        for index, step in enumerate(steps):
            try:
                if isinstance(step, Edit):
                    comment = self.comment(step.comment) if step.comment else ""
                    holes = self.document_holes(model, step.placeholders)
                    after = self.edit_append(step, holes) if holes else self.edit_append(step)
                    out.append(StepContext(kind="edit", comment=comment, after=after))
                    continue
                out.append(self.call_context(model, step, results))
            except UnsupportedValue as exc:
                raise exc.at(step=index) from None
            except StepFailed:
                raise
            except Exception as exc:  # a gap in the rules: reported with the step it failed on
                raise StepFailed(exc, step=index) from exc
        return tuple(out)

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        declarations: list[str] = []
        args: list[Arg] = []
        for param in call.params:
            with member_of(param.name):
                value = param.value
                name = self.argument(param.name, param.shape)
                if isinstance(value, PlaceholderRef) and not self.inline_placeholders():
                    args.append(Arg(name, self.variable(value.name)))
                elif isinstance(value, JsonDocValue):
                    variable = self.variable(document_name(call, param.name))
                    holes = self.document_holes(model, value.placeholders)
                    if holes:
                        declaration, expression = self.json_document(variable, value.document.value, holes)
                    else:
                        declaration, expression = self.json_document(variable, value.document.value)
                    declarations.append(declaration)
                    args.append(Arg(name, expression))
                elif isinstance(value, VariableRef):
                    args.append(Arg(name, self.document_text(self.variable(value.name))))
                else:
                    args.append(Arg(name, self.literal(value)))
        result, assign = "", ""
        if call.output_fields or call.save:
            result = self.variable("response")
            if results.get(result, call.operation) != call.operation:
                result = self.variable(snake(call.operation) + "_response")
            assign = self.assignment(result, call.operation, first=result not in results)
            results[result] = call.operation
        after: list[str] = [self.save_document(self.variable(var), result, member) for var, member in call.save]
        for member in call.output_fields:  # a member or a dotted path such as KeyMetadata.KeyId
            after.append(self.print_output(result, member, output_member(call.op_model, member)))
        context = StepContext(
            kind="call",
            comment=self.comment(call.comment) if call.comment else "",
            declarations=tuple(declarations),
            method=self.method(call.operation),
            request_type=self.request_type(call.operation),
            args=tuple(args),
            result=result,
            assign=assign,
            after=tuple(a for a in after if a),
            operation=call.operation,
        )
        return self.idioms(model, call, context)

    def idioms(self, model: Model, call: Call, context: StepContext) -> StepContext:
        """context with the SDK's paginator (see paginate) and the handling of the call's
        modelled errors (see handle_errors) where the language has them."""
        found = pages(call)
        if found is not None:
            statement = self.paginate(call, context, found)
            if statement:
                context = dataclasses.replace(context, statement=statement, after=(), assign="", result="")
        if call.errors:
            context = self.handle_errors(call, context)
        return context

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        """The call made through the SDK's paginator, printing every item of found.items
        (one per line), as one statement; "" where the language has none."""
        return ""

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        """context with guard_open / guard_close handling call.errors; unchanged by default."""
        return context

    def assignment(self, result: str, operation: str, first: bool) -> str:
        """The text before a call that keeps its response ('response = ')."""
        return f"{result} = "

    def request_type(self, operation: str) -> str:
        return ""

    def program_context(self, model: Model, slug: str, title: str, steps: tuple[Step, ...]) -> ProgramContext:
        return ProgramContext(
            header=self.comment(title),
            class_name=self.class_name(slug),
            imports=self.imports(model, steps),
            steps=self.step_contexts(model, steps),
            snippet_start=f"{self.comment_prefix} {SNIPPET_START}",
            snippet_end=f"{self.comment_prefix} {SNIPPET_END}",
            preamble=self.placeholder_declarations(model, steps) + self.preamble(steps),
            extra=self.extra_context(model, steps),
        )

    def comment(self, text: str) -> str:
        """Text as line comments; every kind of line break starts a new comment line.

        Whatever the text holds, the result is comment lines only: each line goes through
        comment_line, which makes invisible controls visible, keeps a line from reading as
        a region marker, and (per language) defuses what the compiler would read in a
        comment (Java's unicode escapes, encoding declarations, build constraints)."""
        lines = [line.strip() for line in text.splitlines()] or [""]
        return "\n".join(f"{self.comment_prefix} {self.comment_line(line)}".rstrip() for line in lines)

    def comment_line(self, line: str) -> str:
        """One line of comment text (no line break in it) made safe to print after the prefix."""
        line = visible_controls(line)
        if _MARKER.fullmatch(line):
            line += "."  # a comment is never a region marker (see render.extract_regions)
        return line

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> LanguageContext:
        """Language-specific names templates need (client class, package…)."""
        return LanguageContext()

    def preamble(self, steps: tuple[Step, ...]) -> tuple[str, ...]:
        """Statements the fragment needs before any step (none by default)."""
        return ()

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        """Dependency lines, minimum runtime and SDK reference pages for a program of these
        steps (nothing known by default)."""
        return Install()

    def missing_in_sdk(self, service: str, operation: str) -> str:
        """Why this language's SDK has no such operation of the service (one it dropped,
        e.g. S3 GetBucketLifecycle), as its name data says; "" when it has it or cannot
        tell. The importer leaves such examples out with this reason."""
        return ""


# Characters a comment must not hold as they are: controls other than tab (NUL and
# friends are refused by compilers or break lines), the bidirectional controls that can
# make a line display in another order than it is read ("Trojan Source"), the byte order
# mark, and lone surrogates (which no UTF-8 file can hold).
_HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_MARKER = re.compile(r"[A-Za-z0-9_-]+-(start|end)")


def visible_controls(text: str) -> str:
    """text with every hidden or control character (see _HIDDEN) written as <U+XXXX>."""
    return _HIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def singular(word: str) -> str:
    """Statement -> statement; Statements -> statement (for naming a new list item).

    The name is made of a-z, 0-9 and _ only, whatever the word (a document key from the
    spec): it becomes a variable or file name in code. "item" when nothing is left."""
    lowered = re.sub(r"[^a-z0-9]+", "_", snake(word).lower()).strip("_")
    if not lowered or lowered[0].isdigit():
        lowered = "item_" + lowered if lowered else "item"
    if lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 1 and lowered[-2] != "_":
        return lowered[:-1]
    return lowered


def document_placeholders(model: Model, names: tuple[str, ...]) -> tuple[str, ...]:
    """The placeholders among names a document is built around: those whose value is plain
    ARN-like text (HOLE_TEXT), which reads the same in JSON text and in any literal."""
    return tuple(n for n in names if HOLE_TEXT.fullmatch(model.placeholder(n).display))

"""C# with the AWS SDK for .NET: async calls, object initialisers, raw strings for documents.

Namespaces, clients, classes, properties and value types come from the SDK's own names
(csharp_sdk: the committed table csharp_names.json over the SDK generator's rules), so
that S3's hand-shaped classes, EC2's booleans or DynamoDB's namespace are the SDK's. A
model class whose name a System namespace also has (Lambda's Environment) is written with
its namespace, and so is a System type the service's namespaces also define.
"""

from __future__ import annotations

import contextvars
import dataclasses
import re
import urllib.parse
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape, StructureShape

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
from ..service import output_member
from .base import (
    Arg,
    Holes,
    Language,
    LanguageContext,
    Pages,
    ProgramContext,
    StepContext,
    UnsupportedValue,
    camel_words,
    document_pieces,
    error_summary,
    member_of,
    operations,
    singular,
    uses_documents,
    utc_timestamp,
)
from .c_family import c_family_number
from .csharp_sdk import (
    NUMBERS,
    ServiceSdk,
    fallback_name,
    generic_args,
    service_sdk,
    system_types,
    table,
    upper_first,
)
from .install import Install, Reference
from .parse_memo import ParseMemo

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
# C# treats these as line breaks, which may not appear inside a regular string literal.
_LINE_BREAKS = {"\x85", "\u2028", "\u2029"}
# Text csharp_string writes as it is: no character it escapes (_ESCAPES, controls, DEL, _LINE_BREAKS).
_PLAIN_STRING = re.compile(r'[^\\"\x00-\x1f\x7f\x85\u2028\u2029]*')
_RESERVED = {
    "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
    "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
    "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int",
    "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
    "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
    "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try",
    "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile",
    "while", "client", "args",
}  # fmt: skip
_TYPES = {
    "string": "string", "integer": "int", "long": "long", "boolean": "bool", "double": "double", "float": "float",
    "timestamp": "DateTime",
}  # fmt: skip


def csharp_string(text: str) -> str:
    if _PLAIN_STRING.fullmatch(text):  # most text: nothing to escape
        return '"' + text + '"'
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch in _LINE_BREAKS:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def csharp_verbatim(text: str) -> str:
    """A verbatim string: only the double quote needs escaping (by doubling)."""
    return '@"' + text.replace('"', '""') + '"'


# Characters C# reads as line breaks inside a raw string, besides "\n"; and a raw string's
# lines must not end in white space it would keep or drop unseen.
_RAW_BREAKS = re.compile("[\r\u0085\u2028\u2029]")


def csharp_raw(pieces: list[tuple[str, bool]]) -> str:
    """A multi-line raw string literal (C# 11) holding text exactly, its lines indented by
    whoever places it (the closing quotes set the indentation C# removes); with holes, an
    interpolated raw string with the placeholder variables in their places (pieces: a
    document's text cut by base.document_pieces). Text that cannot be a raw string (line
    breaks other than \n, white space ending a line) becomes one ordinary (interpolated) string."""
    text = "".join(piece for piece, variable in pieces if not variable)
    if _RAW_BREAKS.search(text) or any(line != line.rstrip() for line in text.split("\n")):
        if not any(variable for _, variable in pieces):
            return csharp_string(text)
        return '$"' + "".join("{" + piece + "}" if variable else csharp_string(piece)[1:-1].replace("{", "{{")
                              .replace("}", "}}") for piece, variable in pieces) + '"'
    quotes = '"' * max(3, max((len(run) for run in re.findall('"+', text)), default=0) + 1)
    if not any(variable for _, variable in pieces):
        return f"{quotes}\n{text}\n{quotes}"
    dollars = max((len(run) for run in re.findall(r"[{}]+", text)), default=0) + 1
    body = "".join("{" * dollars + piece + "}" * dollars if variable else piece for piece, variable in pieces)
    return f"{'$' * dollars}{quotes}\n{body}\n{quotes}"


def service_name(model: Model) -> str:
    """The .NET SDK's namespace suffix for the service (KeyManagementService, DynamoDBv2)."""
    namespace = service_sdk(model.service_model).namespace
    return namespace.split(".", 1)[1] if "." in namespace else fallback_name(model.service_model)


# The System types programs name, with their namespaces: written in full where the
# service's own namespaces define the same name (ECS has a Task class).
_SYSTEM_NAMES = {
    "Task": "System.Threading.Tasks", "Environment": "System", "Console": "System", "DateTime": "System",
    "DateTimeKind": "System", "MemoryStream": "System.IO", "Encoding": "System.Text",
    "List": "System.Collections.Generic", "Dictionary": "System.Collections.Generic",
    "JsonNode": "System.Text.Json.Nodes",
}  # fmt: skip
_CURRENT: contextvars.ContextVar[ServiceSdk | None] = contextvars.ContextVar("csharp_service", default=None)
# ServiceSdk.properties of a botocore structure, kept while botocore keeps the structure.
_PROPERTIES: weakref.WeakKeyDictionary[Shape, tuple[ServiceSdk, dict[str, str]]] = weakref.WeakKeyDictionary()
_RANGE = re.compile(r"bytes=(\d+)-(\d+)")


@dataclass(frozen=True)
class CSharpContext(LanguageContext):
    client_class: str  # AmazonKeyManagementServiceClient
    region: str  # the RegionEndpoint property, USWest2
    task: str = "Task"  # System.Threading.Tasks.Task where the service has a Task class




class CSharp(Language):
    key = "csharp"
    tab_order = 20
    label = "C#"
    extension = "cs"
    lexer = "csharp"
    grammar = "c_sharp"
    comment_prefix = "//"
    sdk = "AWS SDK for .NET"

    def variable(self, snake_name: str) -> str:
        name = camel_words(snake_name)
        return "@" + name if name in _RESERVED else name

    def method(self, operation: str) -> str:
        sdk = _CURRENT.get()
        return (sdk.operation(operation) if sdk else operation) + "Async"

    def member(self, name: str) -> str:
        return upper_first(name)  # the SDK's rule; idioms() applies the table's renames with the parent shape

    def class_name(self, slug: str) -> str:
        return re.sub(r"[^A-Za-z0-9]", "", "".join(p.capitalize() for p in slug.split("-"))) + "Example"

    def request_type(self, operation: str) -> str:
        sdk = _CURRENT.get()
        return (sdk.operation(operation) if sdk else operation) + "Request"

    def missing_in_sdk(self, service: str, operation: str) -> str:
        return str(table()["services"].get(service, {}).get("missing", {}).get(operation, ""))

    def exception_name(self, model: Model, error: str) -> str:
        sdk = service_sdk(model.service_model)
        return f"{sdk.model_namespace}.{sdk.exception(error)}"

    @contextmanager
    def _service(self, model: Model) -> Iterator[ServiceSdk]:
        sdk = service_sdk(model.service_model)
        token = _CURRENT.set(sdk)
        try:
            yield sdk
        finally:
            _CURRENT.reset(token)

    def _properties(self, sdk: ServiceSdk, shape: StructureShape) -> dict[str, str]:
        """sdk.properties(shape) (do not change the answer), worked out once per structure:
        every member of a request asks for its structure's properties, and every example of
        an operation for the same ones."""
        known = _PROPERTIES.get(shape)
        if known is None or known[0] is not sdk:
            known = _PROPERTIES[shape] = (sdk, sdk.properties(shape))
        return known[1]

    def program_context(self, model: Model, slug: str, title: str, steps: tuple[Step, ...]) -> ProgramContext:
        with self._service(model):
            return super().program_context(model, slug, title, steps)

    def string(self, text: str) -> str:
        return csharp_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return c_family_number(value, shape)

    def list_literal(self, items: list[str], shape: Shape) -> str:
        created = f"new {self._type_text(self._type_of(shape))}"
        return f"{created} {{ {', '.join(items)} }}" if items else created + "()"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        created = f"new {self._type_text(self._type_of(shape))}"
        pairs = ", ".join(f"[{k}] = {v}" for k, v in entries)
        return f"{created} {{ {pairs} }}" if entries else created + "()"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        created = f"new {self._class_ref(self._type_of(shape))}"
        if not members:
            return created + "()"
        return created + " { " + ", ".join(f"{k} = {v}" for k, v in members) + " }"

    def literal(self, value: Value) -> str:
        return self._render(value, "")

    # --- values through the SDK's names ----------------------------------------------

    def _type_of(self, shape: Shape, scalar: bool = True) -> str:
        sdk = _CURRENT.get()
        return sdk.type_of(shape, scalar) if sdk else _type(shape)

    def _system(self, name: str) -> str:
        """A System type's name, in full where the service's namespaces define it too."""
        sdk = _CURRENT.get()
        if sdk is not None and any(name in names for names in sdk.defined().values()):
            return f"{_SYSTEM_NAMES.get(name, 'System')}.{name}"
        return name

    def _class_ref(self, name: str) -> str:
        """A model class's name, with its namespace where a System namespace has the name too."""
        sdk = _CURRENT.get()
        if sdk is not None and any(name in names for names in system_types().values()):
            defined = sdk.defined()
            namespace = next((ns for ns, names in defined.items() if name in names), sdk.model_namespace)
            return f"{namespace}.{name}"
        return name

    def _type_text(self, declared: str) -> str:
        head, args = generic_args(declared)
        if not args:
            return declared if declared in _SCALAR_NAMES else self._class_ref(declared)
        return f"{self._system(head)}<{', '.join(self._type_text(a) for a in args)}>"

    def _render(self, value: Value, declared: str) -> str:
        """The literal for value as a member of the .NET type declared ("" when the
        member shape's own type applies)."""
        if isinstance(value, (PlaceholderRef, JsonDocValue, BoolValue)):
            return super().literal(value)
        declared = declared or self._type_of(value.shape)
        sdk = _CURRENT.get()
        if isinstance(value, StructValue):
            substitute = sdk.substitute(value.shape) if sdk else {}
            if "from" in substitute:  # the SDK writes the structure as its one member's value (EC2 booleans)
                inner = dict(value.members).get(str(substitute["from"]))
                if inner is None:
                    raise UnsupportedValue(f"the AWS SDK for .NET writes {value.shape.name} as its "
                                           f"{substitute['from']} member, which the value lacks")
                return self._render(inner, declared)
            members = self._members(value.shape, value)  # type: ignore[arg-type]
            created = f"new {self._class_ref(declared)}"
            return created + " { " + ", ".join(f"{k} = {v}" for k, v in members) + " }" if members else created + "()"
        if isinstance(value, ListValue):
            _, args = generic_args(declared)
            item = args[0] if args else ""
            items = [self._render(v, item) for v in value.items]
            created = f"new {self._type_text(declared)}"
            return f"{created} {{ {', '.join(items)} }}" if items else created + "()"
        if isinstance(value, MapValue):
            _, args = generic_args(declared)
            item = args[1] if len(args) == 2 else ""
            pairs = ", ".join(f"[{self.string(k)}] = {self._render(v, item)}" for k, v in value.entries)
            created = f"new {self._type_text(declared)}"
            return f"{created} {{ {pairs} }}" if pairs else created + "()"
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            if declared == "string":  # EC2 blobs, Lambda's Payload: the SDK takes text
                if isinstance(value, BlobValue) and not value.is_text:
                    raise UnsupportedValue("the AWS SDK for .NET takes this blob as text, and its bytes are not UTF-8")
                return csharp_string(value.text)
            text = f"{self._system('Encoding')}.UTF8.GetBytes({csharp_string(value.text)})"
            return f"new {self._system('MemoryStream')}({text})"
        if isinstance(value, StrValue) and value.shape.type_name == "timestamp":
            moment = utc_timestamp(value.text)
            fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
            fields += [moment.microsecond // 1000] if moment.microsecond else []
            kind = self._system("DateTimeKind")
            created = f"new {self._system('DateTime')}({', '.join(map(str, fields))}, {kind}.Utc)"
            return created + (f".AddTicks({moment.microsecond % 1000 * 10})" if moment.microsecond % 1000 else "")
        if isinstance(value, NumValue) and declared == "string":  # a number in the model, text in the SDK
            return csharp_string(str(value.number))
        if isinstance(value, StrValue) and declared == "List<string>":  # one value in the model, a list in the SDK
            return f"new {self._type_text(declared)} {{ {csharp_string(value.text)} }}"
        if isinstance(value, StrValue) and value.shape.type_name == "string" and declared in (*NUMBERS, "bool"):
            return _swapped(value.text, declared)  # a string in the model, a number or bool in the SDK (Glacier)
        if isinstance(value, NumValue) and declared in NUMBERS and declared != _TYPES.get(str(value.shape.type_name)):
            return c_family_number(value.number, value.shape)
        return super().literal(value)

    def _members(self, shape: StructureShape, value: StructValue) -> list[tuple[str, str]]:
        """The (property, literal) pairs of a structure value as the SDK names them:
        members renamed, left out, dissolved into the parent or split."""
        sdk = _CURRENT.get()
        if sdk is None:
            return [(k, self._render(v, "")) for k, v in value.members]
        out: list[tuple[str, str]] = []
        for name, member in value.members:
            with member_of(name):
                out += self._member(sdk, shape, name, member, None)
        return out

    def _member(self, sdk: ServiceSdk, parent: StructureShape, name: str, value: Value,
                rendered: str | None, own: str | None = None) -> list[tuple[str, str]]:
        """One member as (property, literal) pairs; rendered: the literal already made
        for a request member (a variable or a document), used where the name alone changes;
        own: the literal already made of a request member's value as its own shape's type
        (literal(value)), used where the property has that type."""
        shape = parent.members[name]
        rule = sdk.rule(parent.name, name, shape)
        if rule.name is None:
            return []
        if rule.flatten and isinstance(value, StructValue) and isinstance(shape, StructureShape):
            return self._members(shape, value)
        if rule.split:
            return _split(rule.split, value, rule.into)
        if rule.collapse and isinstance(value, StructValue) and isinstance(shape, StructureShape):
            inner = dict(value.members).get(rule.collapse)
            return [] if inner is None else [(rule.name, self._render(inner, ""))]
        if rule.stream and isinstance(value, BlobValue) and not value.is_text:
            return [(rule.stream, self._render(value, rule.stream_type))]
        if rendered is not None and not isinstance(value, (StrValue, NumValue, BoolValue, ListValue, MapValue,
                                                             StructValue)):
            return [(rule.name, rendered)]
        declared = rule.type or self._properties(sdk, parent).get(rule.name, "")
        if own is not None and (isinstance(value, BoolValue) or declared in ("", self._type_of(value.shape))):
            return [(rule.name, own)]  # _render(value, declared) would make it again
        return [(rule.name, self._render(value, declared))]

    def idioms(self, model: Model, call: Call, context: StepContext) -> StepContext:
        sdk = _CURRENT.get()
        shape = call.op_model.input_shape
        if sdk is not None and shape is not None:
            args: list[Arg] = []
            for param, arg in zip(call.params, context.args, strict=True):
                with member_of(param.name):
                    value = param.value
                    if isinstance(value, (PlaceholderRef, JsonDocValue, VariableRef)):
                        args += [Arg(k, v) for k, v in self._member(sdk, shape, param.name, value, arg.value)]
                    else:
                        # arg.value is literal(value), made by Language.call_context
                        args += [Arg(k, v) for k, v in self._member(sdk, shape, param.name, value, None, arg.value)]
            context = dataclasses.replace(context, args=tuple(args))
        return super().idioms(model, call, context)

    def _output(self, call_or_op: Any, dotted: str) -> str:
        """An output member path (KeyMetadata.KeyId) with the SDK's property names."""
        sdk = _CURRENT.get()
        shape = call_or_op.output_shape
        if sdk is None or shape is None:
            return dotted
        parts = []
        for part in dotted.split("."):
            if not isinstance(shape, StructureShape) or part not in shape.members:
                parts.append(part)
                shape = None
                continue
            rule = sdk.rule(shape.name, part, shape.members[part])
            parts.append(rule.name or part)
            shape = shape.members[part]
        return ".".join(parts)

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        return f"var {name} = {csharp_raw(document_pieces(document, holes))};", name

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"var {name} = {literal};"

    def assignment(self, result: str, operation: str, first: bool) -> str:
        return f"var {result} = " if first else f"{result} = "

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        console = self._system("Console")
        if shape is not None and shape.type_name == "list":
            return f'{console}.WriteLine(string.Join(", ", {result}.{member}));'
        return f"{console}.WriteLine({result}.{member});"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"var {variable} = {self._system('JsonNode')}.Parse({result}.{member})!;"

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        if _CURRENT.get() is None:
            with self._service(model):
                return self.call_context(model, call, results)
        renamed = dataclasses.replace(call, save=tuple((v, self._output(call.op_model, m)) for v, m in call.save))
        context = super().call_context(model, renamed, results)
        if call.output_fields:
            printed = [self.print_output(context.result, self._output(call.op_model, m),
                                         output_member(call.op_model, m)) for m in call.output_fields]
            kept = context.after[: len(context.after) - len(call.output_fields)] if not context.statement else ()
            if not context.statement:
                context = dataclasses.replace(context, after=(*kept, *printed))
        return context

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        target = self.variable(edit.variable) + "".join(f"[{csharp_string(k)}]" for k in edit.path)
        item = csharp_raw(document_pieces(edit.item.value, holes))
        if not edit.unique_by:
            return (f"{target}!.AsArray().Add(JsonNode.Parse({item}));",)
        name = self.variable(singular(edit.path[-1]) if edit.path else "item")
        items = self.variable(name + "s")
        key = csharp_string(edit.unique_by)
        return (
            f"var {items} = {target}!.AsArray();",
            f"var {name} = JsonNode.Parse({item})!;",
            f"if (!{items}.Any(existing => JsonNode.DeepEquals(existing?[{key}], {name}[{key}])))\n"
            f"{{\n    {items}.Add({name});\n}}",
        )

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        request = "".join(f"\n    {a.name} = {a.value}," for a in context.args)
        lines = [f"var paginator = client.Paginators.{call.operation}(new {context.request_type}\n{{{request}\n}});"]
        for member in found.items:
            item = self.variable(singular(member))
            items = self._output(call.op_model, member)
            lines.append(f"await foreach (var {item} in paginator.{items})\n{{\n    {self._system('Console')}"
                         f".WriteLine({item});\n}}")
        return "\n".join(lines)

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        lines = []
        sdk = _CURRENT.get()
        for name in call.errors:
            caught = self._class_ref(sdk.exception(name)) if sdk else name
            summary = csharp_string(error_summary(call, name) + " ")
            lines += ["}", f"catch ({caught} ex)", "{",
                      f"    {self._system('Console')}.Error.WriteLine({summary}\n"
                      "        + ex.Message);",
                      f"    {self._system('Environment')}.Exit(1);"]
        return dataclasses.replace(context, guard_open="try\n{", guard_close="\n".join([*lines, "}"]),
                                   guard_indent="    ")

    def document_text(self, variable: str) -> str:
        return f"{variable}.ToJsonString()"

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        namespace = service_sdk(model.service_model).namespace
        found = {"System", "System.Threading.Tasks", "Amazon", namespace, namespace + ".Model"}
        if uses_documents(steps) and any(isinstance(s, Edit) or s.save for s in steps):
            found.add("System.Text.Json.Nodes")
        if any(isinstance(s, Edit) and s.unique_by for s in steps):
            found.add("System.Linq")
        for step in steps:
            if not isinstance(step, Edit) and any(_has_collection(p.value) for p in step.params):
                found.add("System.Collections.Generic")
            if not isinstance(step, Edit) and any(_has_blob(p.value) for p in step.params):
                found.update({"System.IO", "System.Text"})
        return tuple(f"using {name};" for name in sorted(found, key=lambda n: (not n.startswith("System"), n)))

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> CSharpContext:
        region = _region_words(model.region)
        with self._service(model) as sdk:
            return CSharpContext(
                client_class=self._class_ref(sdk.client),
                region=region[0].upper() + "".join(part.capitalize() for part in region[1:]),
                task=self._system("Task"),
            )

    def syntax_errors(self, source: str) -> list[SyntaxProblem]:
        return _CHECKED(source)

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        sdk = service_sdk(model.service_model)
        name = service_name(model)
        base = f"https://docs.aws.amazon.com/sdkfornet/v4/apidocs/items/{name}"
        methods = [(op, sdk.operation(op)) for op in operations(steps)]
        return Install(
            tool="dotnet",
            lines=(f"dotnet add package {sdk.package}",),
            runtime=".NET 8 or later (C# 11 raw string literals), AWS SDK for .NET v4",
            references=tuple(
                Reference(op, f"{base}/M{name}{net}Async{net}RequestCancellationToken.html") for op, net in methods
            ),
        )


def csharp_syntax_errors(source: str) -> list[SyntaxProblem]:
    """The grammar's errors (tree-sitter-c-sharp), as Language.syntax_errors finds them."""
    return tree_sitter_errors(CSharp.grammar, source)


# csharp_syntax_errors of the programs checked in this process (see parse_memo).
_CHECKED = ParseMemo(csharp_syntax_errors)


def _region_words(region: str) -> list[str]:
    """The words of a Region name (us-west-2), which becomes part of an identifier."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", region):
        raise UnsupportedValue(f"{region!r} is not a Region name such as us-west-2")
    return region.split("-")


_SCALAR_NAMES = {"string", "int", "long", "bool", "double", "float", "DateTime", "MemoryStream", "Stream"}


def _swapped(text: str, declared: str) -> str:
    """A model string as the SDK's number or bool (dataTypeSwap in its customizations)."""
    if declared == "bool" and text in ("true", "false"):
        return text
    if declared in ("int", "long") and re.fullmatch(r"-?\d+", text):
        return text + ("L" if declared == "long" else "")
    if declared in ("double", "float") and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text + ("f" if declared == "float" else "")
    raise UnsupportedValue(f"the AWS SDK for .NET takes this member as {declared}, and {text!r} is not one")


def _split(how: str, value: Value, into: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """A value the SDK takes apart (see the "split" rules of csharp_names.json)."""
    names = [name for name, _ in into]
    text = value.text if isinstance(value, StrValue) else None
    if how == "copy_source" and text is not None:
        source, _, query = text.lstrip("/").partition("?")
        bucket, _, key = source.partition("/")
        if not bucket or not key:
            raise UnsupportedValue(f"{text!r} is not a copy source the AWS SDK for .NET can take apart (bucket/key)")
        out = [(names[0], csharp_string(bucket)), (names[1], csharp_string(urllib.parse.unquote(key)))]
        version = urllib.parse.parse_qs(query).get("versionId")
        return out + ([(names[2], csharp_string(version[0]))] if version else [])
    if how in ("byte_bounds", "byte_range") and text is not None and (found := _RANGE.fullmatch(text)):
        first, last = found.groups()
        if how == "byte_range":
            return [(names[0], f"new {names[0]}({first}, {last})")]
        return [(names[0], f"{first}L"), (names[1], f"{last}L")]
    if how == "tag_query" and text is not None:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True)
        if pairs:
            tags = ", ".join(f"new Tag {{ Key = {csharp_string(k)}, Value = {csharp_string(v)} }}" for k, v in pairs)
            return [(names[0], f"new List<Tag> {{ {tags} }}")]
    if how == "enabled_flag" and text in ("Enabled", "Disabled"):
        return [(names[0], "true" if text == "Enabled" else "false")]
    raise UnsupportedValue(f"the AWS SDK for .NET takes this member as {', '.join(names)}, "
                           f"and {text!r} cannot be written that way")


def _type(shape: Shape) -> str:
    if shape.type_name == "list":
        return f"List<{_type(shape.member)}>"  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return f"Dictionary<{_type(shape.key)}, {_type(shape.value)}>"  # type: ignore[attr-defined]
    if shape.type_name == "structure":
        return str(shape.name)
    if shape.type_name == "blob":
        return "MemoryStream"
    return _TYPES.get(str(shape.type_name), "string")


def _has_blob(value: Value) -> bool:
    if isinstance(value, StrValue):
        return value.shape.type_name == "blob"
    if isinstance(value, ListValue):
        return any(_has_blob(v) for v in value.items)
    if isinstance(value, (MapValue, StructValue)):
        return any(_has_blob(v) for _, v in (value.entries if isinstance(value, MapValue) else value.members))
    return False


def _has_collection(value: Value) -> bool:
    if isinstance(value, (ListValue, MapValue)):
        return True
    if isinstance(value, StructValue):
        return any(_has_collection(v) for _, v in value.members)
    return False


LANGUAGE = CSharp()

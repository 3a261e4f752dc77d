"""C# with the AWS SDK for .NET: async calls, object initialisers, verbatim strings for documents.

Snippets stay within C# 7.2 syntax so that Mono's mcs can parse them too.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape

from ..model import Call, Edit, ListValue, MapValue, Model, Step, StructValue, StrValue, Value
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
    operations,
    singular,
    uses_documents,
    utc_timestamp,
)
from .c_family import c_family_number
from .install import Install, Reference

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
# C# treats these as line breaks, which may not appear inside a regular string literal.
_LINE_BREAKS = {"\x85", "\u2028", "\u2029"}
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
    """The .NET SDK's service name: the full name without its AWS/Amazon prefix."""
    full = str(model.service_model.metadata.get("serviceFullName", model.service_model.service_id))
    full = re.sub(r"^(AWS|Amazon)\s+", "", full)
    return re.sub(r"[^A-Za-z0-9]", "", full)


@dataclass(frozen=True)
class CSharpContext(LanguageContext):
    client_class: str  # AmazonKeyManagementServiceClient
    region: str  # the RegionEndpoint property, USWest2


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
        return operation + "Async"

    def member(self, name: str) -> str:
        return name  # the .NET SDK keeps botocore's PascalCase member names

    def class_name(self, slug: str) -> str:
        return re.sub(r"[^A-Za-z0-9]", "", "".join(p.capitalize() for p in slug.split("-"))) + "Example"

    def request_type(self, operation: str) -> str:
        return operation + "Request"

    def string(self, text: str) -> str:
        return csharp_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return c_family_number(value, shape)

    def list_literal(self, items: list[str], shape: Shape) -> str:
        created = f"new List<{_type(shape.member)}>"  # type: ignore[attr-defined]
        return f"{created} {{ {', '.join(items)} }}" if items else created + "()"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        created = f"new Dictionary<{_type(shape.key)}, {_type(shape.value)}>"  # type: ignore[attr-defined]
        pairs = ", ".join(f"[{k}] = {v}" for k, v in entries)
        return f"{created} {{ {pairs} }}" if entries else created + "()"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        if not members:
            return f"new {shape.name}()"
        return f"new {shape.name} {{ " + ", ".join(f"{k} = {v}" for k, v in members) + " }"

    def literal(self, value: Value) -> str:
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            return f"new MemoryStream(Encoding.UTF8.GetBytes({csharp_string(value.text)}))"
        if isinstance(value, StrValue) and value.shape.type_name == "timestamp":
            moment = utc_timestamp(value.text)
            fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
            fields += [moment.microsecond // 1000] if moment.microsecond else []
            created = f"new DateTime({', '.join(map(str, fields))}, DateTimeKind.Utc)"
            return created + (f".AddTicks({moment.microsecond % 1000 * 10})" if moment.microsecond % 1000 else "")
        return super().literal(value)

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        return f"var {name} = {csharp_raw(document_pieces(document, holes))};", name

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"var {name} = {literal};"

    def assignment(self, result: str, operation: str, first: bool) -> str:
        return f"var {result} = " if first else f"{result} = "

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        if shape is not None and shape.type_name == "list":
            return f'Console.WriteLine(string.Join(", ", {result}.{member}));'
        return f"Console.WriteLine({result}.{member});"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"var {variable} = JsonNode.Parse({result}.{member})!;"

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
            lines.append(f"await foreach (var {item} in paginator.{member})\n{{\n    Console.WriteLine({item});\n}}")
        return "\n".join(lines)

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        lines = []
        for name in call.errors:
            lines += ["}", f"catch ({name} ex)", "{",
                      f"    Console.Error.WriteLine({csharp_string(error_summary(call, name) + ' ')}\n"
                      "        + ex.Message);",
                      "    Environment.Exit(1);"]
        return dataclasses.replace(context, guard_open="try\n{", guard_close="\n".join([*lines, "}"]),
                                   guard_indent="    ")

    def document_text(self, variable: str) -> str:
        return f"{variable}.ToJsonString()"

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        namespace = "Amazon." + service_name(model)
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
        return CSharpContext(
            client_class=f"Amazon{service_name(model)}Client",
            region=region[0].upper() + "".join(part.capitalize() for part in region[1:]),
        )

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        name = service_name(model)
        base = f"https://docs.aws.amazon.com/sdkfornet/v4/apidocs/items/{name}"
        return Install(
            tool="dotnet",
            lines=(f"dotnet add package AWSSDK.{name}",),
            runtime=".NET 8 or later (C# 11 raw string literals), AWS SDK for .NET v4",
            references=tuple(
                Reference(op, f"{base}/M{name}{op}Async{op}RequestCancellationToken.html") for op in operations(steps)
            ),
        )


def _region_words(region: str) -> list[str]:
    """The words of a Region name (us-west-2), which becomes part of an identifier."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", region):
        raise UnsupportedValue(f"{region!r} is not a Region name such as us-west-2")
    return region.split("-")


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

"""JavaScript with the AWS SDK for JavaScript v3: one Command per call, object literals for documents.

Programs are ES modules (.mjs) with top-level await:

    import { GetKeyPolicyCommand, KMSClient } from "@aws-sdk/client-kms";
    const client = new KMSClient({ region: "us-west-2" });
    const response = await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }));

No formatter runs at generation time, so this module lays code out the way Prettier
would (80 columns, two-space indent, trailing commas): a value or call stays on one
line when it fits and breaks one member per line when it does not.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from botocore.model import Shape

from ..model import Call, Edit, ListValue, MapValue, Model, Step, StructValue, StrValue, Value
from ..sdks import sdk_names
from .base import (
    Arg,
    Holes,
    Language,
    LanguageContext,
    Pages,
    StepContext,
    UnsupportedValue,
    camel_words,
    error_summary,
    iso_utc,
    operations,
    pages,
    singular,
    split_holes,
    utc_timestamp,
)
from .install import Install, Reference, npm_package, pinned

WIDTH = 80  # Prettier's default print width
_TOOLCHAIN = Path(__file__).resolve().parent.parent / "runners" / "toolchains" / "javascript"
_COMMAND_EXPORT = re.compile(r'^export \* from "\./(\w+)Command";?$', re.M)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_MAX_SAFE_INTEGER = 2**53 - 1
# Reserved words (ES2015+, strict mode and modules), globals a snippet must not shadow,
# and the names the templates declare.
_RESERVED = {
    "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
    "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally", "for", "function",
    "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package",
    "private", "protected", "public", "return", "static", "super", "switch", "this", "throw", "true",
    "try", "typeof", "undefined", "var", "void", "while", "with", "yield", "async", "of",
    "client", "console", "globalThis", "process", "require", "module", "exports", "window",
}  # fmt: skip


def js_string(text: str) -> str:
    """A double-quoted literal. Backslash, quote and control characters are escaped, as are
    invisible characters (U+2028/2029, NBSP, BOM…); everything else stays readable."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")  # never \0: "\0" before a digit is a syntax error in modules
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\u{{{ord(ch):x}}}")
    return '"' + "".join(out) + '"'


def js_key(name: str) -> str:
    """An object literal key: bare when it is an identifier, quoted otherwise.

    __proto__ is written as a computed key: as a plain (or quoted) key it would set the
    object's prototype instead of creating a property, and JSON.stringify would drop it.
    """
    if name == "__proto__":
        return f"[{js_string(name)}]"
    return name if _IDENTIFIER.match(name) else js_string(name)


def js_property(name: str) -> str:
    """Property access: .Name for identifiers, ["name"] otherwise."""
    return f".{name}" if _IDENTIFIER.match(name) else f"[{js_string(name)}]"


def js_number(value: int | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE_INTEGER:
            raise UnsupportedValue(f"{value} is beyond JavaScript's exact integers (Number.MAX_SAFE_INTEGER)")
        return str(value)
    if not math.isfinite(value):
        raise UnsupportedValue(f"{value!r} is not a JSON number")
    return repr(value)  # the shortest round-trip form; 1e+16 and 1.5e-07 are JavaScript too


@dataclasses.dataclass(frozen=True)
class _Obj:
    entries: tuple[tuple[str, _Node], ...]  # (key as written, value)


@dataclasses.dataclass(frozen=True)
class _Arr:
    items: tuple[_Node, ...]


_Node = str | _Obj | _Arr  # str: an atom, already written (a literal or an expression)


def js_template(pieces: list[tuple[str, bool]]) -> str:
    """A template literal of literal text and variables (see base.split_holes); a lone
    variable is itself."""
    if len(pieces) == 1 and pieces[0][1]:
        return pieces[0][0]
    out = []
    for text, variable in pieces:
        if variable:
            out.append("${" + text + "}")
        else:
            quoted = js_string(text)[1:-1].replace('\\"', '"')
            out.append(quoted.replace("`", "\\`").replace("$", "\\$"))
    return "`" + "".join(out) + "`"


def _json_node(value: Any, holes: Holes = ()) -> _Node:
    if value is None:
        return "null"
    if isinstance(value, (bool, int, float)):
        return js_number(value)
    if isinstance(value, str):
        pieces = split_holes(value, holes)
        return js_template(pieces) if any(v for _, v in pieces) else js_string(value)
    if isinstance(value, list):
        return _Arr(tuple(_json_node(v, holes) for v in value))
    if isinstance(value, dict):
        return _Obj(tuple((js_key(k), _json_node(v, holes)) for k, v in value.items()))
    raise UnsupportedValue(f"cannot express {type(value).__name__} in JavaScript")


def _flat(node: _Node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, _Arr):
        return "[" + ", ".join(_flat(item) for item in node.items) + "]"
    if not node.entries:
        return "{}"
    return "{ " + ", ".join(f"{key}: {_flat(item)}" for key, item in node.entries) + " }"


def _must_break(node: _Node) -> bool:
    """Prettier always breaks an array of two or more objects (or arrays) that each have
    more than one element."""
    if not isinstance(node, _Arr) or len(node.items) < 2:
        return False
    kind = type(node.items[0])
    return all(
        isinstance(item, (_Obj, _Arr))
        and type(item) is kind
        and len(item.entries if isinstance(item, _Obj) else item.items) > 1
        for item in node.items
    )


def _forces_break(node: _Node) -> bool:
    if isinstance(node, str):
        return False
    children = [item for _, item in node.entries] if isinstance(node, _Obj) else list(node.items)
    return _must_break(node) or any(_forces_break(child) for child in children)


def _layout(node: _Node, column: int, suffix: int, indent: int, depth: int = 0) -> str:
    """node laid out like Prettier: on one line when that line fits in WIDTH columns, else
    one member per line, two spaces deeper.

    column: where the node starts; suffix: characters that follow it on its line; indent:
    the column of the statement (later lines are written relative to it: whoever nests the
    statement indents them); depth: the node's own indentation level within the statement.
    """
    if isinstance(node, str):
        return node
    flat = _flat(node)
    empty = not (node.entries if isinstance(node, _Obj) else node.items)
    if empty or (column + len(flat) + suffix <= WIDTH and not _must_break(node)):
        return flat
    pad = "  " * (depth + 1)
    start = indent + len(pad)
    if isinstance(node, _Obj):
        lines = [
            f"{pad}{key}: {_layout(item, start + len(key) + 2, 1, indent, depth + 1)}," for key, item in node.entries
        ]
        return "{\n" + "\n".join(lines) + "\n" + "  " * depth + "}"
    lines = [f"{pad}{_layout(item, start, 1, indent, depth + 1)}," for item in node.items]
    return "[\n" + "\n".join(lines) + "\n" + "  " * depth + "]"


def js_value(value: Any, column: int = 0, suffix: int = 0, indent: int = 0, holes: Holes = ()) -> str:
    """A JavaScript literal for a JSON value (dict, list, str, number, bool, None), laid out
    like Prettier for a statement at column indent, the literal starting at column with
    suffix characters after it on its line; strings holding placeholder values (holes)
    become template literals of their variables."""
    return _layout(_json_node(value, holes), column, suffix, indent)


@dataclasses.dataclass(frozen=True)
class JsStepContext(StepContext):
    """A call step plus how the template lays it out (decided here, where widths are known):

    flat:    const response = await client.send(new ListKeysCommand({ Limit: 10 }));
    command: the command on its own line inside client.send( … ), its input on one line
    broken:  the command's input one member per line
    """

    layout: str = "flat"
    nodes: tuple[_Node | None, ...] = ()  # per argument: its layout node when it is a list, map or structure


def _laid_out(context: JsStepContext) -> JsStepContext:
    """context with its layout chosen and its structured arguments laid out for it."""
    args = tuple(
        Arg(a.name, _flat(n)) if n is not None else a for a, n in zip(context.args, context.nodes, strict=True)
    )
    flat = dataclasses.replace(context, args=args)
    if any(n is not None and _forces_break(n) for n in context.nodes):
        layout = "broken"
    else:
        layout = _call_layout(flat)
    if layout == "broken":  # members sit at column 4, "Name: value," (the template indents later lines by 4)
        args = tuple(
            Arg(a.name, _layout(n, 4 + len(a.name) + 2, 1, 4)) if n is not None else a
            for a, n in zip(args, context.nodes, strict=True)
        )
    return dataclasses.replace(context, args=args, layout=layout)


@dataclasses.dataclass(frozen=True)
class JavaScriptContext(LanguageContext):
    client_class: str  # KMSClient
    region: str  # the Region as a string literal


class JavaScript(Language):
    key = "javascript"
    tab_order = 60
    label = "JavaScript"
    extension = "mjs"
    lexer = "javascript"
    grammar = "javascript"
    comment_prefix = "//"
    sdk = "AWS SDK for JavaScript v3"

    # --- naming --------------------------------------------------------------------

    def class_name(self, slug: str) -> str:
        return slug  # file names are kebab-case: put-key-policy.mjs

    def variable(self, snake_name: str) -> str:
        name = camel_words(snake_name)
        if not _IDENTIFIER.match(name):
            name = "_" + name
        return name + "Value" if name in _RESERVED else name

    def method(self, operation: str) -> str:
        """The expression that creates the operation's command. It also locates a call in
        the program (verify's line numbers), so it includes "new": the bare class name
        also appears in the import line."""
        return f"new {self.request_type(operation)}"

    def request_type(self, operation: str) -> str:
        return f"{operation}Command"

    def member(self, name: str) -> str:
        return js_key(name)  # v3 keeps the service's member names (KeyId, PolicyName)

    # --- literals ------------------------------------------------------------------

    def string(self, text: str) -> str:
        return js_string(text)

    def number(self, value: int | float, shape: Shape) -> str:
        return js_number(value)

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return _flat(_Arr(tuple(items)))

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        # keys arrive as string literals; "__proto__" must be computed (see js_key)
        return _flat(_Obj(tuple((f"[{k}]" if k == js_string("__proto__") else k, v) for k, v in entries)))

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        return _flat(_Obj(tuple((js_key(k), v) for k, v in members)))

    def literal(self, value: Value) -> str:
        return _flat(self._node(value))

    def _node(self, value: Value) -> _Node:
        """A request value as a layout node: lists, maps and structures nest, the rest are atoms."""
        if isinstance(value, ListValue):
            return _Arr(tuple(self._node(v) for v in value.items))
        if isinstance(value, MapValue):
            return _Obj(tuple((js_key(k), self._node(v)) for k, v in value.entries))
        if isinstance(value, StructValue):
            return _Obj(tuple((js_key(k), self._node(v)) for k, v in value.members))
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            return f"new TextEncoder().encode({js_string(value.text)})"  # v3 takes blobs as Uint8Array
        if isinstance(value, StrValue) and value.shape.type_name == "timestamp":
            # with its Z: JavaScript reads a date-time without an offset as local time
            return f"new Date({js_string(iso_utc(utc_timestamp(value.text)))})"
        return super().literal(value)

    def json_document(self, name: str, document: Any, holes: Holes = ()) -> tuple[str, str]:
        prefix = f"const {name} = "
        return f"{prefix}{js_value(document, len(prefix), 1, holes=holes)};", f"JSON.stringify({name})"

    # --- idioms around a call ------------------------------------------------------

    def declare(self, name: str, literal: str, comment: str) -> str:
        return (comment + "\n" if comment else "") + f"const {name} = {literal};"

    def assignment(self, result: str, operation: str, first: bool) -> str:
        # step_contexts turns the first "const" into "let" when the variable is reassigned
        return f"const {result} = " if first else f"{result} = "

    def print_output(self, result: str, member: str, shape: Shape | None) -> str:
        return f"console.log({result}{''.join(js_property(part) for part in member.split('.'))});"

    def save_document(self, variable: str, result: str, member: str) -> str:
        return f"const {variable} = JSON.parse({result}{js_property(member)});"

    def edit_append(self, edit: Edit, holes: Holes = ()) -> tuple[str, ...]:
        target = self.variable(edit.variable) + "".join(js_property(k) for k in edit.path)
        if not edit.unique_by:
            prefix = f"{target}.push("
            return (f"{prefix}{js_value(edit.item.value, len(prefix), 2, holes=holes)});",)
        item = self.variable(singular(edit.path[-1]) if edit.path else "item")
        prefix = f"const {item} = "
        key = js_property(edit.unique_by)
        return (
            f"{prefix}{js_value(edit.item.value, len(prefix), 1, holes=holes)};",
            f"if (!{target}.some((existing) => existing{key} === {item}{key})) {{\n  {target}.push({item});\n}}",
        )

    def paginate(self, call: Call, context: StepContext, found: Pages) -> str:
        args = "{ " + ", ".join(f"{a.name}: {a.value}" for a in context.args) + " }" if context.args else "{}"
        lines = [
            f"const paginator = paginate{call.operation}({{ client }}, {args});",
            "for await (const page of paginator) {",
        ]
        for member in found.items:
            item = self.variable(singular(member))
            lines += [f"  for (const {item} of page{js_property(member)} ?? []) {{", f"    console.log({item});", "  }"]
        return "\n".join(lines + ["}"])

    def handle_errors(self, call: Call, context: StepContext) -> StepContext:
        lines = ["} catch (error) {"]
        for index, name in enumerate(call.errors):
            lines += [
                f"  {'if' if index == 0 else '} else if'} (error instanceof {name}) {{",
                f"    console.error(\n      {js_string(error_summary(call, name))},\n      error.message,\n    );",
            ]
        lines += ["  }", "  throw error;", "}"]
        return dataclasses.replace(context, guard_open="try {", guard_close="\n".join(lines), guard_indent="  ")

    def document_text(self, variable: str) -> str:
        return f"JSON.stringify({variable})"

    def step_contexts(self, model: Model, steps: tuple[Step, ...]) -> tuple[StepContext, ...]:
        contexts = list(super().step_contexts(model, steps))
        assigned: dict[str, int] = {}
        for context in contexts:
            if context.assign:
                assigned[context.result] = assigned.get(context.result, 0) + 1
        for index, context in enumerate(contexts):
            reassigned = assigned.get(context.result, 0) > 1
            if isinstance(context, JsStepContext) and reassigned and context.assign.startswith("const "):
                # reassigned later: declare with let (the shorter line may now fit, so lay it out again)
                assign = "let " + context.assign.removeprefix("const ")
                contexts[index] = _laid_out(dataclasses.replace(context, assign=assign))
        return tuple(contexts)

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        context = super().call_context(model, call, results)
        structured = (ListValue, MapValue, StructValue)
        nodes = tuple(self._node(p.value) if isinstance(p.value, structured) else None for p in call.params)
        fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(StepContext)}
        return _laid_out(JsStepContext(**fields, nodes=nodes))

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        names = [client_class(model)]
        for step in steps:
            if isinstance(step, Call):
                names.append(f"paginate{step.operation}" if pages(step) else self.request_type(step.operation))
                names.extend(step.errors)
        names = sorted(set(names))
        line = f"import {{ {', '.join(names)} }} from {js_string(package(model))};"
        if len(line) <= WIDTH:
            return (line,)
        return ("import {\n" + "".join(f"  {name},\n" for name in names) + f"}} from {js_string(package(model))};",)

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> JavaScriptContext:
        return JavaScriptContext(client_class=client_class(model), region=js_string(model.region))

    def missing_in_sdk(self, service: str, operation: str) -> str:
        """From the Command classes the service's installed client exports (its
        dist-types/commands/index.d.ts); without one here, from the committed list of
        what the pinned clients lack (toolchains/javascript/missing-commands.json)."""
        name = sdk_names(service).npm_package
        found = exported_commands(name)
        if found is not None:
            version, commands = found
            return "" if operation in commands else f"{name} {version} exports no {operation}Command"
        entry = _missing_commands().get(service, {})
        if operation in entry.get("operations", ()):
            return f"{name} {entry.get('version', '?')} exports no {operation}Command"
        return ""

    def install(self, model: Model, steps: tuple[Step, ...]) -> Install:
        name = package(model)
        version, engine = npm_package(name)
        if not version:  # a client the KMS lockfile does not hold: the version the clients workspace pins
            version = _client_pins().get(name, "")
        node = engine.removeprefix(">=").split(".")[0] if engine.startswith(">=") else ""
        runtime = f"Node.js {node} or later" if node else "Node.js"
        slug = name.removeprefix("@aws-sdk/client-")
        base = f"https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/{slug}/command"
        return Install(
            tool="npm",
            lines=(f"npm install {pinned(name, version, '@')}",),
            runtime=runtime + "; save the program as .mjs (an ES module) for top-level await",
            references=tuple(Reference(op, f"{base}/{op}Command/") for op in operations(steps)),
        )


def _call_layout(context: StepContext) -> str:
    """flat, command or broken (see JsStepContext) for a call whose arguments are on one line."""
    inline = "{ " + ", ".join(f"{a.name}: {a.value}" for a in context.args) + " }" if context.args else "{}"
    if "\n" in inline:
        return "broken"
    if len(f"{context.assign}await client.send({context.method}({inline}));") <= WIDTH:
        return "flat"
    if len(f"  {context.method}({inline}),") <= WIDTH or not context.args:
        return "command"
    return "broken"


def _node_modules() -> list[Path]:
    """Where the runner installs clients: its KMS workspace and the shared clients one."""
    root = Path(os.environ.get("POLYSNIP_CACHE") or Path.home() / ".cache" / "polysnip") / "javascript"
    return [root / "clients" / "node_modules", root / "node_modules"]


@functools.cache
def exported_commands(name: str) -> tuple[str, frozenset[str]] | None:
    """(version, operations) of an installed client package: the operations whose Command
    class it exports; None when it is not installed here."""
    for folder in _node_modules():
        index = folder / name / "dist-types" / "commands" / "index.d.ts"
        try:
            text = index.read_text(encoding="utf-8")
            version = str(json.loads((folder / name / "package.json").read_text(encoding="utf-8"))["version"])
        except (OSError, ValueError, KeyError):
            continue
        return version, frozenset(_COMMAND_EXPORT.findall(text))
    return None


@functools.cache
def _missing_commands() -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((_TOOLCHAIN / "missing-commands.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@functools.cache
def _client_pins() -> dict[str, str]:
    try:
        data = json.loads((_TOOLCHAIN / "clients.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def client_class(model: Model) -> str:
    """KMSClient, CloudWatchLogsClient: the serviceId without spaces, then Client."""
    return "".join(part[:1].upper() + part[1:] for part in model.service_model.service_id.split()) + "Client"


def package(model: Model) -> str:
    """@aws-sdk/client-kms, @aws-sdk/client-cloudwatch-logs: the serviceId in kebab-case."""
    return "@aws-sdk/client-" + "-".join(model.service_model.service_id.lower().split())


LANGUAGE = JavaScript()

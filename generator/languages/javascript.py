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
import math
import re
from typing import Any

from botocore.model import Shape

from ..model import Call, Edit, Model, Step, StrValue, Value
from .base import Language, StepContext, UnsupportedValue, camel_words

WIDTH = 80  # Prettier's default print width
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


def js_flat(value: Any) -> str:
    """A JavaScript literal for a JSON value, on one line."""
    if value is None:
        return "null"
    if isinstance(value, (bool, int, float)):
        return js_number(value)
    if isinstance(value, str):
        return js_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(js_flat(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{js_key(k)}: {js_flat(v)}" for k, v in value.items()) + " }"
    raise UnsupportedValue(f"cannot express {type(value).__name__} in JavaScript")


def js_value(value: Any, column: int = 0, suffix: int = 0, depth: int = 0) -> str:
    """A JavaScript literal for a JSON value, laid out like Prettier.

    column: where the literal starts on its line; suffix: characters that follow it on that
    line; depth: the indentation level of the line. Later lines carry their indentation
    relative to the statement (a caller nesting the statement indents them further).
    """
    flat = js_flat(value)
    if column + len(flat) + suffix <= WIDTH or not value or not isinstance(value, (list, dict)):
        return flat
    pad = "  " * (depth + 1)
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            prefix = f"{js_key(key)}: "
            lines.append(f"{pad}{prefix}{js_value(item, len(pad) + len(prefix), 1, depth + 1)},")
        return "{\n" + "\n".join(lines) + "\n" + "  " * depth + "}"
    for item in value:
        lines.append(f"{pad}{js_value(item, len(pad), 1, depth + 1)},")
    return "[\n" + "\n".join(lines) + "\n" + "  " * depth + "]"


@dataclasses.dataclass(frozen=True)
class JsStepContext(StepContext):
    """A call step plus how the template lays it out (decided here, where widths are known):

    flat:    const response = await client.send(new ListKeysCommand({ Limit: 10 }));
    command: the command on its own line inside client.send( … ), its input on one line
    broken:  the command's input one member per line
    """

    layout: str = "flat"


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

    def boolean(self, flag: bool) -> str:
        return "true" if flag else "false"

    def list_literal(self, items: list[str], shape: Shape) -> str:
        return "[" + ", ".join(items) + "]"

    def map_literal(self, entries: list[tuple[str, str]], shape: Shape) -> str:
        # keys arrive as string literals; "__proto__" must be computed (see js_key)
        parts = [f"[{k}]: {v}" if k == js_string("__proto__") else f"{k}: {v}" for k, v in entries]
        return "{ " + ", ".join(parts) + " }" if parts else "{}"

    def struct_literal(self, members: list[tuple[str, str]], shape: Shape) -> str:
        return "{ " + ", ".join(f"{js_key(k)}: {v}" for k, v in members) + " }" if members else "{}"

    def literal(self, value: Value) -> str:
        if isinstance(value, StrValue) and value.shape.type_name == "blob":
            return f"new TextEncoder().encode({js_string(value.text)})"  # v3 takes blobs as Uint8Array
        if isinstance(value, StrValue) and value.shape.type_name == "timestamp":
            return f"new Date({js_string(value.text)})"
        return super().literal(value)

    def json_document(self, name: str, document: Any) -> tuple[str, str]:
        prefix = f"const {name} = "
        return f"{prefix}{js_value(document, len(prefix), 1)};", f"JSON.stringify({name})"

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

    def edit_append(self, edit: Edit) -> tuple[str, ...]:
        target = self.variable(edit.variable) + "".join(js_property(k) for k in edit.path)
        prefix = f"{target}.push("
        return (f"{prefix}{js_value(edit.item.value, len(prefix), 2)});",)

    def document_text(self, variable: str) -> str:
        return f"JSON.stringify({variable})"

    def step_contexts(self, model: Model, steps: tuple[Step, ...]) -> tuple[StepContext, ...]:
        contexts = list(super().step_contexts(model, steps))
        assigned: dict[str, int] = {}
        for context in contexts:
            if context.assign:
                assigned[context.result] = assigned.get(context.result, 0) + 1
        for index, context in enumerate(contexts):
            if assigned.get(context.result, 0) > 1 and context.assign.startswith("const "):
                contexts[index] = dataclasses.replace(context, assign="let " + context.assign.removeprefix("const "))
        return tuple(contexts)

    def call_context(self, model: Model, call: Call, results: dict[str, str]) -> StepContext:
        context = super().call_context(model, call, results)
        fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(StepContext)}
        return JsStepContext(**fields, layout=_layout(context))

    def imports(self, model: Model, steps: tuple[Step, ...]) -> tuple[str, ...]:
        names = [client_class(model)]
        for step in steps:
            if isinstance(step, Call) and self.request_type(step.operation) not in names:
                names.append(self.request_type(step.operation))
        names = sorted(names)
        line = f"import {{ {', '.join(names)} }} from {js_string(package(model))};"
        if len(line) <= WIDTH:
            return (line,)
        return ("import {\n" + "".join(f"  {name},\n" for name in names) + f"}} from {js_string(package(model))};",)

    def extra_context(self, model: Model, steps: tuple[Step, ...]) -> dict[str, Any]:
        return {"client_class": client_class(model), "region": js_string(model.region)}


def _layout(context: StepContext) -> str:
    inline = "{ " + ", ".join(f"{a.name}: {a.value}" for a in context.args) + " }" if context.args else "{}"
    if "\n" in inline:
        return "broken"
    if len(f"{context.assign}await client.send({context.method}({inline}));") <= WIDTH:
        return "flat"
    if len(f"  {context.method}({inline}),") <= WIDTH or not context.args:
        return "command"
    return "broken"


def client_class(model: Model) -> str:
    """KMSClient, CloudWatchLogsClient: the serviceId without spaces, then Client."""
    return "".join(part[:1].upper() + part[1:] for part in model.service_model.service_id.split()) + "Client"


def package(model: Model) -> str:
    """@aws-sdk/client-kms, @aws-sdk/client-cloudwatch-logs: the serviceId in kebab-case."""
    return "@aws-sdk/client-" + "-".join(model.service_model.service_id.lower().split())


LANGUAGE = JavaScript()

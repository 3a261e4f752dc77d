"""Parse-checks C# programs and checks their names: no AWS SDK for .NET can be installed here.

The programs are written for .NET 8 (C# 12: `using var`, raw string literals), which
Mono's compiler (C# 7.x) cannot read, so the parser is tree-sitter-c-sharp, whose grammar
follows current C#. run() succeeds only if a program parses with no error or missing node;
otherwise it fails with each problem and the first problem's line. The proof level of a
run is "parsed": no request is sent, so verification has no requests to check.

typecheck() is the name check ("names checked"): every namespace, client, class,
property, method and value type a program names is looked up in the AWS SDK for .NET's
names for its service (generator/languages/csharp_sdk: the committed table of facts read
from the SDK's sources, over botocore's model), and every type name must resolve to one
imported namespace (a model class named like a System type is ambiguous, CS0104). It is
not a compiler: expressions are not typed beyond literals and object creations.
"""

from __future__ import annotations

import importlib.metadata
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tree_sitter import Node

from ..languages.csharp_sdk import (
    ASSIGNABLE,
    NUMBERS,
    ServiceSdk,
    generic_args,
    sdk_for_service,
    sdk_version,
    system_types,
)
from ..parsecheck import parse_tree, tree_sitter_errors
from .base import DEFAULT_LIMITS, Availability, Checker, CompileError, Limits, ProgramRun, Runner, RunResult

MISSING_GRAMMAR = "missing tree-sitter-c-sharp (pip install -e .)"
# Types C# names with keywords, and the System types a program may use by their full name.
_KEYWORDS = {"string", "int", "long", "bool", "double", "float", "object", "var", "void", "decimal"}
_STRINGS = {"string_literal", "verbatim_string_literal", "raw_string_literal", "interpolated_string_expression"}
_NUMBER_LITERALS = {"integer_literal", "real_literal"}


@dataclass
class _Program:
    """What the name check knows while it walks one program."""

    run: ProgramRun
    sdk: ServiceSdk
    imported: set[str] = field(default_factory=set)
    variables: dict[str, str] = field(default_factory=dict)  # local variable -> .NET class when known
    locals: set[str] = field(default_factory=set)
    errors: list[CompileError] = field(default_factory=list)

    def error(self, node: Node, message: str) -> None:
        self.errors.append(CompileError(self.run.name, node.start_point[0] + 1, node.start_point[1] + 1, message))


def _text(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


class CSharpRunner(Runner):
    language = "csharp"
    level = "parsed"
    install_hint = "pip install -e . (tree-sitter-c-sharp)"

    def availability(self) -> Availability:
        try:
            grammar = importlib.metadata.version("tree-sitter-c-sharp")
        except importlib.metadata.PackageNotFoundError:
            return Availability(False, MISSING_GRAMMAR)
        return Availability(True, versions={"tree-sitter-c-sharp": grammar})

    def checker(self) -> Checker | None:
        if not self.availability().ok:
            return None
        return Checker("names checked",
                       f"names checked against AWS SDK for .NET {sdk_version()} metadata; not compiled")

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        return {program.name: check_names(program) for program in programs}

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        results: dict[str, RunResult] = {}
        for program in programs:
            started = time.perf_counter()
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / program.filename).write_text(program.text, encoding="utf-8")
            found = sorted(tree_sitter_errors("c_sharp", program.text), key=lambda p: (p.line, p.column))
            duration = time.perf_counter() - started
            if not found:
                results[program.name] = RunResult(0, duration=duration)
                continue
            # The last line is the first problem: what a reader sees in the report.
            text = "\n".join(str(p) for p in found[1:]) + f"\n{found[0]}"
            results[program.name] = RunResult(1, stderr=text.strip(), duration=duration, error_line=found[0].line)
        return results


def check_names(program: ProgramRun) -> list[CompileError]:
    """Every name of a C# program checked against the AWS SDK for .NET's names for its
    service; [] when all are the SDK's and none is ambiguous."""
    tree = parse_tree("c_sharp", program.text)
    state = _Program(program, sdk_for_service(program.service))
    for problem in tree_sitter_errors("c_sharp", program.text):
        state.errors.append(CompileError(program.name, problem.line, problem.column, problem.message))
    root = tree.root_node
    for node in root.children:
        if node.type == "using_directive":
            _using(state, node)
    for node in _walk(root):
        if node.type == "variable_declarator":
            state.locals.add(_text(node.child_by_field_name("name")))
        elif node.type == "catch_declaration":
            state.locals.add(_text(node.child_by_field_name("name")))
    for node in _walk(root):
        kind = node.type
        if kind == "method_declaration":
            _type_name(state, node.child_by_field_name("returns"))
        elif kind == "object_creation_expression":
            _creation(state, node)
        elif kind == "invocation_expression":
            _invocation(state, node)
        elif kind == "catch_declaration":
            caught = node.child_by_field_name("type")
            name = _type_name(state, caught)
            if name and name not in state.sdk.exceptions and not name.endswith("Exception"):
                state.error(caught or node, f"{name} is not an exception class")
        elif kind == "member_access_expression":
            _member_access(state, node)
        elif kind == "variable_declarator":
            _declarator(state, node)
    return sorted(set(state.errors), key=lambda e: (e.line, e.column, e.message))


def _using(state: _Program, node: Node) -> None:
    name = _text(next((c for c in node.children if c.type in ("identifier", "qualified_name")), None))
    allowed = {*system_types(), state.sdk.namespace, state.sdk.model_namespace}
    if name not in allowed:
        state.error(node, f"namespace {name} is not in AWS SDK for .NET {sdk_version()} for "
                          f"{state.run.service} (its namespaces are {state.sdk.namespace} and "
                          f"{state.sdk.model_namespace}) nor a System namespace the programs use")
        return
    state.imported.add(name)


def _namespaces(state: _Program) -> dict[str, frozenset[str]]:
    """The type names of every namespace the program imports."""
    known = {**system_types(), **state.sdk.defined()}
    return {name: known.get(name, frozenset()) for name in state.imported}


def _type_name(state: _Program, node: Node | None) -> str:
    """Check a type reference (simple, qualified or generic) and return its last name
    with its type arguments ("" when it is not a type the check follows)."""
    if node is None:
        return ""
    text = _text(node)
    if node.type == "predefined_type" or text in _KEYWORDS:
        return text
    if node.type == "generic_name":
        head = _text(node.child(0))
        args = [c for c in node.children if c.type == "type_argument_list"]
        names = [_type_name(state, a) for a in (args[0].named_children if args else [])]
        _simple(state, node.child(0) or node, head)
        return f"{head}<{', '.join(names)}>"
    if node.type == "qualified_name":
        namespace, _, name = text.rpartition(".")
        known = {**system_types(), **state.sdk.defined()}
        if namespace not in known:
            state.error(node, f"namespace {namespace} is not in AWS SDK for .NET {sdk_version()} for "
                              f"{state.run.service} (expected {state.sdk.model_namespace})")
        elif name not in known[namespace]:
            state.error(node, f"{namespace} has no type {name}")
        return name
    if node.type == "identifier":
        _simple(state, node, text)
        return text
    return ""


def _simple(state: _Program, node: Node, name: str) -> None:
    """A type named without its namespace: it must be in exactly one imported namespace."""
    homes = sorted(ns for ns, names in _namespaces(state).items() if name in names)
    if not homes:
        state.error(node, f"no type {name} in the imported namespaces of AWS SDK for .NET {sdk_version()} "
                          f"for {state.run.service}")
    elif len(homes) > 1:
        state.error(node, f"{name} is ambiguous between {' and '.join(f'{h}.{name}' for h in homes)} (CS0104)")


def _creation(state: _Program, node: Node) -> None:
    type_node = node.child_by_field_name("type")
    created = _type_name(state, type_node)
    if created.endswith("Client") and created != state.sdk.client:
        state.error(type_node or node, f"the client of {state.run.service} in AWS SDK for .NET {sdk_version()} "
                                       f"is {state.sdk.client}, not {created}")
    initializer = node.child_by_field_name("initializer")
    if initializer is None:
        return
    head, args = generic_args(created)
    if head in ("List", "HashSet") and args:
        for item in initializer.named_children:
            _value(state, item, args[0], f"an item of {created}")
        return
    if head == "Dictionary" and len(args) == 2:
        for item in initializer.named_children:
            right = item.child_by_field_name("right") if item.type == "assignment_expression" else None
            if right is not None:
                _value(state, right, args[1], f"a value of {created}")
        return
    properties = state.sdk.classes.get(created)
    if properties is None:
        return  # a System type (MemoryStream): its constructor arguments are not followed
    for item in initializer.named_children:
        if item.type != "assignment_expression":
            continue
        left = item.child_by_field_name("left")
        name = _text(left)
        if name not in properties:
            state.error(left or item, f"{created} has no property {name} in AWS SDK for .NET {sdk_version()}")
            continue
        right = item.child_by_field_name("right")
        if right is not None:
            _value(state, right, properties[name], f"{created}.{name}")


def _value(state: _Program, node: Node, declared: str, where: str) -> None:
    """A value assigned where the SDK declares the type declared."""
    kind = node.type
    if kind == "object_creation_expression":
        made = re.sub(r"[\w.]+\.(\w+)", r"\1", _text(node.child_by_field_name("type")))  # without namespaces
        made_head, made_args = generic_args(made)
        head, args = generic_args(declared)
        if declared in NUMBERS or declared in ("string", "bool") or declared in state.sdk.enums:
            state.error(node, f"{where} is {declared} in AWS SDK for .NET {sdk_version()}, not {made}")
        elif made in ASSIGNABLE.get(declared, ()):
            return
        elif (made_head, made_args) != (head, args):
            state.error(node, f"{where} is {declared} in AWS SDK for .NET {sdk_version()}, not {made}")
        return
    if kind in _STRINGS:
        if declared not in ("string", *state.sdk.enums) and not declared.startswith("enum:"):
            state.error(node, f"{where} is {declared} in AWS SDK for .NET {sdk_version()}, not a string")
    elif kind == "boolean_literal":
        if declared != "bool":
            state.error(node, f"{where} is {declared} in AWS SDK for .NET {sdk_version()}, not bool")
    elif kind in _NUMBER_LITERALS or (kind == "prefix_unary_expression" and node.named_children
                                      and node.named_children[0].type in _NUMBER_LITERALS):
        if declared not in NUMBERS:
            state.error(node, f"{where} is {declared} in AWS SDK for .NET {sdk_version()}, not a number")


def _invocation(state: _Program, node: Node) -> None:
    function = node.child_by_field_name("function")
    if function is None or function.type != "member_access_expression":
        return
    target = _text(function.child_by_field_name("expression"))
    method = _text(function.child_by_field_name("name"))
    if target == "client" and method not in state.sdk.methods:
        state.error(function, f"{state.sdk.client} has no method {method} in AWS SDK for .NET {sdk_version()}")
    if target == "client.Paginators" and method + "Async" not in state.sdk.methods:
        state.error(function, f"{state.sdk.client} has no paginator {method}")


def _member_access(state: _Program, node: Node) -> None:
    """Type.Member (Console.WriteLine, RegionEndpoint.USWest2): the type must resolve; and
    response.Member: the response class must have the property."""
    expression = node.child_by_field_name("expression")
    if expression is None or expression.type != "identifier":
        return
    name = _text(expression)
    if name in state.locals:
        known = state.variables.get(name)
        member = _text(node.child_by_field_name("name"))
        if known and known in state.sdk.classes and member not in state.sdk.classes[known]:
            state.error(node, f"{known} has no property {member} in AWS SDK for .NET {sdk_version()}")
        return
    roots = {namespace.split(".")[0] for namespace in (*system_types(), state.sdk.namespace)}
    if name[:1].isupper() and name not in roots:
        _simple(state, expression, name)


def _declarator(state: _Program, node: Node) -> None:
    """var response = await client.XAsync(…): response is an XResponse."""
    name = _text(node.child_by_field_name("name"))
    value = next((c for c in node.named_children if c.type == "await_expression"), None)
    call = next((c for c in value.named_children if c.type == "invocation_expression"), None) if value else None
    function = call.child_by_field_name("function") if call else None
    if function is not None and function.type == "member_access_expression":
        method = _text(function.child_by_field_name("name"))
        if method.endswith("Async"):
            state.variables[name] = method[: -len("Async")] + "Response"


RUNNER = CSharpRunner()

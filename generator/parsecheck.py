"""Real parsers for generated code: tree-sitter grammars, Python's ast and bash -n."""

from __future__ import annotations

import ast
import codecs
import functools
import importlib
import io
import shutil
import subprocess
import tokenize
from dataclasses import dataclass

from tree_sitter import Language as TsLanguage
from tree_sitter import Parser, Tree


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    column: int
    message: str
    checker: str

    def __str__(self) -> str:
        return f"line {self.line}:{self.column}: {self.message} ({self.checker})"


class GrammarUnavailable(Exception):
    """The tree-sitter grammar a language names is not installed (or has no such function)."""


@functools.cache
def _parser(module_name: str, function: str) -> Parser:
    try:
        module = importlib.import_module(module_name)
        language = getattr(module, function)()
    except (ImportError, AttributeError) as exc:
        raise GrammarUnavailable(
            f"the tree-sitter grammar {module_name}.{function}() is not available ({exc}); "
            f"install the {module_name.replace('_', '-')} package"
        ) from None
    return Parser(TsLanguage(language))


def parse_tree(grammar: str, source: str, module: str | None = None, function: str = "language") -> Tree:
    """source parsed by a tree-sitter grammar.

    grammar names the grammar (java, c_sharp…); its package is tree_sitter_<grammar>
    unless module names another one. Raises GrammarUnavailable when it is not installed."""
    return _parser(module or f"tree_sitter_{grammar}", function).parse(source.encode("utf-8", "surrogatepass"))


def tree_sitter_errors(
    grammar: str, source: str, module: str | None = None, function: str = "language"
) -> list[SyntaxProblem]:
    """ERROR and MISSING nodes found by the grammar (see parse_tree), first ones first."""
    tree = parse_tree(grammar, source, module, function)
    if not tree.root_node.has_error:
        return []
    found: list[SyntaxProblem] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        line, column = node.start_point[0] + 1, node.start_point[1] + 1
        if node.is_missing:
            found.append(SyntaxProblem(line, column, f"missing {node.type}", f"tree-sitter-{grammar}"))
        elif node.is_error:
            found.append(SyntaxProblem(line, column, "syntax error", f"tree-sitter-{grammar}"))
        elif node.has_error:
            stack.extend(reversed(node.children))
    return sorted(found, key=lambda p: (p.line, p.column))


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


def bash_errors(source: str) -> list[SyntaxProblem]:
    """bash -n (the shell's own parser) plus tree-sitter-bash."""
    found = tree_sitter_errors("bash", source)
    bash = shutil.which("bash")
    if bash:
        result = subprocess.run([bash, "-n"], input=source, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            message = result.stderr.strip().splitlines()[0] if result.stderr.strip() else "syntax error"
            line = 1
            for part in message.split(":"):
                if part.strip().startswith("line "):
                    line = int(part.strip()[5:].split()[0])
            found.insert(0, SyntaxProblem(line, 1, message, "bash -n"))
    return found

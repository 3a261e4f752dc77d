"""Real parsers for generated code: tree-sitter grammars, Python's ast and bash -n."""

from __future__ import annotations

import ast
import functools
import importlib
import shutil
import subprocess
from dataclasses import dataclass

from tree_sitter import Language as TsLanguage
from tree_sitter import Parser


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    column: int
    message: str
    checker: str

    def __str__(self) -> str:
        return f"line {self.line}:{self.column}: {self.message} ({self.checker})"


# tree-sitter grammar package and the function returning its language, per grammar name
_GRAMMARS = {
    "java": ("tree_sitter_java", "language"),
    "c_sharp": ("tree_sitter_c_sharp", "language"),
    "ruby": ("tree_sitter_ruby", "language"),
    "bash": ("tree_sitter_bash", "language"),
    "go": ("tree_sitter_go", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "python": ("tree_sitter_python", "language"),
}


@functools.cache
def _parser(grammar: str) -> Parser:
    module_name, function = _GRAMMARS[grammar]
    module = importlib.import_module(module_name)
    return Parser(TsLanguage(getattr(module, function)()))


def tree_sitter_errors(grammar: str, source: str) -> list[SyntaxProblem]:
    """ERROR and MISSING nodes found by the grammar, first ones first."""
    tree = _parser(grammar).parse(source.encode("utf-8"))
    if not tree.root_node.has_error:
        return []
    found: list[SyntaxProblem] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            found.append(SyntaxProblem(node.start_point[0] + 1, node.start_point[1] + 1, f"missing {node.type}", f"tree-sitter-{grammar}"))
        elif node.is_error:
            found.append(SyntaxProblem(node.start_point[0] + 1, node.start_point[1] + 1, "syntax error", f"tree-sitter-{grammar}"))
        elif node.has_error:
            stack.extend(reversed(node.children))
    return sorted(found, key=lambda p: (p.line, p.column))


def python_errors(source: str) -> list[SyntaxProblem]:
    try:
        ast.parse(source)
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

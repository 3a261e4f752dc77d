"""Real parsers for generated code: the tree-sitter grammars languages name.

A language with a parser of its own (Python's ast, bash -n, javac's unicode pre-pass)
keeps it in its module and calls it from Language.syntax_errors.
"""

from __future__ import annotations

import functools
import importlib
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

"""black's output for generated Python programs, with black run only where it has work to do.

black costs about 1 ms per call before it reads a token and about 0.1 ms per line after
(its parser is pure Python), so running it on every program of a corpus dominates the
whole rendering. Most of a generated program is already in black's style, or would be
once each statement is written on one line: black lays out every logical line on its
own, and a statement that fits in the line length with no trailing comma before a
closing bracket becomes exactly its tokens joined by black's spacing rules. So:

1. the program is scanned with a tokenizer for the small part of Python that polysnip
   writes (names, decimal numbers, double-quoted str/bytes/f-string literals without
   escaped quotes or \\x/\\u/\\N escapes, brackets, `, : . = == !=` and unary minus,
   whole-line comments, 4-space indentation);
2. each logical line is joined onto one line with black's spacing rules; if that fits
   (black's width, which counts wide characters twice) it is what black would write;
3. a statement that does not fit is given to black alone, at the line length its
   indentation leaves (black splits each logical line without looking at the others),
   and the result is indented back;
4. blank lines are checked against black's rules (none first, none after a block
   opener, at most 2 at the top level and 1 in a block, one after imports).

Anything outside that subset, or that black would treat specially (redundant or
optional parentheses, docstrings, `# fmt:` comments, a magic trailing comma, a long
block header...), sends the whole program to black.format_str, so the output is always
black's. tests/unit/test_python_format.py compares both paths on generated programs.
"""

from __future__ import annotations

import keyword
import re
from functools import lru_cache

import black
from black.strings import str_width

MODE = black.Mode()
LINE_LENGTH = MODE.line_length

_TOKEN = re.compile(
    r"""
    (?P<space>[ ]+)
    |(?P<newline>\n)
    |(?P<comment>\#[^\n]*)
    |(?P<string>[fb]?"(?:[^"\\\n]|\\[^\n])*")
    |(?P<number>[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?(?![\w.]))
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*(?!["\w]))
    |(?P<op>==|!=|[-()\[\]{},:.=])
    """,
    re.VERBOSE,
)
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
# Statements whose layout black decides with more than the statement itself.
_SPECIAL_STARTS = frozenset({"def", "class", "async", "with", "match", "case", "type", "lambda", "global", "nonlocal"})
_CONTINUATIONS = frozenset({"except", "else", "elif", "finally"})
_ESCAPE = re.compile(r"\\(.)")
_DIRECTIVE = re.compile(r"\b(?:fmt|yapf)\s*:")


class _Unsupported(Exception):
    """Something black may write differently from the joined tokens."""


@lru_cache(maxsize=2048)
def format_program(source: str) -> str:
    """black.format_str(source, mode=black.Mode()), computed faster for generated programs
    (and not again for a text already formatted in this process)."""
    try:
        return _format(source)
    except _Unsupported:
        return black.format_str(source, mode=MODE)


def _format(source: str) -> str:
    if not source.endswith("\n") or source.endswith("\n\n") or source.startswith("\n"):
        raise _Unsupported
    out: list[str] = []
    blanks = 0
    previous: tuple[str, int] | None = None  # the last line written: its first token and indent
    previous_import = False
    opener = False  # the last code line ends a block header with ":"
    levels = [0]
    lines = _logical_lines(source)
    _check_comments(lines)
    for indent, kind, text, tokens in lines:
        if kind == "blank":
            blanks += 1
            continue
        if previous is None and blanks:
            raise _Unsupported
        if blanks > (2 if indent == 0 else 1):
            raise _Unsupported
        if opener and blanks:
            raise _Unsupported
        if previous_import and blanks == 0 and not (kind == "code" and text.startswith("import ")):
            raise _Unsupported
        if kind == "comment":
            out.extend([""] * blanks)
            out.append(" " * indent + text)
            blanks = 0
            previous = ("#", indent)
            previous_import = False
            continue
        first = text.split(" ", 1)[0].rstrip(":")
        if first in _CONTINUATIONS and blanks:
            raise _Unsupported
        _check_indent(levels, indent, opener, first)
        out.extend([""] * blanks)
        blanks = 0
        opener = text.endswith(":")
        previous_import = text.startswith(("import ", "from "))
        previous = (first, indent)
        if str_width(text) + indent <= LINE_LENGTH:
            out.append(" " * indent + text)
        elif opener:
            raise _Unsupported  # a long block header: black needs its body to lay it out
        else:
            out.extend(_split_statement(tokens, indent, text))
    if previous is None or opener:
        raise _Unsupported
    return "\n".join(out) + "\n"


def _check_indent(levels: list[int], indent: int, opener: bool, first: str) -> None:
    """Indentation that black keeps as it is: 4 spaces per block, a block after each header."""
    if opener:
        if indent != levels[-1] + 4:
            raise _Unsupported
        levels.append(indent)
        return
    if indent not in levels:
        raise _Unsupported
    while levels[-1] > indent:
        levels.pop()


def _check_comments(lines: list[Line]) -> None:
    """A whole-line comment stays where it is when it is indented like the statement after
    it (at the left margin at the end), and that statement does not continue a block."""
    following: tuple[int, str] = (0, "")
    for indent, kind, text, _ in reversed(lines):
        if kind == "code":
            following = (indent, text.split(" ", 1)[0].rstrip(":"))
        elif kind == "comment" and (indent != following[0] or following[1] in _CONTINUATIONS):
            raise _Unsupported


@lru_cache(maxsize=4096)
def _black_alone(statement: str, width: int) -> tuple[str, ...]:
    lines = black.format_str(statement + "\n", mode=black.Mode(line_length=width)).split("\n")
    return tuple(lines[:-1])


Token = tuple[str, str]  # (kind, text)
Line = tuple[int, str, str, list[Token]]  # (indent, kind, text, tokens)


def _logical_lines(source: str) -> list[Line]:
    """(indent, kind, text, tokens) per logical line: kind "blank", "comment" or "code"
    (text: its tokens joined with black's spacing)."""
    lines: list[Line] = []
    position = 0
    end = len(source)
    at_line_start = True
    commented = False  # the line so far is a comment
    indent = 0
    tokens: list[Token] = []
    depth: list[str] = []
    while position < end:
        match = _TOKEN.match(source, position)
        if match is None:
            raise _Unsupported
        kind = match.lastgroup or ""
        value = match.group()
        position = match.end()
        if kind == "space":
            if at_line_start and not tokens:
                indent = len(value)
            continue
        if kind == "newline":
            if commented:
                commented, at_line_start, indent = False, True, 0
                continue
            if depth:
                if at_line_start:
                    raise _Unsupported  # a blank line inside brackets
                at_line_start = True
                continue
            if not tokens:
                if not at_line_start or indent:
                    raise _Unsupported  # trailing spaces, or spaces on a blank line
                lines.append((0, "blank", "", []))
            else:
                lines.append((indent, "code", _join(tokens, _spacing(tokens)), tokens))
                tokens = []
            at_line_start = True
            indent = 0
            continue
        if kind == "comment":
            if tokens or depth or value.rstrip() != value or _DIRECTIVE.search(value):
                raise _Unsupported  # a comment after code or inside brackets; or a directive
            if value != "#" and not value.startswith("# "):
                raise _Unsupported
            lines.append((indent, "comment", value, []))
            commented = True
            continue
        at_line_start = False
        if value in _OPENING:
            depth.append(value)
        elif value in _CLOSING:
            if not depth or _OPENING[depth.pop()] != value:
                raise _Unsupported
        tokens.append((kind, value))
    if tokens or depth or not at_line_start:
        raise _Unsupported
    return lines


def _spacing(tokens: list[Token]) -> list[bool]:
    """Whether black puts a space before each token of a logical line (black decides that
    per token, whatever lines the statement is later split into); _Unsupported where black
    would also change the tokens (parentheses, quotes) or the rule is not written here."""
    first_kind, first = tokens[0]
    if first_kind == "string" or first in _SPECIAL_STARTS or first in _OPENING or first == "-":
        raise _Unsupported
    spaces: list[bool] = []
    stack: list[str] = []
    previous_kind, previous = "", ""
    last = len(tokens) - 1
    for index, (kind, value) in enumerate(tokens):
        inside = stack[-1] if stack else ""
        if kind == "string":
            _check_string(value)
            if previous_kind == "string":
                raise _Unsupported  # implicit concatenation
        if value == ":" and not (inside == "{" or (not stack and index == last)):
            raise _Unsupported  # slices, lambdas, annotations, a body on the header line
        if value == "," and index < last and tokens[index + 1][1] in _CLOSING:
            raise _Unsupported  # a magic trailing comma
        if value == "=" and stack and inside != "(":
            raise _Unsupported
        if value == "(" and not ((previous_kind == "name" and previous not in _KEYWORDS) or previous in (")", "]")):
            raise _Unsupported  # parentheses black may remove or keep
        if value == "-" and not (index < last and tokens[index + 1][0] == "number"):
            raise _Unsupported
        if value == "-" and not (previous in _OPENING or previous in (",", ":", "=", "==", "!=")
                                 or (previous_kind == "name" and previous in _KEYWORDS)):
            raise _Unsupported  # binary minus
        spaces.append(index > 0 and _space_before(previous_kind, previous, kind, value, inside))
        if value in _OPENING:
            stack.append(value)
        elif value in _CLOSING:
            stack.pop()
        previous_kind, previous = kind, value
    return spaces


def _join(tokens: list[Token], spaces: list[bool]) -> str:
    return "".join((" " + value if space and index else value)
                   for index, ((_, value), space) in enumerate(zip(tokens, spaces, strict=True)))


# --- statements longer than the line -------------------------------------------------------
#
# black's right-hand split, for the statements polysnip writes most: a call, or an
# assignment of a call, a list or a dict, whose arguments and items are literals (strings,
# numbers, names, lists, dicts). For those black (1) splits the statement at its last
# bracket pair: head up to the opening bracket, body, closing bracket; (2) writes a body
# on one line if it fits, except a list or dict display with two or more items, which it
# always writes one item per line; (3) splits a body that does not fit at its commas, one
# item per line with a comma after the last; (4) splits an item that still does not fit at
# its last bracket pair, as in (1), and leaves one without brackets as it is. Any other
# statement goes to black alone.


def _split_statement(tokens: list[Token], indent: int, text: str) -> list[str]:
    try:
        spaces = _spacing(tokens)
        _check_literal_statement(tokens)
        return _split(tokens, spaces, indent, inside=False, explode=False)
    except _Unsupported:
        return [(" " * indent + line) if line else line for line in _black_alone(text, LINE_LENGTH - indent)]


def _check_literal_statement(tokens: list[Token]) -> None:
    """`[name =] name(.name)*(arguments)` or `name = [...]` / `name = {...}`, where the
    arguments and items are literals, names and keyword arguments."""
    values = [value for _, value in tokens]
    position = 0
    if len(values) > 2 and values[1] == "=":
        if tokens[0][0] != "name":
            raise _Unsupported
        position = 2
    if values[position] in ("[", "{") and position == 2:
        start = position
    else:
        while tokens[position][0] == "name" and tokens[position][1] not in _KEYWORDS:
            if values[position + 1] == "(":
                break
            if values[position + 1] != ".":
                raise _Unsupported
            position += 2
        else:
            raise _Unsupported
        start = position + 1
    if _OPENING.get(values[start], "") != values[-1] or _matching(values, start) != len(values) - 1:
        raise _Unsupported
    for kind, value in tokens[start + 1 : -1]:
        if value == "(" or value == "." or value in ("==", "!=") or (kind == "name" and value in _KEYWORDS
                                                                    and value not in ("True", "False", "None")):
            raise _Unsupported


def _matching(values: list[str], start: int) -> int:
    depth = 0
    for index in range(start, len(values)):
        if values[index] in _OPENING:
            depth += 1
        elif values[index] in _CLOSING:
            depth -= 1
            if depth == 0:
                return index
    raise _Unsupported


def _fits(tokens: list[Token], spaces: list[bool], indent: int) -> tuple[bool, str]:
    line = " " * indent + _join(tokens, spaces)
    return str_width(line) <= LINE_LENGTH, line


def _split(tokens: list[Token], spaces: list[bool], indent: int, inside: bool, explode: bool) -> list[str]:
    fits, line = _fits(tokens, spaces, indent)
    values = [value for _, value in tokens]
    commas = _top_commas(values)
    if fits and not (explode and commas):
        return [line]
    if inside and commas:
        out: list[str] = []
        begin = 0
        for comma in [*commas, len(values)]:
            item, item_spaces = tokens[begin : comma + 1], spaces[begin : comma + 1]
            if not item:
                break
            if item[-1][1] != ",":
                item, item_spaces = [*item, ("op", ",")], [*item_spaces, False]
            out.extend(_split(item, item_spaces, indent, inside=True, explode=False))
            begin = comma + 1
        return out
    closing = next((index for index in range(len(values) - 1, -1, -1) if values[index] in _CLOSING), None)
    if closing is None:
        if not inside:
            raise _Unsupported
        return [line]  # nothing to split at: black leaves it long
    opening = _opening(values, closing)
    if opening + 1 == closing:
        raise _Unsupported  # an empty pair: black's rules for those are not written here
    head_fits, head = _fits(tokens[: opening + 1], spaces[: opening + 1], indent)
    if not head_fits:
        raise _Unsupported  # black would try other bracket pairs
    body = _split(tokens[opening + 1 : closing], spaces[opening + 1 : closing], indent + 4, inside=True,
                  explode=values[opening] in ("[", "{"))  # fmt: skip
    return [head, *body, " " * indent + _join(tokens[closing:], spaces[closing:])]


def _top_commas(values: list[str]) -> list[int]:
    """Indexes of the commas outside brackets, not counting one that ends the line."""
    depth = 0
    found = []
    for index, value in enumerate(values):
        if value in _OPENING:
            depth += 1
        elif value in _CLOSING:
            depth -= 1
        elif value == "," and depth == 0 and index != len(values) - 1:
            found.append(index)
    return found


def _opening(values: list[str], closing: int) -> int:
    depth = 0
    for index in range(closing, -1, -1):
        if values[index] in _CLOSING:
            depth += 1
        elif values[index] in _OPENING:
            depth -= 1
            if depth == 0:
                return index
    raise _Unsupported


def _space_before(previous_kind: str, previous: str, kind: str, value: str, inside: str) -> bool:
    if previous in _OPENING or previous == ".":
        return False
    if value in _CLOSING or value in (",", ":", "."):
        return False
    if value == "=" or previous == "=":
        return not inside  # an assignment; keyword arguments have no spaces
    if previous == "-" and kind == "number":
        return False  # unary minus (the only minus _join lets through)
    if value in ("(", "["):
        trailer = (previous_kind in ("name", "string") and previous not in _KEYWORDS) or previous in (")", "]")
        return not trailer
    return True


def _check_string(value: str) -> None:
    """black keeps a double-quoted literal as it is unless it could drop escaped quotes or
    normalise a \\x, \\u, \\U or \\N escape; those go to black."""
    for escaped in _ESCAPE.findall(value):
        if escaped in "\"xuUN'":
            raise _Unsupported

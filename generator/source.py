"""Stage 1: read a YAML file into plain values plus the source location of every value.

Only the YAML core is accepted (mappings, sequences, strings, numbers, booleans, null);
anchors and aliases work, with a bound on how far they may expand. Every problem is
reported with file:line:column and nothing is ever evaluated.

Plain scalars are read with YAML 1.2 core rules, not PyYAML's YAML 1.1 ones: only true and
false are booleans (yes, no, on, off stay text), 1:30 is text (not 90), 010 is ten, 0o10 is
eight, and a date or timestamp stays the text it was written as.
"""

from __future__ import annotations

import math
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import BadInput, Location, Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000  # after alias expansion; stops "billion laughs" documents
MAX_DEPTH = 100
MAX_SCALAR_CHARS = 256 * 1024

PathKey = tuple[str | int, ...]


def format_path(path: PathKey) -> str:
    """('operations', 2, 'params', 'Policy') -> 'operations[2].params.Policy'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if part.isprintable() else part.encode("unicode_escape").decode("ascii")  # one line, always
            out += f".{shown}" if out else shown
    return out


@dataclass(frozen=True)
class SourceDoc:
    """A parsed YAML document and the location of each value in it."""

    file: str
    data: Any
    locations: dict[PathKey, Location]

    def location(self, path: PathKey) -> Location:
        """The location of the value at path, or of its nearest located ancestor."""
        while path not in self.locations and path:
            path = path[:-1]
        return self.locations.get(path, Location(self.file, 1, 1))

    def problem(self, path: PathKey, message: str, **kwargs: Any) -> Problem:
        return Problem(self.location(path), format_path(path), message, spec_path=path, **kwargs)


def _fail(file: str, line: int, column: int, message: str) -> BadInput:
    return BadInput([Problem(Location(file, line, column), "", message)])


def _line_col(text: bytes, offset: int) -> tuple[int, int]:
    line = text.count(b"\n", 0, offset) + 1
    column = offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def read_text(path: Path, display: str) -> str:
    """Read a spec file as UTF-8 text, refusing what cannot be a spec."""
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            raise _fail(display, 1, 1, "is a directory; expected a YAML spec file")
        if not stat.S_ISREG(info.st_mode):
            raise _fail(display, 1, 1, "is not a regular file (a pipe, socket or device); expected a YAML spec file")
        if size > MAX_FILE_BYTES:
            raise _fail(display, 1, 1, f"file is {size:,} bytes; a spec may be at most {MAX_FILE_BYTES:,} bytes")
        with path.open("rb") as handle:  # bounded: a device or a growing file may report size 0
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise _fail(
                display, 1, 1, f"file is over {MAX_FILE_BYTES:,} bytes; a spec may be at most {MAX_FILE_BYTES:,} bytes"
            )
    except FileNotFoundError:
        raise _fail(display, 1, 1, "file not found") from None
    except PermissionError:
        raise _fail(display, 1, 1, "permission denied while reading the file") from None
    except IsADirectoryError:
        raise _fail(display, 1, 1, "is a directory; expected a YAML spec file") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _fail(display, 1, 1, "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    if b"\x00" in raw:
        line, col = _line_col(raw, raw.index(b"\x00"))
        raise _fail(display, line, col, "file contains a NUL byte; expected UTF-8 text (is it binary?)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise _fail(
            display, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; expected UTF-8 text"
        ) from None


def load_yaml(path: Path, display: str | None = None) -> SourceDoc:
    """Read and compose one YAML document from path, keeping locations."""
    display = display or str(path)
    text = read_text(path, display)
    return parse_yaml(text, display)


class _DepthError(Exception):
    def __init__(self, mark: yaml.Mark):
        super().__init__("nesting too deep")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars that stops composing at MAX_DEPTH, before
    Python's recursion limit."""

    _depth = -1  # the root node is at depth 0, as in _Builder

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH and not self.check_event(yaml.AliasEvent):
                raise _DepthError(self.peek_event().start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {}  # only the YAML 1.2 core resolvers below, not PyYAML's 1.1 ones
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
for _tag, _regex, _first in (
    ("tag:yaml.org,2002:bool", re.compile(r"true|True|TRUE|false|False|FALSE"), "tTfF"),
    ("tag:yaml.org,2002:null", re.compile(r"~|null|Null|NULL|"), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", _CORE_INT, "-+0123456789"),
    ("tag:yaml.org,2002:float", _CORE_FLOAT, "-+0123456789."),
    ("tag:yaml.org,2002:merge", re.compile(r"<<"), "<"),
):
    _Loader.add_implicit_resolver(_tag, re.compile(f"^(?:{_regex.pattern})$"), list(_first))


def reads_as_text(text: str) -> bool:
    """True when text, written as a plain YAML scalar, reads back as that text (YAML 1.2 core)."""
    resolvers = (
        _Loader.yaml_implicit_resolvers.get(text[:1], []) if text else _Loader.yaml_implicit_resolvers.get("", [])
    )
    return not any(regex.match(text) for _, regex in resolvers)


def _core_scalar(tag: str, text: str) -> Any:
    """A plain scalar's value under YAML 1.2 core rules (the tag says which kind it is)."""
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int":
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)
    lowered = text.lower()
    if lowered.endswith(".nan"):
        return math.nan
    if lowered.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


def parse_yaml(text: str, display: str) -> SourceDoc:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except _DepthError as exc:
        raise _fail(
            display,
            exc.mark.line + 1,
            exc.mark.column + 1,
            f"nesting is too deep; at most {MAX_DEPTH} levels are allowed",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        hints: list[str] = []
        start = exc.context_mark
        if exc.context and start is not None and mark is not None and start.line != mark.line:
            # The problem is often found far from its cause, e.g. an unclosed '[' at the end of the file.
            hints.append(
                f"the {exc.context.split(' a ', 1)[-1]} started at line {start.line + 1}, column {start.column + 1}"
            )
        source_line = (text.splitlines()[line - 1 : line] or [""])[0]
        if "\t" in source_line:
            hints.append("YAML does not allow tabs for indentation; use spaces")
        elif "<block end>" in what:
            hints.append("check that this line is indented like the keys or items it belongs with")
        if "undefined alias" in what:
            hints.append("an alias *name must come after its anchor &name in the same file")
        if hints:
            what += f" ({'; '.join(hints)})"
        raise _fail(display, line, col, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:  # reader errors carry a position too
        line, col = 1, 1
        position = getattr(exc, "position", None)
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(exc, "reason", None) or "unreadable YAML"
        character = getattr(exc, "character", None)
        if isinstance(character, int):
            reason = f"character U+{character:04X} is not allowed in YAML; expected printable text"
        raise _fail(display, line, col, f"YAML error: {reason}") from None
    except RecursionError:
        raise _fail(display, 1, 1, f"YAML nesting is too deep; at most {MAX_DEPTH} levels are allowed") from None
    if node is None:
        if text.strip():
            raise _fail(display, 1, 1, "file holds only comments; expected a YAML mapping with a 'polysnip' version")
        raise _fail(display, 1, 1, "file is empty; expected a YAML mapping with a 'polysnip' version")
    builder = _Builder(display)
    data = builder.build(node, (), 0)
    return SourceDoc(display, data, builder.locations)


class _Builder:
    """Turns composed YAML nodes into plain values, recording where each came from."""

    def __init__(self, file: str):
        self.file = file
        self.locations: dict[PathKey, Location] = {}
        self.count = 0

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, node: yaml.Node, path: PathKey, message: str) -> BadInput:
        return BadInput([Problem(self._loc(node), format_path(path), message)])

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(
                node, path, f"document expands to more than {MAX_NODES:,} values (aliases nested too far?)"
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, path, f"nesting is too deep; at most {MAX_DEPTH} levels are allowed")
        self.locations.setdefault(path, self._loc(node))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            short = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._fail(node, path, f"unsupported YAML tag {short!r}; only plain YAML values are allowed")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(
                        key_node, path, "YAML merge keys (<<) are not supported; write the keys out in full"
                    )
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(
                        key_node, path, "mapping keys must be plain strings; got a YAML sequence or mapping"
                    )
                key = key_node.value
                if key in result:
                    first = self.locations[path + (key,)]
                    raise self._fail(
                        key_node,
                        path + (key,),
                        f"duplicate key {key!r} (first given at line {first.line}); each key may appear only once",
                    )
                self.locations[path + (key,)] = self._loc(key_node)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        if len(node.value) > MAX_SCALAR_CHARS:
            raise self._fail(
                node, path, f"value is {len(node.value):,} characters long; at most {MAX_SCALAR_CHARS:,} are allowed"
            )
        tag = node.tag
        surrogate = next((ch for ch in node.value if "\ud800" <= ch <= "\udfff"), None)
        if surrogate is not None:
            raise self._fail(
                node, path, f"U+{ord(surrogate):04X} is a lone surrogate, not a character; expected valid Unicode text"
            )
        if tag == "tag:yaml.org,2002:str":
            return node.value
        if tag in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
        ):
            if node.style is None:
                value = _core_scalar(tag, node.value)  # plain: resolved by the YAML 1.2 core rules above
            else:
                value = yaml.SafeLoader.yaml_constructors[tag](_CONSTRUCTOR, node)  # an explicit tag such as !!int
            if isinstance(value, float) and not math.isfinite(value):
                raise self._fail(node, path, f"{node.value} is not a number AWS accepts; expected a finite number")
            return value
        short = tag.replace("tag:yaml.org,2002:", "!!")
        raise self._fail(node, path, f"unsupported YAML tag {short!r}; only plain YAML values are allowed")


_CONSTRUCTOR = yaml.SafeLoader("")

"""Placeholders: ${name} references in spec values, resolved and bounded.

A placeholder's value may use other placeholders, nested at most MAX_PLACEHOLDER_DEPTH
levels; a value with its placeholders filled in is at most MAX_VALUE_CHARS long, and all
values of a spec together at most MAX_EXPANDED_CHARS, so that a small spec cannot expand
into a huge one. `$${` is a literal `${`; an unterminated `${name` is an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.model import Shape

from . import service
from .checks import MAX_ID_CHARS, MISSING, VALUE_CONTROL, Collector, control_message, describe_value, excerpt
from .model import Placeholder
from .problems import Problem
from .source import PathKey, SourceDoc

__all__ = [
    "MAX_EXPANDED_CHARS",
    "MAX_PLACEHOLDER_DEPTH",
    "MAX_VALUE_CHARS",
    "NAME_PATTERN",
    "REF",
    "Scope",
    "collect_placeholders",
    "interpolate",
    "plain",
    "read_placeholders",
    "used_placeholders",
]

REF = re.compile(r"\$\$\{|\$\{([^}]*)\}")  # $${ (a literal ${) or ${name}
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")  # placeholder and variable names
MAX_PLACEHOLDER_DEPTH = 8  # ${a} may use ${b}, which may use ${c}… at most this many levels
MAX_VALUE_CHARS = 256 * 1024  # one value after placeholders are filled in
MAX_EXPANDED_CHARS = 4 * 1024 * 1024  # all values of a spec after placeholders are filled in


@dataclass
class Scope:
    """The placeholders a value may use, resolved, and the names already reported as broken."""

    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # placeholders whose definition is wrong
    broken_variables: set[str] = field(default_factory=set)  # scenario variables whose save step is wrong
    expanded: int = 0  # characters produced by filling in placeholders so far (bounded)


def read_placeholders(
    doc: SourceDoc, raw: Any, overrides: Mapping[str, str] | None = None
) -> tuple[Scope, list[Problem]]:
    """The placeholders section raw (of doc) resolved: each value with the placeholders it uses
    filled in, nested at most MAX_PLACEHOLDER_DEPTH deep and at most MAX_VALUE_CHARS long."""
    collector = Collector(doc)
    scope = collect_placeholders(collector, raw, overrides or {})
    return scope, collector.problems


def collect_placeholders(self: Collector, raw: Any, overrides: Mapping[str, str]) -> Scope:
    """The placeholders section raw resolved, its problems added to the collector self."""
    base: PathKey = ("placeholders",)
    scope = Scope()
    if raw is None:
        raw = {}  # overrides are still checked
    if not isinstance(raw, dict):
        self.error(base, f"expected a mapping of placeholder names; got {describe_value(raw)}")
        return scope
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in raw.items():
        path = base + (name,)
        if not NAME_PATTERN.fullmatch(name) or len(name) > MAX_ID_CHARS:
            self.error(
                path,
                f"placeholder name {excerpt(name)} must be lower_snake_case (letters, digits, _), "
                f"at most {MAX_ID_CHARS} characters",
            )
            scope.broken.add(name)
            continue
        fields = self.mapping(path, entry, required=("value",), optional=("description", "fixture"))
        if fields is None or "value" not in fields:
            scope.broken.add(name)
            continue
        value = fields.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(path + ("value",), f"expected text; got {describe_value(value)}")
            scope.broken.add(name)
            continue
        entries[name] = {**fields, "value": overrides.get(name, value)}
    for name in overrides:
        if name not in raw:
            meant = service.closest(name, raw)
            self.error(
                base,
                f"override for unknown placeholder {name!r}{service.did_you_mean(meant)}; "
                f"placeholders: {', '.join(raw) or '(none defined)'}",
                meant,
            )

    resolved: dict[str, str] = {}
    levels: dict[str, int] = {}  # how deep a resolved placeholder's references nest (0: it uses none)
    failed = scope.broken  # reported once, then resolved silently to None

    def resolve(name: str, chain: tuple[str, ...]) -> str | None:
        if name in resolved:
            return resolved[name]
        if name in failed:
            return None
        where = base + (name, "value")
        if name in chain:
            cycle = " -> ".join(chain + (name,))
            self.error(
                base + (chain[0], "value"),
                f"placeholder refers to itself: {cycle}; a value may use other placeholders, but not itself",
            )
            failed.update(chain)
            return None
        if len(chain) > MAX_PLACEHOLDER_DEPTH:
            self.error(base + (chain[0], "value"), _too_deep(" -> ".join(chain + (name,))))
            failed.update(chain + (name,))
            return None
        text = entries[name]["value"]
        out: list[str] = []
        size = 0
        level = 0
        position = 0

        def gap(part: str) -> bool:
            nonlocal size
            if "${" in part:
                self.error(where, _unterminated(part))
                failed.add(name)
                return False
            out.append(part)
            size += len(part)
            return True

        for match in REF.finditer(text):
            if not gap(text[position : match.start()]):
                return None
            position = match.end()
            ref = match.group(1)
            if ref is None:
                out.append("${")
                size += 2
            elif ref not in entries:
                if ref not in failed:
                    meant = service.closest(ref, entries)
                    self.error(
                        where,
                        f"unknown placeholder ${{{_name_text(ref)}}}{service.did_you_mean(meant)}; expected one "
                        f"of: {', '.join(entries)}",
                        meant,
                    )
                failed.add(name)
                return None
            else:
                inner = resolve(ref, chain + (name,))
                if inner is None:
                    failed.add(name)
                    return None
                if levels[ref] + 1 > MAX_PLACEHOLDER_DEPTH:
                    self.error(
                        where, _too_deep(f"${{{name}}} uses ${{{ref}}}, whose references nest {levels[ref]} deep")
                    )
                    failed.add(name)
                    return None
                level = max(level, levels[ref] + 1)
                out.append(inner)
                size += len(inner)
            if size > MAX_VALUE_CHARS:
                break
        if size <= MAX_VALUE_CHARS and not gap(text[position:]):
            return None
        if size > MAX_VALUE_CHARS:
            self.error(
                where,
                f"with its placeholders filled in, the value is over {MAX_VALUE_CHARS:,} characters long; at "
                f"most {MAX_VALUE_CHARS:,} are allowed",
            )
            failed.add(name)
            return None
        resolved[name] = "".join(out)
        levels[name] = level
        return resolved[name]

    for name, fields in entries.items():
        display = resolve(name, ())
        if display is None:
            continue
        fixture = fields.get("fixture")
        if fixture is not None and not isinstance(fixture, str):
            self.error(base + (name, "fixture"), f"expected a fixture name; got {describe_value(fixture)}")
            fixture = None
        scope.placeholders[name] = Placeholder(
            name=name,
            display=display,
            description=self.text(base + (name, "description"), fields.get("description", MISSING), default=""),
            fixture=fixture,
        )
    return scope


def _too_deep(how: str) -> str:
    return f"placeholders nest more than {MAX_PLACEHOLDER_DEPTH} levels deep ({how}); use fewer levels"


def _unterminated(text: str) -> str:
    start = text.index("${")
    shown = text[start : start + 30]
    return f"unterminated placeholder reference {shown!r}; close it with '}}', or write '$${{' for a literal '${{'"


def _name_text(name: str) -> str:
    """A placeholder name as written, with control characters escaped."""
    return name if name.isprintable() else repr(name)[1:-1]


def interpolate(
    doc: SourceDoc, path: PathKey, text: str, scope: Scope, variables: Mapping[str, Shape] | None = None
) -> tuple[str | None, str | None, list[Problem]]:
    """Fill in ${name} in text. Returns (display text, the name when the whole text is one
    reference, problems). The display text is None when a reference cannot be resolved."""
    variables = variables or {}
    found: list[Problem] = []
    whole = REF.fullmatch(text)
    if whole and whole.group(1) is not None:
        name = whole.group(1)
        if name in variables:
            return text, name, found
        if name in scope.placeholders:
            return _count(doc, path, scope, scope.placeholders[name].display, found), name, found
    out: list[str] = []
    position = 0
    resolved = True
    for match in REF.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        name = match.group(1)
        if name is None:
            out.append("${")
            continue
        if name in scope.placeholders:
            out.append(scope.placeholders[name].display)
            if sum(map(len, out)) > MAX_VALUE_CHARS:
                found.append(
                    doc.problem(
                        path,
                        f"with its placeholders filled in, the value is over {MAX_VALUE_CHARS:,} characters "
                        f"long; at most {MAX_VALUE_CHARS:,} are allowed",
                    )
                )
                return None, None, found
            continue
        resolved = False
        if name in variables:
            found.append(
                doc.problem(
                    path, f"variable ${{{name}}} holds a document and must be the whole value, not part of a string"
                )
            )
        elif name not in scope.broken and name not in scope.broken_variables:
            known = list(scope.placeholders) + list(variables)
            meant = service.closest(name, known)
            found.append(
                doc.problem(
                    path,
                    f"unknown placeholder ${{{_name_text(name)}}}{service.did_you_mean(meant)}; "
                    f"expected one of: {', '.join(known) or '(none defined)'}",
                    suggestion=meant,
                )
            )
    for part in _gaps(text):
        if "${" in part:
            found.append(doc.problem(path, _unterminated(part)))
            return None, None, found
    out.append(text[position:])
    if not resolved:
        return None, None, found
    return _count(doc, path, scope, "".join(out), found), None, found


def _gaps(text: str) -> list[str]:
    """The parts of text outside ${...} references and $${ escapes."""
    parts, position = [], 0
    for match in REF.finditer(text):
        parts.append(text[position : match.start()])
        position = match.end()
    parts.append(text[position:])
    return parts


def _count(doc: SourceDoc, path: PathKey, scope: Scope, text: str, found: list[Problem]) -> str | None:
    """Add text to what the spec expands to; None (and a problem, once) past MAX_EXPANDED_CHARS."""
    before = scope.expanded
    scope.expanded += len(text)
    if scope.expanded > MAX_EXPANDED_CHARS:
        if before <= MAX_EXPANDED_CHARS:
            found.append(
                doc.problem(
                    path,
                    f"with placeholders filled in, the spec's values are over {MAX_EXPANDED_CHARS:,} "
                    f"characters long in all; at most {MAX_EXPANDED_CHARS:,} are allowed",
                )
            )
        return None
    return text


def plain(
    doc: SourceDoc, path: PathKey, value: Any, scope: Scope, *, controls: bool = True
) -> tuple[Any, list[Problem]]:
    """A JSON-like value with placeholders filled in every string (not in keys), and its problems.
    controls: refuse control characters (other than tab, LF, CR) in its strings."""
    found: list[Problem] = []

    def walk(where: PathKey, item: Any) -> Any:
        if isinstance(item, str):
            display, _, problems = interpolate(doc, where, item, scope)
            found.extend(problems)
            if display is not None and controls:
                bad = VALUE_CONTROL.search(display)
                if bad is not None:
                    found.append(doc.problem(where, control_message(bad.group())))
            return item if display is None else display
        if isinstance(item, dict):
            return {k: walk(where + (k,), v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(where + (i,), v) for i, v in enumerate(item)]
        return item

    return walk(path, value), found


def used_placeholders(value: Any, scope: Scope) -> tuple[str, ...]:
    """The known placeholders the strings of a JSON-like value use, first use first (keys
    are not interpolated, so not looked at)."""
    seen: dict[str, None] = {}

    def walk(item: Any) -> None:
        if isinstance(item, str):
            for match in REF.finditer(item):
                if match.group(1) in scope.placeholders:
                    seen.setdefault(match.group(1), None)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(value)
    return tuple(seen)
